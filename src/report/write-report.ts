// The comparison files and the HTML report of one run folder, built from the files in it:
// comparison.csv, history.csv (over every finished run in the output folder), dictionary.csv,
// datapackage.json and report.html. Called by `egovscan report` and at the end of every crawl.
import { readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSION } from '../crawl/options.ts';
import { loadRubric } from '../score/rubric.ts';
import { comparisonTable } from './comparison.ts';
import { toCsv, writeFileAtomic, type CsvOptions } from './csv.ts';
import { buildDataPackage, type PresentFile } from './datapackage.ts';
import { dictionaryRows, outputFiles } from './dictionary.ts';
import { DICTIONARY_COLUMNS, columnNames } from './columns.ts';
import { buildHistory } from './history.ts';
import { renderReport, type RubricInfo } from './html/render.ts';
import { DEFAULT_LANG, type Lang } from './html/i18n.ts';
import { readRun, tableFromCsv } from './read-run.ts';
import { writeWorkbook } from './workbook.ts';

export interface WriteReportOptions {
  /** Labels of report.html (default `id`, Indonesian). */
  lang?: Lang;
  /** UTF-8 byte-order mark on the CSV files (default true). */
  bom?: boolean;
  /** Folder holding the runs, for history.csv (default: the run folder's parent). */
  out?: string;
}

export interface WriteReportResult {
  runId: string;
  dir: string;
  /** Paths of the files written. */
  files: string[];
  cities: number;
  /** Runs in history.csv. */
  runs: number;
}

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export async function writeReport(runDir: string, opts: WriteReportOptions = {}): Promise<WriteReportResult> {
  const lang = opts.lang ?? DEFAULT_LANG;
  const csvOpts: CsvOptions = { bom: opts.bom ?? true };
  const out = opts.out ?? dirname(resolve(runDir));
  const run = await readRun(runDir);
  const rubric = await rubricInfo(run.meta.settings?.criteria, runDir);
  const written: string[] = [];
  const present: PresentFile[] = [];

  const write = async (file: string, columns: readonly string[], rows: Iterable<Record<string, unknown>>) => {
    const content = toCsv(columns, rows as Iterable<Record<string, string | number | boolean | null | undefined>>, csvOpts);
    await writeFileAtomic(join(runDir, file), content);
    written.push(join(runDir, file));
    return content;
  };

  const comparison = comparisonTable(run);
  await write('comparison.csv', columnNames(comparison.columns), comparison.rows);
  const history = await buildHistory(out, run);
  await write('history.csv', columnNames(history.columns), history.rows);

  // Every CSV now in the folder (the run's own, the two above, diff files), with its header.
  const csvFiles = (await readdir(runDir)).filter((f) => f.endsWith('.csv') && f !== 'dictionary.csv').sort(csvOrder);
  const contents = new Map<string, string>();
  for (const f of csvFiles) contents.set(f, await readFile(join(runDir, f), 'utf8'));
  const headers = new Map<string, string[]>();
  for (const [f, text] of contents) headers.set(f, tableFromCsv(text.split(/\r?\n/, 1)[0] ?? '').columns);
  const files = outputFiles(run.criteriaIds, run.indicatorIds);
  headers.set('dictionary.csv', columnNames(DICTIONARY_COLUMNS));
  const dictionary = await write('dictionary.csv', columnNames(DICTIONARY_COLUMNS), dictionaryRows(files, headers));
  contents.set('dictionary.csv', dictionary);

  for (const f of [...csvFiles, 'dictionary.csv']) present.push({ file: f, columns: headers.get(f) ?? [], content: contents.get(f)! });
  const rubricFile = rubric?.file ?? run.meta.settings?.criteria ?? '';
  const pkg = buildDataPackage({ runId: run.runId, meta: run.meta, toolVersion: VERSION, rubric: rubricFile, files, present, bom: csvOpts.bom !== false });
  await writeFileAtomic(join(runDir, 'datapackage.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  written.push(join(runDir, 'datapackage.json'));

  // The same tables for spreadsheets; written beside and renamed, so a reader never opens half a file.
  const book = join(runDir, 'egovscan.xlsx');
  const partial = `${book}.partial`;
  try {
    await writeWorkbook(partial, contents, files, lang);
    await rename(partial, book);
  } finally {
    await rm(partial, { force: true });
  }
  written.push(book);

  const listed = [...csvFiles, 'dictionary.csv', 'egovscan.xlsx', 'datapackage.json', 'run.json'];
  const html = renderReport({ run, history, rubric, lang, toolVersion: VERSION, files: listed });
  await writeFileAtomic(join(runDir, 'report.html'), html);
  written.push(join(runDir, 'report.html'));
  return { runId: run.runId, dir: runDir, files: written, cities: run.cities.length, runs: history.runs.length };
}

const ORDER = ['cities.csv', 'criteria.csv', 'applications.csv', 'links.csv', 'pages.csv', 'audits.csv', 'comparison.csv', 'history.csv'];
function csvOrder(a: string, b: string): number {
  const ia = ORDER.indexOf(a);
  const ib = ORDER.indexOf(b);
  return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
}

/** The rubric named in run.json, for criterion and indicator names; undefined when it cannot be read. */
async function rubricInfo(file: string | undefined, runDir: string): Promise<RubricInfo | undefined> {
  if (!file) return undefined;
  // run.json keeps paths relative to the run folder; older runs kept them as given on the command
  // line; a folder moved elsewhere still finds a bundled rubric by its name.
  const candidates = isAbsolute(file)
    ? [file, join(PACKAGE_ROOT, 'criteria', basename(file))]
    : [resolve(runDir, file), resolve(file), join(PACKAGE_ROOT, file), join(PACKAGE_ROOT, 'criteria', basename(file))];
  for (const f of candidates) {
    try {
      const r = await loadRubric(f);
      return {
        file,
        id: r.id,
        name: r.name,
        ...(r.name_id ? { nameId: r.name_id } : {}),
        criteria: r.criteria.map((c) => ({ id: c.id, name: c.name, weight: c.weight })),
        indicators: r.indicators.map((i) => ({ id: i.id, name: i.name, nameId: i.name_id, description: i.description, criterion: i.criterion })),
      };
    } catch {
      // try the next place; a report without names is still a report
    }
  }
  return undefined;
}

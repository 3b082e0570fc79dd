// The data dictionary: every column of every output file with its meaning, type, unit and
// allowed words — generated from the one definition of the columns (columns.ts and the
// `*_COLUMNS` of the modules that write the files), the same definition datapackage.json uses.
import { APPLICATION_COLUMNS } from './applications.ts';
import {
  AUDITS_COLUMNS, citiesColumns, comparisonColumns, CRITERIA_CSV_COLUMNS, DICTIONARY_COLUMNS, historyColumns,
  indicatorColumn, LINKS_COLUMNS, PAGES_COLUMNS, scoreColumn, type ColumnDef,
} from './columns.ts';
import type { Cell } from './csv.ts';
import { DIFF_COLUMNS } from './diff.ts';
import { describeColumnId } from './dictionary-id.ts';

export interface FileDef {
  file: string;
  title: string;
  description: string;
  columns: ColumnDef[];
}

/** Every CSV file egovscan writes into a run folder, for a rubric with these criteria and indicators. */
export function outputFiles(criteria: readonly string[], indicators: readonly string[]): FileDef[] {
  return [
    { file: 'cities.csv', title: 'Cities', description: 'One row per city: criterion scores, total, phase, application counts, broken links.', columns: citiesColumns(criteria) },
    { file: 'criteria.csv', title: 'Indicators', description: 'One row per city and indicator: met or not, points, and the evidence that earned it.', columns: [...CRITERIA_CSV_COLUMNS] },
    { file: 'applications.csv', title: 'Applications', description: 'One row per application listed in the targets file or discovered on the portal, with its liveness and history.', columns: [...APPLICATION_COLUMNS] },
    { file: 'links.csv', title: 'Links that are not fine', description: 'One row per checked link that is broken, redirected, blocked or skipped.', columns: [...LINKS_COLUMNS] },
    { file: 'pages.csv', title: 'Pages', description: 'One row per fetched page or document.', columns: [...PAGES_COLUMNS] },
    { file: 'audits.csv', title: 'Audits', description: 'One row per page audited with Lighthouse and axe (runs with --lighthouse).', columns: [...AUDITS_COLUMNS] },
    { file: 'comparison.csv', title: 'Comparison', description: 'One row per city, wide, ready for a pivot table: scores, phase and phase rank, application counts, broken links, every indicator as 0/1.', columns: comparisonColumns(criteria, indicators) },
    { file: 'history.csv', title: 'History', description: 'One row per city and finished run in the output folder: scores, phase, application counts, broken links.', columns: historyColumns(criteria) },
    { file: 'diff-*.csv', title: 'Differences between two runs', description: 'Written by `egovscan diff <run-a> <run-b>` into the later run\'s folder as diff-<run-a>.csv: one row per change.', columns: [...DIFF_COLUMNS] },
    { file: 'dictionary.csv', title: 'Data dictionary', description: 'Every column of every output file: meaning, type, unit, allowed words.', columns: [...DICTIONARY_COLUMNS] },
  ];
}

/** The definition of a column found in a file's header; score_* and ind_* follow any rubric. */
export function describeColumn(def: FileDef | undefined, name: string): ColumnDef {
  const known = def?.columns.find((c) => c.name === name);
  if (known) return known;
  if (name.startsWith('score_') && name !== 'score_total') return scoreColumn(name.slice('score_'.length));
  if (name.startsWith('ind_') && def?.file === 'comparison.csv') return indicatorColumn(name.slice('ind_'.length));
  return { name, type: 'string', description: 'Not described (a column this version of egovscan does not know).' };
}

export function fileDef(files: readonly FileDef[], file: string): FileDef | undefined {
  return files.find((f) => f.file === file) ?? (/^diff-.*\.csv$/.test(file) ? files.find((f) => f.file === 'diff-*.csv') : undefined);
}

/**
 * Dictionary rows for the files present in the run folder (`headers`: each file's actual header,
 * so that the dictionary always matches the files next to it): a file the run did not write
 * (audits.csv without --lighthouse, a diff never made) is not listed. Each row has its meaning in
 * English and in Indonesian.
 */
export function dictionaryRows(files: readonly FileDef[], headers: ReadonlyMap<string, readonly string[]>): Array<Record<string, Cell>> {
  const rows: Array<Record<string, Cell>> = [];
  const done = new Set<string>();
  const emit = (file: string, def: FileDef | undefined, names: readonly string[]) => {
    names.forEach((name, i) => {
      const c = describeColumn(def, name);
      rows.push({
        file,
        column: name,
        position: i + 1,
        meaning: c.description,
        type: c.type,
        unit: c.unit ?? '',
        allowed_words: (c.values ?? []).filter((v) => v !== '').join(' | '),
        description_id: describeColumnId(file, name) ?? 'Tidak dijelaskan (kolom yang tidak dikenal versi egovscan ini).',
      });
    });
    done.add(file);
  };
  for (const def of files) {
    if (def.file === 'diff-*.csv') {
      for (const f of [...headers.keys()].filter((f) => /^diff-.*\.csv$/.test(f)).sort()) emit(f, def, headers.get(f)!);
      continue;
    }
    const present = headers.get(def.file);
    if (present) emit(def.file, def, present);
  }
  for (const [f, names] of headers) if (!done.has(f)) emit(f, undefined, names);
  return rows;
}

// Reads a finished run folder back from its files (contract.md): the report is built from what a
// researcher can see and deposit, not from in-memory objects, so `egovscan report` works on any
// run folder, including one copied from another machine.
import { readdir, readFile, readlink, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';

export type Row = Record<string, string>;

export interface CsvTable {
  /** Header row as written (BOM stripped). */
  columns: string[];
  rows: Row[];
}

/**
 * RFC 4180 (csv-parse): quoted fields with doubled quotes, commas and line breaks inside quotes,
 * CRLF or LF line ends, a final line with or without a line break. A leading UTF-8 BOM is dropped;
 * rows may be shorter or longer than the header (a file edited by hand), and are kept as they are.
 */
export function parseCsv(text: string): string[][] {
  return parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
}

/** The apostrophe `neutraliseCell` put before a formula-like text is removed again on reading. */
export function unneutralise(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

export function tableFromCsv(text: string): CsvTable {
  const [header, ...records] = parseCsv(text);
  const columns = header ?? [];
  const rows = records
    .filter((r) => !(r.length === 1 && r[0] === ''))
    .map((r) => {
      const row: Row = {};
      columns.forEach((c, i) => {
        row[c] = unneutralise(r[i] ?? '');
      });
      return row;
    });
  return { columns, rows };
}

export async function readCsvFile(file: string): Promise<CsvTable | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return tableFromCsv(text);
}

/** run.json, as far as the report needs it (the crawl writes more). */
export interface RunMeta {
  run_id?: string;
  status?: string;
  started_at?: string;
  finished_at?: string;
  version?: string;
  tool?: string;
  settings?: { criteria?: string; [k: string]: unknown };
  counts?: Record<string, number>;
  cities?: Array<Record<string, unknown>>;
  [k: string]: unknown;
}

export interface RunData {
  dir: string;
  runId: string;
  meta: RunMeta;
  /** One entry per CSV present: its header and rows. */
  tables: Map<string, CsvTable>;
  cities: Row[];
  criteria: Row[];
  applications: Row[];
  links: Row[];
  pages: Row[];
  audits: Row[];
  /** Criteria in column order (`score_<id>` columns of cities.csv, else criteria.csv order). */
  criteriaIds: string[];
  /** Indicator ids in criteria.csv order. */
  indicatorIds: string[];
}

export const RUN_CSV_FILES = ['cities.csv', 'criteria.csv', 'applications.csv', 'links.csv', 'pages.csv', 'audits.csv'] as const;

export async function readRunMeta(dir: string): Promise<RunMeta | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, 'run.json'), 'utf8')) as RunMeta;
  } catch {
    return undefined;
  }
}

export async function readRun(dir: string): Promise<RunData> {
  const meta = (await readRunMeta(dir)) ?? {};
  const tables = new Map<string, CsvTable>();
  for (const f of RUN_CSV_FILES) {
    const t = await readCsvFile(join(dir, f));
    if (t) tables.set(f, t);
  }
  const rows = (f: string) => tables.get(f)?.rows ?? [];
  const runId = meta.run_id ?? basename(resolve(dir));
  const criteria = rows('criteria.csv');
  const links = rows('links.csv');
  const pages = rows('pages.csv');
  let cities = rows('cities.csv');
  if (!tables.has('cities.csv')) cities = citiesWithoutScores(runId, meta, pages, links, criteria);

  const cityHeader = tables.get('cities.csv')?.columns ?? [];
  let criteriaIds = cityHeader.filter((c) => c.startsWith('score_') && c !== 'score_total').map((c) => c.slice('score_'.length));
  if (criteriaIds.length === 0) criteriaIds = unique(criteria.map((r) => r.criterion ?? ''));
  const indicatorIds = unique(criteria.map((r) => r.indicator ?? ''));
  return {
    dir,
    runId,
    meta,
    tables,
    cities,
    criteria,
    applications: rows('applications.csv'),
    links,
    pages,
    audits: rows('audits.csv'),
    criteriaIds,
    indicatorIds,
  };
}

/**
 * A run written before scoring existed (or scored elsewhere) has no cities.csv: the cities are
 * taken from run.json, pages.csv and links.csv, so that the report still names every city.
 */
function citiesWithoutScores(runId: string, meta: RunMeta, pages: Row[], links: Row[], criteria: Row[]): Row[] {
  const ids = unique([
    ...(meta.cities ?? []).map((c) => String(c.city_id ?? '')),
    ...pages.map((p) => p.city_id ?? ''),
    ...links.map((l) => l.city_id ?? ''),
    ...criteria.map((c) => c.city_id ?? ''),
  ]);
  const targets = new Map<string, Record<string, unknown>>();
  for (const c of meta.cities ?? []) targets.set(String(c.city_id ?? ''), c);
  return ids.map((id) => {
    const t = targets.get(id) ?? {};
    const cityPages = pages.filter((p) => p.city_id === id);
    return {
      run_id: runId,
      city_id: id,
      city_name: typeof t.name === 'string' ? t.name : id,
      portal_url: typeof t.portal === 'string' ? t.portal : (cityPages[0]?.url ?? ''),
      crawled_at: '',
      pages_crawled: String(cityPages.filter((p) => p.kind === 'page').length),
      score_total: '',
      phase: '',
      phase_reason: '',
      broken_links: String(links.filter((l) => l.city_id === id && l.status === 'broken').length),
    };
  });
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((v) => v !== ''))];
}

/** A number cell, or null when empty or not a number. */
export function num(cell: string | undefined): number | null {
  if (cell === undefined || cell.trim() === '') return null;
  const v = Number(cell);
  return Number.isFinite(v) ? v : null;
}

/** `<out>/latest`: a symbolic link to the newest finished run, or a text file naming it. */
export async function resolveLatest(out: string): Promise<string | undefined> {
  const link = join(out, 'latest');
  try {
    return basename(await readlink(link));
  } catch {
    try {
      return (await readFile(link, 'utf8')).trim() || undefined;
    } catch {
      return undefined;
    }
  }
}

export interface RunFolder {
  runId: string;
  dir: string;
  meta: RunMeta;
}

/** Run folders in `<out>` (folders with a run.json), oldest first by start time, then id. */
export async function listRunFolders(out: string): Promise<RunFolder[]> {
  let names: string[];
  try {
    names = await readdir(out);
  } catch {
    return [];
  }
  const found: RunFolder[] = [];
  for (const name of names) {
    if (name === 'latest' || name.startsWith('.')) continue;
    const dir = join(out, name);
    const st = await stat(dir).catch(() => undefined);
    if (!st?.isDirectory()) continue;
    const meta = await readRunMeta(dir);
    if (meta) found.push({ runId: meta.run_id ?? name, dir, meta });
  }
  return found.sort((a, b) => (a.meta.started_at ?? '').localeCompare(b.meta.started_at ?? '') || a.runId.localeCompare(b.runId));
}

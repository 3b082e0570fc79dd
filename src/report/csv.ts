// CSV writing for every output file: UTF-8 with a byte-order mark (Excel shows Indonesian text
// correctly only with it), and text cells that could be read as a formula neutralised, because
// crawled pages choose their own titles and link texts.
import { stringify } from 'csv-stringify/sync';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export type Cell = string | number | boolean | null | undefined;

export interface CsvOptions {
  /** Write the UTF-8 byte-order mark (default true; `--no-bom` turns it off). */
  bom?: boolean;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell starting with = + - @ (or tab / carriage return, which some spreadsheets strip
 * before evaluating) gets a leading apostrophe, the OWASP-recommended neutraliser: spreadsheets
 * show the text and never evaluate it. Numbers are left alone so that negative values stay numbers.
 */
export function neutraliseCell(value: Cell): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function toCsv(columns: readonly string[], rows: Iterable<Record<string, Cell>>, opts: CsvOptions = {}): string {
  const records: Array<Array<string | number>> = [[...columns]];
  for (const row of rows) records.push(columns.map((c) => neutraliseCell(row[c])));
  const body = stringify(records);
  return (opts.bom === false ? '' : '\uFEFF') + body;
}

/** Writes through a temporary file and a rename so that a reader never sees half a file. */
export async function writeCsv(
  file: string,
  columns: readonly string[],
  rows: Iterable<Record<string, Cell>>,
  opts: CsvOptions = {},
): Promise<void> {
  await writeFileAtomic(file, toCsv(columns, rows, opts));
}

export async function writeFileAtomic(file: string, content: string | Uint8Array): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, content);
  await rename(tmp, file);
}

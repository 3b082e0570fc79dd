// dictionary.csv lists the files of its run folder and no others, and explains every column in
// English (meaning) and in Indonesian (description_id).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tableFromCsv } from '../../src/report/read-run.ts';
import { writeReport } from '../../src/report/write-report.ts';
import { describeColumnId } from '../../src/report/dictionary-id.ts';
import { outputFiles } from '../../src/report/dictionary.ts';
import { writeFakeOutput, type FakeOutput } from './fixtures.ts';

const made: FakeOutput[] = [];
afterEach(() => {
  for (const f of made.splice(0)) f.cleanup();
});

const dictionary = (dir: string) => tableFromCsv(readFileSync(join(dir, 'dictionary.csv'), 'utf8'));

describe('dictionary.csv', () => {
  it('lists only the files present in the run folder, each with its actual columns', async () => {
    const f = await writeFakeOutput({});
    made.push(f);
    const dir = join(f.out, f.latest);
    await writeReport(dir);
    const csvs = readdirSync(dir).filter((n) => n.endsWith('.csv')).sort();
    // The fake run has no Lighthouse audits and no diff: neither is described.
    expect(csvs).not.toContain('audits.csv');
    const dict = dictionary(dir);
    expect([...new Set(dict.rows.map((r) => r.file))].sort()).toEqual(csvs);
    for (const file of csvs) {
      const header = tableFromCsv(readFileSync(join(dir, file), 'utf8')).columns;
      expect(dict.rows.filter((r) => r.file === file).map((r) => r.column), file).toEqual(header);
    }

    // A diff written later is listed by its own name once the report is written again.
    const diff = 'diff-2026-01-01T00-00-00Z.csv';
    writeFileSync(join(dir, diff), 'run_a,run_b,city_id,kind,change,item,before,after,detail\n');
    await writeReport(dir);
    const files = new Set(dictionary(dir).rows.map((r) => r.file));
    expect(files.has(diff)).toBe(true);
    expect(files.has('diff-*.csv')).toBe(false);
  });

  it('explains every column in Indonesian as well as in English', async () => {
    const f = await writeFakeOutput({});
    made.push(f);
    const dir = join(f.out, f.latest);
    await writeReport(dir);
    const dict = dictionary(dir);
    expect(dict.columns.slice(0, 7)).toEqual(['file', 'column', 'position', 'meaning', 'type', 'unit', 'allowed_words']);
    expect(dict.columns.at(-1)).toBe('description_id');
    for (const r of dict.rows) {
      expect(r.description_id, `${r.file} ${r.column}`).not.toBe('');
      expect(r.description_id, `${r.file} ${r.column}`).not.toBe(r.meaning);
      expect(r.description_id, `${r.file} ${r.column}`).not.toMatch(/^Tidak dijelaskan/);
    }
    const row = (file: string, column: string) => dict.rows.find((r) => r.file === file && r.column === column)!;
    expect(row('cities.csv', 'phase').description_id).toMatch(/^Fase e-government Bank Dunia/);
    expect(row('links.csv', 'status').description_id).toMatch(/tautan/);
    expect(row('cities.csv', 'score_transparency').description_id).toMatch(/^Skor kriteria "transparency"/);
  });

  it('has an Indonesian description for every column egovscan can write', () => {
    // A column added to an output file without its Indonesian words fails here, not in a user's spreadsheet.
    for (const def of outputFiles(['transparency', 'service'], ['t_profile'])) {
      const file = def.file === 'diff-*.csv' ? 'diff-2026-01-01T00-00-00Z.csv' : def.file;
      for (const c of def.columns) expect(describeColumnId(file, c.name), `${def.file} ${c.name}`).toBeTruthy();
    }
    expect(describeColumnId('comparison.csv', 'ind_t_profile')).toMatch(/^Indikator "t_profile" terpenuhi/);
    expect(describeColumnId('cities.csv', 'made_up_column')).toBeUndefined();
  });
});

import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { toCsv } from '../../src/report/csv.ts';
import { tableFromCsv } from '../../src/report/read-run.ts';
import { columnLabel, cellValue } from '../../src/report/workbook.ts';
import { writeReport } from '../../src/report/write-report.ts';
import { CITIES, writeFakeOutput, type FakeOutput } from './fixtures.ts';

const made: FakeOutput[] = [];
afterEach(() => {
  for (const f of made.splice(0)) f.cleanup();
});

async function book(dir: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(dir, 'egovscan.xlsx'));
  return wb;
}

/** The sheet's data rows as objects keyed by the column names of its second header row. */
function rows(ws: ExcelJS.Worksheet): Array<Record<string, ExcelJS.CellValue>> {
  const names = (ws.getRow(2).values as ExcelJS.CellValue[]).slice(1).map(String);
  const out: Array<Record<string, ExcelJS.CellValue>> = [];
  ws.eachRow((row, n) => {
    if (n <= 2) return;
    const r: Record<string, ExcelJS.CellValue> = {};
    names.forEach((c, i) => (r[c] = row.getCell(i + 1).value));
    out.push(r);
  });
  return out;
}

describe('egovscan.xlsx', () => {
  it('holds the run\'s tables with typed cells, two frozen header rows and a filter', async () => {
    const f = await writeFakeOutput({ runs: 2 });
    made.push(f);
    const dir = join(f.out, f.latest);
    // A page wrote a formula into an evidence text: the workbook must keep it as text.
    const crit = tableFromCsv(readFileSync(join(dir, 'criteria.csv'), 'utf8'));
    crit.rows[0]!.evidence_text = '=HYPERLINK("http://evil.example/","klik")';
    writeFileSync(join(dir, 'criteria.csv'), toCsv(crit.columns, crit.rows));
    const result = await writeReport(dir, { lang: 'en' });
    expect(result.files).toContain(join(dir, 'egovscan.xlsx'));

    const wb = await book(dir);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['cities', 'criteria', 'applications', 'links', 'comparison', 'history', 'dictionary']);
    const cities = wb.getWorksheet('cities')!;
    expect(cities.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(cities.autoFilter).toBeTruthy();
    const cityRows = rows(cities);
    const csvCities = tableFromCsv(readFileSync(join(dir, 'cities.csv'), 'utf8')).rows;
    expect(cityRows.map((r) => r.city_id)).toEqual(csvCities.map((r) => r.city_id));
    expect(cityRows.map((r) => r.city_id)).toEqual(CITIES.map((c) => c.id));
    for (const [i, r] of cityRows.entries()) {
      const want = csvCities[i]!.score_total;
      if (want === '') expect(r.score_total).toBeNull();
      else expect(r.score_total).toBe(Number(want)); // a number, not the text "81.0"
      expect(typeof r.pages_crawled).toBe('number');
    }

    const critRows = rows(wb.getWorksheet('criteria')!);
    const evil = critRows[0]!.evidence_text;
    expect(evil).toBe('=HYPERLINK("http://evil.example/","klik")');
    const withUrl = critRows.find((r) => typeof r.evidence_url === 'object' && r.evidence_url !== null)!;
    expect(withUrl.evidence_url).toMatchObject({ hyperlink: expect.stringMatching(/^https?:\/\//) });
    // No cell anywhere is a formula.
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula)));

    const apps = rows(wb.getWorksheet('applications')!);
    const seen = apps.map((a) => a.first_seen).filter((v) => v !== null);
    expect(seen.length).toBeGreaterThan(0);
    for (const v of seen) expect(v).toBeInstanceOf(Date);
    // A link's javascript: target is shown as text, never as a link.
    const links = rows(wb.getWorksheet('links')!);
    const js = links.find((l) => String(l.target_url).startsWith('javascript:'));
    if (js) expect(typeof js.target_url).toBe('string');
  });

  it('labels sheets and columns in Indonesian with --lang id, keeping the CSV names in the second row', async () => {
    const f = await writeFakeOutput({});
    made.push(f);
    const dir = join(f.out, f.latest);
    await writeReport(dir, { lang: 'id' });
    expect(existsSync(join(dir, 'egovscan.xlsx.partial'))).toBe(false);
    const wb = await book(dir);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['kota', 'kriteria', 'aplikasi', 'tautan', 'perbandingan', 'riwayat', 'kamus']);
    const ws = wb.getWorksheet('kota')!;
    const labels = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1);
    const names = (ws.getRow(2).values as ExcelJS.CellValue[]).slice(1);
    expect(names).toContain('apps_active');
    expect(labels[names.indexOf('apps_active')]).toBe('aplikasi aktif');
    expect(labels[names.indexOf('score_transparency')]).toBe('skor transparansi');
  });
});

describe('cell values', () => {
  it('types numbers, booleans, dates and web links, and leaves anything else as text', () => {
    expect(cellValue('number', 'score_total', '81.5')).toBe(81.5);
    expect(cellValue('integer', 'pages_crawled', '')).toBeNull();
    expect(cellValue('number', 'x', 'n/a')).toBe('n/a');
    expect(cellValue('boolean', 'rendered', 'true')).toBe(true);
    expect(cellValue('date', 'first_seen', '2026-11-23')).toEqual(new Date(Date.UTC(2026, 10, 23)));
    expect(cellValue('string', 'evidence_url', 'https://a.go.id/x')).toEqual({ text: 'https://a.go.id/x', hyperlink: 'https://a.go.id/x' });
    expect(cellValue('string', 'evidence_url', 'javascript:alert(1)')).toBe('javascript:alert(1)');
    expect(cellValue('string', 'evidence_text', '=1+1')).toBe('=1+1');
    expect(columnLabel('failures_in_a_row', 'id')).toBe('kegagalan berturut-turut');
    expect(columnLabel('failures_in_a_row', 'en')).toBe('failures in a row');
  });
});

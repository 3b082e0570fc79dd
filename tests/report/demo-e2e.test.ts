// End to end: `egovscan demo` crawls the bundled example portals on loopback (scoring and
// applications included), then the report is written from that run folder and opened in Chromium.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { readRun, resolveLatest, tableFromCsv } from '../../src/report/read-run.ts';
import { writeReport } from '../../src/report/write-report.ts';
import { ARGS, CHROMIUM, checkReport } from './browser-helpers.ts';
import { tempDir } from './fixtures.ts';

const run = promisify(execFile);
const t = tempDir('egovscan-report-demo-');
afterAll(() => t.cleanup());

describe('report over a real demo run', () => {
  it('writes every file and a report that opens offline with every city and chart', async () => {
    await run(process.execPath, ['bin/egovscan.js', 'demo', '--out', t.dir, '--render', 'never'], { timeout: 120_000 });
    const id = await resolveLatest(t.dir);
    expect(id).toBeTruthy();
    const dir = join(t.dir, id!);
    await writeReport(dir, { lang: 'id' });
    const files = readdirSync(dir);
    for (const f of ['report.html', 'comparison.csv', 'history.csv', 'dictionary.csv', 'datapackage.json']) expect(files).toContain(f);

    const data = await readRun(dir);
    expect(data.cities.length).toBeGreaterThan(0);
    // The dictionary describes every column of every CSV the crawl wrote.
    const dict = tableFromCsv(readFileSync(join(dir, 'dictionary.csv'), 'utf8')).rows;
    for (const [file, table] of data.tables) {
      const described = dict.filter((d) => d.file === file).map((d) => d.column);
      expect(described, file).toEqual(table.columns);
      for (const d of dict.filter((x) => x.file === file)) expect(d.meaning, `${file} ${d.column}`).not.toMatch(/^Not described/);
    }
    const pkg = JSON.parse(readFileSync(join(dir, 'datapackage.json'), 'utf8'));
    expect(pkg.resources.map((r: { path: string }) => r.path)).toEqual(expect.arrayContaining(['cities.csv', 'criteria.csv', 'applications.csv', 'comparison.csv', 'dictionary.csv']));

    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    try {
      const r = await checkReport(browser, join(dir, 'report.html'));
      expect(r.consoleErrors).toEqual([]);
      expect(r.requests).toEqual([]);
      expect(r.dialogs).toEqual([]);
      expect(r.charts.map((c) => c.kind)).toEqual(expect.arrayContaining(['criteria', 'phase', 'apps']));
      for (const c of r.charts) expect(c.width * c.height).toBeGreaterThan(0);
      for (const c of data.cities) expect(r.text).toContain(c.city_name);
    } finally {
      await browser.close();
    }
  }, 180_000);
});

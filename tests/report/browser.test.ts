// report.html in a real browser (Debian Chromium through playwright-core), opened from disk with
// every request refused: the charts must draw, every city must be there, nothing may be fetched,
// nothing may be logged as an error, and no crawled text may run.
import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { ARGS, CHROMIUM, checkReport } from './browser-helpers.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '../../src/report/write-report.ts';
import { CITIES, writeFakeOutput, type FakeOutput } from './fixtures.ts';

let browser: Browser;
let fake: FakeOutput;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  fake = await writeFakeOutput();
});
afterAll(async () => {
  await browser?.close();
  fake?.cleanup();
});

describe('report.html in Chromium', () => {
  it('draws every chart, names every city, fetches nothing, logs no error and runs no crawled script', async () => {
    const dir = join(fake.out, fake.latest);
    await writeReport(dir);
    const shot = join(tmpdir(), 'report.png');
    const r = await checkReport(browser, join(dir, 'report.html'), shot);
    expect(r.consoleErrors).toEqual([]);
    expect(r.requests).toEqual([]);
    expect(r.dialogs).toEqual([]);
    expect(r.charts.map((c) => c.kind).sort()).toEqual(['apps', 'criteria', 'phase', 'trend', 'trend']);
    for (const c of r.charts) {
      expect(c.width, c.kind).toBeGreaterThan(100);
      expect(c.height, c.kind).toBeGreaterThan(50);
    }
    for (const c of CITIES) expect(r.text).toContain(c.name);
    expect(r.firstCity).toBe('Kota Surabaya'); // highest total after sorting by Total
    expect(r.text).toContain('<script>alert(1)</script>'); // shown as text
    expect(existsSync(shot) && statSync(shot).size > 10_000).toBe(true);
  });

  it('works in English too, with one run (no trend charts)', async () => {
    const one = await writeFakeOutput({ runs: 1 });
    try {
      const dir = join(one.out, one.latest);
      await writeReport(dir, { lang: 'en' });
      const r = await checkReport(browser, join(dir, 'report.html'));
      expect(r.consoleErrors).toEqual([]);
      expect(r.requests).toEqual([]);
      expect(r.charts.map((c) => c.kind).sort()).toEqual(['apps', 'criteria', 'phase']);
      expect(r.text).toContain('Overview by city');
    } finally {
      one.cleanup();
    }
  });
});

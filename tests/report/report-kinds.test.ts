// The report says what each inventory entry is, and counts websites, platforms and mobile apps
// apart from the applications.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/html/render.ts';
import { appCounts } from '../../src/report/comparison.ts';
import { readRun } from '../../src/report/read-run.ts';
import { writeFakeOutput, type FakeOutput } from './fixtures.ts';

const made: FakeOutput[] = [];
afterEach(() => {
  for (const f of made.splice(0)) f.cleanup();
});

describe('applications versus websites in the report', () => {
  it('names the kind of every entry and counts the other kinds per city', async () => {
    const f = await writeFakeOutput({ runs: 1 });
    made.push(f);
    const run = await readRun(join(f.out, f.latest));
    const city = run.applications[0]!.city_id!;
    const mine = run.applications.filter((a) => a.city_id === city);
    expect(mine.length).toBeGreaterThan(2);
    mine[0]!.kind = 'website';
    mine[1]!.kind = 'app_store';
    const html = renderReport({ run, lang: 'en', toolVersion: '0.0.0' });
    const section = html.slice(html.indexOf(`id="city-${city}"`));
    expect(section).toContain('<th scope="col">Kind</th>');
    expect(section).toContain('<td>Website</td>');
    expect(section).toContain('<td>Mobile app (app store)</td>');
    expect(section).toContain('<dt>Websites, national platforms, mobile apps</dt><dd>1 / 0 / 1</dd>');
    // Without cities.csv counts, only the applications are counted as applications.
    const counted = appCounts(run, city, { city_id: city });
    expect(counted.apps_total).toBe(mine.length - 2);
  });
});

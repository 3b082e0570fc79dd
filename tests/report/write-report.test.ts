import { createHash } from 'node:crypto';
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tableFromCsv } from '../../src/report/read-run.ts';
import { writeReport } from '../../src/report/write-report.ts';
import { CITIES, INDICATORS, RUNS, writeFakeOutput, type FakeOutput } from './fixtures.ts';

const made: FakeOutput[] = [];
afterEach(() => {
  for (const f of made.splice(0)) f.cleanup();
});
async function fake(runs?: number): Promise<FakeOutput> {
  const f = await writeFakeOutput({ runs });
  made.push(f);
  return f;
}
const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');
const table = (dir: string, f: string) => tableFromCsv(read(dir, f));

describe('writeReport', () => {
  it('writes comparison.csv: one wide row per city with scores, phase rank, app counts and indicators as 0/1', async () => {
    const f = await fake();
    const dir = join(f.out, f.latest);
    await writeReport(dir);
    const t = table(dir, 'comparison.csv');
    expect(t.rows.map((r) => r.city_id)).toEqual(CITIES.map((c) => c.id));
    expect(t.columns.slice(0, 4)).toEqual(['run_id', 'city_id', 'city_name', 'score_transparency']);
    expect(t.columns.filter((c) => c.startsWith('ind_'))).toEqual(INDICATORS.map((i) => `ind_${i.id}`));
    const cities = table(dir, 'cities.csv').rows;
    const criteria = table(dir, 'criteria.csv').rows;
    for (const row of t.rows) {
      const city = cities.find((c) => c.city_id === row.city_id)!;
      expect(row.score_total).toBe(city.score_total);
      expect(row.phase).toBe(city.phase);
      expect(row.phase_rank).toBe(String(['none', 'presence', 'interaction', 'transaction', 'transformation'].indexOf(city.phase!)));
      expect(row.apps_inactive).toBe(city.apps_inactive);
      for (const ind of INDICATORS) {
        const c = criteria.find((x) => x.city_id === row.city_id && x.indicator === ind.id)!;
        expect(row[`ind_${ind.id}`]).toBe(c.met === 'true' ? '1' : c.met === 'false' ? '0' : '');
      }
      expect(Number(row.indicators_met)).toBe(criteria.filter((x) => x.city_id === row.city_id && x.met === 'true').length);
    }
    // ef_speed is never assessed in the fixture: empty, not 0.
    expect(t.rows.every((r) => r.ind_ef_speed === '')).toBe(true);
  });

  it('writes history.csv over the finished runs only, oldest first', async () => {
    const f = await fake();
    const dir = join(f.out, f.latest);
    const result = await writeReport(dir);
    const t = table(dir, 'history.csv');
    const finished = RUNS.filter((r) => r.status === 'finished').map((r) => r.id);
    expect(result.runs).toBe(3);
    expect([...new Set(t.rows.map((r) => r.run_id))]).toEqual(finished);
    expect(t.rows).toHaveLength(finished.length * CITIES.length);
    const first = table(join(f.out, finished[0]!), 'cities.csv').rows.find((c) => c.city_id === 'medan')!;
    const h = t.rows.find((r) => r.run_id === finished[0] && r.city_id === 'medan')!;
    expect(h.score_total).toBe(first.score_total);
    expect(h.apps_inactive).toBe(first.apps_inactive);
    expect(h.rubric).toBe('criteria/sitokdana-2015.yaml');
  });

  it('writes dictionary.csv describing every column of every CSV in the folder', async () => {
    const f = await fake();
    const dir = join(f.out, f.latest);
    writeFileSync(join(dir, 'diff-2026-02-10T02-00-00Z.csv'), '\uFEFFrun_a,run_b,city_id,kind,change,item,before,after,detail\n');
    await writeReport(dir);
    const dict = table(dir, 'dictionary.csv').rows;
    for (const file of ['cities.csv', 'criteria.csv', 'applications.csv', 'links.csv', 'pages.csv', 'comparison.csv', 'history.csv', 'dictionary.csv', 'diff-2026-02-10T02-00-00Z.csv']) {
      const header = file === 'dictionary.csv' ? table(dir, file).columns : table(dir, file).columns;
      const described = dict.filter((d) => d.file === file);
      expect(described.map((d) => d.column), file).toEqual(header);
      for (const d of described) {
        expect(d.meaning, `${file} ${d.column}`).not.toMatch(/^Not described/);
        expect(d.type).toMatch(/^(string|integer|number|boolean|datetime|date)$/);
      }
    }
    // Only the files of this folder are described (issue 15: audits.csv needs --lighthouse, and is not here).
    expect(dict.some((d) => d.file === 'audits.csv')).toBe(false);
    expect(dict.find((d) => d.file === 'cities.csv' && d.column === 'phase')!.allowed_words).toBe('none | presence | interaction | transaction | transformation');
  });

  it('writes datapackage.json: a tabular data package whose schemas match the files', async () => {
    const f = await fake();
    const dir = join(f.out, f.latest);
    await writeReport(dir);
    const pkg = JSON.parse(read(dir, 'datapackage.json'));
    expect(pkg.profile).toBe('tabular-data-package');
    expect(pkg.name).toMatch(/^[a-z0-9._-]+$/);
    expect(pkg['x-egovscan']).toMatchObject({ rubric: 'criteria/sitokdana-2015.yaml', run_id: f.latest });
    expect(pkg['x-egovscan'].tool_version).toMatch(/^\d+\.\d+\.\d+/);
    const paths = pkg.resources.map((r: { path: string }) => r.path);
    expect(paths).toEqual(['cities.csv', 'criteria.csv', 'applications.csv', 'links.csv', 'pages.csv', 'comparison.csv', 'history.csv', 'dictionary.csv']);
    for (const r of pkg.resources) {
      expect(r.profile).toBe('tabular-data-resource');
      expect(r.name).toMatch(/^[a-z0-9._-]+$/);
      const bytes = readFileSync(join(dir, r.path));
      expect(r.bytes).toBe(bytes.length);
      expect(r.hash).toBe(`sha256:${createHash('sha256').update(bytes).digest('hex')}`);
      expect(r.schema.fields.map((x: { name: string }) => x.name)).toEqual(table(dir, r.path).columns);
    }
    const cities = pkg.resources.find((r: { path: string }) => r.path === 'cities.csv');
    expect(cities.schema.primaryKey).toEqual(['run_id', 'city_id']);
    expect(cities.schema.fields.find((x: { name: string }) => x.name === 'score_total').type).toBe('number');
  });

  it('every CSV it writes starts with the byte-order mark, and not with bom: false', async () => {
    const f = await fake(1);
    const dir = join(f.out, f.latest);
    await writeReport(dir);
    for (const file of ['comparison.csv', 'history.csv', 'dictionary.csv']) expect(read(dir, file).charCodeAt(0)).toBe(0xfeff);
    await writeReport(dir, { bom: false });
    for (const file of ['comparison.csv', 'history.csv', 'dictionary.csv']) expect(read(dir, file).charCodeAt(0)).not.toBe(0xfeff);
  });

  it('neutralises a formula in a city name in comparison.csv', async () => {
    const f = await fake(1);
    const dir = join(f.out, f.latest);
    const cities = read(dir, 'cities.csv').replace('Kota Medan', "'=1+2");
    writeFileSync(join(dir, 'cities.csv'), cities);
    await writeReport(dir);
    expect(read(dir, 'comparison.csv')).toContain(`,medan,'=1+2,`);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('>=1+2</a>');
    expect(existsSync(join(dir, 'report.html'))).toBe(true);
  });

  it('reports a run without cities.csv (crawl only) and still names every city', async () => {
    const f = await fake(1);
    const dir = join(f.out, f.latest);
    for (const file of ['cities.csv', 'criteria.csv', 'applications.csv']) writeFileSync(join(dir, file), '');
    const { rmSync } = await import('node:fs');
    for (const file of ['cities.csv', 'criteria.csv', 'applications.csv']) rmSync(join(dir, file));
    await writeReport(dir);
    const t = table(dir, 'comparison.csv');
    expect(t.rows.map((r) => r.city_id)).toEqual(CITIES.map((c) => c.id));
    const html = read(dir, 'report.html');
    for (const c of CITIES) expect(html).toContain(`id="city-${c.id}"`);
  });
});

// The whole static pipeline over the example portals, checked against the ground truth computed
// from the portals' own files: every reachable page in pages.csv, every broken link in links.csv
// and no false one, robots.txt obeyed, spreadsheet-safe CSV files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPortalServer, type PortalServer } from '../../src/demo/portal-server.ts';
import { DEMO_NOW } from '../../src/demo/site.ts';
import { computeGroundTruth, fromServed, type CityTruth } from '../../src/demo/ground-truth.ts';
import { runCrawl, type RunResult } from '../../src/run/crawl-run.ts';
import { makeSettings } from '../../src/run/settings.ts';
import { parseCsv } from '../../src/report/read-run.ts';
import { normalizeUrl } from '../../src/crawl/normalize.ts';
import { openStore } from '../../src/store/index.ts';

type Row = Record<string, string>;

let server: PortalServer;
let out: string;
let result: RunResult;
const truths = new Map<string, CityTruth>();
const files: Record<string, { raw: string; rows: Row[] }> = {};

async function readTable(name: string) {
  const raw = await readFile(join(result.dir, name), 'utf8');
  const [head, ...records] = parseCsv(raw);
  const rows = records.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i] ?? ''])));
  files[name] = { raw, rows };
}

beforeAll(async () => {
  server = await startPortalServer();
  out = await mkdtemp(join(tmpdir(), 'egovscan-e2e-'));
  // Only the statically crawlable portals: a client-rendered portal needs --render (tests/render).
  const staticIds = new Set(server.cities.filter((c) => c.rendering === 'server').map((c) => c.id));
  const targets = server.targets().filter((t) => staticIds.has(t.id));
  for (const t of targets) truths.set(t.id, computeGroundTruth(server.sites, server.cities.find((c) => c.id === t.id)!));
  const settings = makeSettings({
    out,
    runId: 'e2e',
    render: 'never',
    now: DEMO_NOW,
    crawl: { resolve: server.resolve, onlyResolved: true, allowPrivate: true, delayMs: 0, perHost: 4 },
  });
  result = await runCrawl(targets, settings);
  for (const f of ['pages.csv', 'links.csv', 'cities.csv', 'criteria.csv', 'applications.csv', 'comparison.csv', 'history.csv']) await readTable(f);
}, 120_000);

afterAll(async () => {
  await server?.close();
  if (out) await rm(out, { recursive: true, force: true });
});

/** A URL as the ground truth writes it (no port) and as the crawler normalises it (sorted query). */
const canon = (url: string) => normalizeUrl(fromServed(url)) ?? url;
const served = (rows: Row[], col: string) => new Set(rows.map((r) => canon(r[col]!)));

describe('a run over the example portals', () => {
  it('finishes and points <out>/latest at itself', async () => {
    expect(result.status).toBe('finished');
    expect(await readlink(join(out, 'latest'))).toBe('e2e');
    const run = JSON.parse(await readFile(join(result.dir, 'run.json'), 'utf8'));
    expect(run).toMatchObject({ status: 'finished', run_id: 'e2e' });
    expect(run.counts.cities).toBe(truths.size);
  });

  it('lists every reachable page in pages.csv with status 200', () => {
    for (const [id, truth] of truths) {
      const rows = files['pages.csv']!.rows.filter((r) => r.city_id === id);
      const ok = served(rows.filter((r) => r.http_status === '200'), 'url');
      const missing = truth.pages.filter((p) => !ok.has(canon(p)));
      expect(missing, `${id}: pages missing from pages.csv`).toEqual([]);
    }
  });

  it('reports every broken internal link with its source page and reason', () => {
    for (const [id, truth] of truths) {
      const rows = files['links.csv']!.rows.filter((r) => r.city_id === id);
      const got = new Set(rows.map((r) => `${canon(r.source_url!)} ${canon(r.target_url!)} ${r.reason}`));
      for (const pair of truth.brokenInternal.filter((p) => p.status !== 0)) {
        const key = `${canon(pair.source)} ${canon(pair.target)} ${pair.reason}`;
        expect(got.has(key), `${id}: ${pair.source} → ${pair.target} (${pair.reason})`).toBe(true);
      }
      expect(rows.filter((r) => r.status === 'broken').length).toBeGreaterThan(0);
    }
  });

  it('calls no working page broken', () => {
    for (const [id, truth] of truths) {
      const bad = new Set([...truth.brokenInternal, ...truth.brokenExternal].map((p) => canon(p.target)));
      const falseBroken = files['links.csv']!.rows
        .filter((r) => r.city_id === id && r.status === 'broken')
        .map((r) => canon(r.target_url!))
        .filter((t) => !bad.has(t));
      expect(falseBroken, `${id}: reported broken but working`).toEqual([]);
    }
  });

  it('never requests what robots.txt disallows, and reports those links as blocked', () => {
    const disallowed = [...truths.values()].flatMap((t) => t.disallowed);
    expect(disallowed.length).toBeGreaterThan(0);
    const requested = new Set(server.requests.map((r) => canon(`http://${r.host}${r.path}`)));
    for (const url of disallowed) expect(requested.has(canon(url)), url).toBe(false);
    const blocked = served(files['links.csv']!.rows.filter((r) => r.reason === 'robots_disallowed'), 'target_url');
    for (const url of disallowed) expect(blocked.has(canon(url)), url).toBe(true);
  });

  it('writes CSV files that start with a BOM and never start a cell with a formula character', () => {
    let neutralised = 0;
    for (const [name, { raw }] of Object.entries(files)) {
      expect(raw.charCodeAt(0), name).toBe(0xfeff);
      for (const record of parseCsv(raw)) {
        for (const cell of record) {
          expect(/^[=+\-@]/.test(cell), `${name}: ${cell}`).toBe(false);
          if (/^'[=+\-@]/.test(cell)) neutralised++;
        }
      }
    }
    expect(neutralised).toBeGreaterThan(0);
  });

  it('decodes a windows-1252 page by its Content-Type charset', () => {
    const titles = files['pages.csv']!.rows.map((r) => r.title!);
    expect(titles.some((t) => t.includes('Café'))).toBe(true);
    expect(titles.join('\n')).not.toMatch(/Caf\uFFFD|CafÃ©/);
  });

  it('flags exactly the pages the portals were compromised on, and counts them per city', () => {
    const expected = [...truths.values()].flatMap((t) => t.flagged.map((f) => `${canon(f.url)} ${f.flag}`)).sort();
    expect(expected.length).toBeGreaterThan(0);
    const got = files['pages.csv']!.rows.filter((r) => r.flags).map((r) => `${canon(r.url!)} ${r.flags}`).sort();
    expect(got).toEqual(expected);
    for (const c of files['cities.csv']!.rows) {
      expect(Number(c.flagged_pages), c.city_id).toBe(truths.get(c.city_id!)!.flagged.length);
    }
  });

  it('writes one cities.csv row per city with scores, phase and application counts', () => {
    const cities = files['cities.csv']!.rows;
    expect(cities.map((c) => c.city_id).sort()).toEqual([...truths.keys()].sort());
    for (const c of cities) {
      expect(c.phase, c.city_id).toBe(truths.get(c.city_id!)!.phase);
      expect(Number(c.score_total)).toBeGreaterThan(0);
      const entries = files['applications.csv']!.rows.filter((a) => a.city_id === c.city_id);
      // apps_* count applications; the other kinds have counts of their own.
      expect(Number(c.apps_total)).toBe(entries.filter((a) => a.kind === 'application').length);
      expect(Number(c.apps_total) + Number(c.websites_total) + Number(c.platforms_total) + Number(c.mobile_apps_total)).toBe(entries.length);
    }
  });

  it('counts pages_crawled one way everywhere: the HTML pages of pages.csv, not its documents', async () => {
    const store = await openStore(out);
    try {
      const stored = new Map((await store.cities('e2e')).map((c) => [c.cityId, c.pagesCrawled]));
      for (const c of files['cities.csv']!.rows) {
        const rows = files['pages.csv']!.rows.filter((p) => p.city_id === c.city_id);
        const html = rows.filter((p) => p.kind === 'page').length;
        expect(rows.length, `${c.city_id} has documents too`).toBeGreaterThan(html);
        const seen = [
          Number(c.pages_crawled),
          stored.get(c.city_id!),
          Number(files['comparison.csv']!.rows.find((r) => r.city_id === c.city_id)!.pages_crawled),
          Number(files['history.csv']!.rows.find((r) => r.city_id === c.city_id)!.pages_crawled),
        ];
        expect(seen, c.city_id).toEqual([html, html, html, html]);
      }
    } finally {
      await store.close();
    }
  });
});

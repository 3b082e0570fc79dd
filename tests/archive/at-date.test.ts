// --at against a web archive served on 127.0.0.1 (tests/support/fake-archive.ts): one portal,
// www.kotawaktu.go.id, captured at three dates, each time with the content of a different example
// portal (a presence-phase site in 2015, a transaction-phase one in 2020, a transformation-phase one
// in 2025). One page has no capture in 2020; hosts the archive never captured are `no_capture`; the
// first CDX query is answered 429 with Retry-After. Nothing but the archive is contacted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { respond } from '../../src/demo/site.ts';
import { runCrawl, type RunResult } from '../../src/run/crawl-run.ts';
import { makeSettings } from '../../src/run/settings.ts';
import { parseCsv } from '../../src/report/read-run.ts';
import { startFakeArchive, type FakeArchive } from '../support/fake-archive.ts';
import { DATES, MISSING_2020, PORTAL, RANK, TARGET, captures, cityDomain, sites } from './waktu-portal.ts';

type Row = Record<string, string>;
const missingPath = MISSING_2020;

let archive: FakeArchive;
let out: string;
const runs = new Map<string, RunResult>();

async function table(dir: string, name: string): Promise<Row[]> {
  const [head, ...records] = parseCsv(await readFile(join(dir, name), 'utf8'));
  return records.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i] ?? ''])));
}

beforeAll(async () => {
  // A page linked from the 2020 home page that the archive did not capture then.
  expect(respond(sites, `www.${cityDomain('tanjungseruni')}`, '/').body.toString('utf8')).toContain('href="/kontak/"');
  archive = await startFakeArchive({ captures, rateLimitOnceSeconds: 1 });
  out = await mkdtemp(join(tmpdir(), 'egovscan-at-'));
  const target = TARGET;
  for (const d of DATES) {
    const settings = makeSettings({
      out, runId: `at-${d.at}`, at: new Date(`${d.at}T00:00:00Z`), archive: archive.base, archiveWindowDays: 183,
      // The portal's host resolves nowhere: any request that went to it instead of the archive would fail.
      crawl: { onlyResolved: true, resolve: {}, delayMs: 0, perHost: 4, retryBaseMs: 10 },
    });
    runs.set(d.at, await runCrawl([target], settings, { log: () => {} }));
  }
}, 240_000);

afterAll(async () => {
  await archive?.close();
  if (out) await rm(out, { recursive: true, force: true });
});

describe('--at <date> against a web archive', () => {
  it('judges each date from its own captures: the phase climbs as the captures imply', async () => {
    const phases: string[] = [];
    for (const d of DATES) {
      const run = runs.get(d.at)!;
      expect(run.status).toBe('finished');
      const [city] = await table(run.dir, 'cities.csv');
      phases.push(city!.phase!);
    }
    expect(RANK[phases[0]!]).toBeLessThan(RANK[phases[1]!]!);
    expect(RANK[phases[1]!]).toBeLessThanOrEqual(RANK[phases[2]!]!);
    expect(RANK[phases[0]!]).toBeLessThan(RANK[phases[2]!]!);
    expect(phases[0]).not.toBe('none');
  });

  it('criteria differ between the dates', async () => {
    const met = async (at: string) => (await table(runs.get(at)!.dir, 'criteria.csv')).filter((r) => r.met === 'true').map((r) => r.indicator).sort();
    expect(await met('2015-06-01')).not.toEqual(await met('2025-06-01'));
  });

  it('records each page\'s capture time and archive URL', async () => {
    for (const d of DATES) {
      const pages = await table(runs.get(d.at)!.dir, 'pages.csv');
      const home = pages.find((p) => p.url === PORTAL)!;
      expect(home.reason).toBe('ok');
      const expected = `${d.ts.slice(0, 4)}-${d.ts.slice(4, 6)}-${d.ts.slice(6, 8)}T${d.ts.slice(8, 10)}:${d.ts.slice(10, 12)}:${d.ts.slice(12, 14)}.000Z`;
      expect(home.capture_time).toBe(expected);
      expect(home.archive_url).toBe(`${archive.base}/web/${d.ts}id_/${PORTAL}`);
      for (const p of pages.filter((p) => p.reason === 'ok')) expect(p.capture_time, p.url).toMatch(new RegExp(`^${d.ts.slice(0, 4)}-`));
    }
  });

  it('writes no_capture for a page and for applications the archive does not hold', async () => {
    const pages2020 = await table(runs.get('2020-06-01')!.dir, 'pages.csv');
    const missing = pages2020.find((p) => new URL(p.url).pathname === missingPath);
    expect(missing?.reason).toBe('no_capture');
    const apps = (await Promise.all(DATES.map((d) => table(runs.get(d.at)!.dir, 'applications.csv')))).flat();
    const unCaptured = apps.filter((a) => a.reason === 'no_capture');
    expect(unCaptured.length).toBeGreaterThan(0);
    for (const a of unCaptured) expect(a.status).toBe('unknown');
  });

  it('waits as a 429 asks and sends every request to the archive alone', async () => {
    expect(archive.requests[0]?.status).toBe(429);
    expect(archive.requests.filter((r) => r.status === 429)).toHaveLength(1);
    // Asked again only after the second the archive asked for.
    const [first, ...rest] = archive.requests;
    const again = rest.find((r) => r.path === first!.path)!;
    expect(again.status).toBe(200);
    expect(again.at - first!.at).toBeGreaterThanOrEqual(950);
    for (const r of archive.requests) {
      expect(r.host).toBe(new URL(archive.base).host);
      expect(r.userAgent).toMatch(/^egovscan\/\S+ \(\+/);
    }
    for (const d of DATES) {
      const pages = await table(runs.get(d.at)!.dir, 'pages.csv');
      expect(pages.filter((p) => p.reason === 'not_checked')).toEqual([]);
    }
  });

  it('marks the runs as archive-based in run.json', async () => {
    const run = JSON.parse(await readFile(join(runs.get('2015-06-01')!.dir, 'run.json'), 'utf8'));
    expect(run.source).toMatchObject({ source: 'archive', at: '2015-06-01T00:00:00.000Z', archive: archive.base });
  });
});

// The round trip over the generated portal of the resume tests: answers that arrive in a random
// order, a fresh session id in every answer, a paged archive, an endless calendar, dead links, a
// document and an application on a host of its own. Crawled live with --warc, then from the WARC
// with the portal shut down: the same files (apart from the run's own times).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGeneratedPortal, type GeneratedPortal } from '../e2e/generated-portal.ts';
import { runCrawl, type RunResult } from '../../src/run/crawl-run.ts';
import { makeSettings } from '../../src/run/settings.ts';
import { parseCsv } from '../../src/report/read-run.ts';

const TIMING = new Set(['run_id', 'crawled_at', 'first_seen', 'last_seen_alive']);
let portal: GeneratedPortal;
let out: string;
let live: RunResult;
let replay: RunResult;

async function table(dir: string, name: string) {
  const [head, ...records] = parseCsv(await readFile(join(dir, name), 'utf8'));
  return records.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i] ?? ''] as const).filter(([h]) => !TIMING.has(h))));
}

beforeAll(async () => {
  portal = await startGeneratedPortal(20261203);
  out = await mkdtemp(join(tmpdir(), 'egovscan-gen-warc-'));
  const target = { id: 'kota-acak', name: 'Kota Acak', country: 'ID' as const, portal: `http://portal.acak.test:${portal.port}/`, domains: [], applications: [] };
  const crawl = { resolve: { 'portal.acak.test': '127.0.0.1', 'app.acak.test': '127.0.0.1' }, onlyResolved: true, allowPrivate: true, maxDepth: 30, delayMs: 0, perHost: 4, concurrency: 4 };
  live = await runCrawl([target], makeSettings({ out: join(out, 'a'), runId: 'live', render: 'never', warc: true, crawl }), { log: () => {} });
  await portal.close();
  replay = await runCrawl([target], makeSettings({ out: join(out, 'b'), runId: 'replay', render: 'never', fromWarc: join(live.dir, 'warc'), crawl }), { log: () => {} });
}, 240_000);

afterAll(async () => {
  await portal?.close().catch(() => {});
  if (out) await rm(out, { recursive: true, force: true });
});

describe('--warc then --from-warc over the generated portal', () => {
  it('gives the same files', async () => {
    for (const name of ['pages.csv', 'criteria.csv', 'links.csv', 'cities.csv', 'applications.csv']) {
      const a = await table(live.dir, name);
      if (name === 'pages.csv') expect(a.length).toBeGreaterThan(20);
      expect(await table(replay.dir, name), name).toEqual(a);
    }
  });
});

// Politeness across workers, on a real PostgreSQL server: two workers' pools (as on two machines)
// ask the same external link once between them, and their requests to one external origin keep
// the run's delay between them.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpPool } from '../../src/crawl/index.ts';
import { openStore, type KyselyStore } from '../../src/store/index.ts';
import { withSharedChecks } from '../../src/run/worker-shared.ts';
import { startPostgres, type PgServer } from '../support/postgres.ts';

let pg: PgServer;
let server: http.Server;
let origin: string;
const hits: Array<{ path: string; at: number }> = [];
let dir: string;

beforeAll(async () => {
  pg = await startPostgres();
  dir = await mkdtemp(join(tmpdir(), 'egovscan-shared-'));
  server = http.createServer((req, res) => {
    hits.push({ path: req.url ?? '', at: performance.now() });
    setTimeout(() => res.end('<html><title>LAPOR!</title></html>'), 30);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await pg?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const pools = (store: KyselyStore, delayMs: number) =>
  ['jakarta', 'medan'].map((vantage) => withSharedChecks(createHttpPool({ allowPrivate: true, delayMs: 0, retries: 0 }), store, { runId: 'run', vantage, delayMs }));

describe('shared checks across workers', () => {
  it('asks an external link once per run however many workers check it, and all get the answer', async () => {
    const store = await openStore(dir, { store: await pg.freshDatabase('once') });
    const [a, b] = pools(store, 0);
    try {
      await store.beginRun('run');
      hits.length = 0;
      const answers = await Promise.all([a!, b!, a!, b!].map((p) => p.fetch(`${origin}/lapor`, 'check', { share: true })));
      expect(answers.map((r) => [r.status, r.reason])).toEqual(Array(4).fill([200, 'ok']));
      expect(hits.filter((h) => h.path === '/lapor')).toHaveLength(1);
      const rows = await store.db.selectFrom('shared_checks').select(['url', 'vantage']).execute();
      expect(rows).toHaveLength(1);
      expect(['jakarta', 'medan']).toContain(rows[0]!.vantage);
      // Not shared: each caller asks (pages of the city's own site go through the city's worker).
      await Promise.all([a!, b!].map((p) => p.fetch(`${origin}/own`, 'page')));
      expect(hits.filter((h) => h.path === '/own')).toHaveLength(2);
    } finally {
      await Promise.all([a!.close(), b!.close()]);
      await store.close();
    }
  });

  it('keeps the delay between requests to one external origin over all workers', async () => {
    const store = await openStore(dir, { store: await pg.freshDatabase('pace') });
    const [a, b] = pools(store, 250);
    try {
      await store.beginRun('run');
      // Connections made first (not shared, not paced), so that the timed requests do not wait on a TCP handshake.
      await Promise.all([a!, b!].map((p) => p.fetch(`${origin}/warm`, 'page')));
      hits.length = 0;
      await Promise.all([1, 2, 3, 4, 5, 6].map((i) => (i % 2 ? a! : b!).fetch(`${origin}/p${i}`, 'check', { share: true })));
      const times = hits.map((h) => h.at).sort((x, y) => x - y);
      expect(times).toHaveLength(6);
      // Each pool alone has no delay; together they wait their turn: the k-th request arrives at
      // least k delays after the first. (Measured where the server sees them, so a request that
      // left a little late on a loaded machine may arrive close to the next one; the slots
      // themselves are 250 ms apart, which the cumulative bound checks with 100 ms of slack; six
      // unpaced requests would arrive within a few tens of ms.)
      times.forEach((t, k) => expect(t - times[0]!, `request ${k}`).toBeGreaterThan(k * 250 - 100));
      // And not much more: the six slots are one after the other, not one per worker in series.
      expect(times[5]! - times[0]!).toBeLessThan(5 * 250 + 1000);
    } finally {
      await Promise.all([a!.close(), b!.close()]);
      await store.close();
    }
  });
});

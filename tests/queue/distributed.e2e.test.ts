// A distributed run end to end, on a real PostgreSQL server: 30 generated portals enqueued, three
// worker processes, one SIGKILLed in the middle of a city. Every city is done exactly once (the
// killed worker's city by another worker, after its lease ran out), the run finishes, and what the
// store holds equals a single-process run of the same targets with the same flags.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type KyselyStore } from '../../src/store/index.ts';
import { jobRows } from '../../src/queue/run-jobs.ts';
import { tableFromCsv } from '../../src/report/read-run.ts';
import { startPostgres, type PgServer } from '../support/postgres.ts';
import { startPortals, type Portals } from './fixtures/portals.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const CITIES = 30;
let pg: PgServer;
let portals: Portals;
let dir: string;
let url: string;

function cli(args: string[]): ChildProcess {
  return spawn(process.execPath, [join(ROOT, 'bin', 'egovscan.js'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  return new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal, out })));
}

beforeAll(async () => {
  pg = await startPostgres();
  url = await pg.freshDatabase('distributed');
  dir = await mkdtemp(join(tmpdir(), 'egovscan-distributed-'));
  portals = await startPortals(CITIES, join(dir, 'targets.yaml'));
}, 60_000);

afterAll(async () => {
  await portals?.close();
  await pg?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Per city: scores and phase; pages (url, status, reason); applications (key, status, reason); links. */
async function snapshot(store: KyselyStore, runId: string) {
  const cities = (await store.cities(runId)).map((c) => ({ id: c.cityId, pages: c.pagesCrawled, scores: c.scores, reachable: c.reachable, extra: c.extra }));
  const pages = (await store.db.selectFrom('pages').select(['city_id', 'url', 'http_status', 'reason', 'kind', 'title', 'flags']).where('run_id', '=', runId).orderBy('city_id').orderBy('url').execute());
  const apps = (await store.apps(runId)).map((a) => [a.cityId, a.key, a.status, a.reason, a.category]);
  const links = (await store.linksWithCity(runId)).map((l) => [l.cityId, l.sourceUrl, l.targetUrl, l.status, l.reason]);
  return { cities, pages, apps, links };
}

describe('distributed run: 30 cities, three workers, one killed mid-city', () => {
  it('does every city once and stores what a single-process run stores', async () => {
    const targets = join(dir, 'targets.yaml');
    // The reference: one process, the same flags.
    const single = await exited(cli(['crawl', '--targets', targets, '--out', join(dir, 'single'), '--run-id', 'single', ...portals.flags]));
    expect(single.code, single.out).toBe(0);

    const enq = await exited(cli(['enqueue', '--targets', targets, '--store', url, '--run-id', 'dist', '--lease-seconds', '4', ...portals.flags]));
    expect(enq.code, enq.out).toBe(0);
    expect(enq.out).toContain(`Enqueued run dist: ${CITIES} city jobs`);

    const store = await openStore(dir, { store: url });
    try {
      const worker = (name: string) => cli(['worker', '--store', url, '--out', join(dir, name), '--name', name, '--vantage', `v-${name}`, '--exit-when-done', '--poll-ms', '200', '--lease-seconds', '4']);
      const w1 = worker('w1');
      const dead = exited(w1);
      const others = [exited(worker('w2')), exited(worker('w3'))];
      // Killed the moment it is seen holding a city (a city takes about a second; the query, a few ms).
      const t0 = Date.now();
      while (Date.now() - t0 < 60_000 && !(await jobRows(store, 'dist')).some((j) => j.state === 'running' && j.worker === 'w1')) {
        await new Promise((r) => setTimeout(r, 20));
      }
      w1.kill('SIGKILL');
      expect((await dead).signal).toBe('SIGKILL');
      // What w1 held when it died: running, and never ended (its end would have marked it done).
      const victim = (await jobRows(store, 'dist')).find((j) => j.state === 'running' && j.worker === 'w1')?.cityId;
      expect(victim, 'w1 held no city when it was killed').toBeDefined();
      const ends = await Promise.all(others);
      for (const e of ends) expect(e.code, e.out).toBe(0);
      for (const e of ends) expect(e.out).not.toMatch(/already saved by another attempt/);

      const run = await store.getRun('dist');
      expect(run?.status).toBe('finished');
      expect(run?.summary).toMatchObject({ cities: CITIES, cities_failed: [] });
      const jobs = await jobRows(store, 'dist');
      expect(jobs.map((j) => j.state)).toEqual(Array(CITIES).fill('done'));
      const cities = await store.cities('dist');
      expect(cities).toHaveLength(CITIES);
      // The killed worker's city: saved once, by another worker, on the job's second attempt.
      const redone = cities.find((c) => c.cityId === victim)!;
      expect(['w2', 'w3']).toContain(redone.worker);
      expect(redone.vantage).toBe(`v-${redone.worker}`);
      expect(redone.jobAttempt).toMatch(/#1$/);
      expect(jobs.find((j) => j.cityId === victim)!.attempts).toBe(2);
      // w1 may have finished cities before it was killed; whatever it saved is whole and counted once.
      for (const c of cities) expect(c.jobAttempt, c.cityId).toMatch(/^[0-9a-f-]{36}#\d+$/);

      const reference = await openStore(join(dir, 'single'));
      try {
        const a = await snapshot(reference, 'single');
        const b = await snapshot(store, 'dist');
        expect(b.cities).toEqual(a.cities);
        expect(b.pages).toEqual(a.pages);
        expect(b.apps).toEqual(a.apps);
        expect(b.links).toEqual(a.links);
        expect(a.pages.length).toBeGreaterThan(CITIES * 10);
      } finally {
        await reference.close();
      }
    } finally {
      await store.close();
    }

    const st = await exited(cli(['status', '--store', url, '--run-id', 'dist']));
    expect(st.code, st.out).toBe(0);
    expect(st.out).toMatch(new RegExp(`^Run dist: finished; ${CITIES} cities: 0 queued, 0 running, ${CITIES} done, 0 failed`));
    expect(st.out).toMatch(/Pace: [\d.]+ cities\/minute/);
    for (const w of ['w2', 'w3']) expect(st.out).toMatch(new RegExp(`^${w}\\s+v-${w}\\s+0\\s+\\d+\\s+0$`, 'm'));

    // The files written from the store alone equal the single run's, but for times and run ids.
    const rep = await exited(cli(['report', '--store', url, '--run-id', 'dist', '--out', join(dir, 'report'), '--no-bom']));
    expect(rep.code, rep.out).toBe(0);
    const VOLATILE = new Set(['run_id', 'crawled_at', 'checked_at', 'first_seen', 'last_seen_alive', 'elapsed_ms']);
    for (const f of ['cities.csv', 'pages.csv', 'applications.csv', 'links.csv', 'criteria.csv']) {
      const read = async (p: string) => tableFromCsv(await readFile(p, 'utf8')).rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !VOLATILE.has(k))));
      expect(await read(join(dir, 'report', 'dist', f)), f).toEqual(await read(join(dir, 'single', 'single', f)));
    }
  }, 240_000);
});

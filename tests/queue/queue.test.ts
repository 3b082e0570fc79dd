// The queue's bookkeeping on a real PostgreSQL server, in-process: a city that fails on every
// attempt is listed and does not keep the run open; a lease that runs out hands the city back;
// status counts per worker; a scheduler on a shared store never has two runs going.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import { openCityQueue } from '../../src/queue/boss.ts';
import { addJobs, finishIfComplete, jobRows, markEnded, reconcile } from '../../src/queue/run-jobs.ts';
import { appResult } from '../store/helpers.ts';
import { renderStatus, runStatus } from '../../src/queue/status.ts';
import { enqueueRun } from '../../src/run/worker-spec.ts';
import { runWorker } from '../../src/run/worker.ts';
import { makeSettings } from '../../src/run/settings.ts';
import { enqueueAndWait } from '../../src/cli/commands/enqueue.ts';
import { startScheduler } from '../../src/schedule/scheduler.ts';
import { loadTargets, type Target } from '../../src/config/targets.ts';
import { runCrawl } from '../../src/run/crawl-run.ts';
import { writeRunFromStore } from '../../src/run/worker-report.ts';
import { tableFromCsv } from '../../src/report/read-run.ts';
import { runDiffCommand } from '../../src/cli/commands/diff.ts';
import { startPostgres, type PgServer } from '../support/postgres.ts';
import { startPortals, type Portals } from './fixtures/portals.ts';

let pg: PgServer;
let dir: string;
let portals: Portals;

beforeAll(async () => {
  pg = await startPostgres();
  dir = await mkdtemp(join(tmpdir(), 'egovscan-queue-'));
  portals = await startPortals(2, join(dir, 'targets.yaml'));
}, 60_000);

afterAll(async () => {
  await portals?.close();
  await pg?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const settingsFor = (runId: string) => makeSettings({
  out: join(dir, 'out'), runId, render: 'never', vantage: { mode: 'off' },
  crawl: { allowPrivate: true, onlyResolved: true, delayMs: 0, resolve: { 'portal.kota1.test': '127.0.0.1', 'portal.kota2.test': '127.0.0.1', 'app.acak.test': '127.0.0.1' } },
});

describe('distributed bookkeeping', () => {
  it('lists a city that fails on every attempt, finishes the run without it, and status shows who did what', async () => {
    const url = await pg.freshDatabase('failing');
    const good: Target = { id: 'kota-01', name: 'Kota 1', portal: `http://portal.kota1.test:${portals.portals[0]!.port}/` };
    // A list of applications that is not a list: this city's inventory throws, on any worker and
    // any attempt. (The targets file's schema refuses it; the queue must survive it anyway.)
    const bad = { id: 'rusak', name: 'Rusak', portal: good.portal, applications: 5 } as unknown as Target;
    await enqueueRun([good, bad], settingsFor('r1'), url, { retries: 1, leaseSeconds: 5 });
    const lines: string[] = [];
    const r = await runWorker({ store: url, out: join(dir, 'w'), name: 'solo', vantage: 'lab', exitWhenDone: true, pollMs: 100, log: (l) => lines.push(l) });
    expect(r).toEqual({ cities: 1, failed: 2 });
    expect(lines.filter((l) => l.includes('rusak failed'))).toHaveLength(2);
    const store = await openStore(dir, { store: url });
    try {
      const run = await store.getRun('r1');
      expect(run?.status).toBe('finished');
      expect(run?.summary).toMatchObject({ cities: 1, cities_failed: ['rusak'] });
      const s = (await runStatus(store, undefined, 'r1'))!;
      expect(s.counts).toEqual({ queued: 0, running: 0, done: 1, failed: 1 });
      expect(s.workers).toEqual([{ worker: 'solo', vantage: 'lab', queued: 0, running: 0, done: 1, failed: 1 }]);
      const text = renderStatus(s);
      expect(text).toMatch(/^Run r1: finished; 2 cities: 0 queued, 0 running, 1 done, 1 failed/);
      expect(text).toMatch(/Failed cities:\n {2}rusak \(2 attempts\): /);
      expect((await store.cities('r1')).map((c) => [c.cityId, c.worker, c.vantage])).toEqual([['kota-01', 'solo', 'lab']]);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('a job whose worker stopped beating goes back to the queue when its lease runs out', async () => {
    const url = await pg.freshDatabase('lease');
    const good: Target = { id: 'kota-02', name: 'Kota 2', portal: `http://portal.kota2.test:${portals.portals[1]!.port}/` };
    await enqueueRun([good], settingsFor('r2'), url, { leaseSeconds: 2 });
    const store = await openStore(dir, { store: url });
    const queue = await openCityQueue(url, { leaseSeconds: 2 });
    try {
      // A worker that takes the city and dies at once (no heartbeat, nothing saved).
      const job = (await queue.take())!;
      expect(job.data.cityId).toBe('kota-02');
      await store.db.updateTable('run_jobs').set({ state: 'running', worker: 'gone', attempts: 1 }).where('run_id', '=', 'r2').execute();
      expect(await queue.take()).toBeUndefined();
      await new Promise((r) => setTimeout(r, 2600));
      await queue.expire();
      await reconcile(store, queue, 'r2');
      expect((await jobRows(store, 'r2'))[0]).toMatchObject({ state: 'queued', error: 'lease lost by gone' });
      const again = (await queue.take())!;
      expect([again.id, again.retryCount]).toEqual([job.id, 1]);
      // The heartbeat of the first attempt no longer holds the job; the second one's does.
      expect(await queue.heartbeat(job.id, 0)).toBe(false);
      expect(await queue.heartbeat(again.id, 1)).toBe(true);
    } finally {
      await queue.close();
      await store.close();
    }
  }, 60_000);

  it('an application dead from one vantage and alive from another is unknown (vantage_disagrees) when the run ends', async () => {
    const url = await pg.freshDatabase('vantage');
    const store = await openStore(dir, { store: url });
    try {
      await store.beginRun('rv', { distributed: {} });
      await addJobs(store, 'rv', [{ cityId: 'a', position: 0, jobId: 'j1' }, { cityId: 'b', position: 1, jobId: 'j2' }]);
      const app = (city: string, key: string, status: 'active' | 'inactive') => ({ ...appResult(city, key, status), url: `https://${key}/` });
      // lapor.test: dead from jakarta, alive from medan. dead.test: dead from both. only.test: one vantage.
      await store.saveCityOnce('rv', { cityId: 'a', apps: [app('a', 'lapor.test', 'inactive'), app('a', 'dead.test', 'inactive'), app('a', 'only.test', 'inactive')] }, { jobAttempt: 'j1#0', worker: 'w1', vantage: 'jakarta' });
      await store.saveCityOnce('rv', { cityId: 'b', apps: [app('b', 'lapor.test', 'active'), app('b', 'dead.test', 'inactive')] }, { jobAttempt: 'j2#0', worker: 'w2', vantage: 'medan' });
      expect(await finishIfComplete(store, 'rv')).toBe(false); // jobs still queued
      await markEnded(store, 'rv', 'a', 'done');
      await markEnded(store, 'rv', 'b', 'done');
      expect(await finishIfComplete(store, 'rv')).toBe(true);
      const apps = (await store.apps('rv')).map((x) => [x.cityId, x.key, x.status, x.reason, x.detail]);
      expect(apps).toEqual([
        ['a', 'dead.test', 'inactive', 'http_404', ''],
        ['a', 'lapor.test', 'unknown', 'vantage_disagrees', 'inactive from jakarta; alive from medan'],
        ['a', 'only.test', 'inactive', 'http_404', ''],
        ['b', 'dead.test', 'inactive', 'http_404', ''],
        ['b', 'lapor.test', 'active', 'ok', ''],
      ]);
      expect((await store.getRun('rv'))?.summary).toMatchObject({ vantage_disagrees: ['https://lapor.test/'] });
    } finally {
      await store.close();
    }
  });

  it('crawl --store postgres://… keeps an in-process run in PostgreSQL, and diff reads it there', async () => {
    const url = await pg.freshDatabase('crawl');
    const targets = await loadTargets(join(dir, 'targets.yaml'));
    for (const runId of ['c1', 'c2']) {
      const r = await runCrawl(targets, { ...settingsFor(runId), out: join(dir, 'crawl-out'), store: url }, { log: () => {} });
      expect(r.status).toBe('finished');
    }
    // Nothing went to the SQLite file of the output folder.
    expect(existsSync(join(dir, 'crawl-out', 'egovscan.sqlite'))).toBe(false);
    const store = await openStore(dir, { store: url });
    try {
      expect((await store.listRuns()).map((r) => [r.runId, r.status, r.cities])).toEqual([['c1', 'finished', 2], ['c2', 'finished', 2]]);
      expect((await store.cities('c2')).every((c) => c.pagesCrawled > 10)).toBe(true);
      // run.json names the store without anything secret in it.
      expect(JSON.parse(readFileSync(join(dir, 'crawl-out', 'c1', 'run.json'), 'utf8')).settings.store).toBe(url);
    } finally {
      await store.close();
    }
    const out: string[] = [];
    expect(await runDiffCommand('c1', 'c2', { out: join(dir, 'crawl-out'), store: url, stdout: (l) => out.push(l), stderr: () => {} })).toBe(0);
    expect(out[0]).toMatch(/^Changes from c1 to c2: none/);
  }, 60_000);

  it('with --lighthouse a worker audits its city, and report --store writes audits.csv', async () => {
    const url = await pg.freshDatabase('lighthouse');
    const good: Target = { id: 'kota-01', name: 'Kota 1', portal: `http://portal.kota1.test:${portals.portals[0]!.port}/` };
    await enqueueRun([good], { ...settingsFor('lh'), lighthouse: true, lighthousePages: 1 }, url);
    expect(await runWorker({ store: url, out: join(dir, 'lw'), exitWhenDone: true, pollMs: 100, log: () => {} })).toEqual({ cities: 1, failed: 0 });
    const store = await openStore(dir, { store: url });
    try {
      await writeRunFromStore(store, 'lh', join(dir, 'lh-out'), { bom: false });
    } finally {
      await store.close();
    }
    const audits = tableFromCsv(readFileSync(join(dir, 'lh-out', 'lh', 'audits.csv'), 'utf8')).rows;
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ city_id: 'kota-01', url: good.portal, audit_error: '' });
    expect(Number(audits[0]!.performance)).toBeGreaterThan(0);
  }, 120_000);

  it('a scheduler on a shared store enqueues one run at a time and waits for its workers', async () => {
    const url = await pg.freshDatabase('schedule');
    const targets = join(dir, 'one.yaml');
    await writeFile(targets, `targets:\n  - { id: kota-01, name: Kota 1, portal: "http://portal.kota1.test:${portals.portals[0]!.port}/" }\n`);
    const flags = {
      targets, store: url, out: join(dir, 'sched'), render: 'never', allowPrivate: true, resolveOnly: true, delayMs: '0', vantageCheck: 'off',
      resolve: ['portal.kota1.test=127.0.0.1', 'app.acak.test=127.0.0.1'],
    };
    const log: string[] = [];
    const s = startScheduler((runId) => enqueueAndWait({ ...flags, runId }, { pollMs: 200, log: () => {} }), {
      cron: '* * * * * *', timezone: 'UTC', maxRuns: 2, handleSignals: false, log: (l) => log.push(l),
    });
    // Nobody works yet: the first run waits in the queue and the following ticks are skipped.
    await new Promise((r) => setTimeout(r, 2500));
    const store = await openStore(dir, { store: url });
    try {
      expect((await store.listRuns()).map((r) => r.status)).toEqual(['unfinished']);
      expect(log.some((l) => l.includes('previous run still going'))).toBe(true);
      await runWorker({ store: url, out: join(dir, 'sw'), exitWhenDone: true, pollMs: 100, log: () => {} });
      // The first run is finished; the scheduler enqueues the second at its next tick.
      const t0 = Date.now();
      while ((await store.listRuns()).length < 2 && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 100));
      await runWorker({ store: url, out: join(dir, 'sw'), exitWhenDone: true, pollMs: 100, log: () => {} });
      await s.done;
      const runs = await store.listRuns();
      expect(runs.map((r) => r.status)).toEqual(['finished', 'finished']);
      // Never two at once: the second run was enqueued after the first was finished.
      expect(Date.parse(runs[1]!.started)).toBeGreaterThanOrEqual(Date.parse(runs[0]!.finished!));
    } finally {
      await store.close();
    }
  }, 90_000);
});

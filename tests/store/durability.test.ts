import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, SCHEMA_VERSION, STORE_FILE, StoreError } from '../../src/store/index.ts';
import { appResult, DIALECTS, storeHarness } from './helpers.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

async function seedFinishedRun(out: string, url: string | undefined): Promise<void> {
  const store = await openStore(out, { store: url });
  await store.beginRun('run-1', { maxPages: 10 });
  await store.saveCity('run-1', {
    cityId: 'contoh',
    apps: [appResult('contoh', 'a.fault.test', 'active'), appResult('contoh', 'b.fault.test', 'inactive')],
    links: [{ sourceUrl: 'http://portal/', targetUrl: 'http://portal/x', status: 'broken', reason: 'http_404', httpStatus: 404 }],
    scores: { criteria: { transparency: 50 }, total: 58.1, phase: 'presence' },
  });
  await store.finishRun('run-1', { cities: 1 });
  await store.close();
}

describe('store schema (SQLite)', () => {
  const h = storeHarness('sqlite');
  afterAll(() => h.teardown());

  it('creates a versioned WAL database, and reopening is idempotent', async () => {
    const { dir: out } = await h.fresh();
    await (await openStore(out)).close();
    await (await openStore(out)).close();
    const db = new Database(join(out, STORE_FILE), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare(`SELECT value FROM meta WHERE key = 'schema_version'`).all()).toEqual([{ value: String(SCHEMA_VERSION) }]);
    db.close();
  });

  it('migrates a file written by the schema-1 egovscan forward, keeping its runs and history', async () => {
    const { dir: out } = await h.fresh();
    const old = new Database(join(out, STORE_FILE));
    old.exec(readFileSync(join(REPO, 'tests/store/fixtures/schema-v1.sql'), 'utf8'));
    old.exec(`INSERT INTO runs (run_id, started, status, summary) VALUES ('old', '2024-01-01T00:00:00.000Z', 'finished', '{"cities":1}');
              INSERT INTO cities (run_id, city_id, saved_at, score_total, phase, scores) VALUES ('old', 'kota', '2024-01-01', 61.5, 'presence', '{"update":50}');
              INSERT INTO apps (run_id, city_id, app_key, url, status, reason) VALUES ('old', 'kota', 'sim.test', 'http://sim.test/', 'active', 'ok')`);
    old.close();
    const store = await openStore(out);
    try {
      expect((await store.listRuns()).map((r) => [r.runId, r.status, r.cities])).toEqual([['old', 'finished', 1]]);
      expect((await store.cities('old'))[0]).toMatchObject({ cityId: 'kota', scores: { total: 61.5, phase: 'presence', criteria: { update: 50 } }, jobAttempt: '', worker: '' });
      // The old run still counts as history for a new one.
      await store.beginRun('new');
      await store.saveCity('new', { cityId: 'kota', apps: [appResult('kota', 'sim.test', 'inactive')] });
      expect((await store.appHistory('new', 'kota')).get('sim.test')).toMatchObject({ changed: 'died', lastSeenAlive: '2024-01-01T00:00:00.000Z' });
    } finally {
      await store.close();
    }
    const db = new Database(join(out, STORE_FILE), { readonly: true });
    expect(db.prepare(`SELECT value FROM meta WHERE key = 'schema_version'`).get()).toEqual({ value: String(SCHEMA_VERSION) });
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name IN ('run_jobs', 'shared_checks', 'host_pace') ORDER BY name`).all()).toEqual([{ name: 'host_pace' }, { name: 'run_jobs' }, { name: 'shared_checks' }]);
    db.close();
  });

  it('refuses a file from a newer schema', async () => {
    const { dir: out } = await h.fresh();
    await (await openStore(out)).close();
    const db = new Database(join(out, STORE_FILE));
    db.prepare(`UPDATE meta SET value = '999' WHERE key = 'schema_version'`).run();
    db.close();
    await expect(openStore(out)).rejects.toThrow(/schema version 999/);
  });
});

for (const dialect of DIALECTS) {
  describe(`store durability (${dialect})`, () => {
    const h = storeHarness(dialect);
    beforeAll(() => h.setup(), 60_000);
    afterAll(() => h.teardown());

    it('a writer killed mid-transaction leaves the previous finished run intact', async () => {
      const { dir: out, store: url } = await h.fresh();
      await seedFinishedRun(out, url);
      const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'tests/store/fixtures/kill-writer.ts'), out, 'run-2', url ?? ''], {
        cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`child never reached the transaction: ${stderr}`)), 15_000);
        child.stdout.on('data', (d: Buffer) => {
          if (d.toString().includes('in-transaction')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.on('exit', () => reject(new Error(`child exited early: ${stderr}`)));
      });
      child.kill('SIGKILL');
      await new Promise((r) => child.once('close', r));

      const store = await openStore(out, { store: url });
      try {
        if (dialect === 'sqlite') {
          const db = new Database(join(out, STORE_FILE), { readonly: true });
          expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
          db.close();
        }
        // run-2 was begun (its own committed transaction) but none of its city rows survived.
        expect((await store.listRuns()).map((r) => [r.runId, r.status, r.cities])).toEqual([['run-1', 'finished', 1], ['run-2', 'unfinished', 0]]);
        expect(await store.apps('run-2')).toEqual([]);
        expect((await store.apps('run-1')).map((a) => [a.key, a.status])).toEqual([['a.fault.test', 'active'], ['b.fault.test', 'inactive']]);
        expect(await store.links('run-1')).toHaveLength(1);
        // 58.1 comes back 58.1 (not a 4-byte float's 58.099998).
        expect((await store.cities('run-1'))[0]!.scores).toMatchObject({ total: 58.1, phase: 'presence', criteria: { transparency: 50 } });
        expect((await store.latestFinishedRun())?.runId).toBe('run-1');
      } finally {
        await store.close();
      }
    });

    it('a city that fails half-way is rolled back entirely, and a re-save replaces instead of duplicating', async () => {
      const { dir: out, store: url } = await h.fresh();
      await seedFinishedRun(out, url);
      const store = await openStore(out, { store: url });
      try {
        await store.beginRun('run-2');
        await store.saveCity('run-2', { cityId: 'contoh', apps: [appResult('contoh', 'a.fault.test', 'active')] });
        const bad = { ...appResult('contoh', 'c.fault.test', 'active'), url: null as unknown as string };
        await expect(store.saveCity('run-2', { cityId: 'contoh', apps: [appResult('contoh', 'b.fault.test', 'active'), bad] })).rejects.toThrow();
        // The earlier save of the city is still there, untouched by the failed one.
        expect((await store.apps('run-2')).map((a) => a.key)).toEqual(['a.fault.test']);
        await store.saveCity('run-2', { cityId: 'contoh', apps: [appResult('contoh', 'a.fault.test', 'stale'), appResult('contoh', 'b.fault.test', 'active')] });
        expect((await store.apps('run-2')).map((a) => [a.key, a.status])).toEqual([['a.fault.test', 'stale'], ['b.fault.test', 'active']]);
      } finally {
        await store.close();
      }
    });

    it('finished runs cannot be begun again or changed; unfinished ones can be resumed', async () => {
      const { dir: out, store: url } = await h.fresh();
      await seedFinishedRun(out, url);
      const store = await openStore(out, { store: url });
      try {
        await expect(store.beginRun('run-1')).rejects.toThrow(StoreError);
        await expect(store.saveCity('run-1', { cityId: 'x' })).rejects.toThrow(/finished/);
        await expect(store.saveCity('nope', { cityId: 'x' })).rejects.toThrow(/not begun/);
        const first = await store.beginRun('run-2', {}, new Date('2024-01-01T00:00:00Z'));
        const again = await store.beginRun('run-2', { resumed: true }, new Date('2024-02-01T00:00:00Z'));
        expect(again.started).toBe(first.started);
        expect(again.settings).toEqual({ resumed: true });
      } finally {
        await store.close();
      }
    });

    it('a city of a distributed run is saved once: a second attempt writes nothing', async () => {
      const { dir: out, store: url } = await h.fresh();
      const store = await openStore(out, { store: url });
      try {
        await store.beginRun('d');
        const first = { cityId: 'c', apps: [appResult('c', 'first.test', 'active')] };
        const second = { cityId: 'c', apps: [appResult('c', 'second.test', 'inactive')] };
        // Two attempts finishing at the same moment: exactly one lands.
        const saved = await Promise.all([
          store.saveCityOnce('d', first, { jobAttempt: 'job-1#1', worker: 'w1', vantage: 'jakarta' }),
          store.saveCityOnce('d', second, { jobAttempt: 'job-1#2', worker: 'w2', vantage: 'medan' }),
        ]);
        expect(saved.filter(Boolean)).toHaveLength(1);
        const winner = saved[0] ? 'first.test' : 'second.test';
        expect((await store.apps('d')).map((a) => a.key)).toEqual([winner]);
        expect(await store.saveCityOnce('d', first, { jobAttempt: 'job-1#3', worker: 'w3', vantage: '' })).toBe(false);
        const [c] = await store.cities('d');
        expect([c!.jobAttempt, c!.worker]).toEqual(saved[0] ? ['job-1#1', 'w1'] : ['job-1#2', 'w2']);
      } finally {
        await store.close();
      }
    });

    it('two writers on one store (two handles, as two processes would be) both land', async () => {
      const { dir: out, store: url } = await h.fresh();
      const a = await openStore(out, { store: url });
      const b = await openStore(out, { store: url });
      try {
        await a.beginRun('ra');
        await b.beginRun('rb');
        // Interleaved, not one after the other: the two handles' transactions overlap in time.
        await Promise.all(Array.from({ length: 20 }, async (_, i) => {
          await a.saveCity('ra', { cityId: `c${i}`, apps: [appResult(`c${i}`, `x${i}.test`, 'active')] });
          await b.saveCity('rb', { cityId: `c${i}`, apps: [appResult(`c${i}`, `y${i}.test`, 'inactive')] });
        }));
        await a.finishRun('ra');
        await b.finishRun('rb');
        expect((await a.listRuns()).map((r) => [r.runId, r.cities, r.status])).toEqual([['ra', 20, 'finished'], ['rb', 20, 'finished']]);
        expect(await b.apps('ra')).toHaveLength(20);
      } finally {
        await a.close();
        await b.close();
      }
      if (dialect === 'sqlite') expect(existsSync(join(out, STORE_FILE))).toBe(true);
    });
  });
}

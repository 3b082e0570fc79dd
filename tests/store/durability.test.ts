import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, SCHEMA_VERSION, STORE_FILE, StoreError } from '../../src/store/index.ts';
import { appResult, tempDir } from './helpers.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
function dir(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

function seedFinishedRun(out: string): void {
  const store = openStore(out);
  store.beginRun('run-1', { maxPages: 10 });
  store.saveCity('run-1', {
    cityId: 'contoh',
    apps: [appResult('contoh', 'a.fault.test', 'active'), appResult('contoh', 'b.fault.test', 'inactive')],
    links: [{ sourceUrl: 'http://portal/', targetUrl: 'http://portal/x', status: 'broken', reason: 'http_404', httpStatus: 404 }],
    scores: { criteria: { transparency: 50 }, total: 50, phase: 'presence' },
  });
  store.finishRun('run-1', { cities: 1 });
  store.close();
}

describe('store schema', () => {
  it('creates a versioned WAL database, and reopening is idempotent', () => {
    const out = dir();
    openStore(out).close();
    openStore(out).close();
    const db = new Database(join(out, STORE_FILE), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare(`SELECT value FROM meta WHERE key = 'schema_version'`).all()).toEqual([{ value: String(SCHEMA_VERSION) }]);
    db.close();
  });

  it('refuses a file from a newer schema', () => {
    const out = dir();
    openStore(out).close();
    const db = new Database(join(out, STORE_FILE));
    db.prepare(`UPDATE meta SET value = '999' WHERE key = 'schema_version'`).run();
    db.close();
    expect(() => openStore(out)).toThrow(/schema version 999/);
  });
});

describe('store durability', () => {
  it('a writer killed mid-transaction leaves the previous finished run intact', async () => {
    const out = dir();
    seedFinishedRun(out);
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'tests/store/fixtures/kill-writer.ts'), out, 'run-2'], {
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

    const store = openStore(out);
    try {
      const db = new Database(join(out, STORE_FILE), { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
      // run-2 was begun (its own committed transaction) but none of its city rows survived.
      expect(store.listRuns().map((r) => [r.runId, r.status, r.cities])).toEqual([['run-1', 'finished', 1], ['run-2', 'unfinished', 0]]);
      expect(store.apps('run-2')).toEqual([]);
      expect(store.apps('run-1').map((a) => [a.key, a.status])).toEqual([['a.fault.test', 'active'], ['b.fault.test', 'inactive']]);
      expect(store.links('run-1')).toHaveLength(1);
      expect(store.cities('run-1')[0]!.scores).toMatchObject({ total: 50, phase: 'presence', criteria: { transparency: 50 } });
      expect(store.latestFinishedRun()?.runId).toBe('run-1');
    } finally {
      store.close();
    }
  });

  it('a city that fails half-way is rolled back entirely, and a re-save replaces instead of duplicating', () => {
    const out = dir();
    seedFinishedRun(out);
    const store = openStore(out);
    try {
      store.beginRun('run-2');
      store.saveCity('run-2', { cityId: 'contoh', apps: [appResult('contoh', 'a.fault.test', 'active')] });
      const bad = { ...appResult('contoh', 'c.fault.test', 'active'), key: null as unknown as string };
      expect(() => store.saveCity('run-2', { cityId: 'contoh', apps: [appResult('contoh', 'b.fault.test', 'active'), bad] })).toThrow();
      // The earlier save of the city is still there, untouched by the failed one.
      expect(store.apps('run-2').map((a) => a.key)).toEqual(['a.fault.test']);
      store.saveCity('run-2', { cityId: 'contoh', apps: [appResult('contoh', 'a.fault.test', 'stale'), appResult('contoh', 'b.fault.test', 'active')] });
      expect(store.apps('run-2').map((a) => [a.key, a.status])).toEqual([['a.fault.test', 'stale'], ['b.fault.test', 'active']]);
    } finally {
      store.close();
    }
  });

  it('finished runs cannot be begun again or changed; unfinished ones can be resumed', () => {
    const out = dir();
    seedFinishedRun(out);
    const store = openStore(out);
    try {
      expect(() => store.beginRun('run-1')).toThrow(StoreError);
      expect(() => store.saveCity('run-1', { cityId: 'x' })).toThrow(/finished/);
      expect(() => store.saveCity('nope', { cityId: 'x' })).toThrow(/not begun/);
      const first = store.beginRun('run-2', {}, new Date('2024-01-01T00:00:00Z'));
      const again = store.beginRun('run-2', { resumed: true }, new Date('2024-02-01T00:00:00Z'));
      expect(again.started).toBe(first.started);
      expect(again.settings).toEqual({ resumed: true });
    } finally {
      store.close();
    }
  });

  it('two writers on one file (two handles, as two processes would be) both land', () => {
    const out = dir();
    const a = openStore(out);
    const b = openStore(out);
    try {
      a.beginRun('ra');
      b.beginRun('rb');
      for (let i = 0; i < 20; i++) {
        a.saveCity('ra', { cityId: `c${i}`, apps: [appResult(`c${i}`, `x${i}.test`, 'active')] });
        b.saveCity('rb', { cityId: `c${i}`, apps: [appResult(`c${i}`, `y${i}.test`, 'inactive')] });
      }
      a.finishRun('ra');
      b.finishRun('rb');
      expect(a.listRuns().map((r) => [r.runId, r.cities, r.status])).toEqual([['ra', 20, 'finished'], ['rb', 20, 'finished']]);
      expect(b.apps('ra')).toHaveLength(20);
    } finally {
      a.close();
      b.close();
    }
    expect(existsSync(join(out, STORE_FILE))).toBe(true);
  });
});

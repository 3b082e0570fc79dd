import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registerDiff, runDiffCommand } from '../../src/cli/commands/diff.ts';
import { diffRuns, renderDiffTable } from '../../src/report/diff.ts';
import { openStore } from '../../src/store/index.ts';
import { appResult, DIALECTS, storeHarness, tempDir } from './helpers.ts';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
  process.exitCode = undefined;
});

async function seeded(h: ReturnType<typeof storeHarness>): Promise<{ dir: string; store: string | undefined }> {
  const t = await h.fresh();
  const store = await openStore(t.dir, { store: t.store });
  const broken = (target: string, source = 'http://kota.test/') => ({ sourceUrl: source, targetUrl: target, status: 'broken', reason: 'http_404', httpStatus: 404 });
  const page = (url: string) => ({ url, finalUrl: url, depth: 0, status: 200, reason: 'ok', contentType: 'text/html', bytes: 1, kind: 'page' as const, rendered: false, read: true, title: '', flags: [] });
  await store.beginRun('a', {}, new Date('2024-01-01T00:00:00Z'));
  await store.saveCity('a', {
    cityId: 'kota', pages: [page('http://kota.test/')],
    apps: [appResult('kota', 'live.test', 'active'), appResult('kota', 'dead.test', 'inactive'), appResult('kota', 'fresh.test', 'active'), appResult('kota', 'old.test', 'active')],
    links: [broken('http://kota.test/x'), broken('http://kota.test/y')],
    scores: { criteria: { transparency: 40, update: 80 }, total: 50, phase: 'presence' },
  });
  await store.saveCity('a', { cityId: 'gone-city' });
  await store.finishRun('a');
  await store.beginRun('b', {}, new Date('2024-02-01T00:00:00Z'));
  await store.saveCity('b', {
    cityId: 'kota', pages: [page('http://kota.test/')],
    apps: [appResult('kota', 'live.test', 'inactive', 'dns'), appResult('kota', 'dead.test', 'active'), appResult('kota', 'fresh.test', 'stale', 'stale_content'), appResult('kota', 'new.test', 'active')],
    links: [broken('http://kota.test/y'), broken('http://kota.test/z')],
    scores: { criteria: { transparency: 55, update: 80 }, total: 52.5, phase: 'interaction', phaseReason: 'complaint form' },
  });
  await store.finishRun('b');
  await store.close();
  return t;
}

for (const dialect of DIALECTS) describe(`diffRuns and egovscan diff (${dialect})`, () => {
  const h = storeHarness(dialect);
  beforeAll(() => h.setup(), 60_000);
  afterAll(() => h.teardown());

  it('reports each kind of change once', async () => {
    const t = await seeded(h);
    const store = await openStore(t.dir, { store: t.store });
    try {
      const d = await diffRuns(store, 'a', 'b');
      expect(d.rows.map((r) => [r.cityId, r.kind, r.change, r.item, r.before, r.after])).toEqual([
        ['gone-city', 'city', 'removed', 'gone-city', 'crawled', ''],
        ['kota', 'app', 'died', 'http://live.test/', 'active ok', 'inactive dns'],
        ['kota', 'app', 'gone', 'http://old.test/', 'active ok', ''],
        ['kota', 'app', 'new', 'http://new.test/', '', 'active ok'],
        ['kota', 'app', 'recovered', 'http://dead.test/', 'inactive http_404', 'active ok'],
        ['kota', 'app', 'went_stale', 'http://fresh.test/', 'active ok', 'stale stale_content'],
        ['kota', 'link', 'fixed', 'http://kota.test/x', 'http_404', ''],
        ['kota', 'link', 'new', 'http://kota.test/z', '', 'http_404'],
        ['kota', 'phase', 'changed', 'phase', 'presence', 'interaction'],
        ['kota', 'score', 'up', 'total', '50', '52.5'],
        ['kota', 'score', 'up', 'transparency', '40', '55'],
      ]);
      expect(renderDiffTable(d)).toMatch(/^Changes from a to b: .*1 app died/);
      expect(renderDiffTable(await diffRuns(store, 'a', 'a'))).toBe('Changes from a to a: none');
    } finally {
      await store.close();
    }
  });

  it('prints a table and writes <out>/<run-b>/diff-<run-a>.csv', async () => {
    const { dir, store } = await seeded(h);
    const out: string[] = [];
    const code = await runDiffCommand('a', 'b', { out: dir, store, stdout: (s) => out.push(s), stderr: () => {} });
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/kota\s+app\s+died\s+http:\/\/live\.test\//);
    const csv = readFileSync(join(dir, 'b', 'diff-a.csv'), 'utf8');
    expect(csv.startsWith('\uFEFFrun_a,run_b,city_id,kind,change,item,before,after,detail\n')).toBe(true);
    expect(csv).toContain('a,b,kota,app,recovered,http://dead.test/,inactive http_404,active ok,dead.test');
    expect(csv.split('\n').filter(Boolean)).toHaveLength(12);
  });

  it('exits 2 with a clear message for unknown runs or a missing store', async () => {
    const { dir, store } = await seeded(h);
    const err: string[] = [];
    expect(await runDiffCommand('a', 'nope', { out: dir, store, stdout: () => {}, stderr: (s) => err.push(s) })).toBe(2);
    expect(err[0]).toMatch(/unknown run nope .*known runs: a, b/);
    const empty = tempDir();
    cleanups.push(empty.cleanup);
    expect(await runDiffCommand('a', 'b', { out: empty.dir, stdout: () => {}, stderr: (s) => err.push(s) })).toBe(2);
    expect(err[1]).toMatch(/no run history at .*egovscan\.sqlite/);
  });

  it('is wired as a commander 14 subcommand', async () => {
    const { dir, store } = await seeded(h);
    const storeArgs = store ? ['--store', store] : [];
    const program = new Command().exitOverride();
    registerDiff(program);
    const write = process.stdout.write;
    process.stdout.write = (() => true) as typeof process.stdout.write;
    try {
      await program.parseAsync(['node', 'egovscan', 'diff', 'a', 'b', '--out', dir, ...storeArgs, '--no-bom']);
    } finally {
      process.stdout.write = write;
    }
    expect(process.exitCode).toBe(0);
    expect(readFileSync(join(dir, 'b', 'diff-a.csv'), 'utf8').startsWith('run_a,')).toBe(true);
    const stderr = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      // An unknown run surfaces as a CommanderError with exit code 2, which main() returns.
      await expect(program.parseAsync(['node', 'egovscan', 'diff', 'a', 'zzz', '--out', dir, ...storeArgs])).rejects.toMatchObject({ exitCode: 2 });
    } finally {
      process.stderr.write = stderr;
    }
  });
});

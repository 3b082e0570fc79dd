// The mistakes a researcher makes in the first week, each answered by the real binary with one line
// on stderr (no stack trace) and the exit code of contract.md: 2 for what the user can fix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { egovscan, lines, startPortal, writeTargets, type Portal } from './helpers.ts';
import { prepareRunDir } from '../../src/run/run-dir.ts';
import { InputError } from '../../src/config/input-error.ts';

let dir: string;
let portal: Portal;
let targets: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'egovscan-mistakes-'));
  portal = await startPortal();
  targets = await writeTargets(dir, portal.port);
});
afterAll(async () => {
  await portal?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const crawl = (out: string, ...extra: string[]) => egovscan(['crawl', '--targets', targets, '--out', out, ...portal.flags, ...extra], { cwd: dir });

/** One line, no stack trace, the exit code. */
function expectOneLine(r: { code: number | null; stderr: string }, code: number, says: RegExp) {
  expect(r.code, r.stderr).toBe(code);
  expect(lines(r.stderr), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(says);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

async function runJson(out: string, runId: string): Promise<Record<string, any>> {
  return JSON.parse(await readFile(join(out, runId, 'run.json'), 'utf8'));
}

/** A run that wrote its run.json and stopped before it fetched anything (a crash, a kill). */
async function unfinishedRun(out: string, runId: string, startedAt: string, status = 'unfinished') {
  await mkdir(join(out, runId), { recursive: true });
  await writeFile(join(out, runId, 'run.json'), JSON.stringify({ tool: 'egovscan', run_id: runId, status, started_at: startedAt, settings: {} }));
}

describe('run folders and --resume', () => {
  it('--out naming a file: one line naming it, exit 2', async () => {
    const file = join(dir, 'not-a-folder');
    await writeFile(file, 'x');
    expectOneLine(await crawl(file), 2, /--out: .*not-a-folder is a file, not a folder/);
    expectOneLine(await egovscan(['demo', '--out', file], { cwd: dir }), 2, /--out: .*not-a-folder is a file, not a folder/);
  });

  it('a finished run, its paths relative to the run folder; --resume of it: one line, exit 2, the run untouched', async () => {
    const out = join(dir, 'finished');
    const first = await crawl(out, '--run-id', 'r1');
    expect(first.code, first.stderr).toBe(0);
    const run = await runJson(out, 'r1');
    expect(run.status).toBe('finished');
    // No path in run.json names this machine's folders; each resolves from the run folder.
    const strings = JSON.stringify(run).match(/"(?:[^"\\]|\\.)*"/g)!.map((s) => JSON.parse(s) as string);
    expect(strings.filter((s) => isAbsolute(s) || s.includes(dir))).toEqual([]);
    expect(run.settings.out).toBe('..');
    expect(run.settings.rubric.file).toBe(run.settings.criteria);
    expect((await stat(resolve(out, 'r1', run.settings.criteria))).isFile()).toBe(true);
    const before = await readFile(join(out, 'r1', 'run.json'), 'utf8');

    expectOneLine(await crawl(out, '--run-id', 'r1', '--resume'), 2, /--resume: run "r1" .* is finished: there is nothing to resume/);
    expect(await readFile(join(out, 'r1', 'run.json'), 'utf8')).toBe(before);
    // Nor any unfinished run to continue without --run-id.
    expectOneLine(await crawl(out, '--resume'), 2, /--resume: no unfinished run in .* to resume/);
  });

  it('--resume without --run-id continues the newest unfinished run and says which', async () => {
    const out = join(dir, 'newest');
    await unfinishedRun(out, 'older', '2026-01-01T02:00:00.000Z');
    await unfinishedRun(out, 'newer', '2026-02-01T02:00:00.000Z');
    await unfinishedRun(out, 'newest-but-finished', '2026-03-01T02:00:00.000Z', 'finished');
    const r = await crawl(out, '--resume');
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r.stderr)[0]).toBe(`egovscan: resuming run newer, the newest unfinished run in ${out}`);
    expect((await runJson(out, 'newer')).status).toBe('finished');
    expect((await runJson(out, 'older')).status).toBe('unfinished');
  });

  it('two runs started at once get distinct run ids and both finish', async () => {
    const out = join(dir, 'twins');
    const [a, b] = await Promise.all([crawl(out), crawl(out)]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const ids = (await readdir(out)).filter((f) => /^\d{4}-\d\d-\d\dT/.test(f)).sort();
    expect(ids).toHaveLength(2);
    for (const id of ids) expect((await runJson(out, id)).status).toBe('finished');
    // Started in the same second, the second took the first's id with a suffix.
    if (ids[0]!.replace(/-2$/, '') === ids[1]!.replace(/-2$/, '')) expect(ids[1]).toBe(`${ids[0]}-2`);
  });
});

describe('run ids in the same second', () => {
  it('a default id taken by a run started at the same moment becomes <id>-2, -3, ...; a chosen id is refused', async () => {
    const out = join(dir, 'same-second');
    const made = await Promise.all([1, 2, 3, 4].map(() => prepareRunDir(out, '2026-12-01T02-00-00Z', false, true)));
    expect(made.map((m) => m.runId).sort()).toEqual(['2026-12-01T02-00-00Z', '2026-12-01T02-00-00Z-2', '2026-12-01T02-00-00Z-3', '2026-12-01T02-00-00Z-4']);
    expect(new Set(made.map((m) => m.dir)).size).toBe(4);
    const chosen = await Promise.allSettled([prepareRunDir(out, 'mine', false), prepareRunDir(out, 'mine', false)]);
    expect(chosen.filter((c) => c.status === 'fulfilled')).toHaveLength(1);
    const refused = chosen.find((c) => c.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(InputError);
    expect(String(refused.reason.message)).toMatch(/run "mine" already exists/);
  });
});

describe('CHROME_PATH', () => {
  it('naming no browser is an error whenever the run would use one, before any folder is made', async () => {
    const out = join(dir, 'chrome');
    const missing = join(dir, 'no-such-chromium');
    const r = await egovscan(['crawl', '--targets', targets, '--out', out, '--allow-private', '--resolve', 'kota.test=127.0.0.1'], {
      cwd: dir,
      env: { CHROME_PATH: missing },
    });
    expectOneLine(r, 2, new RegExp(`CHROME_PATH: ${missing} does not exist`));
    await expect(stat(out)).rejects.toThrow();
    const notExecutable = join(dir, 'chromium.txt');
    await writeFile(notExecutable, 'not a browser');
    await chmod(notExecutable, 0o644);
    const lh = await egovscan(['crawl', '--targets', targets, '--out', out, ...portal.flags, '--lighthouse'], { cwd: dir, env: { CHROME_PATH: notExecutable } });
    expectOneLine(lh, 2, /CHROME_PATH: .*chromium\.txt is not an executable file/);
    // A run that never opens a browser does not care.
    const never = await egovscan(['crawl', '--targets', targets, '--out', out, ...portal.flags], { cwd: dir, env: { CHROME_PATH: missing } });
    expect(never.code, never.stderr).toBe(0);
  });
});

describe('schedule', () => {
  it('--help lists only the flags it accepts', async () => {
    const r = await egovscan(['schedule', '--help'], { cwd: dir });
    expect(r.code).toBe(0);
    for (const flag of ['--targets', '--cron', '--timezone', '--run-now', '--max-runs', '--max-pages', '--out']) expect(r.stdout).toContain(flag);
    expect(r.stdout).not.toContain('--run-id');
    expect(r.stdout).not.toContain('--resume');
  });

  it('refuses at start, in one line: a missing targets file, a bad flag value, a refused flag, a bad cron', async () => {
    const cron = ['--cron', '0 2 * * 1'];
    expectOneLine(await egovscan(['schedule', '--targets', join(dir, 'nope.yaml'), ...cron], { cwd: dir }), 2, /targets file .*nope\.yaml cannot be used/);
    expectOneLine(await egovscan(['schedule', '--targets', targets, ...cron, '--max-pages', 'banyak'], { cwd: dir }), 2, /--max-pages must be a whole number/);
    expectOneLine(await egovscan(['schedule', '--targets', targets, ...cron, '--run-id', 'x'], { cwd: dir }), 2, /--run-id cannot be used/);
    expectOneLine(await egovscan(['schedule', '--targets', targets, '--cron', '0 2 * *'], { cwd: dir }), 2, /--cron: "0 2 \* \*" is not a usable cron expression/);
  });
});

// `egovscan report` as a user runs it: an older run's report is rewritten with that run's own
// history and language, and a reader that closes the pipe early (`| head -1`) is not an error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromCsv } from '../../src/report/read-run.ts';
import { RUNS, writeFakeOutput, type FakeOutput } from '../report/fixtures.ts';
import { BIN, egovscan, lines } from './helpers.ts';

let f: FakeOutput;
const [older, middle] = [RUNS[0].id, RUNS[1].id];

beforeAll(async () => {
  f = await writeFakeOutput({});
  // The older run was written in English.
  const runJson = join(f.out, older, 'run.json');
  const meta = JSON.parse(readFileSync(runJson, 'utf8'));
  meta.settings = { ...(meta.settings ?? {}), lang: 'en' };
  writeFileSync(runJson, JSON.stringify(meta));
});
afterAll(() => f?.cleanup());

const history = (id: string) => readFileSync(join(f.out, id, 'history.csv'), 'utf8');

describe('egovscan report', () => {
  it('--run-id <older> keeps that run\'s history as it was and its language, however often it is rewritten', async () => {
    const first = await egovscan(['report', '--out', f.out, '--run-id', older], { cwd: f.out });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe('');
    const before = history(older);
    // Its history holds only what was known when it ran: no later run.
    expect([...new Set(tableFromCsv(before).rows.map((r) => r.run_id))]).toEqual([older]);
    expect(readFileSync(join(f.out, older, 'report.html'), 'utf8')).toContain('<html lang="en">');

    // Later runs are reported, then the older one again: the same history, byte for byte.
    for (const args of [['report', '--out', f.out], ['report', '--out', f.out, '--run-id', middle]]) {
      const r = await egovscan(args, { cwd: f.out });
      expect(r.code, r.stderr).toBe(0);
    }
    expect(tableFromCsv(history(middle)).rows.some((r) => r.run_id === older)).toBe(true);
    const again = await egovscan(['report', '--out', f.out, '--run-id', older], { cwd: f.out });
    expect(again.code, again.stderr).toBe(0);
    expect(history(older)).toBe(before);
    expect(readFileSync(join(f.out, older, 'report.html'), 'utf8')).toContain('<html lang="en">');
  });

  it('`| head -1`: the first line, no error, exit 0', async () => {
    const child = spawn(process.execPath, [BIN, 'report', '--out', f.out], { cwd: f.out, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // As head does: read the first line, then close the pipe.
    const first = await new Promise<string>((resolve) => {
      let seen = '';
      child.stdout.on('data', (d) => {
        seen += d;
        if (seen.includes('\n')) {
          child.stdout.destroy();
          resolve(seen.split('\n')[0]!);
        }
      });
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(first).toMatch(/^Report of run /);
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });

  it('an unknown run: one line naming the known runs, exit 2', async () => {
    const r = await egovscan(['report', '--out', f.out, '--run-id', 'no-such-run'], { cwd: f.out });
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain(older);
  });
});

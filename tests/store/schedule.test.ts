import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runScheduleCommand } from '../../src/cli/commands/schedule.ts';
import { defaultRunId, startScheduler, validateSchedule } from '../../src/schedule/scheduler.ts';

const EVERY_SECOND = '* * * * * *';

describe('scheduler', () => {
  it('never overlaps runs, logs start/end per run, and stops after max runs', async () => {
    const lines: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const ids: string[] = [];
    const s = startScheduler(async (runId) => {
      ids.push(runId);
      running++;
      maxRunning = Math.max(maxRunning, running);
      await sleep(1300); // longer than the 1 s interval
      running--;
      return 0;
    }, { cron: EVERY_SECOND, timezone: 'UTC', maxRuns: 2, handleSignals: false, log: (l) => lines.push(l) });
    await s.done;
    expect(maxRunning).toBe(1);
    expect(s.runs).toBe(2);
    expect(ids[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ$/);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z schedule ready cron="\* \* \* \* \* \*" timezone=UTC next=\S+Z$/);
    expect(lines.filter((l) => / schedule start run=/.test(l))).toHaveLength(2);
    expect(lines.filter((l) => / schedule end run=\S+ outcome=ok exit=0 seconds=/.test(l))).toHaveLength(2);
    expect(lines.some((l) => / schedule skipped reason="previous run still going"/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/ schedule stopped runs=2$/);
  });

  it('survives a failed run: logs it and runs again at the next time', async () => {
    const lines: string[] = [];
    let n = 0;
    const s = startScheduler(async () => {
      n++;
      if (n === 1) throw new Error('targets file vanished');
      if (n === 2) return 1;
      return 0;
    }, { cron: EVERY_SECOND, timezone: 'UTC', maxRuns: 3, handleSignals: false, log: (l) => lines.push(l) });
    await s.done;
    const ends = lines.filter((l) => l.includes(' schedule end '));
    expect(ends[0]).toMatch(/outcome=failed .*error="targets file vanished"/);
    expect(ends[1]).toMatch(/outcome=failed exit=1/);
    expect(ends[2]).toMatch(/outcome=ok exit=0/);
  });

  it('SIGTERM stops after the current run, and no run starts afterwards', async () => {
    const lines: string[] = [];
    let finished = 0;
    let started = 0;
    const listenersBefore = process.listenerCount('SIGTERM');
    const s = startScheduler(async () => {
      started++;
      await sleep(700);
      finished++;
      return 0;
    }, { cron: EVERY_SECOND, timezone: 'UTC', runNow: true, log: (l) => lines.push(l) });
    await sleep(100);
    process.emit('SIGTERM', 'SIGTERM');
    await s.done;
    expect(finished).toBe(1);
    await sleep(1200);
    expect(started).toBe(1);
    expect(lines.some((l) => / schedule stopping reason=SIGTERM waiting="for the current run"/.test(l))).toBe(true);
    expect(process.listenerCount('SIGTERM')).toBe(listenersBefore);
  });

  it('validates the expression and the time zone; default zone is Asia/Jakarta', () => {
    expect(() => validateSchedule('61 * * * *')).toThrow(/not a usable cron expression/);
    expect(() => validateSchedule('0 2 * * *', 'Mars/Olympus')).toThrow(/unknown time zone/);
    expect(validateSchedule('0 2 * * *')).toBe('Asia/Jakarta');
    expect(validateSchedule('0 2 * * *', 'system')).toBeUndefined();
    expect(defaultRunId(new Date('2026-11-23T02:00:00.123Z'))).toBe('2026-11-23T02-00-00Z');
  });

  it('refuses a missing or invalid targets file at start: exit 2, one line naming the file, no run', async () => {
    const tdir = await mkdtemp(join(tmpdir(), 'egovscan-schedule-'));
    onTestFinished(() => rm(tdir, { recursive: true, force: true }));
    const bad = join(tdir, 'bad.yaml');
    await writeFile(bad, 'targets:\n  - { id: kota }\n');
    for (const file of [join(tdir, 'missing.yaml'), bad]) {
      const lines: string[] = [];
      const stderr = process.stderr.write;
      process.stderr.write = ((chunk: string) => (lines.push(String(chunk)), true)) as typeof process.stderr.write;
      let runs = 0;
      try {
        const code = await runScheduleCommand({ targets: file, cron: EVERY_SECOND, timezone: 'UTC', runNow: true, maxRuns: 1 }, async () => (runs++, 0), { log: () => {}, handleSignals: false });
        expect(code).toBe(2);
      } finally {
        process.stderr.write = stderr;
      }
      expect(runs).toBe(0);
      expect(lines.join('').trim().split('\n')).toHaveLength(1);
      expect(lines[0]).toContain(file);
    }
  });

  it('passes the crawl flags and a fresh run id to runCrawl; refuses --run-id and bad input with exit 2', async () => {
    const seen: Array<Record<string, unknown>> = [];
    const tdir = await mkdtemp(join(tmpdir(), 'egovscan-schedule-'));
    const tfile = join(tdir, 't.yaml');
    await writeFile(tfile, 'targets:\n  - { id: kota, name: Kota, portal: "https://kota.go.id/" }\n');
    onTestFinished(() => rm(tdir, { recursive: true, force: true }));
    const code = await runScheduleCommand(
      { targets: tfile, cron: EVERY_SECOND, timezone: 'UTC', runNow: true, maxRuns: 1, maxPages: 5, out: 'o' },
      async (opts) => {
        seen.push(opts);
        return 0;
      },
      { log: () => {}, handleSignals: false },
    );
    expect(code).toBe(0);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ targets: tfile, maxPages: 5, out: 'o', runId: expect.stringMatching(/Z$/) });
    expect(seen[0]).not.toHaveProperty('cron');
    const stderr = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      expect(await runScheduleCommand({ targets: tfile, cron: '* * *', timezone: 'UTC' }, async () => 0, { log: () => {} })).toBe(2);
      expect(await runScheduleCommand({ targets: 't', cron: EVERY_SECOND, runId: 'x' }, async () => 0, { log: () => {} })).toBe(2);
    } finally {
      process.stderr.write = stderr;
    }
  });
});

// Runs one measured process: wall time from spawn to exit, and the kernel's figures for it (peak
// RSS, CPU seconds of all its threads) through usage-probe.mjs. A `RESULT <json>` line on its
// stdout, if any, is handed back.
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROBE = fileURLToPath(new URL('./usage-probe.mjs', import.meta.url));

export interface Measured<R = unknown> {
  code: number | null;
  wallMs: number;
  cpuS: number;
  peakRssMb: number;
  result?: R;
  /** The last lines of its stderr, for a run that failed. */
  stderrTail: string;
}

export async function measure<R = unknown>(nodeArgs: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Measured<R>> {
  const usageFile = join(tmpdir(), `egovscan-bench-usage-${process.pid}-${Date.now()}.json`);
  const t0 = performance.now();
  const proc = spawn(process.execPath, ['--import', PROBE, ...nodeArgs], {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env, BENCH_USAGE_FILE: usageFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => (out = (out + d).slice(-4_000_000)));
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-4000)));
  const code = await new Promise<number | null>((ok) => proc.once('exit', (c) => ok(c)));
  const wallMs = performance.now() - t0;
  let usage = { maxRssKb: 0, userUs: 0, systemUs: 0 };
  try {
    usage = JSON.parse(await readFile(usageFile, 'utf8'));
  } catch {
    // killed before its exit hook: no figures
  }
  await rm(usageFile, { force: true });
  const line = out.split('\n').reverse().find((l) => l.startsWith('RESULT '));
  return {
    code,
    wallMs,
    cpuS: (usage.userUs + usage.systemUs) / 1e6,
    peakRssMb: usage.maxRssKb / 1024,
    result: line ? (JSON.parse(line.slice(7)) as R) : undefined,
    stderrTail: err.split('\n').slice(-6).join('\n'),
  };
}

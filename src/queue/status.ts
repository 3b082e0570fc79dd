// `egovscan status`: where a distributed run stands — its city jobs queued, running, done and
// failed, per worker, and when it should end at the pace so far.
import type { KyselyStore, RunInfo } from '../store/index.ts';
import type { CityQueue } from './boss.ts';
import { finishIfComplete, jobRows, reconcile, type JobRow, type JobState } from './run-jobs.ts';

export interface RunStatusReport {
  run: RunInfo;
  counts: Record<JobState, number>;
  workers: Array<{ worker: string; vantage: string } & Record<JobState, number>>;
  failed: Array<{ cityId: string; error: string; attempts: number }>;
  /** Cities per minute since the first city was taken. */
  perMinute: number | null;
  /** When the last city should be done at that pace (null: nothing done yet, or finished). */
  eta: string | null;
  jobs: JobRow[];
}

export async function runStatus(store: KyselyStore, queue: CityQueue | undefined, runId: string, now = new Date()): Promise<RunStatusReport | undefined> {
  let run = await store.getRun(runId);
  if (!run) return undefined;
  if (queue) {
    await reconcile(store, queue, runId);
    // A run whose last city has just ended (or run out of attempts) is finished by whoever looks.
    if (run.status === 'unfinished' && (await finishIfComplete(store, runId))) run = (await store.getRun(runId)) ?? run;
  }
  const jobs = await jobRows(store, runId);
  const counts: Record<JobState, number> = { queued: 0, running: 0, done: 0, failed: 0 };
  const byWorker = new Map<string, { worker: string; vantage: string } & Record<JobState, number>>();
  for (const j of jobs) {
    counts[j.state]++;
    if (!j.worker) continue;
    const w = byWorker.get(j.worker) ?? { worker: j.worker, vantage: j.vantage, queued: 0, running: 0, done: 0, failed: 0 };
    w[j.state]++;
    byWorker.set(j.worker, w);
  }
  const starts = jobs.map((j) => j.startedAt).filter((s): s is string => Boolean(s)).sort();
  const elapsedMin = starts[0] ? (now.getTime() - Date.parse(starts[0])) / 60_000 : 0;
  const perMinute = counts.done > 0 && elapsedMin > 0 ? counts.done / elapsedMin : null;
  const left = counts.queued + counts.running;
  const eta = perMinute && left > 0 ? new Date(now.getTime() + (left / perMinute) * 60_000).toISOString() : null;
  return {
    run, counts, workers: [...byWorker.values()].sort((a, b) => a.worker.localeCompare(b.worker)),
    failed: jobs.filter((j) => j.state === 'failed').map((j) => ({ cityId: j.cityId, error: j.error, attempts: j.attempts })),
    perMinute, eta, jobs,
  };
}

export function renderStatus(s: RunStatusReport): string {
  const c = s.counts;
  const total = c.queued + c.running + c.done + c.failed;
  const lines = [
    `Run ${s.run.runId}: ${s.run.status}; ${total} cities: ${c.queued} queued, ${c.running} running, ${c.done} done, ${c.failed} failed`,
    s.perMinute !== null ? `Pace: ${s.perMinute.toFixed(1)} cities/minute${s.eta ? `; ETA ${s.eta}` : ''}` : 'Pace: no city done yet',
  ];
  if (s.workers.length) {
    lines.push('', 'worker                          vantage         running  done  failed');
    for (const w of s.workers) lines.push(`${w.worker.padEnd(32)}${(w.vantage || '-').padEnd(16)}${String(w.running).padStart(7)}${String(w.done).padStart(6)}${String(w.failed).padStart(8)}`);
  }
  if (s.failed.length) {
    lines.push('', 'Failed cities:');
    for (const f of s.failed) lines.push(`  ${f.cityId} (${f.attempts} attempt${f.attempts === 1 ? '' : 's'}): ${f.error}`);
  }
  return lines.join('\n');
}

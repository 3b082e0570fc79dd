// The city jobs of a distributed run as the store sees them (run_jobs): queued, running (by which
// worker, from which vantage, which attempt), done or failed. pg-boss holds the leases; this table
// is what `egovscan status` reads and what decides that a run is finished.
import { sql } from 'kysely';
import type { KyselyStore } from '../store/index.ts';
import type { CityQueue } from './boss.ts';
import { markVantageDisagreements } from './vantage-disagrees.ts';

export type JobState = 'queued' | 'running' | 'done' | 'failed';

export async function addJobs(store: KyselyStore, runId: string, jobs: ReadonlyArray<{ cityId: string; position: number; jobId: string }>): Promise<void> {
  const now = new Date().toISOString();
  await store.write(async (tx) => {
    for (let i = 0; i < jobs.length; i += 200) {
      await tx.insertInto('run_jobs').values(jobs.slice(i, i + 200).map((j) => ({
        run_id: runId, city_id: j.cityId, position: j.position, job_id: j.jobId, state: 'queued', attempts: 0,
        worker: '', vantage: '', queued_at: now, started_at: null, finished_at: null, error: '',
      }))).execute();
    }
  });
}

export async function markRunning(store: KyselyStore, runId: string, cityId: string, worker: string, vantage: string): Promise<void> {
  await store.db.updateTable('run_jobs')
    .set((eb) => ({ state: 'running', attempts: eb('attempts', '+', 1), worker, vantage, started_at: new Date().toISOString(), finished_at: null }))
    .where('run_id', '=', runId).where('city_id', '=', cityId).where('state', '!=', 'done').execute();
}

export async function markEnded(store: KyselyStore, runId: string, cityId: string, state: JobState, error = ''): Promise<void> {
  await store.db.updateTable('run_jobs').set({ state, error: error.slice(0, 500), finished_at: state === 'queued' ? null : new Date().toISOString() })
    .where('run_id', '=', runId).where('city_id', '=', cityId).where('state', '!=', 'done').execute();
}

export interface JobRow {
  cityId: string;
  position: number;
  jobId: string;
  state: JobState;
  attempts: number;
  worker: string;
  vantage: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string;
}

export async function jobRows(store: KyselyStore, runId: string): Promise<JobRow[]> {
  const rows = await store.db.selectFrom('run_jobs').selectAll().where('run_id', '=', runId).orderBy('position').execute();
  return rows.map((r) => ({
    cityId: r.city_id, position: Number(r.position), jobId: r.job_id, state: r.state as JobState, attempts: Number(r.attempts),
    worker: r.worker, vantage: r.vantage, startedAt: r.started_at, finishedAt: r.finished_at, error: r.error,
  }));
}

/**
 * Brings run_jobs in line with the queue: a job the queue took back (its worker died: the lease
 * ran out) is queued again, one the queue gave up on is failed, and a city saved by some attempt is
 * done whatever its last attempt did.
 */
export async function reconcile(store: KyselyStore, queue: CityQueue, runId: string): Promise<void> {
  const open = (await jobRows(store, runId)).filter((j) => j.state === 'queued' || j.state === 'running');
  if (open.length === 0) return;
  const saved = new Set((await store.db.selectFrom('cities').select('city_id').where('run_id', '=', runId).where('job_attempt', '!=', '').execute()).map((r) => r.city_id));
  const states = await queue.states(open.map((j) => j.jobId));
  for (const j of open) {
    const q = states.get(j.jobId);
    if (saved.has(j.cityId)) await markEnded(store, runId, j.cityId, 'done');
    else if (q === 'failed' || q === 'cancelled' || (q === undefined && j.state === 'running')) await markEnded(store, runId, j.cityId, 'failed', j.error || 'the queue gave the job up (its lease ran out on every attempt)');
    else if (j.state === 'running' && (q === 'retry' || q === 'created')) await markEnded(store, runId, j.cityId, 'queued', `lease lost by ${j.worker || 'a worker'}`);
  }
}

/** Finishes the run once every city job is done or failed; the failed ones are listed in its summary. */
export async function finishIfComplete(store: KyselyStore, runId: string): Promise<boolean> {
  const jobs = await jobRows(store, runId);
  if (jobs.length === 0 || jobs.some((j) => j.state === 'queued' || j.state === 'running')) return false;
  const run = await store.getRun(runId);
  if (!run || run.status === 'finished') return false;
  const failed = jobs.filter((j) => j.state === 'failed').map((j) => j.cityId);
  const pages = await store.db.selectFrom('pages').select((eb) => eb.fn.countAll().as('n')).where('run_id', '=', runId).executeTakeFirst();
  const disputed = await store.write((tx) => markVantageDisagreements(tx, runId));
  await store.finishRun(runId, { cities: jobs.length - failed.length, cities_failed: failed, pages: Number(pages?.n ?? 0), distributed: true, vantage_disagrees: disputed });
  return true;
}

/** The queue is empty for this run: nothing waits and nothing runs. */
export async function runIsDrained(store: KyselyStore, runId: string): Promise<boolean> {
  const n = await store.db.selectFrom('run_jobs').select(sql<number>`count(*)`.as('n')).where('run_id', '=', runId).where('state', 'in', ['queued', 'running']).executeTakeFirst();
  return Number(n?.n ?? 0) === 0;
}

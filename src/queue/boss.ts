// The job queue of distributed runs: pg-boss 10 (the newest that runs on Node 20) in its own schema
// of the same PostgreSQL database as the store. One job per city; a job is leased to one worker,
// which extends its lease while it works (a heartbeat); a worker that dies stops extending it, the
// lease runs out and pg-boss hands the city to another worker (docs/distributed.md says why pg-boss).
// pg-boss and pg are loaded when a queue is opened: every command line imports this module.
import type PgBoss from 'pg-boss';
import type pg from 'pg';

export const QUEUE_SCHEMA = 'egovscan_queue';
export const CITY_QUEUE = 'egovscan-city';

export interface CityJobData {
  runId: string;
  cityId: string;
  /** The city's place in the targets file: outputs keep that order. */
  position: number;
  /** The target, as loaded from the targets file on the machine that enqueued the run. */
  target: unknown;
}

export interface QueueOptions {
  /** Seconds a job stays leased without a heartbeat (default 120). */
  leaseSeconds?: number;
  /** Attempts after the first (default 3). */
  retries?: number;
}

export interface CityQueue {
  boss: PgBoss;
  leaseSeconds: number;
  /** Sends the jobs under the given ids (uuids). */
  send(jobs: CityJobData[], ids: readonly string[]): Promise<void>;
  /** The next city job, leased to the caller; undefined when none is waiting. */
  take(): Promise<PgBoss.JobWithMetadata<CityJobData> | undefined>;
  /** Extends the lease of the attempt (`retryCount`) while it is still the active one. */
  heartbeat(id: string, retryCount: number, leaseSeconds?: number): Promise<boolean>;
  complete(id: string): Promise<void>;
  fail(id: string, message: string): Promise<void>;
  /** Hands jobs whose lease ran out back to the queue (or fails them after the last attempt). */
  expire(): Promise<void>;
  /** State of each job by id: created, retry, active, completed, cancelled, failed. */
  states(ids: readonly string[]): Promise<Map<string, string>>;
  close(): Promise<void>;
}

export async function openCityQueue(url: string, opts: QueueOptions = {}): Promise<CityQueue> {
  const leaseSeconds = Math.max(2, Math.floor(opts.leaseSeconds ?? 120));
  const { default: Boss } = await import('pg-boss');
  const { default: pgLib } = (await import('pg')) as { default: typeof pg };
  const boss = new Boss({
    connectionString: url,
    schema: QUEUE_SCHEMA,
    application_name: 'egovscan-queue',
    max: 3,
    // The expiry sweep runs at least three times per lease, so a dead worker's city waits at most
    // about a lease and a third before another worker takes it.
    maintenanceIntervalSeconds: Math.max(1, Math.floor(leaseSeconds / 3)),
    // Jobs of a run are kept a month: `status` and `report` read them after the run.
    retentionDays: 30,
    deleteAfterDays: 30,
    schedule: false,
  } as PgBoss.ConstructorOptions);
  // pg-boss reports connection trouble as events; without a listener EventEmitter would throw.
  boss.on('error', () => {});
  await boss.start();
  await boss.createQueue(CITY_QUEUE, { name: CITY_QUEUE, retryLimit: opts.retries ?? 3, retryDelay: 0, expireInSeconds: leaseSeconds }).catch(async (err: Error) => {
    // A second process creating it at the same moment: fine if it exists now.
    if (!(await boss.getQueue(CITY_QUEUE))) throw err;
  });
  const pool = new pgLib.Pool({ connectionString: url, max: 2, application_name: 'egovscan-lease' });
  pool.on('error', () => {});
  return {
    boss,
    leaseSeconds,
    async send(jobs, ids) {
      const retryLimit = opts.retries ?? 3;
      for (let i = 0; i < jobs.length; i += 500) {
        await boss.insert(jobs.slice(i, i + 500).map((data, k) => ({
          id: ids[i + k], name: CITY_QUEUE, data, expireInSeconds: leaseSeconds, retryLimit, retryDelay: 0,
        })));
      }
    },
    async take() {
      const [job] = await boss.fetch<CityJobData>(CITY_QUEUE, { batchSize: 1, includeMetadata: true });
      return job;
    },
    async heartbeat(id, retryCount, seconds = leaseSeconds) {
      // pg-boss 10 has no heartbeat of its own: its lease is started_on + expire_in, so the lease
      // is extended by moving expire_in, only for this attempt while it is still active.
      const r = await pool.query(
        `UPDATE ${QUEUE_SCHEMA}.job SET expire_in = (now() - started_on) + make_interval(secs => $4)
          WHERE name = $1 AND id = $2::uuid AND state = 'active' AND retry_count = $3`,
        [CITY_QUEUE, id, retryCount, seconds],
      );
      return (r.rowCount ?? 0) > 0;
    },
    complete: (id) => boss.complete(CITY_QUEUE, id),
    fail: (id, message) => boss.fail(CITY_QUEUE, id, { message }),
    expire: () => boss.expire(),
    async states(ids) {
      if (ids.length === 0) return new Map();
      const r = await pool.query(`SELECT id::text AS id, state::text AS state FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND id = ANY($2::uuid[])`, [CITY_QUEUE, [...ids]]);
      return new Map(r.rows.map((row: { id: string; state: string }) => [row.id, row.state]));
    },
    async close() {
      await boss.stop({ graceful: false, wait: true, close: true }).catch(() => {});
      await pool.end().catch(() => {});
    },
  };
}

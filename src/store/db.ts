// The store's tables as Kysely types, and a Kysely instance over either dialect: better-sqlite3
// (embedded) or pg (shared). Everything above this file is written once, for both.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql, type Generated, type Transaction } from 'kysely';
import { createRequire } from 'node:module';
import type pg from 'pg';
import type { StoreLocation } from './location.ts';

export interface RunsTable {
  seq: Generated<number>;
  run_id: string;
  started: string;
  finished: string | null;
  status: string;
  settings: string;
  summary: string | null;
}

export interface CitiesTable {
  run_id: string;
  city_id: string;
  city_name: string;
  portal_url: string;
  saved_at: string;
  reachable: number | null;
  pages_crawled: number;
  score_total: number | null;
  phase: string | null;
  phase_reason: string | null;
  scores: string;
  extra: string;
  /** Schema 2: the job attempt that saved the city ('' for an in-process run), its worker and vantage. */
  job_attempt: Generated<string>;
  worker: Generated<string>;
  vantage: Generated<string>;
  /** Schema 2: the city's rows of the run's CSV files, as JSON ('' when not kept). */
  files: Generated<string>;
}

export interface PagesTable {
  run_id: string;
  city_id: string;
  url: string;
  final_url: string;
  http_status: number;
  reason: string;
  content_type: string;
  bytes: number;
  depth: number | null;
  kind: string;
  rendered: number;
  title: string;
  newest_date: string;
  flags: string;
}

export interface LinksTable {
  run_id: string;
  city_id: string;
  source_url: string;
  target_url: string;
  status: string;
  reason: string;
  http_status: number;
}

export interface AppsTable {
  run_id: string;
  city_id: string;
  app_key: string;
  name: string;
  url: string;
  category: string;
  category_reason: string;
  source: string;
  status: string;
  reason: string;
  detail: string;
  http_status: number;
  final_url: string;
  last_updated: string;
  checked_at: string;
  found_on: string;
  platform: string;
}

/** Schema 2: one row per city job of a distributed run (what `egovscan status` shows). */
export interface RunJobsTable {
  run_id: string;
  city_id: string;
  position: number;
  /** The queue's id of the job (pg-boss). */
  job_id: string;
  state: string;
  attempts: number;
  worker: string;
  vantage: string;
  queued_at: string;
  started_at: string | null;
  finished_at: string | null;
  error: string;
}

/** Schema 2: checks of shared external URLs, answered once per run for every worker. */
export interface SharedChecksTable {
  run_id: string;
  url: string;
  outcome: string;
  vantage: string;
  checked_at: string;
}

/** Schema 3: when the next request to an external origin may start, over all workers of a run. */
export interface HostPaceTable {
  run_id: string;
  origin: string;
  next_at: number;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface DB {
  meta: MetaTable;
  runs: RunsTable;
  cities: CitiesTable;
  pages: PagesTable;
  links: LinksTable;
  apps: AppsTable;
  run_jobs: RunJobsTable;
  shared_checks: SharedChecksTable;
  host_pace: HostPaceTable;
}

export type Dialect = StoreLocation['dialect'];
export type Db = Kysely<DB>;
export type Tx = Transaction<DB> | Kysely<DB>;

export interface OpenDbOptions {
  busyTimeoutMs?: number;
  readonly?: boolean;
}

export function openDb(loc: StoreLocation, opts: OpenDbOptions = {}): Db {
  if (loc.dialect === 'postgres') {
    // pg is loaded only for a shared store: the embedded default should not carry it.
    const { Pool } = createRequire(import.meta.url)('pg') as typeof pg;
    const pool = new Pool({ connectionString: loc.url, max: 4, application_name: 'egovscan' });
    // An idle client that loses its server (restart, network) must not crash the process.
    pool.on('error', () => {});
    return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  }
  if (!opts.readonly) mkdirSync(dirname(loc.file), { recursive: true });
  const db = new Database(loc.file, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? 10_000))}`);
  if (!opts.readonly) {
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode never corrupts the file; at worst the last commit is lost on power failure.
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('foreign_keys = ON');
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: db }) });
}

/** One write lock per SQLite file in this process: better-sqlite3 waits for a lock synchronously,
 * so two handles of one process interleaving their transactions would block each other's thread. */
const fileLocks = new Map<string, Promise<unknown>>();

/**
 * A write transaction. SQLite: BEGIN IMMEDIATE takes the write lock up front, so two writers queue
 * on busy_timeout instead of failing when a read lock would have to be upgraded. PostgreSQL: an
 * ordinary transaction (row locks and constraints do the rest).
 */
export async function writeTx<T>(db: Db, loc: StoreLocation, body: (tx: Tx) => Promise<T>): Promise<T> {
  if (loc.dialect === 'postgres') return db.transaction().execute(body);
  const prev = fileLocks.get(loc.file) ?? Promise.resolve();
  const run = prev.catch(() => {}).then(() =>
    db.connection().execute(async (conn) => {
      await sql`BEGIN IMMEDIATE`.execute(conn);
      try {
        const out = await body(conn);
        await sql`COMMIT`.execute(conn);
        return out;
      } catch (err) {
        await sql`ROLLBACK`.execute(conn).catch(() => {});
        throw err;
      }
    }),
  );
  fileLocks.set(loc.file, run);
  try {
    return await run;
  } finally {
    if (fileLocks.get(loc.file) === run) fileLocks.delete(loc.file);
  }
}

// Schema of the history store and its migrations, one versioned list for both dialects. Each
// migration runs once, inside a write transaction that re-reads the version first (SQLite: BEGIN
// IMMEDIATE; PostgreSQL: an advisory lock), so two processes opening a fresh store at the same
// moment cannot both apply it. A SQLite file written by an older egovscan migrates forward.
import { sql } from 'kysely';
import type { Db, Dialect, Tx } from './db.ts';
import { writeTx } from './db.ts';
import type { StoreLocation } from './location.ts';

export interface Migration {
  version: number;
  /** Statements separated by `;` (better-sqlite3 prepares one statement at a time). */
  sql: (d: Dialect) => string;
}

/** The few words the two dialects spell differently. */
const types = (d: Dialect) => ({
  seq: d === 'postgres' ? 'SERIAL PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT',
  // PostgreSQL's REAL is 4 bytes (58.1 would come back 58.099998); SQLite's REAL is already 8.
  real: d === 'postgres' ? 'DOUBLE PRECISION' : 'REAL',
  big: d === 'postgres' ? 'BIGINT' : 'INTEGER',
});

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: (d) => {
      const t = types(d);
      return `
      CREATE TABLE IF NOT EXISTS runs (
        seq       ${t.seq},
        run_id    TEXT NOT NULL UNIQUE,
        started   TEXT NOT NULL,
        finished  TEXT,
        status    TEXT NOT NULL DEFAULT 'unfinished' CHECK (status IN ('unfinished', 'finished', 'failed')),
        settings  TEXT NOT NULL DEFAULT '{}',
        summary   TEXT
      );
      CREATE TABLE IF NOT EXISTS cities (
        run_id        TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
        city_id       TEXT NOT NULL,
        city_name     TEXT NOT NULL DEFAULT '',
        portal_url    TEXT NOT NULL DEFAULT '',
        saved_at      TEXT NOT NULL,
        reachable     INTEGER,
        pages_crawled INTEGER NOT NULL DEFAULT 0,
        score_total   ${t.real},
        phase         TEXT,
        phase_reason  TEXT,
        scores        TEXT NOT NULL DEFAULT '{}',
        extra         TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (run_id, city_id)
      );
      CREATE TABLE IF NOT EXISTS pages (
        run_id       TEXT NOT NULL,
        city_id      TEXT NOT NULL,
        url          TEXT NOT NULL,
        final_url    TEXT NOT NULL DEFAULT '',
        http_status  INTEGER NOT NULL DEFAULT 0,
        reason       TEXT NOT NULL DEFAULT '',
        content_type TEXT NOT NULL DEFAULT '',
        bytes        ${t.big} NOT NULL DEFAULT 0,
        depth        INTEGER,
        kind         TEXT NOT NULL DEFAULT 'page',
        rendered     INTEGER NOT NULL DEFAULT 0,
        title        TEXT NOT NULL DEFAULT '',
        newest_date  TEXT NOT NULL DEFAULT '',
        flags        TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (run_id, city_id, url),
        FOREIGN KEY (run_id, city_id) REFERENCES cities(run_id, city_id) ON DELETE CASCADE
      );
      CREATE TABLE IF NOT EXISTS links (
        run_id      TEXT NOT NULL,
        city_id     TEXT NOT NULL,
        source_url  TEXT NOT NULL,
        target_url  TEXT NOT NULL,
        status      TEXT NOT NULL,
        reason      TEXT NOT NULL DEFAULT '',
        http_status INTEGER NOT NULL DEFAULT 0,
        FOREIGN KEY (run_id, city_id) REFERENCES cities(run_id, city_id) ON DELETE CASCADE
      );
      CREATE INDEX IF NOT EXISTS links_by_city ON links (run_id, city_id);
      CREATE TABLE IF NOT EXISTS apps (
        run_id          TEXT NOT NULL,
        city_id         TEXT NOT NULL,
        app_key         TEXT NOT NULL,
        name            TEXT NOT NULL DEFAULT '',
        url             TEXT NOT NULL,
        category        TEXT NOT NULL DEFAULT '',
        category_reason TEXT NOT NULL DEFAULT '',
        source          TEXT NOT NULL DEFAULT '',
        status          TEXT NOT NULL,
        reason          TEXT NOT NULL,
        detail          TEXT NOT NULL DEFAULT '',
        http_status     INTEGER NOT NULL DEFAULT 0,
        final_url       TEXT NOT NULL DEFAULT '',
        last_updated    TEXT NOT NULL DEFAULT '',
        checked_at      TEXT NOT NULL DEFAULT '',
        found_on        TEXT NOT NULL DEFAULT '',
        platform        TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (run_id, city_id, app_key),
        FOREIGN KEY (run_id, city_id) REFERENCES cities(run_id, city_id) ON DELETE CASCADE
      );
      CREATE INDEX IF NOT EXISTS apps_by_key ON apps (city_id, app_key)`;
    },
  },
  {
    // Distributed runs: who saved a city (job attempt, worker, vantage), the city's CSV rows (so
    // that `report --store` can write a run no single machine holds), the run's city jobs, and the
    // shared checks of external URLs.
    version: 2,
    sql: () => `
      ALTER TABLE cities ADD COLUMN job_attempt TEXT NOT NULL DEFAULT '';
      ALTER TABLE cities ADD COLUMN worker TEXT NOT NULL DEFAULT '';
      ALTER TABLE cities ADD COLUMN vantage TEXT NOT NULL DEFAULT '';
      ALTER TABLE cities ADD COLUMN files TEXT NOT NULL DEFAULT '';
      CREATE TABLE IF NOT EXISTS run_jobs (
        run_id      TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
        city_id     TEXT NOT NULL,
        position    INTEGER NOT NULL DEFAULT 0,
        job_id      TEXT NOT NULL DEFAULT '',
        state       TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
        attempts    INTEGER NOT NULL DEFAULT 0,
        worker      TEXT NOT NULL DEFAULT '',
        vantage     TEXT NOT NULL DEFAULT '',
        queued_at   TEXT NOT NULL,
        started_at  TEXT,
        finished_at TEXT,
        error       TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (run_id, city_id)
      );
      CREATE TABLE IF NOT EXISTS shared_checks (
        run_id     TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
        url        TEXT NOT NULL,
        outcome    TEXT NOT NULL,
        vantage    TEXT NOT NULL DEFAULT '',
        checked_at TEXT NOT NULL,
        PRIMARY KEY (run_id, url)
      )`,
  },
  {
    // The pace of each external origin over all the workers of a run: the next moment (the
    // database's clock, epoch milliseconds) a request to it may start.
    version: 3,
    sql: (d) => `
      CREATE TABLE IF NOT EXISTS host_pace (
        run_id  TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
        origin  TEXT NOT NULL,
        next_at ${types(d).real} NOT NULL,
        PRIMARY KEY (run_id, origin)
      )`,
  },
];

export const SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;

export async function schemaVersion(db: Tx): Promise<number> {
  const row = await db.selectFrom('meta').select('value').where('key', '=', 'schema_version').executeTakeFirst();
  return row ? Number(row.value) : 0;
}

const statements = (text: string) => text.split(';').map((s) => s.trim()).filter((s) => s !== '');

/** Brings the store to SCHEMA_VERSION. Refuses a store written by a newer egovscan. */
export async function migrate(db: Db, loc: StoreLocation): Promise<void> {
  await writeTx(db, loc, async (tx) => {
    // Held to the end of the transaction: a second process waits here, then sees the new version
    // (two concurrent CREATE TABLE IF NOT EXISTS can otherwise collide in PostgreSQL's catalog).
    if (loc.dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(2016161616)`.execute(tx);
    await sql`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`.execute(tx);
    const current = await schemaVersion(tx);
    if (current > SCHEMA_VERSION) {
      throw new Error(`the history store has schema version ${current}; this egovscan knows up to ${SCHEMA_VERSION}`);
    }
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      for (const s of statements(m.sql(loc.dialect))) await sql.raw(s).execute(tx);
      await tx.insertInto('meta').values({ key: 'schema_version', value: String(m.version) })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(m.version) })).execute();
    }
  });
}

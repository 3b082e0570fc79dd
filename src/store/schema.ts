// Schema of the history store and its migrations. Each migration runs once, inside a write
// transaction that re-reads the version first, so two processes opening a fresh file at the same
// moment cannot both apply it.
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE IF NOT EXISTS runs (
        seq       INTEGER PRIMARY KEY AUTOINCREMENT,
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
        score_total   REAL,
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
        bytes        INTEGER NOT NULL DEFAULT 0,
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
      CREATE INDEX IF NOT EXISTS apps_by_key ON apps (city_id, app_key);
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;

export function schemaVersion(db: Database.Database): number {
  const row = db.prepare(`SELECT value FROM meta WHERE key = 'schema_version'`).get() as { value: string } | undefined;
  return row ? Number(row.value) : 0;
}

/** Brings the file to SCHEMA_VERSION. Refuses a file written by a newer egovscan. */
export function migrate(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
  const apply = db.transaction(() => {
    const current = schemaVersion(db);
    if (current > SCHEMA_VERSION) {
      throw new Error(`the history store has schema version ${current}; this egovscan knows up to ${SCHEMA_VERSION}`);
    }
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      db.prepare(`INSERT INTO meta (key, value) VALUES ('schema_version', ?)
                  ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(String(m.version));
    }
  });
  apply.immediate();
}

// Run history in one embedded SQLite file, `<out>/egovscan.sqlite`. Every city's results are
// written in a single transaction, in WAL mode, so a run killed mid-write or a second egovscan
// writing at the same time leaves the file whole: a reader sees a city completely or not at all.
// A run stays `unfinished` until finishRun(); history and diffs only trust finished runs.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppHistory, AppResult } from '../apps/types.ts';
import type { PageRecord } from '../gather/city-facts.ts';
import { computeHistory, type Observation } from './history.ts';
import { migrate } from './schema.ts';

/** SQL condition on `runs r`: the run judged what it saw (not degraded by a network outage). */
const JUDGED_RUN = `COALESCE(json_extract(r.summary, '$.degraded'), 0) = 0`;

export const STORE_FILE = 'egovscan.sqlite';

export type RunStatus = 'unfinished' | 'finished' | 'failed';

export interface RunInfo {
  seq: number;
  runId: string;
  started: string;
  finished: string | null;
  status: RunStatus;
  settings: unknown;
  summary: unknown;
  cities: number;
}

/** A not-fine link (links.csv row). */
export interface LinkRecord {
  sourceUrl: string;
  targetUrl: string;
  status: string;
  reason: string;
  httpStatus: number;
}

export interface CityScores {
  /** criterion → score 0..100 (null: could not be scored). */
  criteria: Record<string, number | null>;
  total: number | null;
  phase: string;
  phaseReason?: string;
}

export interface CityRecord {
  cityId: string;
  cityName?: string;
  portal?: string;
  reachable?: boolean;
  pages?: readonly PageRecord[];
  links?: readonly LinkRecord[];
  apps?: readonly AppResult[];
  scores?: CityScores;
  /** Anything else worth keeping per city (counts, flags), as JSON. */
  extra?: Record<string, unknown>;
}

export interface StoredCity {
  runId: string;
  cityId: string;
  cityName: string;
  portal: string;
  reachable: boolean | null;
  pagesCrawled: number;
  scores: CityScores | null;
  extra: Record<string, unknown>;
}

export interface StoredApp {
  runId: string;
  cityId: string;
  key: string;
  name: string;
  url: string;
  category: string;
  categoryReason: string;
  source: string;
  status: string;
  reason: string;
  detail: string;
  httpStatus: number;
  finalUrl: string;
  lastUpdated: string;
  checkedAt: string;
  foundOn: string;
}

export interface Store {
  readonly file: string;
  /** Starts a run, or reopens an unfinished one of the same id (--resume). A finished id is refused. */
  beginRun(runId: string, settings?: unknown, started?: Date): RunInfo;
  /** Replaces everything stored for this city in this run, in one transaction. */
  saveCity(runId: string, city: CityRecord): void;
  finishRun(runId: string, summary?: unknown, status?: Exclude<RunStatus, 'unfinished'>): void;
  getRun(runId: string): RunInfo | undefined;
  /** Every run, oldest first. */
  listRuns(): RunInfo[];
  /** The newest finished run (optionally: before the given one). */
  latestFinishedRun(before?: string): RunInfo | undefined;
  cities(runId: string): StoredCity[];
  apps(runId: string, cityId?: string): StoredApp[];
  links(runId: string, cityId?: string): LinkRecord[];
  linksWithCity(runId: string): Array<LinkRecord & { cityId: string }>;
  /** Crawled page URLs of a city in a run. */
  pageUrls(runId: string, cityId: string): Set<string>;
  /**
   * History of the city's applications as of `runId` (which may still be unfinished: the run
   * being written), keyed by application key: first_seen, last_seen_alive, changed (against the
   * previous finished run that covered the city) and failures_in_a_row.
   */
  appHistory(runId: string, cityId: string): Map<string, AppHistory>;
  close(): void;
}

export interface OpenStoreOptions {
  /** Milliseconds to wait for another writer's lock (default 10 s). */
  busyTimeoutMs?: number;
  readonly?: boolean;
}

export class StoreError extends Error {}

/** Opens (creating and migrating as needed) `<outDir>/egovscan.sqlite`. */
export function openStore(outDir: string, opts: OpenStoreOptions = {}): Store {
  if (!opts.readonly) mkdirSync(outDir, { recursive: true });
  const file = join(outDir, STORE_FILE);
  const db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? 10_000))}`);
  if (!opts.readonly) {
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode never corrupts the file; at worst the last commit is lost on power failure.
    db.pragma('synchronous = NORMAL');
    migrate(db);
  }
  db.pragma('foreign_keys = ON');
  return new SqliteStore(db, file);
}

interface RunRow {
  seq: number;
  run_id: string;
  started: string;
  finished: string | null;
  status: RunStatus;
  settings: string;
  summary: string | null;
  cities: number;
}

const parse = (s: string | null): unknown => {
  if (s === null || s === '') return null;
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
};

function toRun(r: RunRow): RunInfo {
  return {
    seq: r.seq, runId: r.run_id, started: r.started, finished: r.finished, status: r.status,
    settings: parse(r.settings), summary: parse(r.summary), cities: r.cities,
  };
}

const RUN_SELECT = `SELECT r.*, (SELECT COUNT(*) FROM cities c WHERE c.run_id = r.run_id) AS cities FROM runs r`;

class SqliteStore implements Store {
  constructor(
    private readonly db: Database.Database,
    readonly file: string,
  ) {}

  beginRun(runId: string, settings: unknown = {}, started: Date = new Date()): RunInfo {
    const tx = this.db.transaction(() => {
      const existing = this.getRun(runId);
      if (existing) {
        if (existing.status === 'finished') throw new StoreError(`run ${runId} is already finished in ${this.file}`);
        this.db.prepare(`UPDATE runs SET status = 'unfinished', finished = NULL, settings = ? WHERE run_id = ?`)
          .run(JSON.stringify(settings ?? {}), runId);
      } else {
        this.db.prepare(`INSERT INTO runs (run_id, started, settings) VALUES (?, ?, ?)`)
          .run(runId, started.toISOString(), JSON.stringify(settings ?? {}));
      }
    });
    tx.immediate();
    return this.getRun(runId)!;
  }

  saveCity(runId: string, city: CityRecord): void {
    const db = this.db;
    const tx = db.transaction(() => {
      const run = this.getRun(runId);
      if (!run) throw new StoreError(`run ${runId} was not begun`);
      if (run.status === 'finished') throw new StoreError(`run ${runId} is finished; its cities cannot change`);
      // Deleting the city row cascades to its pages, links and apps: a re-saved city (--resume)
      // replaces what was there instead of adding duplicates.
      db.prepare(`DELETE FROM cities WHERE run_id = ? AND city_id = ?`).run(runId, city.cityId);
      const s = city.scores;
      db.prepare(
        `INSERT INTO cities (run_id, city_id, city_name, portal_url, saved_at, reachable, pages_crawled,
                             score_total, phase, phase_reason, scores, extra)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        runId, city.cityId, city.cityName ?? '', city.portal ?? '', new Date().toISOString(),
        city.reachable === undefined ? null : city.reachable ? 1 : 0,
        (city.pages ?? []).filter((p) => p.kind === 'page').length, s?.total ?? null, s?.phase ?? null, s?.phaseReason ?? null,
        JSON.stringify(s?.criteria ?? {}), JSON.stringify(city.extra ?? {}),
      );
      const page = db.prepare(
        `INSERT OR REPLACE INTO pages (run_id, city_id, url, final_url, http_status, reason, content_type, bytes,
                                       depth, kind, rendered, title, newest_date, flags)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const p of city.pages ?? []) {
        page.run(
          runId, city.cityId, p.url, p.finalUrl ?? '', p.status ?? 0, p.reason ?? '', p.contentType ?? '', p.bytes ?? 0,
          p.depth ?? null, p.kind ?? 'page', p.rendered ? 1 : 0, p.title, p.newestDate ?? '',
          p.flags.join(' '),
        );
      }
      const link = db.prepare(
        `INSERT INTO links (run_id, city_id, source_url, target_url, status, reason, http_status) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const l of city.links ?? []) {
        link.run(runId, city.cityId, l.sourceUrl, l.targetUrl, l.status, l.reason ?? '', l.httpStatus ?? 0);
      }
      const app = db.prepare(
        `INSERT OR REPLACE INTO apps (run_id, city_id, app_key, name, url, category, category_reason, source, status,
                                      reason, detail, http_status, final_url, last_updated, checked_at, found_on, platform)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const a of city.apps ?? []) {
        app.run(
          runId, city.cityId, a.key, a.name, a.url, a.category, a.categoryReason, a.source, a.status, a.reason,
          a.detail ?? '', a.httpStatus ?? 0, a.finalUrl ?? '', a.lastUpdated ?? '', a.checkedAt ?? '', a.foundOn ?? '',
          a.platform ?? '',
        );
      }
    });
    // IMMEDIATE takes the write lock up front: two writers queue on busy_timeout instead of
    // failing when a read lock would have to be upgraded.
    tx.immediate();
  }

  finishRun(runId: string, summary: unknown = null, status: Exclude<RunStatus, 'unfinished'> = 'finished'): void {
    const info = this.db
      .prepare(`UPDATE runs SET status = ?, finished = ?, summary = ? WHERE run_id = ?`)
      .run(status, new Date().toISOString(), summary === null ? null : JSON.stringify(summary), runId);
    if (info.changes === 0) throw new StoreError(`run ${runId} was not begun`);
  }

  getRun(runId: string): RunInfo | undefined {
    const row = this.db.prepare(`${RUN_SELECT} WHERE r.run_id = ?`).get(runId) as RunRow | undefined;
    return row ? toRun(row) : undefined;
  }

  listRuns(): RunInfo[] {
    return (this.db.prepare(`${RUN_SELECT} ORDER BY r.seq`).all() as RunRow[]).map(toRun);
  }

  latestFinishedRun(before?: string): RunInfo | undefined {
    const limit = before ? this.getRun(before)?.seq ?? Number.MAX_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
    const row = this.db
      .prepare(`${RUN_SELECT} WHERE r.status = 'finished' AND r.seq < ? ORDER BY r.seq DESC LIMIT 1`)
      .get(limit) as RunRow | undefined;
    return row ? toRun(row) : undefined;
  }

  cities(runId: string): StoredCity[] {
    const rows = this.db.prepare(`SELECT * FROM cities WHERE run_id = ? ORDER BY city_id`).all(runId) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      runId,
      cityId: String(r.city_id),
      cityName: String(r.city_name),
      portal: String(r.portal_url),
      reachable: r.reachable === null ? null : r.reachable === 1,
      pagesCrawled: Number(r.pages_crawled),
      scores: r.phase === null && r.score_total === null
        ? null
        : {
            criteria: (parse(r.scores as string) ?? {}) as Record<string, number | null>,
            total: r.score_total === null ? null : Number(r.score_total),
            phase: String(r.phase ?? ''),
            phaseReason: r.phase_reason === null ? undefined : String(r.phase_reason),
          },
      extra: (parse(r.extra as string) ?? {}) as Record<string, unknown>,
    }));
  }

  apps(runId: string, cityId?: string): StoredApp[] {
    const rows = (cityId === undefined
      ? this.db.prepare(`SELECT * FROM apps WHERE run_id = ? ORDER BY city_id, app_key`).all(runId)
      : this.db.prepare(`SELECT * FROM apps WHERE run_id = ? AND city_id = ? ORDER BY app_key`).all(runId, cityId)) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      runId, cityId: String(r.city_id), key: String(r.app_key), name: String(r.name), url: String(r.url),
      category: String(r.category), categoryReason: String(r.category_reason), source: String(r.source),
      status: String(r.status), reason: String(r.reason), detail: String(r.detail), httpStatus: Number(r.http_status),
      finalUrl: String(r.final_url), lastUpdated: String(r.last_updated), checkedAt: String(r.checked_at),
      foundOn: String(r.found_on),
    }));
  }

  links(runId: string, cityId?: string): LinkRecord[] {
    return this.linksWithCity(runId).filter((l) => cityId === undefined || l.cityId === cityId);
  }

  linksWithCity(runId: string): Array<LinkRecord & { cityId: string }> {
    const rows = this.db
      .prepare(`SELECT * FROM links WHERE run_id = ? ORDER BY city_id, target_url, source_url`)
      .all(runId) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      cityId: String(r.city_id), sourceUrl: String(r.source_url), targetUrl: String(r.target_url),
      status: String(r.status), reason: String(r.reason), httpStatus: Number(r.http_status),
    }));
  }

  pageUrls(runId: string, cityId: string): Set<string> {
    const rows = this.db.prepare(`SELECT url, final_url FROM pages WHERE run_id = ? AND city_id = ?`).all(runId, cityId) as Array<{ url: string; final_url: string }>;
    const out = new Set<string>();
    for (const r of rows) {
      out.add(r.url);
      if (r.final_url) out.add(r.final_url);
    }
    return out;
  }

  appHistory(runId: string, cityId: string): Map<string, AppHistory> {
    const run = this.getRun(runId);
    if (!run) throw new StoreError(`unknown run ${runId}`);
    // The runs that count: finished ones before this run that covered the city, and this run. A
    // degraded run (the outside network was down: summary.degraded) judged nobody and is left out.
    const rows = this.db
      .prepare(
        `SELECT a.app_key AS key, a.status AS status, r.seq AS seq, r.started AS started
           FROM apps a JOIN runs r ON r.run_id = a.run_id
          WHERE a.city_id = ? AND (r.run_id = ? OR (r.status = 'finished' AND r.seq < ? AND ${JUDGED_RUN}))
          ORDER BY r.seq`,
      )
      .all(cityId, runId, run.seq) as Array<{ key: string; status: string; seq: number; started: string }>;
    const prev = this.db
      .prepare(
        `SELECT r.seq AS seq FROM runs r JOIN cities c ON c.run_id = r.run_id
          WHERE c.city_id = ? AND r.status = 'finished' AND r.seq < ? AND ${JUDGED_RUN} ORDER BY r.seq DESC LIMIT 1`,
      )
      .get(cityId, run.seq) as { seq: number } | undefined;
    const byKey = new Map<string, Observation[]>();
    for (const r of rows) {
      const list = byKey.get(r.key) ?? [];
      list.push({ seq: r.seq, started: r.started, status: r.status });
      byKey.set(r.key, list);
    }
    const out = new Map<string, AppHistory>();
    for (const [key, obs] of byKey) {
      // Only applications present in this run get a row in applications.csv.
      if (obs.at(-1)!.seq !== run.seq) continue;
      out.set(key, computeHistory(obs, prev?.seq));
    }
    return out;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

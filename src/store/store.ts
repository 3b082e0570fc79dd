// Run history, in one embedded SQLite file (`<out>/egovscan.sqlite`, the default) or in a
// PostgreSQL database shared by several machines: one code path, Kysely speaking both dialects.
// Every city's results are written in a single transaction, so a run killed mid-write or a second
// egovscan writing at the same time leaves the store whole: a reader sees a city completely or not
// at all. A run stays `unfinished` until finishRun(); history and diffs only trust finished runs.
import type { AppHistory } from '../apps/types.ts';
import type { PageRecord } from '../gather/city-facts.ts';
import type { Selectable } from 'kysely';
import { openDb, writeTx, type Db, type Dialect, type RunsTable, type Tx } from './db.ts';
import { computeHistory, type Observation } from './history.ts';
import { storeLocation, type StoreLocation } from './location.ts';
import { migrate } from './schema.ts';
import {
  StoreError, type CityClaim, type CityRecord, type LinkRecord, type OpenStoreOptions, type RunInfo, type RunStatus,
  type Store, type StoredApp, type StoredCity,
} from './types.ts';

/** Opens (creating and migrating as needed) the store: `opts.store`, EGOVSCAN_STORE or `<outDir>/egovscan.sqlite`. */
export async function openStore(outDir: string, opts: OpenStoreOptions = {}): Promise<KyselyStore> {
  const loc = storeLocation(outDir, opts.store, opts.env);
  const db = openDb(loc, opts);
  try {
    if (!opts.readonly) await migrate(db, loc);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return new KyselyStore(db, loc);
}

const parse = (s: string | null | undefined): unknown => {
  if (s === null || s === undefined || s === '') return null;
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
};

/** A runs row with its count of cities (a count comes back as a string or bigint from pg). */
interface RunRow extends Selectable<RunsTable> {
  cities: number | string | bigint | null;
}

function toRun(r: RunRow): RunInfo {
  return {
    seq: Number(r.seq), runId: r.run_id, started: r.started, finished: r.finished, status: r.status as RunStatus,
    settings: parse(r.settings), summary: parse(r.summary), cities: Number(r.cities ?? 0),
  };
}

/** The run judged what it saw: not degraded by a network outage (summary.degraded). */
const judged = (r: RunInfo) => !(r.summary && typeof r.summary === 'object' && (r.summary as { degraded?: unknown }).degraded);

/** Rows per INSERT: well under SQLite's and PostgreSQL's limits on bound parameters. */
const CHUNK = 200;

async function insertChunked<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

/** Last one wins, as INSERT OR REPLACE did: one multi-row INSERT may not name a key twice. */
function lastByKey<T>(rows: readonly T[], key: (r: T) => string): T[] {
  const m = new Map<string, T>();
  for (const r of rows) m.set(key(r), r);
  return [...m.values()];
}

export class KyselyStore implements Store {
  readonly file: string;
  readonly dialect: Dialect;

  constructor(
    /** For the queue and status modules, which keep their own tables in the same database. */
    readonly db: Db,
    readonly location: StoreLocation,
  ) {
    this.file = location.label;
    this.dialect = location.dialect;
  }

  /** A write transaction (SQLite: BEGIN IMMEDIATE; see db.ts). */
  write<T>(body: (tx: Tx) => Promise<T>): Promise<T> {
    return writeTx(this.db, this.location, body);
  }

  private runs(db: Tx = this.db) {
    return db.selectFrom('runs as r').selectAll('r')
      .select((eb) => eb.selectFrom('cities as c').select((e) => e.fn.countAll().as('n')).whereRef('c.run_id', '=', 'r.run_id').as('cities'));
  }

  private async runIn(db: Tx, runId: string): Promise<RunInfo | undefined> {
    const row = await this.runs(db).where('r.run_id', '=', runId).executeTakeFirst();
    return row ? toRun(row as RunRow) : undefined;
  }

  async beginRun(runId: string, settings: unknown = {}, started: Date = new Date()): Promise<RunInfo> {
    await this.write(async (tx) => {
      const existing = await this.runIn(tx, runId);
      if (existing) {
        if (existing.status === 'finished') throw new StoreError(`run ${runId} is already finished in ${this.file}`);
        await tx.updateTable('runs').set({ status: 'unfinished', finished: null, settings: JSON.stringify(settings ?? {}) })
          .where('run_id', '=', runId).execute();
      } else {
        await tx.insertInto('runs').values({ run_id: runId, started: started.toISOString(), finished: null, status: 'unfinished', settings: JSON.stringify(settings ?? {}), summary: null }).execute();
      }
    });
    return (await this.getRun(runId))!;
  }

  async saveCity(runId: string, city: CityRecord): Promise<void> {
    await this.write(async (tx) => {
      await this.openRunIn(tx, runId);
      await this.writeCity(tx, runId, city, undefined);
    });
  }

  async saveCityOnce(runId: string, city: CityRecord, claim: CityClaim): Promise<boolean> {
    return this.write(async (tx) => {
      await this.openRunIn(tx, runId);
      // PostgreSQL: the row lock on the run serialises two attempts saving the same city at once,
      // so the second one sees the first one's row.
      if (this.dialect === 'postgres') await tx.selectFrom('runs').select('seq').where('run_id', '=', runId).forUpdate().execute();
      const saved = await tx.selectFrom('cities').select('job_attempt').where('run_id', '=', runId).where('city_id', '=', city.cityId).executeTakeFirst();
      if (saved && saved.job_attempt !== '') return false;
      await this.writeCity(tx, runId, city, claim);
      return true;
    });
  }

  private async openRunIn(tx: Tx, runId: string): Promise<void> {
    const run = await this.runIn(tx, runId);
    if (!run) throw new StoreError(`run ${runId} was not begun`);
    if (run.status === 'finished') throw new StoreError(`run ${runId} is finished; its cities cannot change`);
  }

  private async writeCity(tx: Tx, runId: string, city: CityRecord, claim: CityClaim | undefined): Promise<void> {
    const cityId = city.cityId;
    // Deleting the city row cascades to its pages, links and apps: a re-saved city (--resume)
    // replaces what was there instead of adding duplicates.
    await tx.deleteFrom('cities').where('run_id', '=', runId).where('city_id', '=', cityId).execute();
    const s = city.scores;
    await tx.insertInto('cities').values({
      run_id: runId, city_id: cityId, city_name: city.cityName ?? '', portal_url: city.portal ?? '', saved_at: new Date().toISOString(),
      reachable: city.reachable === undefined ? null : city.reachable ? 1 : 0,
      pages_crawled: (city.pages ?? []).filter((p) => p.kind === 'page').length,
      score_total: s?.total ?? null, phase: s?.phase ?? null, phase_reason: s?.phaseReason ?? null,
      scores: JSON.stringify(s?.criteria ?? {}), extra: JSON.stringify(city.extra ?? {}),
      job_attempt: claim?.jobAttempt ?? '', worker: claim?.worker ?? '', vantage: claim?.vantage ?? '',
      files: city.files === undefined ? '' : JSON.stringify(city.files),
    }).execute();
    const pages = lastByKey(city.pages ?? [], (p: PageRecord) => p.url).map((p) => ({
      run_id: runId, city_id: cityId, url: p.url, final_url: p.finalUrl ?? '', http_status: p.status ?? 0, reason: p.reason ?? '',
      content_type: p.contentType ?? '', bytes: p.bytes ?? 0, depth: p.depth ?? null, kind: p.kind ?? 'page', rendered: p.rendered ? 1 : 0,
      title: p.title, newest_date: p.newestDate ?? '', flags: p.flags.join(' '),
    }));
    await insertChunked(pages, (rows) => tx.insertInto('pages').values(rows).execute());
    const links = (city.links ?? []).map((l) => ({
      run_id: runId, city_id: cityId, source_url: l.sourceUrl, target_url: l.targetUrl, status: l.status, reason: l.reason ?? '', http_status: l.httpStatus ?? 0,
    }));
    await insertChunked(links, (rows) => tx.insertInto('links').values(rows).execute());
    const apps = lastByKey(city.apps ?? [], (a) => String(a.key)).map((a) => ({
      run_id: runId, city_id: cityId, app_key: a.key, name: a.name, url: a.url, category: a.category, category_reason: a.categoryReason,
      source: a.source, status: a.status, reason: a.reason, detail: a.detail ?? '', http_status: a.httpStatus ?? 0, final_url: a.finalUrl ?? '',
      last_updated: a.lastUpdated ?? '', checked_at: a.checkedAt ?? '', found_on: a.foundOn ?? '', platform: a.platform ?? '',
    }));
    await insertChunked(apps, (rows) => tx.insertInto('apps').values(rows).execute());
  }

  async finishRun(runId: string, summary: unknown = null, status: Exclude<RunStatus, 'unfinished'> = 'finished'): Promise<void> {
    const res = await this.write((tx) =>
      tx.updateTable('runs').set({ status, finished: new Date().toISOString(), summary: summary === null ? null : JSON.stringify(summary) })
        .where('run_id', '=', runId).executeTakeFirst());
    if (Number(res.numUpdatedRows) === 0) throw new StoreError(`run ${runId} was not begun`);
  }

  getRun(runId: string): Promise<RunInfo | undefined> {
    return this.runIn(this.db, runId);
  }

  async listRuns(): Promise<RunInfo[]> {
    return (await this.runs().orderBy('r.seq').execute()).map((r) => toRun(r as RunRow));
  }

  async latestFinishedRun(before?: string): Promise<RunInfo | undefined> {
    // No bound unless one is known (PostgreSQL's integer would refuse Number.MAX_SAFE_INTEGER).
    const limit = before ? (await this.getRun(before))?.seq : undefined;
    let q = this.runs().where('r.status', '=', 'finished');
    if (limit !== undefined) q = q.where('r.seq', '<', limit);
    const row = await q.orderBy('r.seq', 'desc').limit(1).executeTakeFirst();
    return row ? toRun(row as RunRow) : undefined;
  }

  async cities(runId: string): Promise<StoredCity[]> {
    const rows = await this.db.selectFrom('cities').selectAll().where('run_id', '=', runId).orderBy('city_id').execute();
    return rows.map((r) => ({
      runId,
      cityId: r.city_id,
      cityName: r.city_name,
      portal: r.portal_url,
      reachable: r.reachable === null ? null : Number(r.reachable) === 1,
      pagesCrawled: Number(r.pages_crawled),
      scores: r.phase === null && r.score_total === null
        ? null
        : {
            criteria: (parse(r.scores) ?? {}) as Record<string, number | null>,
            total: r.score_total === null ? null : Number(r.score_total),
            phase: String(r.phase ?? ''),
            phaseReason: r.phase_reason === null ? undefined : String(r.phase_reason),
          },
      extra: (parse(r.extra) ?? {}) as Record<string, unknown>,
      jobAttempt: r.job_attempt, worker: r.worker, vantage: r.vantage, savedAt: r.saved_at,
    }));
  }

  async cityFiles(runId: string): Promise<Map<string, unknown>> {
    const rows = await this.db.selectFrom('cities').select(['city_id', 'files']).where('run_id', '=', runId).orderBy('city_id').execute();
    return new Map(rows.filter((r) => r.files !== '').map((r) => [r.city_id, parse(r.files)]));
  }

  async apps(runId: string, cityId?: string): Promise<StoredApp[]> {
    let q = this.db.selectFrom('apps').selectAll().where('run_id', '=', runId);
    if (cityId !== undefined) q = q.where('city_id', '=', cityId);
    const rows = await q.orderBy('city_id').orderBy('app_key').execute();
    return rows.map((r) => ({
      runId, cityId: r.city_id, key: r.app_key, name: r.name, url: r.url, category: r.category, categoryReason: r.category_reason,
      source: r.source, status: r.status, reason: r.reason, detail: r.detail, httpStatus: Number(r.http_status), finalUrl: r.final_url,
      lastUpdated: r.last_updated, checkedAt: r.checked_at, foundOn: r.found_on,
    }));
  }

  async links(runId: string, cityId?: string): Promise<LinkRecord[]> {
    return (await this.linksWithCity(runId, cityId)).map(({ cityId: _c, ...l }) => l);
  }

  async linksWithCity(runId: string, cityId?: string): Promise<Array<LinkRecord & { cityId: string }>> {
    let q = this.db.selectFrom('links').selectAll().where('run_id', '=', runId);
    if (cityId !== undefined) q = q.where('city_id', '=', cityId);
    const rows = await q.orderBy('city_id').orderBy('target_url').orderBy('source_url').execute();
    return rows.map((r) => ({
      cityId: r.city_id, sourceUrl: r.source_url, targetUrl: r.target_url, status: r.status, reason: r.reason, httpStatus: Number(r.http_status),
    }));
  }

  async pageUrls(runId: string, cityId: string): Promise<Set<string>> {
    const rows = await this.db.selectFrom('pages').select(['url', 'final_url']).where('run_id', '=', runId).where('city_id', '=', cityId).execute();
    const out = new Set<string>();
    for (const r of rows) {
      out.add(r.url);
      if (r.final_url) out.add(r.final_url);
    }
    return out;
  }

  async appHistory(runId: string, cityId: string): Promise<Map<string, AppHistory>> {
    const run = await this.getRun(runId);
    if (!run) throw new StoreError(`unknown run ${runId}`);
    // The runs that count: finished ones before this run that covered the city, and this run. A
    // degraded run (the outside network was down: summary.degraded) judged nobody and is left out.
    // Which runs are judged is decided here rather than in SQL, the same way on both dialects.
    const counted = new Set((await this.listRuns()).filter((r) => r.runId === runId || (r.status === 'finished' && r.seq < run.seq && judged(r))).map((r) => r.runId));
    const rows = await this.db.selectFrom('apps as a').innerJoin('runs as r', 'r.run_id', 'a.run_id')
      .select(['a.app_key as key', 'a.status as status', 'r.seq as seq', 'r.started as started', 'r.run_id as run_id'])
      .where('a.city_id', '=', cityId).where('r.seq', '<=', run.seq).orderBy('r.seq').execute();
    const covered = await this.db.selectFrom('cities').select('run_id').where('city_id', '=', cityId).execute();
    const prevSeqs = (await this.listRuns()).filter((r) => r.runId !== runId && counted.has(r.runId) && covered.some((c) => c.run_id === r.runId)).map((r) => r.seq);
    const prev = prevSeqs.length ? Math.max(...prevSeqs) : undefined;
    const byKey = new Map<string, Observation[]>();
    for (const r of rows) {
      if (!counted.has(r.run_id)) continue;
      const list = byKey.get(r.key) ?? [];
      list.push({ seq: Number(r.seq), started: r.started, status: r.status });
      byKey.set(r.key, list);
    }
    const out = new Map<string, AppHistory>();
    for (const [key, obs] of byKey) {
      // Only applications present in this run get a row in applications.csv.
      if (obs.at(-1)!.seq !== run.seq) continue;
      out.set(key, computeHistory(obs, prev));
    }
    return out;
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

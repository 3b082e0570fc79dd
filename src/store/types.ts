// What the history store keeps and hands back, the same on SQLite and PostgreSQL.
import type { AppHistory, AppResult } from '../apps/types.ts';
import type { PageRecord } from '../gather/city-facts.ts';
import type { Dialect } from './db.ts';

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
  /** The city's rows of the run's CSV files (JSON), so a report can be written from the store. */
  files?: unknown;
}

/** Which job attempt saves a city of a distributed run, from which worker and vantage. */
export interface CityClaim {
  /** `<job id>#<attempt>`: unique per attempt. */
  jobAttempt: string;
  worker: string;
  vantage: string;
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
  jobAttempt: string;
  worker: string;
  vantage: string;
  savedAt: string;
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
  /** Where the store is, for messages: the SQLite file, or the PostgreSQL URL without its password. */
  readonly file: string;
  readonly dialect: Dialect;
  /** Starts a run, or reopens an unfinished one of the same id (--resume). A finished id is refused. */
  beginRun(runId: string, settings?: unknown, started?: Date): Promise<RunInfo>;
  /** Replaces everything stored for this city in this run, in one transaction. */
  saveCity(runId: string, city: CityRecord): Promise<void>;
  /**
   * Saves a city of a distributed run once: in one transaction, unless some job attempt already
   * saved it (then nothing is written and false is returned). A worker whose lease ran out while it
   * was still working cannot write the city a second time.
   */
  saveCityOnce(runId: string, city: CityRecord, claim: CityClaim): Promise<boolean>;
  finishRun(runId: string, summary?: unknown, status?: Exclude<RunStatus, 'unfinished'>): Promise<void>;
  getRun(runId: string): Promise<RunInfo | undefined>;
  /** Every run, oldest first. */
  listRuns(): Promise<RunInfo[]>;
  /** The newest finished run (optionally: before the given one). */
  latestFinishedRun(before?: string): Promise<RunInfo | undefined>;
  cities(runId: string): Promise<StoredCity[]>;
  /** The CSV rows kept with each city (CityRecord.files), by city id. */
  cityFiles(runId: string): Promise<Map<string, unknown>>;
  apps(runId: string, cityId?: string): Promise<StoredApp[]>;
  links(runId: string, cityId?: string): Promise<LinkRecord[]>;
  linksWithCity(runId: string): Promise<Array<LinkRecord & { cityId: string }>>;
  /** Crawled page URLs of a city in a run. */
  pageUrls(runId: string, cityId: string): Promise<Set<string>>;
  /**
   * History of the city's applications as of `runId` (which may still be unfinished: the run
   * being written), keyed by application key: first_seen, last_seen_alive, changed (against the
   * previous finished run that covered the city) and failures_in_a_row.
   */
  appHistory(runId: string, cityId: string): Promise<Map<string, AppHistory>>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Milliseconds to wait for another writer's lock (default 10 s; SQLite). */
  busyTimeoutMs?: number;
  readonly?: boolean;
  /** A postgres:// URL or a SQLite file path (else EGOVSCAN_STORE, else `<out>/egovscan.sqlite`). */
  store?: string;
  env?: NodeJS.ProcessEnv;
}

export class StoreError extends Error {}

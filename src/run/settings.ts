// Every setting of a run, with its default in one place. The CLI fills these from flags; library
// users pass a partial object.
import type { CrawlOptions } from '../crawl/types.ts';
import { DEFAULT_CRAWL_OPTIONS, DEFAULT_USER_AGENT, VERSION } from '../crawl/options.ts';
import { DEFAULT_VANTAGE_HOSTS, type VantageSettings } from './vantage.ts';

export { VERSION };
export const USER_AGENT = DEFAULT_USER_AGENT;

export type RenderMode = 'never' | 'auto' | 'always';

export interface RunSettings {
  out: string;
  /** The history store: a postgres:// URL (or a SQLite file); default EGOVSCAN_STORE, else `<out>/egovscan.sqlite`. */
  store?: string;
  runId: string;
  /**
   * The run id is the default timestamp, not the user's choice: when another run took it in the
   * same second this one becomes `<id>-2`, where a chosen id would be refused.
   */
  autoRunId?: boolean;
  criteria: string;
  render: RenderMode;
  lighthouse: boolean;
  /** Pages audited per city with --lighthouse: the home page and key service pages. */
  lighthousePages: number;
  lighthouseDesktop: boolean;
  /** Keep each full Lighthouse report, gzipped, in `<run>/lighthouse/`. */
  lighthouseJson: boolean;
  resume: boolean;
  bom: boolean;
  /** Language of the HTML report. */
  lang: 'id' | 'en';
  only: string[];
  /** How many cities are crawled at the same time (requests are still bounded by `crawl.concurrency`). */
  cityConcurrency: number;
  /** Reference time for freshness; the crawl start unless fixed (tests, demo). */
  now?: Date;
  /** The vantage check (--vantage-check, --vantage-hosts): is the outside network up from here? */
  vantage: VantageSettings;
  /**
   * A dead application is checked again this long after its first check before it is written
   * inactive (--recheck-after, 120 s from the CLI; 0: once). Not for runs whose every target stays
   * on this machine (fixtures do not flap).
   */
  recheckAfterMs: number;
  /** Keep every exchange and rendered DOM as WARC records in `<run>/warc/` (--warc; docs/warc.md). */
  warc: boolean;
  /** Package the run's WARCs as `<run>/<run id>.wacz` at the end (--wacz; implies warc). */
  wacz: boolean;
  /** Answer every fetch from these WARC file(s) (a file or a folder), never from the network (--from-warc). */
  fromWarc?: string;
  /** Judge the portals as a web archive captured them nearest this date (--at). */
  at?: Date;
  /** The web archive's base URL for --at (CDX API and `id_` replay). */
  archive: string;
  /** Captures farther than this many days from --at are not taken (--archive-window). */
  archiveWindowDays: number;
  /** Requests to the archive at once. */
  archiveConcurrency: number;
  /**
   * Time one application's check may take in all (default 60 s). Raised under --at, where the
   * check waits its turn at the archive: a slow archive is not a slow application.
   */
  appBudgetMs?: number;
  crawl: CrawlOptions;
}

export const DEFAULT_CRAWL: Readonly<CrawlOptions> = DEFAULT_CRAWL_OPTIONS;

export const DEFAULT_CRITERIA = new URL('../../criteria/sitokdana-2015.yaml', import.meta.url).pathname;

/** `2026-11-23T02-00-00Z`: sortable, and safe as a folder name on every system. */
export function defaultRunId(at: Date = new Date()): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
}

export function makeSettings(
  partial: Partial<Omit<RunSettings, 'crawl' | 'vantage'>> & { crawl?: Partial<CrawlOptions>; vantage?: Partial<VantageSettings> } = {},
): RunSettings {
  const crawl: CrawlOptions = { ...DEFAULT_CRAWL, ...partial.crawl };
  return {
    out: partial.out ?? 'output',
    ...(partial.store ? { store: partial.store } : {}),
    runId: partial.runId ?? defaultRunId(),
    autoRunId: partial.autoRunId ?? partial.runId === undefined,
    criteria: partial.criteria ?? DEFAULT_CRITERIA,
    render: partial.render ?? 'auto',
    lighthouse: partial.lighthouse ?? false,
    lighthousePages: partial.lighthousePages ?? 3,
    lighthouseDesktop: partial.lighthouseDesktop ?? false,
    lighthouseJson: partial.lighthouseJson ?? false,
    resume: partial.resume ?? false,
    bom: partial.bom ?? true,
    lang: partial.lang ?? 'id',
    only: partial.only ?? [],
    // Enough cities at once to fill the global concurrency when each site takes only --per-host.
    cityConcurrency: partial.cityConcurrency ?? Math.max(1, Math.floor(crawl.concurrency / crawl.perHost)),
    now: partial.now,
    vantage: { mode: 'auto', hosts: DEFAULT_VANTAGE_HOSTS, ...partial.vantage },
    recheckAfterMs: partial.recheckAfterMs ?? 0,
    warc: (partial.warc ?? false) || (partial.wacz ?? false),
    wacz: partial.wacz ?? false,
    fromWarc: partial.fromWarc,
    at: partial.at,
    archive: partial.archive ?? 'https://web.archive.org',
    archiveWindowDays: partial.archiveWindowDays ?? 183,
    archiveConcurrency: partial.archiveConcurrency ?? 2,
    crawl,
  };
}

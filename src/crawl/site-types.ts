// The crawl stage's interface to one site: what crawlSite is given, what it hands back page by
// page, and what it sums up at the end.
import type { Outcome, LinkProblem } from './link-book.ts';
import type { SitemapDiscovery } from './sitemap.ts';
import type { TrapWhy } from './traps.ts';
import type { HttpPool } from './politeness.ts';
import type { RobotsAnswer } from './robots.ts';
import type { CrawlOptions, DiscoveredLink, FetchResult, Reason } from './types.ts';

export interface CrawlSiteInput<T> {
  /** The city's portal URL (the seed). */
  portal: string;
  /** Hosts equal to or under these count as internal. */
  domains?: string[];
  options: CrawlOptions;
  /** Shared across cities; created (and closed) internally when absent. */
  pool?: HttpPool;
  /**
   * Parses a page. `fingerprint` (what the page says, see contentFingerprint) feeds the trap
   * guards; when absent it is taken from the HTML.
   */
  analyse: (
    page: FetchResult & { html: string },
    depth: number,
  ) => Promise<AnalysedPage<T>> | AnalysedPage<T>;
  onPage: (visit: PageVisit<T>) => void | Promise<void>;
  onLink?: (problem: LinkProblem) => void | Promise<void>;
  /** Every link target's answer as it is learnt (journalled, so a resumed crawl need not ask again). */
  onAnswer?: (target: string, outcome: Outcome | null) => void | Promise<void>;
  /** The sitemap URLs found (journalled for the same reason). */
  onSitemap?: (found: SitemapDiscovery) => void | Promise<void>;
  onProgress?: (p: { fetched: number; queued: number; failed: number; url: string }) => void;
  /**
   * Pages and documents already fetched in an interrupted run: not refetched; the crawl replays
   * them where it reaches them.
   */
  resume?: ResumedPage[];
  /** Link targets answered in the interrupted run. */
  resumeAnswers?: ReadonlyMap<string, Outcome | null>;
  /** The interrupted run's sitemap URLs, used instead of reading the sitemaps again. */
  resumeSitemap?: SitemapDiscovery;
  /** The interrupted run's robots.txt answers, by origin, used instead of asking again. */
  resumeRobots?: ReadonlyMap<string, RobotsAnswer>;
  /** Every robots.txt answer fetched (journalled for the same reason). */
  onRobots?: (answer: RobotsAnswer) => void | Promise<void>;
  /** Stop cleanly: in-flight requests are abandoned and the summary says stoppedBy 'signal'. */
  signal?: AbortSignal;
}

export interface AnalysedPage<T> {
  links: DiscoveredLink[];
  data: T;
  fingerprint?: string;
}

export interface ResumedPage {
  /** The URL asked for. */
  url: string;
  /** The URL the page was recorded under (after an in-scope redirect); default `url`. */
  finalUrl?: string;
  depth: number;
  links: DiscoveredLink[];
  /** The page's status in the interrupted run (default 200 / ok). */
  status?: number;
  reason?: Reason;
  contentType?: string;
  bytes?: number;
  kind?: 'page' | 'document';
  fingerprint?: string;
}

export interface PageVisit<T> {
  /** The page's own URL: the final URL when an in-scope redirect led to it. */
  url: string;
  /** The URL asked for. */
  requested: string;
  depth: number;
  kind: 'page' | 'document';
  fetch: Omit<FetchResult, 'html' | 'body'>;
  data?: T;
  /** The page where the link to it was first found (absent for the portal and sitemap URLs). */
  foundOn?: string;
  /** Position in the crawl's own order (admission order): the order of the output files. */
  order: number;
  fingerprint?: string;
  /** Taken from `resume`, not fetched (its facts are the caller's). */
  resumed?: boolean;
}

export interface CrawlSummary {
  portalUrl: string;
  portalStatus: number;
  portalReason: Reason;
  pagesFetched: number;
  pagesFailed: number;
  documents: number;
  linksChecked: number;
  linkProblems: number;
  robots: { status: number; disallowed: boolean; sitemaps: string[] };
  sitemapUrls: number;
  stoppedBy?: 'max_pages' | 'signal';
  elapsedMs: number;
  /** Pages taken from `resume` instead of being fetched. */
  pagesResumed: number;
  /** Distinct URLs refused by the trap guards (calendars, session ids, repeated content, ...). */
  trapped: number;
  /** The same, by guard. */
  trappedBy: Partial<Record<TrapWhy, number>>;
}

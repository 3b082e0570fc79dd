// One city's site, breadth first: the portal, then what it links to, then sitemap URLs, until the
// depth or page budget runs out. Every link found is checked once per distinct target, and every
// (page, target) pair whose target is not fine is reported, so that links.csv names the page a
// researcher has to fix.

import { setMaxListeners } from 'node:events';
import { NOT_RESOLVED_CODE } from './address-guard.ts';
import { isDocumentType, isDocumentUrl } from './content-kind.ts';
import { normalizeUrl } from './normalize.ts';
import { withDefaults } from './options.ts';
import { createHttpPool, type HttpPool } from './politeness.ts';
import { createRobotsCache, type RobotsInfo } from './robots.ts';
import { makeScope } from './scope.ts';
import { discoverSitemaps, type SitemapDiscovery } from './sitemap.ts';
import { TrapGuard } from './traps.ts';
import type { CrawlOptions, DiscoveredLink, FetchResult, Reason } from './types.ts';

export interface CrawlSiteInput<T> {
  /** The city's portal URL (the seed). */
  portal: string;
  /** Hosts equal to or under these count as internal. */
  domains?: string[];
  options: CrawlOptions;
  /** Shared across cities; created (and closed) internally when absent. */
  pool?: HttpPool;
  analyse: (
    page: FetchResult & { html: string },
    depth: number,
  ) => Promise<{ links: DiscoveredLink[]; data: T }> | { links: DiscoveredLink[]; data: T };
  onPage: (visit: PageVisit<T>) => void | Promise<void>;
  onLink?: (problem: LinkProblem) => void | Promise<void>;
  onProgress?: (p: { fetched: number; queued: number; failed: number; url: string }) => void;
  /** Pages already fetched in an interrupted run: not refetched, counted toward maxPages, links followed. */
  resume?: ResumedPage[];
  /** Stop cleanly: in-flight requests are abandoned and the summary says stoppedBy 'signal'. */
  signal?: AbortSignal;
}

export interface ResumedPage {
  url: string;
  depth: number;
  links: DiscoveredLink[];
  /** The page's status in the interrupted run (used for the portal's summary when the portal is resumed). */
  status?: number;
  reason?: Reason;
}

export interface PageVisit<T> {
  /** The page's own URL: the final URL when an in-scope redirect led to it. */
  url: string;
  depth: number;
  kind: 'page' | 'document';
  fetch: Omit<FetchResult, 'html' | 'body'>;
  data?: T;
  /** The page where the link to it was first found (absent for the portal and sitemap URLs). */
  foundOn?: string;
}

export interface LinkProblem {
  sourceUrl: string;
  targetUrl: string;
  status: 'broken' | 'redirected' | 'blocked' | 'skipped';
  reason: Reason;
  httpStatus: number;
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
  /** Distinct URLs refused by the trap guards (calendars, repeating patterns, long URLs). */
  trapped: number;
}

type Outcome = Omit<LinkProblem, 'sourceUrl' | 'targetUrl'>;
const ABSOLUTE_HTTP = /^https?:\/\/[^/?#]/i;

/** A target that was checked and is fine. */
const FINE = null;

interface PageTask {
  url: string;
  depth: number;
  foundOn?: string;
}
interface CheckTask {
  url: string;
  kind: 'document' | 'check';
  depth: number;
  foundOn?: string;
}

/** Array-backed FIFO whose consumed head is dropped in chunks (Array.shift is O(n)). */
class Fifo<X> {
  private items: X[] = [];
  private head = 0;
  get size(): number {
    return this.items.length - this.head;
  }
  push(x: X): void {
    this.items.push(x);
  }
  peek(): X | undefined {
    return this.head < this.items.length ? this.items[this.head] : undefined;
  }
  shift(): X | undefined {
    if (this.head >= this.items.length) return undefined;
    const x = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return x;
  }
}

/** What a link check found out about a target: fine (null) or a problem word. */
export function linkOutcome(res: FetchResult): Outcome | null {
  if (res.reason === 'ok') {
    return res.redirects.length > 0 ? { status: 'redirected', reason: 'ok', httpStatus: res.redirects[0]!.status } : FINE;
  }
  if (res.reason === 'blocked' || res.reason === 'http_429' || res.reason === 'robots_disallowed') {
    return { status: 'blocked', reason: res.reason, httpStatus: res.status };
  }
  // We refused to look (private address, or a host outside the demo's --resolve list): that says
  // nothing about the link itself.
  if (res.reason === 'private_address' || res.detail?.startsWith(NOT_RESOLVED_CODE)) {
    return { status: 'skipped', reason: res.reason, httpStatus: 0 };
  }
  return { status: 'broken', reason: res.reason, httpStatus: res.status };
}

function withoutBody(res: FetchResult): Omit<FetchResult, 'html' | 'body'> {
  const { html: _html, body: _body, ...rest } = res;
  return rest;
}

export async function crawlSite<T>(input: CrawlSiteInput<T>): Promise<CrawlSummary> {
  const started = Date.now();
  const options = withDefaults(input.options);
  const ownPool = input.pool ? undefined : createHttpPool(options);
  const pool = input.pool ?? ownPool!;
  const fetchOptions = {
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    maxBytes: options.maxBytes,
    maxRedirects: options.maxRedirects,
    userAgent: options.userAgent,
    retryBaseMs: options.retryBaseMs,
  };

  const stop = new AbortController();
  const onOuterAbort = () => stop.abort(input.signal?.reason);
  if (input.signal?.aborted) stop.abort(input.signal.reason);
  else input.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const signal = stop.signal;
  // Every in-flight exchange and every request waiting for its origin listens to this signal.
  setMaxListeners(0, signal);

  const summary: CrawlSummary = {
    portalUrl: input.portal,
    portalStatus: 0,
    portalReason: 'error',
    pagesFetched: 0,
    pagesFailed: 0,
    documents: 0,
    linksChecked: 0,
    linkProblems: 0,
    robots: { status: 0, disallowed: false, sitemaps: [] },
    sitemapUrls: 0,
    elapsedMs: 0,
    pagesResumed: 0,
    trapped: 0,
  };
  const finish = async (): Promise<CrawlSummary> => {
    input.signal?.removeEventListener('abort', onOuterAbort);
    if (input.signal?.aborted) summary.stoppedBy = 'signal';
    if (ownPool) await ownPool.close();
    summary.elapsedMs = Date.now() - started;
    return summary;
  };

  const seed = normalizeUrl(input.portal);
  if (!seed) {
    summary.portalReason = 'bad_url';
    return finish();
  }
  summary.portalUrl = seed;
  const scope = makeScope(seed, input.domains);
  const robots = createRobotsCache(pool, fetchOptions);
  const traps = new TrapGuard({ maxPerPattern: options.maxPerPattern });
  const maxDocuments = options.maxPages * 2;

  /** In-scope URLs queued or fetched (pages and documents), normalised. */
  const seen = new Set<string>();
  /** Checked targets: FINE or the problem. */
  const results = new Map<string, Outcome | null>();
  /** Pages waiting for a target's check to finish. */
  const waiters = new Map<string, string[]>();
  /** URLs the trap guards refused (kept so each is refused and counted once). */
  const trapped = new Set<string>();
  const pages = new Fifo<PageTask>();
  /** Pages waiting in `pages`, by URL, so that a shorter path found later can lower their depth. */
  const queuedPages = new Map<string, PageTask>();
  const checks = new Fifo<CheckTask>();
  let pagesBudget = 0;
  let documentsQueued = 0;
  let failure: unknown;

  const report = async (sourceUrl: string, targetUrl: string, o: Outcome): Promise<void> => {
    summary.linkProblems++;
    await input.onLink?.({ sourceUrl, targetUrl, ...o });
  };

  const resolveTarget = async (target: string, outcome: Outcome | null): Promise<void> => {
    if (results.has(target)) return;
    results.set(target, outcome);
    summary.linksChecked++;
    const sources = waiters.get(target);
    waiters.delete(target);
    if (outcome && sources) for (const s of sources) await report(s, target, outcome);
  };

  const linkFrom = async (source: string, target: string): Promise<void> => {
    if (results.has(target)) {
      const known = results.get(target);
      if (known) await report(source, target, known);
      return;
    }
    const list = waiters.get(target);
    if (list) list.push(source);
    else waiters.set(target, [source]);
  };

  /**
   * normalizeUrl with a memo for absolute hrefs (gather hands over absolute URLs, and a site's menu
   * and footer repeat the same ones on every page). Relative hrefs depend on the page, so they are
   * not memoised.
   */
  const normalized = new Map<string, string | null>();
  const normalize = (href: string, base: string): string | null => {
    if (!ABSOLUTE_HTTP.test(href)) return normalizeUrl(href, base);
    let n = normalized.get(href);
    if (n === undefined) {
      n = normalizeUrl(href);
      if (normalized.size >= 50_000) normalized.clear();
      normalized.set(href, n);
    }
    return n;
  };

  const robotsAllows = async (url: URL): Promise<boolean> => (await robots.forUrl(url, signal)).isAllowed(url.href);

  /** Admit an in-scope page URL to the frontier; false when a budget or guard refuses it. */
  const enqueuePage = (n: string, url: URL, depth: number, foundOn?: string): boolean => {
    if (depth > options.maxDepth) return false;
    if (pagesBudget >= options.maxPages) {
      summary.stoppedBy ??= 'max_pages';
      return false;
    }
    if (trapped.has(n)) return false;
    if (!traps.admit(url).ok) {
      trapped.add(n);
      summary.trapped++;
      return false;
    }
    seen.add(n);
    pagesBudget++;
    const task = { url: n, depth, foundOn };
    queuedPages.set(n, task);
    pages.push(task);
    return true;
  };

  const followLinks = async (source: string, depth: number, links: DiscoveredLink[]): Promise<void> => {
    const done = new Set<string>();
    for (const link of links) {
      if (signal.aborted) return;
      const n = normalize(link.href, source);
      if (!n || done.has(n)) continue;
      done.add(n);
      // Most links of a page (menu, footer, related articles) name a URL already queued, fetched or
      // checked: only the (page, target) pair is new, so skip parsing and the frontier rules.
      if (seen.has(n) || results.has(n) || waiters.has(n)) {
        // Pages are analysed out of order, so a page may first be found by a longer path: while it
        // waits in the queue, keep its shortest depth, or pages near maxDepth would be lost.
        const queued = queuedPages.get(n);
        if (queued && depth + 1 < queued.depth) queued.depth = depth + 1;
        await linkFrom(source, n);
        continue;
      }
      const url = new URL(n);
      if (!scope.isInternal(url)) {
        if (!options.checkExternal) continue;
        if (!results.has(n) && !waiters.has(n)) checks.push({ url: n, kind: 'check', depth: depth + 1, foundOn: source });
        await linkFrom(source, n);
        continue;
      }
      // Asked on every sighting, not only the first: a blocked URL is never "seen", so a later page
      // linking to it must not slip it into the frontier.
      if (!seen.has(n) && !(await robotsAllows(url))) {
        await resolveTarget(n, { status: 'blocked', reason: 'robots_disallowed', httpStatus: 0 });
        await linkFrom(source, n);
        continue;
      }
      if (link.document || isDocumentUrl(url)) {
        if (!seen.has(n)) {
          // Documents are leaves measured by a HEAD, so they are checked even one level past maxDepth.
          if (documentsQueued >= maxDocuments) continue;
          seen.add(n);
          documentsQueued++;
          checks.push({ url: n, kind: 'document', depth: depth + 1, foundOn: source });
        }
        await linkFrom(source, n);
        continue;
      }
      if (!seen.has(n) && !enqueuePage(n, url, depth + 1, source)) continue;
      await linkFrom(source, n);
    }
  };

  const checkHop = async (url: URL): Promise<Reason | null> =>
    scope.isInternal(url) && !(await robotsAllows(url)) ? 'robots_disallowed' : null;

  let sitemapWork: Promise<SitemapDiscovery> | undefined;
  const addSitemapUrls = async (): Promise<void> => {
    if (!sitemapWork) return;
    const found = await sitemapWork;
    sitemapWork = undefined;
    summary.sitemapUrls = found.urls.length;
    if (options.maxDepth < 1) return;
    for (const n of found.urls) {
      if (signal.aborted) return;
      if (seen.has(n) || results.has(n)) continue;
      if (pagesBudget >= options.maxPages) {
        summary.stoppedBy ??= 'max_pages';
        return;
      }
      const url = new URL(n);
      if (!(await robotsAllows(url))) continue;
      if (isDocumentUrl(url)) {
        if (documentsQueued >= maxDocuments) continue;
        seen.add(n);
        documentsQueued++;
        checks.push({ url: n, kind: 'document', depth: 1 });
      } else enqueuePage(n, url, 1);
    }
  };

  const progress = (url: string) =>
    input.onProgress?.({
      fetched: summary.pagesFetched + summary.documents,
      queued: pages.size + checks.size,
      failed: summary.pagesFailed,
      url,
    });

  const runPage = async (task: PageTask): Promise<void> => {
    const res = await pool.fetch(task.url, 'page', { signal, options: fetchOptions, checkHop });
    if (signal.aborted) return;
    const finalN = normalizeUrl(res.finalUrl) ?? task.url;
    const finalUrl = new URL(finalN);
    if (task.depth === 0) {
      // A portal that moved to a new host (kota.go.id → portal.kota.go.id) takes its site with it.
      if (res.status > 0 && !scope.isInternal(finalUrl)) scope.addHost(finalUrl.hostname, finalUrl.port);
      summary.portalStatus = res.status;
      summary.portalReason = res.reason;
    }
    await resolveTarget(task.url, linkOutcome(res));
    if (finalN !== task.url) {
      // /lama → /baru: /baru is recorded once, under its own name.
      if (seen.has(finalN)) return;
      if (!scope.isInternal(finalUrl)) return;
      seen.add(finalN);
      await resolveTarget(finalN, linkOutcome({ ...res, redirects: [] }));
    }
    if (res.reason === 'robots_disallowed') return;
    const kind = isDocumentType(res.contentType) ? 'document' : 'page';
    if (kind === 'document') summary.documents++;
    else {
      summary.pagesFetched++;
      if (res.reason !== 'ok') summary.pagesFailed++;
    }
    let data: T | undefined;
    let links: DiscoveredLink[] = [];
    if (res.reason === 'ok' && res.status >= 200 && res.status < 300 && res.html !== undefined) {
      try {
        const out = await input.analyse({ ...res, html: res.html }, task.depth);
        data = out.data;
        links = out.links;
      } catch (err) {
        res.detail = `analyse failed: ${err instanceof Error ? err.message : String(err)}`;
      }
    }
    await input.onPage({ url: finalN, depth: task.depth, kind, fetch: withoutBody(res), data, foundOn: task.foundOn });
    progress(finalN);
    await followLinks(finalN, task.depth, links);
    if (task.depth === 0) await addSitemapUrls();
  };

  const runCheck = async (task: CheckTask): Promise<void> => {
    // A link to another site is checked once per run, however many cities link to it.
    const res = await pool.fetch(task.url, task.kind, task.kind === 'document' ? { signal, options: fetchOptions, checkHop } : { signal, options: fetchOptions, share: true });
    if (signal.aborted) return;
    await resolveTarget(task.url, linkOutcome(res));
    if (task.kind === 'document') {
      summary.documents++;
      await input.onPage({ url: task.url, depth: task.depth, kind: 'document', fetch: withoutBody(res), foundOn: task.foundOn });
      progress(task.url);
    }
  };

  try {
    const robotsInfo: RobotsInfo = await robots.forUrl(seed, signal);
    summary.robots = { status: robotsInfo.status, disallowed: !robotsInfo.isAllowed(seed), sitemaps: robotsInfo.sitemaps };

    const resumed = new Set<string>();
    for (const r of input.resume ?? []) {
      const n = normalizeUrl(r.url);
      if (!n || seen.has(n)) continue;
      seen.add(n);
      resumed.add(n);
      results.set(n, FINE);
      pagesBudget++;
      summary.pagesResumed++;
      if (n === seed) {
        summary.portalStatus = r.status ?? 200;
        summary.portalReason = r.reason ?? 'ok';
      }
    }

    if (summary.robots.disallowed && !resumed.has(seed)) {
      summary.portalReason = 'robots_disallowed';
    } else {
      sitemapWork = discoverSitemaps({
        pool,
        origin: new URL(seed).origin,
        robotsSitemaps: robotsInfo.sitemaps,
        robots,
        accept: (u) => scope.isInternal(u),
        signal,
        fetchOptions,
      }).catch(() => ({ urls: [], files: [] }));
      if (!resumed.has(seed)) {
        seen.add(seed);
        pagesBudget++;
        pages.push({ url: seed, depth: 0 });
      }
      for (const r of input.resume ?? []) {
        const n = normalizeUrl(r.url);
        if (n) await followLinks(n, r.depth, r.links);
      }
      if (resumed.has(seed)) await addSitemapUrls();
    }

    await new Promise<void>((allDone) => {
      let activePages = 0;
      let activeChecks = 0;
      const limit = Math.max(1, options.concurrency);
      const fail = (err: unknown) => {
        failure ??= err;
        stop.abort(err);
      };
      /** Pages in flight per depth: a level starts only when the one above it is done. */
      const inFlight = new Map<number, number>();
      const shallowerInFlight = (depth: number) => {
        for (const [d, n] of inFlight) if (d < depth && n > 0) return true;
        return false;
      };
      const pump = () => {
        if (!signal.aborted) {
          // Level by level, as breadth-first means: a page is fetched only once every page one
          // click nearer the home page has been read, so each page gets its true (shortest) depth
          // and maxDepth keeps exactly the pages within reach. Analysis runs concurrently and out
          // of order; without this a page first met by a longer path would be cut off.
          while (activePages < limit && pages.size > 0 && !shallowerInFlight(pages.peek()!.depth)) {
            const task = pages.shift()!;
            queuedPages.delete(task.url);
            activePages++;
            inFlight.set(task.depth, (inFlight.get(task.depth) ?? 0) + 1);
            runPage(task)
              .catch(fail)
              .finally(() => {
                activePages--;
                inFlight.set(task.depth, inFlight.get(task.depth)! - 1);
                pump();
              });
          }
          // Link checks have their own slots so that a slow city site does not hold up
          // the external checks, which go to other origins.
          while (activeChecks < limit && checks.size > 0) {
            const task = checks.shift()!;
            activeChecks++;
            runCheck(task)
              .catch(fail)
              .finally(() => {
                activeChecks--;
                pump();
              });
          }
        }
        if (activePages === 0 && activeChecks === 0 && (signal.aborted || (pages.size === 0 && checks.size === 0))) {
          allDone();
        }
      };
      pump();
    });
    // The portal's fetch may have finished before the sitemap; nothing is left to enqueue into now.
    if (sitemapWork) {
      const found = await sitemapWork;
      summary.sitemapUrls = found.urls.length;
    }
  } finally {
    if (failure === undefined) await finish();
    else {
      await finish().catch(() => {});
    }
  }
  if (failure !== undefined) throw failure;
  return summary;
}

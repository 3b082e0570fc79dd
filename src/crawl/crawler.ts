// One city's site, breadth first: the portal, then what it links to, then sitemap URLs, until the
// depth or page budget runs out. Every link found is checked once per distinct target, and every
// (page, target) pair whose target is not fine is reported, so that links.csv names the page a
// researcher has to fix.
//
// Pages are fetched and parsed concurrently but committed (links followed, budgets and trap guards
// applied, the page handed to onPage) in admission order; see frontier.ts. A resumed crawl runs the
// same process with the journalled answers standing in for the network, so it ends with the pages
// an uninterrupted crawl would have.

import { setMaxListeners } from 'node:events';
import { isDocumentType, isDocumentUrl } from './content-kind.ts';
import { Frontier, InOrder, type CheckTask, type PageTask } from './frontier.ts';
import { FINE, LinkBook, linkOutcome, type Outcome } from './link-book.ts';
import { normalizeUrl } from './normalize.ts';
import { withDefaults } from './options.ts';
import { createHttpPool, type HttpPool } from './politeness.ts';
import { createRobotsCache, type RobotsInfo } from './robots.ts';
import { makeScope } from './scope.ts';
import { discoverSitemaps, type SitemapDiscovery } from './sitemap.ts';
import { contentFingerprint, roughText } from './traps.ts';
import type { CrawlSiteInput, CrawlSummary, ResumedPage } from './site-types.ts';
import type { DiscoveredLink, FetchResult, Reason } from './types.ts';

export { linkOutcome, type LinkProblem, type Outcome } from './link-book.ts';
export type { AnalysedPage, CrawlSiteInput, CrawlSummary, PageVisit, ResumedPage } from './site-types.ts';

const ABSOLUTE_HTTP = /^https?:\/\/[^/?#]/i;
const TRAP: Outcome = { status: 'skipped', reason: 'trap', httpStatus: 0 };

/** A page's fetch (or its replay), waiting for its turn to be committed. */
interface Fetched<T> {
  task: PageTask;
  res: Omit<FetchResult, 'html' | 'body'>;
  answer: Outcome | null;
  links: DiscoveredLink[];
  data?: T;
  fingerprint?: string;
  resumed: boolean;
}

function withoutBody(res: FetchResult): Omit<FetchResult, 'html' | 'body'> {
  const { html: _html, body: _body, ...rest } = res;
  return rest;
}

/** A journalled page as the fetch result it stands for. */
function replayedFetch(r: ResumedPage, url: string): Omit<FetchResult, 'html' | 'body'> {
  const status = r.status ?? 200;
  return {
    url,
    finalUrl: r.finalUrl ?? url,
    status,
    reason: r.reason ?? 'ok',
    contentType: r.contentType ?? (r.kind === 'document' ? 'application/octet-stream' : 'text/html'),
    bytes: r.bytes ?? 0,
    truncated: false,
    redirects: [],
    headers: {},
    attempts: [],
    elapsedMs: 0,
  };
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

  const frontier = new Frontier({
    maxPages: options.maxPages,
    maxDepth: options.maxDepth,
    maxDocuments: options.maxPages * 2,
    traps: { trapLimit: options.trapLimit, maxPerPattern: options.maxPerPattern },
  });
  const book = new LinkBook((p) => input.onLink?.(p), input.onAnswer);
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
    trappedBy: {},
  };
  const finish = async (): Promise<CrawlSummary> => {
    input.signal?.removeEventListener('abort', onOuterAbort);
    summary.linksChecked = book.checked;
    summary.linkProblems = book.problems;
    summary.trapped = frontier.trapped;
    summary.trappedBy = { ...frontier.trappedBy };
    if (frontier.budgetHit) summary.stoppedBy ??= 'max_pages';
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
  const robots = createRobotsCache(pool, fetchOptions, { known: input.resumeRobots, onAnswer: input.onRobots });

  /** Journalled pages and documents, by the URL asked for. */
  const replay = new Map<string, ResumedPage>();
  for (const r of input.resume ?? []) {
    const n = normalizeUrl(r.url);
    if (n && !replay.has(n)) replay.set(n, r);
  }
  const answers = input.resumeAnswers ?? new Map<string, Outcome | null>();
  /** The journalled answer for a URL, or what its journalled page says. */
  const replayedAnswer = (url: string, res: Omit<FetchResult, 'html' | 'body'>): Outcome | null =>
    answers.has(url) ? answers.get(url)! : linkOutcome({ ...res, redirects: [] });

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

  const followLinks = async (source: string, depth: number, links: DiscoveredLink[]): Promise<void> => {
    const done = new Set<string>();
    for (const link of links) {
      if (signal.aborted) return;
      const n = normalize(link.href, source);
      if (!n || done.has(n)) continue;
      done.add(n);
      // Most links of a page (menu, footer, related articles) name a URL already queued, fetched or
      // checked: only the (page, target) pair is new, so skip parsing and the frontier rules.
      if (frontier.seen.has(n) || book.knows(n)) {
        await book.link(source, n);
        continue;
      }
      const url = new URL(n);
      if (!scope.isInternal(url)) {
        if (!options.checkExternal) continue;
        frontier.addCheck(n, depth + 1, source);
        await book.link(source, n);
        continue;
      }
      if (!(await robotsAllows(url))) {
        await book.resolve(n, { status: 'blocked', reason: 'robots_disallowed', httpStatus: 0 });
        await book.link(source, n);
        continue;
      }
      if (link.document || isDocumentUrl(url)) {
        if (frontier.admitDocument(n, depth + 1, source).ok) await book.link(source, n);
        continue;
      }
      const admitted = frontier.admitPage(n, url, depth + 1, source);
      if (!admitted.ok) {
        if (admitted.why === 'depth' || admitted.why === 'budget') continue;
        // Kept aside: the link waits for its target's answer like any other.
        if (admitted.why === 'wait') {
          await book.link(source, n);
          continue;
        }
        // A trap guard refused it: say so in links.csv, once per page that links to it.
        await book.resolve(n, TRAP);
      }
      await book.link(source, n);
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
      if (frontier.seen.has(n) || book.knows(n)) continue;
      if (frontier.pagesLeft <= 0) {
        frontier.budgetHit = true;
        return;
      }
      const url = new URL(n);
      if (!(await robotsAllows(url))) continue;
      if (isDocumentUrl(url)) frontier.admitDocument(n, 1);
      else {
        const admitted = frontier.admitPage(n, url, 1);
        if (!admitted.ok && admitted.why !== 'wait' && admitted.why !== 'budget' && !book.knows(n)) await book.resolve(n, TRAP);
      }
    }
  };

  const progress = (url: string) =>
    input.onProgress?.({
      fetched: summary.pagesFetched + summary.documents,
      queued: frontier.pages.size + frontier.checks.size,
      failed: summary.pagesFailed,
      url,
    });

  /** Fetch and parse a page (or take it from the journal): runs concurrently, out of order. */
  const fetchPage = async (task: PageTask): Promise<Fetched<T> | undefined> => {
    const r = replay.get(task.url);
    if (r) {
      const res = replayedFetch(r, task.url);
      return { task, res, answer: replayedAnswer(task.url, res), links: r.links, fingerprint: r.fingerprint, resumed: true };
    }
    const res = await pool.fetch(task.url, 'page', { signal, options: fetchOptions, checkHop });
    if (signal.aborted) return undefined;
    let data: T | undefined;
    let links: DiscoveredLink[] = [];
    let fingerprint: string | undefined;
    if (res.reason === 'ok' && res.status >= 200 && res.status < 300 && res.html !== undefined && !isDocumentType(res.contentType)) {
      try {
        const out = await input.analyse({ ...res, html: res.html }, task.depth);
        data = out.data;
        links = out.links;
        fingerprint = out.fingerprint ?? contentFingerprint(roughText(res.html));
      } catch (err) {
        res.detail = `analyse failed: ${err instanceof Error ? err.message : String(err)}`;
      }
    }
    return { task, res: withoutBody(res), answer: linkOutcome(res), links, data, fingerprint, resumed: false };
  };

  /** Apply a fetched page to the frontier: in admission order, one at a time. */
  const commitPage = async (f: Fetched<T>): Promise<void> => {
    if (signal.aborted) return;
    const { task, res } = f;
    const finalN = normalizeUrl(res.finalUrl) ?? task.url;
    const finalUrl = new URL(finalN);
    if (task.depth === 0) {
      // A portal that moved to a new host (kota.go.id → portal.kota.go.id) takes its site with it.
      if (res.status > 0 && !scope.isInternal(finalUrl)) scope.addHost(finalUrl.hostname, finalUrl.port);
      summary.portalStatus = res.status;
      summary.portalReason = res.reason;
    }
    await book.resolve(task.url, f.answer, f.resumed);
    // Every admitted page is read once, whatever became of it: the trap guard counts on that.
    const read = async (fingerprint?: string) => {
      for (const n of frontier.pageRead(new URL(task.url), fingerprint)) await book.resolve(n, TRAP);
    };
    if (finalN !== task.url) {
      // /lama → /baru: /baru is recorded once, under its own name.
      if (frontier.seen.has(finalN) || !scope.isInternal(finalUrl)) return read();
      frontier.seen.add(finalN);
      const finalAnswer = f.resumed ? replayedAnswer(finalN, res) : linkOutcome({ ...res, redirects: [] } as FetchResult);
      await book.resolve(finalN, finalAnswer, f.resumed);
    }
    if (res.reason === 'robots_disallowed') return read();
    const kind = isDocumentType(res.contentType) ? 'document' : 'page';
    if (f.resumed) summary.pagesResumed++;
    if (kind === 'document') summary.documents++;
    else {
      summary.pagesFetched++;
      if (res.reason !== 'ok') summary.pagesFailed++;
    }
    const readable = kind === 'page' && res.reason === 'ok' && res.status >= 200 && res.status < 300;
    await read(readable ? f.fingerprint : undefined);
    await input.onPage({
      url: finalN, requested: task.url, depth: task.depth, kind, fetch: res, data: f.data, foundOn: task.foundOn,
      order: task.order, fingerprint: f.fingerprint, resumed: f.resumed || undefined,
    });
    progress(finalN);
    await followLinks(finalN, task.depth, f.links);
    if (task.depth === 0) await addSitemapUrls();
  };

  const runCheck = async (task: CheckTask): Promise<void> => {
    const r = task.kind === 'document' ? replay.get(task.url) : undefined;
    if (r || (task.kind === 'check' && answers.has(task.url))) {
      const res = replayedFetch(r ?? { url: task.url, depth: task.depth, links: [] }, task.url);
      await book.resolve(task.url, replayedAnswer(task.url, res), true);
      if (r) {
        summary.documents++;
        summary.pagesResumed++;
        await input.onPage({ url: task.url, requested: task.url, depth: task.depth, kind: 'document', fetch: res, foundOn: task.foundOn, order: task.order, resumed: true });
      }
      return;
    }
    // A link to another site is checked once per run, however many cities link to it.
    const res = await pool.fetch(task.url, task.kind, task.kind === 'document' ? { signal, options: fetchOptions, checkHop } : { signal, options: fetchOptions, share: true });
    if (signal.aborted) return;
    await book.resolve(task.url, linkOutcome(res));
    if (task.kind === 'document') {
      summary.documents++;
      await input.onPage({ url: task.url, requested: task.url, depth: task.depth, kind: 'document', fetch: withoutBody(res), foundOn: task.foundOn, order: task.order });
      progress(task.url);
    }
  };

  let failure: unknown;
  try {
    const robotsInfo: RobotsInfo = await robots.forUrl(seed, signal);
    summary.robots = { status: robotsInfo.status, disallowed: !robotsInfo.isAllowed(seed), sitemaps: robotsInfo.sitemaps };

    if (summary.robots.disallowed && !replay.has(seed)) {
      summary.portalReason = 'robots_disallowed';
    } else {
      sitemapWork = input.resumeSitemap
        ? Promise.resolve(input.resumeSitemap)
        : discoverSitemaps({
            pool,
            origin: new URL(seed).origin,
            robotsSitemaps: robotsInfo.sitemaps,
            robots,
            accept: (u) => scope.isInternal(u),
            signal,
            fetchOptions,
          })
            .catch(() => ({ urls: [], files: [] }))
            .then(async (found) => {
              if (!signal.aborted) await input.onSitemap?.(found);
              return found;
            });
      frontier.admitPage(seed, new URL(seed), 0);
      await pumpUntilDone();
    }
    // The portal's fetch may have failed before the sitemap was read; nothing is enqueued from it now.
    if (sitemapWork) summary.sitemapUrls = (await sitemapWork).urls.length;
  } finally {
    if (failure === undefined) await finish();
    else await finish().catch(() => {});
  }
  if (failure !== undefined) throw failure;
  return summary;

  function pumpUntilDone(): Promise<void> {
    return new Promise<void>((allDone) => {
      let activePages = 0;
      let activeChecks = 0;
      const limit = Math.max(1, options.concurrency);
      // How far fetching may run ahead of the commits: a slow page holds up the commits behind it,
      // not the fetches, up to this many pages.
      const window = Math.max(256, limit * 16);
      const fail = (err: unknown) => {
        failure ??= err;
        stop.abort(err);
      };
      const commits = new InOrder<Fetched<T>>(async (f) => {
        await commitPage(f);
        pump();
      });
      const pump = (): void => {
        if (!signal.aborted) {
          const pages = frontier.pages;
          while (activePages < limit && pages.size > 0 && pages.peek()!.seq - commits.cursor < window) {
            const task = pages.shift()!;
            activePages++;
            fetchPage(task)
              .then((f) => {
                // Handed over before the slot is freed, so that the crawl is never seen idle in between.
                if (f) commits.put(task.seq, f).catch(fail).finally(pump);
              })
              .catch(fail)
              .finally(() => {
                activePages--;
                pump();
              });
          }
          // Link checks have their own slots so that a slow city site does not hold up
          // the external checks, which go to other origins.
          const checks = frontier.checks;
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
        const idle = activePages === 0 && activeChecks === 0 && !commits.busy;
        if (idle && (signal.aborted || (frontier.pages.size === 0 && frontier.checks.size === 0 && commits.pending === 0))) allDone();
      };
      pump();
    });
  }
}

export { FINE };

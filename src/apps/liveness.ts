// Liveness of each application, with a reason word for what was seen (contract.md "reason"):
// the network outcome first (DNS, TLS, refused, timeout, HTTP status, bot filter), then what the
// answer is (a parking page, a web server's default page, a not-found page in disguise, a redirect
// to the portal's home), then whether anyone still updates it. Requests go through the crawl's
// fetcher and politeness pool: retries for transient failures only, Retry-After honoured.
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { isUnjudged } from '../crawl/errors.ts';
import type { FetchKind, FetchSettings } from '../crawl/fetcher.ts';
import type { HttpPool } from '../crawl/politeness.ts';
import { parseRobots } from '../crawl/robots.ts';
import type { FetchResult } from '../crawl/types.ts';
import {
  copyrightYear, detectBlocked, detectDefaultPage, detectParked, fingerprint, newestEvidence, olderThanMonths,
  saysNotFound, similar, tlsWord, viewPage, type PageView,
} from './classify.ts';
import { gatherPage } from '../gather/gather.ts';
import type { AppEntry, AppHistory, AppResult, AppStatus } from './types.ts';
import { appPath, isFrontPage } from './url.ts';
import { isApplication } from './kind.ts';

export type AppFetch = (url: string, kind: FetchKind, extra?: { signal?: AbortSignal; options?: Partial<FetchSettings> }) => Promise<FetchResult>;

export interface LivenessContext {
  /** The city's portal: an application that sends its visitors there is `redirect_home`. */
  portal: string;
  /** The run's shared politeness pool (used unless `fetch` is given). */
  pool?: HttpPool;
  /** Fetch function to use instead of the pool (tests with their own CA; other pools). */
  fetch?: AppFetch;
  /** Reference time for staleness (default: now). */
  now?: Date;
  /** Alive but not updated for more than this many months → `stale` (default 12). */
  staleMonths?: number;
  /** Obey the application's robots.txt (default true): a disallowed app is `unknown`, `robots_disallowed`. */
  robots?: boolean;
  /** Applications checked at once (the pool still limits each origin); default 16. */
  concurrency?: number;
  /**
   * Time one application's check may take in all (robots.txt, the page, the probes), default 60 s:
   * a slow host ends as `timeout` within it and never holds the checks of the others.
   */
  budgetMs?: number;
  /** Newest date on a page; default gather's reader, then a small built-in one. */
  newestDate?: (html: string, url: string, now: Date) => string | undefined;
  /** Random path segment for the soft-404 probe (tests fix it). */
  probePath?: () => string;
  signal?: AbortSignal;
}

/** Reasons for which the network gave no answer worth reading: the check stops there. */
const NO_ANSWER = new Set([
  'dns', 'tls', 'timeout', 'connection_refused', 'connection_reset', 'private_address', 'bad_url',
  'network', 'dns_temporary', 'not_checked', 'not_in_warc', 'no_capture',
]);

/**
 * Status word for a reason word (contract.md). Which reasons are no verdict is the crawl's one rule
 * (crawl/errors.ts isUnjudged), the same that keeps such links out of `broken`.
 */
export function statusForReason(reason: string): AppStatus {
  if (reason === 'ok') return 'active';
  if (reason === 'stale_content') return 'stale';
  if (isUnjudged(reason)) return 'unknown';
  return 'inactive';
}

/** Checks every application; results come back in the order given. */
export async function checkApplications(apps: readonly AppEntry[], ctx: LivenessContext): Promise<AppResult[]> {
  const n = Math.max(1, Math.min(ctx.concurrency ?? 16, apps.length));
  // Each of the n workers listens for the run's stop while its check runs. They listen on a signal
  // of this call's own, which has exactly that many listeners by design (so Node's leak warning at
  // 10 is raised for a real leak only), and the run's signal gets one listener per call.
  const stop = new AbortController();
  setMaxListeners(n + 1, stop.signal);
  const onStop = () => stop.abort(ctx.signal?.reason);
  if (ctx.signal?.aborted) stop.abort(ctx.signal.reason);
  else ctx.signal?.addEventListener('abort', onStop, { once: true });
  const local: LivenessContext = ctx.signal ? { ...ctx, signal: stop.signal } : ctx;
  const base = local.fetch ?? poolFetch(local);
  const out: AppResult[] = new Array(apps.length);
  let next = 0;
  const worker = async () => {
    while (next < apps.length) {
      const i = next++;
      out[i] = await withBudget(local, base, (fetch) => checkApplication(apps[i]!, { ...local, fetch }));
    }
  };
  try {
    await Promise.all(Array.from({ length: n }, worker));
  } finally {
    ctx.signal?.removeEventListener('abort', onStop);
  }
  return out;
}

function poolFetch(ctx: LivenessContext): AppFetch {
  const pool = ctx.pool;
  if (!pool) throw new Error('checkApplications needs ctx.pool or ctx.fetch');
  return (url, kind, extra) => pool.fetch(url, kind, { signal: extra?.signal ?? ctx.signal, options: extra?.options });
}

/** One application's check under its own deadline, which also ends when the run is stopped. */
async function withBudget<R>(ctx: LivenessContext, base: AppFetch, run: (fetch: AppFetch) => Promise<R>): Promise<R> {
  const controller = new AbortController();
  const budgetMs = ctx.budgetMs ?? 60_000;
  const timer = setTimeout(() => controller.abort(new Error(`check took over ${budgetMs} ms`)), budgetMs);
  const onOuter = () => controller.abort(ctx.signal?.reason);
  if (ctx.signal?.aborted) controller.abort(ctx.signal.reason);
  else ctx.signal?.addEventListener('abort', onOuter, { once: true });
  const fetch: AppFetch = async (url, kind, extra) => {
    const r = await base(url, kind, { ...extra, signal: controller.signal });
    // Cut by the budget (not by the run's stop): the host was too slow to be judged further.
    if (r.detail === 'aborted' && !ctx.signal?.aborted && controller.signal.aborted) {
      return { ...r, reason: 'timeout', detail: `EGOVSCAN_DEADLINE: the check's budget of ${budgetMs} ms ran out` };
    }
    return r;
  };
  try {
    return await run(fetch);
  } finally {
    clearTimeout(timer);
    ctx.signal?.removeEventListener('abort', onOuter);
  }
}

interface Verdict {
  reason: string;
  detail?: string;
  status?: AppStatus;
  res?: FetchResult;
  lastUpdated?: string;
}

export async function checkApplication(app: AppEntry, ctx: LivenessContext & { fetch: AppFetch }): Promise<AppResult> {
  const checkedAt = new Date().toISOString();
  let v: Verdict;
  try {
    v = await judge(app, ctx);
  } catch (err) {
    // A bug or an abort must not sink the other applications of the city.
    v = { reason: 'error', detail: err instanceof Error ? err.message.slice(0, 200) : String(err) };
  }
  return {
    ...app,
    status: v.status ?? statusForReason(v.reason),
    reason: v.reason,
    detail: v.detail ?? '',
    httpStatus: v.res?.status ?? 0,
    finalUrl: v.res?.finalUrl ?? app.url,
    lastUpdated: v.lastUpdated ?? '',
    checkedAt,
  };
}

async function judge(app: AppEntry, ctx: LivenessContext & { fetch: AppFetch }): Promise<Verdict> {
  const now = ctx.now ?? new Date();
  let url: URL;
  try {
    url = new URL(app.url);
  } catch {
    return { reason: 'bad_url', detail: 'not a URL' };
  }

  if (ctx.robots !== false) {
    // One try: a slow or absent robots.txt must not cost the check its retries (four slow hosts
    // once held every other check for minutes).
    const r = await ctx.fetch(`${url.origin}/robots.txt`, 'raw', { options: { retries: 1 } });
    // The host does not answer at all: the page would fail the same way, so spare it the requests.
    if (NO_ANSWER.has(r.reason)) return failure(r);
    if (r.status >= 200 && r.status < 300 && r.body && !r.html) {
      const robots = parseRobots(url.origin, new TextDecoder('utf-8').decode(r.body), r.status, r.reason);
      if (!robots.isAllowed(url.href)) return { reason: 'robots_disallowed', detail: `${url.origin}/robots.txt`, res: r };
    }
  }

  const res = await ctx.fetch(url.href, 'page');
  if (res.reason !== 'ok' && !res.reason.startsWith('http_')) return failure(res);

  if (res.redirects.length > 0 && isFrontPage(res.finalUrl, ctx.portal) && !isFrontPage(url.href, ctx.portal)) {
    return { reason: 'redirect_home', detail: res.finalUrl, res };
  }

  if (res.status >= 400 || res.reason !== 'ok') {
    const blocked = detectBlocked(res.status, res.headers);
    if (blocked) return { reason: 'blocked', detail: blocked, res };
    // HTTP authentication: the application is there and asks for its users' credentials.
    if (res.status === 401 && res.headers['www-authenticate']) return { reason: 'ok', detail: 'login_required', res };
    return { reason: `http_${res.status}`, res };
  }

  // Not HTML (an API answering JSON, a file): it answers, which is all that can be said.
  if (res.html === undefined) return { reason: 'ok', detail: res.contentType ? `non_html: ${res.contentType.split(';')[0]}` : '', res };

  const view = viewPage(res.html, res.finalUrl);
  if (view.refreshTo && isFrontPage(view.refreshTo, ctx.portal) && !isFrontPage(url.href, ctx.portal)) {
    return { reason: 'redirect_home', detail: `meta refresh to ${view.refreshTo}`, res };
  }
  const blocked = detectBlocked(res.status, res.headers, view);
  if (blocked) return { reason: 'blocked', detail: blocked, res };
  const parked = detectParked(view, res.html);
  if (parked) return { reason: 'parked', detail: parked, res };
  const placeholder = detectDefaultPage(view, res.html);
  if (placeholder) return { reason: 'default_page', detail: placeholder, res };
  if (saysNotFound(view)) return { reason: 'soft_404', detail: 'not_found_wording', res };

  const probe = await probeRandomPath(res, view, ctx);
  if (probe) return { ...probe, res };

  const newest = newestEvidence(
    (ctx.newestDate ?? defaultNewestDate)(res.html, res.finalUrl, now),
    copyrightYear(view.text, now),
  );
  const lastUpdated = newest?.value ?? '';
  if (newest && olderThanMonths(newest.asDate, now, ctx.staleMonths ?? 12)) {
    return { reason: 'stale_content', detail: `newest ${newest.value}`, res, lastUpdated };
  }
  return { reason: 'ok', res, lastUpdated };
}

/**
 * GSA Site Scanning's random-path probe, used for soft 404s: when a made-up path on the same host
 * gets the same page as the application's path, that path does not really exist. At the root this
 * proves nothing (single-page apps answer every path with the same shell), so only paths are judged.
 */
async function probeRandomPath(
  res: FetchResult,
  view: PageView,
  ctx: LivenessContext & { fetch: AppFetch },
): Promise<Verdict | undefined> {
  const final = new URL(res.finalUrl);
  if (appPath(final.pathname) === '') return undefined;
  const token = ctx.probePath?.() ?? `egovscan-404-check-${randomBytes(6).toString('hex')}`;
  const probe = await ctx.fetch(`${final.origin}/${token}`, 'page');
  if (probe.status < 200 || probe.status >= 300 || probe.html === undefined) return undefined;
  if (probe.finalUrl === res.finalUrl) return { reason: 'soft_404', detail: 'random_path_lands_here' };
  const probeView = viewPage(probe.html, probe.finalUrl);
  // A single-page app routes every path to its shell: the same page everywhere is how it works.
  const shell = (v: PageView, html: string) => v.hasScripts && (v.textLength < 200 || SPA_MOUNT.test(html));
  if (shell(view, res.html ?? '') && shell(probeView, probe.html)) return undefined;
  const a = fingerprint(res.status, view, pathWords(final.pathname));
  const b = fingerprint(probe.status, probeView, [token]);
  if (!similar(a, b)) return undefined;
  // The path and a made-up one get the same page. That is a soft 404 only when it is the host's
  // front page (a CMS answering unknown paths with its home): an application that makes a page of
  // its own for every path (paths that grow, a catch-all router) is there and answering.
  const root = await ctx.fetch(`${final.origin}/`, 'page');
  if (root.status < 200 || root.status >= 300 || root.html === undefined) return undefined;
  const c = fingerprint(root.status, viewPage(root.html, root.finalUrl), []);
  return similar(a, c) ? { reason: 'soft_404', detail: 'same_as_random_path' } : undefined;
}

/** Marks of a client-side app's mount point (React, Vue, Angular, Next, Nuxt, Svelte). */
const SPA_MOUNT = /<(div|main|app-root)\b[^>]*\bid=["']?(app|root|__next|__nuxt|svelte)["'\s>]|<app-root\b|\bng-version=|data-reactroot|__NEXT_DATA__|window\.__NUXT__/i;

/** The words of a path that a page may echo back (each segment, raw and decoded). */
function pathWords(pathname: string): string[] {
  const words = [pathname];
  try {
    words.push(decodeURIComponent(pathname));
  } catch { /* a malformed escape stays as it is */ }
  for (const seg of pathname.split('/')) if (seg.length >= 3) words.push(seg);
  return words;
}

/** Gather's date reader, the one behind pages.csv, so that an app and a page are dated alike. */
function defaultNewestDate(html: string, url: string, now: Date): string | undefined {
  return gatherPage(html, { url, now, isInternal: () => false }).newestDate;
}

function failure(r: FetchResult): Verdict {
  if (r.reason === 'tls') return { reason: 'tls', detail: tlsWord(r.detail), res: r };
  if (r.reason === 'blocked') return { reason: 'blocked', detail: detectBlocked(r.status, r.headers) ?? 'bot_filter', res: r };
  // A chain that never repeats a URL is long, not a loop (the fetcher tells them apart).
  if (r.reason === 'redirect_chain') return { reason: 'too_many_redirects', detail: shortDetail(r.detail), res: r };
  return { reason: r.reason, detail: shortDetail(r.detail), res: r };
}

function shortDetail(detail: string | undefined): string {
  if (!detail) return '';
  const code = /^([A-Z][A-Z0-9_]+):/.exec(detail);
  return code ? code[1]! : detail.slice(0, 120);
}

/**
 * A dead application needs the same verdict twice, minutes apart (`--recheck-after`): a server
 * restarting or a route flapping during the first check must not be written as a death. The
 * inactive ones are checked again `delayMs` after the first check; the second answer is the one
 * written (still inactive: the verdict stands; alive or unknown: it was not a death).
 */
export async function recheckInactive(first: readonly AppResult[], ctx: LivenessContext, delayMs: number): Promise<AppResult[]> {
  const dead = first.map((r, i) => [r, i] as const).filter(([r]) => r.status === 'inactive');
  if (dead.length === 0 || delayMs <= 0 || ctx.signal?.aborted) return [...first];
  const since = Math.min(...dead.map(([r]) => Date.parse(r.checkedAt)));
  const wait = Math.max(0, since + delayMs - Date.now());
  if (wait > 0) {
    const stopped = await new Promise<boolean>((resolve) => {
      const onAbort = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        ctx.signal?.removeEventListener('abort', onAbort);
        resolve(false);
      }, wait);
      ctx.signal?.addEventListener('abort', onAbort, { once: true });
    });
    if (stopped) return [...first];
  }
  const again = await checkApplications(dead.map(([r]) => entryOf(r)), ctx);
  const out = [...first];
  dead.forEach(([, i], k) => (out[i] = again[k]!));
  return out;
}

function entryOf(r: AppResult): AppEntry {
  const { status: _s, reason: _r, detail: _d, httpStatus: _h, finalUrl: _f, lastUpdated: _l, checkedAt: _c, ...entry } = r;
  return entry;
}

/**
 * The cities.csv application counts (unknown is never counted as inactive). Only entries of kind
 * application count: websites, national platforms and app store pages have columns of their own.
 */
export function summariseApps(entries: readonly Pick<AppResult, 'status' | 'kind'>[]): {
  apps_total: number; apps_active: number; apps_stale: number; apps_inactive: number; apps_unknown: number;
} {
  const results = entries.filter(isApplication);
  const n = (s: AppStatus) => results.filter((r) => r.status === s).length;
  return { apps_total: results.length, apps_active: n('active'), apps_stale: n('stale'), apps_inactive: n('inactive'), apps_unknown: n('unknown') };
}

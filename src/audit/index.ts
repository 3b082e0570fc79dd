// The audit stage: Lighthouse and axe on a city's home page and a handful of key pages, one page at
// a time in the whole process, in a browser of its own (so that rendering for the crawl never shares
// a renderer process with a page being measured). Produces audits.csv rows, which are also the input
// of the rubric's `audit` detector.
//
// Every page is first opened in a gated Playwright context (../render/page-guard.ts: GET/HEAD only,
// no navigating away, no WebSocket, guarded addresses), where axe runs. Lighthouse drives its own
// page over CDP in the browser's default context, where a second Playwright connection guards it
// (./lighthouse-guard.ts: methods, WebSockets, addresses) and the gate proxy checks every request and
// hop. Even so, Lighthouse runs only on a page whose gated load was refused nothing; otherwise the
// row says why it was skipped.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { freePort, launchChromium, makeRequestGate, type GuardedBrowser, type NetworkPolicy } from '../render/browser.ts';
import { guardContext, loadPage, type GuardedPage } from '../render/page-guard.ts';
import { guardLighthousePages } from './lighthouse-guard.ts';
import { REFUSED_HEADER, refusedBy } from '../render/proxy.ts';
import { runAxe } from './axe.ts';
import { EMPTY_METRICS, auditQueue, lighthouseNow, type LighthouseOutcome } from './lighthouse.ts';
import type { AuditRow, AuditSummary } from './types.ts';

export { AUDIT_COLUMNS, AUDIT_EXTRA_COLUMNS, type AuditRow, type AuditSummary } from './types.ts';
export { runAxe, AXE_TAGS, type AxeOutcome, type AxeViolation } from './axe.ts';
export { runLighthouse, metricsOf, auditQueue, QUICK_SETTINGS, type LighthouseOutcome, type LighthouseMetrics } from './lighthouse.ts';

export interface AuditOptions extends NetworkPolicy {
  runId: string;
  executablePath: string;
  /** Lighthouse's desktop config (--lighthouse-desktop); default mobile. */
  desktop?: boolean;
  /** Run Lighthouse (default true) and axe (default true). */
  lighthouse?: boolean;
  axe?: boolean;
  /** When set (--lighthouse-json), the full report goes to `<jsonDir>/<city>/<n>.json.gz`, n = 1.. in audit order. Pass `<run>/lighthouse`. */
  jsonDir?: string;
  /** Shorter Lighthouse quiet windows (tests; may under-measure slow sites). */
  quick?: boolean;
  /** Per page budget for loading (Lighthouse maxWaitForLoad and the axe page load), default 45 000 ms. */
  timeoutMs?: number;
  /** A hung Lighthouse run is abandoned (browser killed) after this long, default 120 000 ms. */
  watchdogMs?: number;
  userAgent?: string;
}

export interface Auditor {
  /** Audits `urls` in order (pass pages that answered 200; see pickAuditPages); `onPage` hears how many are done. */
  audit(cityId: string, urls: string[], onPage?: (done: number) => void): Promise<AuditSummary>;
  close(): Promise<void>;
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const firstLine = (err: unknown) => (err instanceof Error ? err.message.split('\n')[0]! : String(err));

export function createAuditor(opts: AuditOptions): Auditor {
  const timeoutMs = opts.timeoutMs ?? 45_000;
  const watchdogMs = opts.watchdogMs ?? 120_000;
  const gate = makeRequestGate(opts);
  let browserP: Promise<GuardedBrowser & { port: number }> | undefined;

  const getBrowser = () => {
    const p = (browserP ??= (async () => {
      const port = await freePort();
      const launched = await launchChromium({ ...opts, debuggingPort: port });
      launched.browser.on('disconnected', () => {
        if (browserP === p) browserP = undefined;
      });
      return { ...launched, port };
    })());
    p.catch(() => {
      if (browserP === p) browserP = undefined;
    });
    return p;
  };

  const killBrowser = async () => {
    const b = browserP;
    browserP = undefined;
    if (b) await (await b.catch(() => undefined))?.browser.close().catch(() => {});
  };

  /** Lighthouse with a watchdog: a run that hangs gets its browser killed, which ends it. */
  const lighthouseGuarded = async (url: string, port: number, keepJson: boolean): Promise<LighthouseOutcome> => {
    const run = lighthouseNow(url, { port, desktop: opts.desktop, quick: opts.quick, maxWaitForLoadMs: timeoutMs, keepJson });
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<'hung'>((ok) => {
      timer = setTimeout(() => ok('hung'), watchdogMs);
    });
    const first = await Promise.race([run, hung]);
    clearTimeout(timer);
    if (first !== 'hung') return first;
    await killBrowser();
    // Let the abandoned run settle before the next one starts (Lighthouse's global state).
    await Promise.race([run.catch(() => undefined), new Promise((ok) => setTimeout(ok, 10_000))]);
    return { metrics: { ...EMPTY_METRICS }, error: `watchdog: no result after ${watchdogMs} ms`, erroredAudits: 0, elapsedMs: watchdogMs };
  };

  /** The gated load of `url` (axe runs on it when `withAxe`): what was refused, and axe's outcome or error. */
  const gatedLoad = async (g: GuardedBrowser, url: string, withAxe: boolean) => {
    const ctx = await g.browser.newContext({ userAgent: opts.userAgent, locale: 'id-ID', serviceWorkers: 'block', acceptDownloads: false });
    let watched: GuardedPage | undefined;
    try {
      ctx.setDefaultTimeout(timeoutMs);
      const guard = await guardContext(ctx, g.proxy, gate);
      watched = await guard.newPage();
      const page = watched.page;
      const res = await loadPage(page, url, 'complete', timeoutMs);
      const refused = res ? refusedBy(g.proxy, res.headers()[REFUSED_HEADER]) : undefined;
      if (refused) throw new Error(`the gate refused the page itself: ${refused}`);
      if (res && res.status() >= 400) throw new Error(`page answered ${res.status()}`);
      await page.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => {});
      const axe = withAxe ? await runAxe(page) : undefined;
      return { watched, axe };
    } catch (err) {
      return { watched, error: err };
    } finally {
      await ctx.close().catch(() => {});
    }
  };

  const auditPage = async (cityId: string, url: string, n: number): Promise<AuditRow> => {
    const row: AuditRow = {
      run_id: opts.runId,
      city_id: cityId,
      url,
      ...EMPTY_METRICS,
      axe_violations: null,
      axe_rules: '',
      form_factor: opts.desktop ? 'desktop' : 'mobile',
      audit_error: '',
    };
    const errors: string[] = [];
    const wantAxe = opts.axe ?? true;
    const wantLighthouse = opts.lighthouse ?? true;
    let clean = false;
    if (wantAxe || wantLighthouse) {
      try {
        const g = await getBrowser();
        const load = await gatedLoad(g, url, wantAxe);
        const blocked = load.watched?.count ?? 0;
        if (load.axe) {
          row.axe_violations = load.axe.violations.length;
          row.axe_rules = load.axe.violations.map((v) => v.id).join(' ');
        } else if (wantAxe) errors.push(`axe: ${firstLine(load.error)}`);
        clean = blocked === 0 && load.error === undefined;
        if (wantLighthouse && blocked > 0) {
          const first = load.watched!.blocked[0]!;
          errors.push(`lighthouse: skipped: the page tried ${blocked} request${blocked === 1 ? '' : 's'} the gate refuses (first: ${first.why} ${first.method} ${first.url.slice(0, 120)})`);
        } else if (wantLighthouse && !clean) errors.push(`lighthouse: skipped: the gated load failed (${firstLine(load.error)})`);
      } catch (err) {
        errors.push(`${wantAxe ? 'axe' : 'lighthouse'}: ${firstLine(err)}`);
      }
    }
    if (wantLighthouse && clean) {
      try {
        const { port } = await getBrowser();
        // Connected for this run only: a second Playwright client on the browser while the gated
        // load runs would share its pages' interception. No guard, no Lighthouse.
        const lhGuard = await guardLighthousePages(port, gate);
        let lh: LighthouseOutcome;
        try {
          lh = await lighthouseGuarded(url, port, Boolean(opts.jsonDir));
        } finally {
          await lhGuard.close();
        }
        Object.assign(row, lh.metrics);
        if (lh.error) errors.push(`lighthouse: ${lh.error}`);
        const refused = lhGuard.take();
        if (refused.count > 0) {
          const first = refused.blocked[0]!;
          errors.push(`lighthouse: its page tried ${refused.count} request${refused.count === 1 ? '' : 's'} the gate refused (first: ${first.why} ${first.method} ${first.url.slice(0, 120)})`);
        }
        if (lh.json && opts.jsonDir) {
          const dir = join(opts.jsonDir, cityId);
          await mkdir(dir, { recursive: true });
          await writeFile(join(dir, `${n}.json.gz`), gzipSync(lh.json));
        }
      } catch (err) {
        errors.push(`lighthouse: ${firstLine(err)}`);
      }
    }
    row.audit_error = errors.join('; ');
    return row;
  };

  return {
    async audit(cityId, urls, onPage) {
      const started = Date.now();
      const rows: AuditRow[] = [];
      for (const [i, url] of urls.entries()) {
        // The whole page (the gated load with axe, then Lighthouse) holds the process-wide queue: axe in one city must
        // not run while Lighthouse measures another city's page.
        rows.push((await auditQueue.add(() => auditPage(cityId, url, i + 1))) as AuditRow);
        onPage?.(rows.length);
      }
      const nums = (k: 'performance' | 'accessibility') => rows.map((r) => r[k]).filter((v): v is number => typeof v === 'number');
      return {
        cityId,
        rows,
        attempted: rows.length,
        lighthouseOk: rows.filter((r) => r.performance !== null || r.accessibility !== null).length,
        axeOk: rows.filter((r) => r.axe_violations !== null).length,
        medianPerformance: median(nums('performance')),
        medianAccessibility: median(nums('accessibility')),
        elapsedMs: Date.now() - started,
      };
    },
    close: killBrowser,
  };
}

/** One city, one browser: audits `urls` and closes the browser. */
export async function runAudits(cityId: string, urls: string[], opts: AuditOptions): Promise<AuditRow[]> {
  const auditor = createAuditor(opts);
  try {
    return (await auditor.audit(cityId, urls)).rows;
  } finally {
    await auditor.close();
  }
}

/** What pickAuditPages needs to know about a crawled page (PageRecord fits). */
export interface AuditCandidate {
  url: string;
  status: number;
  depth: number;
  kind?: 'page' | 'document';
  contentType?: string;
  title?: string;
}

/** Key pages, in priority order after the home page: services, complaints, public information. */
export const KEY_PAGE_PATTERNS: readonly RegExp[] = [
  /layanan|pelayanan|service/i,
  /pengaduan|aduan|lapor|aspirasi|complaint/i,
  /ppid|informasi[\s_-]*publik/i,
];

/**
 * The home page plus up to n-1 key pages: for each pattern the shallowest page whose URL path or title
 * matches, then the shallowest remaining pages. Only HTML pages that answered 200.
 */
export function pickAuditPages(pages: readonly AuditCandidate[], n = 3): string[] {
  const ok = pages
    .filter((p) => p.status === 200 && p.kind !== 'document' && (!p.contentType || /html/i.test(p.contentType)))
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.depth - b.p.depth || a.i - b.i)
    .map((x) => x.p);
  const out: string[] = [];
  const add = (u: string) => {
    if (out.length < n && !out.includes(u)) out.push(u);
  };
  const home = ok.find((p) => p.depth === 0);
  if (home) add(home.url);
  const label = (p: AuditCandidate) => {
    let path = p.url;
    try {
      path = decodeURIComponent(new URL(p.url).pathname);
    } catch {
      // keep the raw URL
    }
    return `${path} ${p.title ?? ''}`;
  };
  for (const re of KEY_PAGE_PATTERNS) {
    const hit = ok.find((p) => !out.includes(p.url) && re.test(label(p)));
    if (hit) add(hit.url);
  }
  for (const p of ok) add(p.url);
  return out;
}

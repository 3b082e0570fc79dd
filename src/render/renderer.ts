// The narrow browser pool: ONE Chromium, a few pages at a time, browser contexts recycled every N
// pages so that memory stays bounded on a long crawl. A rendered page is handed back as HTML so that
// it goes through the same gather as a fetched one.

import PQueue from 'p-queue';
import type { BrowserContext } from 'playwright-core';
import { launchChromium, makeRequestGate, type GuardedBrowser, type NetworkPolicy } from './browser.ts';
import { sayOnce } from './chromium.ts';
import { guardContext, loadPage, type ContextGuard, type GuardedPage } from './page-guard.ts';
import { REFUSED_HEADER, refusedBy, type GateProxy } from './proxy.ts';
import type { Renderer, RendererStats, RenderResult } from './types.ts';

export interface RendererOptions extends NetworkPolicy {
  executablePath: string;
  /** Budget for one page: navigation plus the network-idle window (default 20 000 ms). */
  timeoutMs?: number;
  userAgent?: string;
  /** Pages rendered at the same time (default 2). */
  maxPages?: number;
  /** A fresh browser context after this many pages (default 20). */
  pagesPerContext?: number;
  /** Longest wait for the network to go quiet after DOMContentLoaded (default 3000 ms). */
  idleMaxMs?: number;
  /** Resource types not loaded while rendering for the crawl (default image, media, font). */
  blockResourceTypes?: string[];
  /** Largest HTML handed back, in characters (default 5 MiB); longer documents are cut. */
  maxHtmlChars?: number;
  /** Told once when the browser cannot be started (default: sayOnce on stderr). */
  onWarning?: (message: string) => void;
}

export { isRenderFailure, type RenderedPage, type RenderFailure, type RenderResult, type Renderer, type RendererStats } from './types.ts';

interface Slot {
  ctx: BrowserContext;
  guard: ContextGuard;
  proxy: GateProxy;
  used: number;
  open: number;
}

export function createRenderer(opts: RendererOptions): Renderer {
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const idleMaxMs = opts.idleMaxMs ?? 3_000;
  const perContext = Math.max(1, opts.pagesPerContext ?? 20);
  const maxHtml = opts.maxHtmlChars ?? 5 * 1024 * 1024;
  const queue = new PQueue({ concurrency: Math.max(1, opts.maxPages ?? 2) });
  const gate = makeRequestGate(opts);
  const blockTypes = new Set(opts.blockResourceTypes ?? ['image', 'media', 'font']);
  const stats: RendererStats = { launched: false, rendered: 0, failed: 0, contextsOpened: 0, totalMs: 0, blocked: 0 };

  let browserP: Promise<GuardedBrowser> | undefined;
  let launchError: string | undefined;
  let current: Promise<Slot> | undefined;
  let closed = false;

  const getBrowser = (): Promise<GuardedBrowser> => {
    if (!browserP) {
      browserP = launchChromium(opts).then(
        (b) => {
          stats.launched = true;
          b.browser.on('disconnected', () => {
            // A crashed browser is relaunched on the next page; the contexts died with it.
            browserP = undefined;
            current = undefined;
          });
          return b;
        },
        (err: unknown) => {
          launchError = `browser launch failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
          (opts.onWarning ?? ((m: string) => void sayOnce(m)))(`${launchError}; pages are crawled statically`);
          throw err;
        },
      );
    }
    return browserP;
  };

  const newSlot = async (): Promise<Slot> => {
    const { browser, proxy } = await getBrowser();
    const ctx = await browser.newContext({
      userAgent: opts.userAgent,
      locale: 'id-ID',
      timezoneId: 'Asia/Jakarta',
      serviceWorkers: 'block',
      acceptDownloads: false,
      bypassCSP: false,
    });
    stats.contextsOpened++;
    ctx.setDefaultTimeout(timeoutMs);
    const guard = await guardContext(ctx, proxy, gate, blockTypes);
    return { ctx, guard, proxy, used: 0, open: 0 };
  };

  const acquire = async (): Promise<Slot> => {
    let slotP = current;
    if (slotP) {
      const s = await slotP;
      if (s.used >= perContext) {
        if (current === slotP) current = undefined;
        if (s.open === 0) void s.ctx.close().catch(() => {});
        slotP = undefined;
      }
    }
    if (!slotP) {
      current ??= newSlot();
      slotP = current;
      // Creation failed: let the next page try again.
      slotP.catch(() => {
        if (current === slotP) current = undefined;
      });
    }
    const s = await slotP;
    s.used++;
    s.open++;
    return s;
  };

  const release = async (s: Slot): Promise<void> => {
    s.open--;
    if (s.open === 0 && s.used >= perContext) await s.ctx.close().catch(() => {});
  };

  const renderNow = async (url: string): Promise<RenderResult> => {
    if (closed) return { error: 'renderer closed' };
    if (launchError) return { error: launchError };
    const started = Date.now();
    let slot: Slot | undefined;
    let blocked: GuardedPage | undefined;
    try {
      slot = await acquire();
      const watched = await slot.guard.newPage();
      blocked = watched;
      const page = watched.page;
      try {
        const res = await loadPage(page, url, 'interactive', timeoutMs);
        const left = timeoutMs - (Date.now() - started);
        if (left > 0) await page.waitForLoadState('networkidle', { timeout: Math.min(idleMaxMs, left) }).catch(() => {});
        let html = await page.content();
        if (html.length > maxHtml) html = html.slice(0, maxHtml);
        const elapsedMs = Date.now() - started;
        const refused = res ? refusedBy(slot.proxy, res.headers()[REFUSED_HEADER]) : undefined;
        if (refused) throw new Error(`the gate refused the page itself: ${refused}`);
        stats.rendered++;
        stats.blocked += watched.count;
        return { html, finalUrl: page.url(), status: res?.status() ?? 0, elapsedMs, blocked: watched.count, blockedLog: [...watched.blocked] };
      } finally {
        await page.close().catch(() => {});
      }
    } catch (err) {
      stats.failed++;
      stats.blocked += blocked?.count ?? 0;
      const msg = err instanceof Error ? err.message.split('\n')[0]! : String(err);
      return { error: launchError ?? (closed ? 'renderer closed' : msg), ...(blocked ? { blocked: blocked.count } : {}) };
    } finally {
      stats.totalMs += Date.now() - started;
      if (slot) await release(slot);
    }
  };

  return {
    render: (url) => queue.add(() => renderNow(url)) as Promise<RenderResult>,
    stats: () => ({ ...stats }),
    async close() {
      closed = true;
      const b = browserP;
      browserP = undefined;
      current = undefined;
      if (b) await (await b.catch(() => undefined))?.browser.close().catch(() => {});
      await queue.onIdle();
    },
  };
}

// The page guard for Lighthouse's own page. Lighthouse opens its page over CDP in the browser's
// default context, which the Playwright that launched the browser does not expose; a second
// Playwright connection over the DevTools port does (`contexts()[0]`), and its request interception
// applies to every page Lighthouse opens there. So on Lighthouse's page too, inside HTTPS where the
// proxy sees nothing: only GET and HEAD leave, WebSockets never connect, refused hosts are aborted.
// Navigations are not restricted here (Lighthouse navigates by itself, e.g. for its back/forward
// cache check), and nothing Lighthouse's page shows is gathered.

import { chromium, type Browser } from 'playwright-core';
import type { BlockedRequest } from '../render/page-guard.ts';

export interface LighthouseGuard {
  /** What Lighthouse's pages tried that was refused since the last `take()`, and forget it. */
  take(): { count: number; blocked: BlockedRequest[] };
  close(): Promise<void>;
}

const PASSING = new Set(['GET', 'HEAD']);

export async function guardLighthousePages(debuggingPort: number, allow: (url: string) => Promise<boolean>): Promise<LighthouseGuard> {
  const cdp: Browser = await chromium.connectOverCDP(`http://127.0.0.1:${debuggingPort}`);
  let count = 0;
  let blocked: BlockedRequest[] = [];
  const note = (why: string, method: string, url: string) => {
    count++;
    if (blocked.length < 200) blocked.push({ why, method, url: url.slice(0, 500) });
  };
  try {
    const ctx = cdp.contexts()[0];
    if (!ctx) throw new Error('the audit browser has no default context');
    await ctx.route('**/*', async (route) => {
      const req = route.request();
      try {
        if (!PASSING.has(req.method())) {
          note('method', req.method(), req.url());
          return void (await route.abort('blockedbyclient'));
        }
        if (!(await allow(req.url()))) {
          note('address', req.method(), req.url());
          return void (await route.abort('blockedbyclient'));
        }
        await route.continue();
      } catch {
        // The page went away while we decided.
      }
    });
    await ctx.routeWebSocket(/.*/, (ws) => {
      note('websocket', 'GET', ws.url());
      ws.close({ code: 1008, reason: 'egovscan does not open WebSockets' }).catch(() => {});
    });
  } catch (err) {
    await cdp.close().catch(() => {});
    throw err;
  }
  return {
    take() {
      const out = { count, blocked };
      count = 0;
      blocked = [];
      return out;
    },
    // Closing a connectOverCDP browser disconnects; the browser itself stays (its owner closes it).
    close: () => cdp.close().catch(() => {}),
  };
}

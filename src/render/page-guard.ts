// The browser-side layer of the gate, on every context egovscan opens (renderer and axe): what a
// page may do while it is open. Only GET and HEAD leave; the first main-frame navigation (the page we
// asked for) is the only one, so a page that submits a form, changes location or refreshes itself
// stays the page it was; popups are closed; WebSockets never connect; hosts the address gate refuses
// are aborted. Everything refused is counted per page (pages.csv blocked_requests). Redirect hops and
// requests Playwright cannot see (workers, Lighthouse's page) meet the proxy, which applies the same
// address policy and answers a refused plain-HTTP request with a marked 403 that is counted here too.

import type { BrowserContext, Page, Request, Response, Route } from 'playwright-core';
import { REFUSED_HEADER, refusedBy, type GateProxy } from './proxy.ts';

export interface BlockedRequest {
  /** method, navigation, popup, websocket, address, proxy:<reason> */
  why: string;
  method: string;
  url: string;
}

export interface GuardedPage {
  page: Page;
  /** What this page tried that was refused (at most 200 kept; `count` has them all). */
  blocked: BlockedRequest[];
  count: number;
}

interface State extends GuardedPage {
  navigated: boolean;
}

export interface ContextGuard {
  /** A new page of the context, watched. */
  newPage(): Promise<GuardedPage>;
}

const PASSING = new Set(['GET', 'HEAD']);

/**
 * Installs the gate on `ctx`. `allow(url)` is the address gate (makeRequestGate); `skipTypes` are
 * resource types not loaded at all (our choice, not counted as the page's).
 */
export async function guardContext(
  ctx: BrowserContext,
  proxy: Pick<GateProxy, 'token' | 'tunnelRefused'>,
  allow: (url: string) => Promise<boolean>,
  skipTypes: ReadonlySet<string> = new Set(),
): Promise<ContextGuard> {
  const states = new WeakMap<Page, State>();

  const note = (s: State, why: string, req: { method: string; url: string }) => {
    s.count++;
    if (s.blocked.length < 200) s.blocked.push({ why, method: req.method, url: req.url.slice(0, 500) });
  };

  const pageOf = (req: Request): Page | undefined => {
    try {
      return req.frame().page();
    } catch {
      // Service-worker requests have no frame (service workers are blocked anyway).
      return undefined;
    }
  };

  await ctx.route('**/*', async (route: Route) => {
    const req = route.request();
    const abort = () => route.abort('blockedbyclient').catch(() => {});
    try {
      const page = pageOf(req);
      const s = page ? states.get(page) : undefined;
      // A page we did not open (a popup) or a request of no page: nothing leaves.
      if (!s) return void (await abort());
      const info = { method: req.method(), url: req.url() };
      const navigation = req.isNavigationRequest();
      // A refused navigation is answered 204 No Content without asking the server: a browser stays
      // on the current document then (an abort would replace it with an error page).
      const stay = () => route.fulfill({ status: 204, body: '' }).catch(() => {});
      if (navigation && req.frame() === s.page.mainFrame()) {
        if (s.navigated) {
          // The page tries to leave (form, location, refresh): it stays the page we asked for.
          note(s, PASSING.has(info.method) ? 'navigation' : 'method', info);
          return void (await stay());
        }
        s.navigated = true;
      }
      if (!PASSING.has(info.method)) {
        note(s, 'method', info);
        return void (await (navigation ? stay() : abort()));
      }
      if (skipTypes.has(req.resourceType())) return void (await abort());
      if (!(await allow(info.url))) {
        note(s, 'address', info);
        return void (await abort());
      }
      await route.continue();
    } catch {
      // The page or context went away while we decided; nothing left to answer.
    }
  });

  return {
    async newPage() {
      const page = await ctx.newPage();
      const s: State = { page, blocked: [], count: 0, navigated: false };
      states.set(page, s);
      page.on('dialog', (d) => void d.dismiss().catch(() => {}));
      // A popup is not one of our pages: its requests are aborted above, and it is closed.
      page.on('popup', (p) => {
        note(s, 'popup', { method: 'GET', url: p.url() });
        void p.close().catch(() => {});
      });
      page.on('response', (r) => {
        const why = refusedBy(proxy, r.headers()[REFUSED_HEADER]);
        if (why) note(s, `proxy:${why}`, { method: r.request().method(), url: r.url() });
      });
      // A refused CONNECT (https:, wss:) reaches the page only as a failed tunnel; the proxy says whether it refused it.
      page.on('requestfailed', (r) => {
        if (!/ERR_TUNNEL_CONNECTION_FAILED/.test(r.failure()?.errorText ?? '')) return;
        let authority = '';
        try {
          const u = new URL(r.url());
          authority = `${u.hostname}:${u.port || (u.protocol === 'https:' || u.protocol === 'wss:' ? '443' : '80')}`;
        } catch {
          return;
        }
        const why = proxy.tunnelRefused(authority);
        if (why) note(s, `proxy:${why}`, { method: r.method(), url: r.url() });
      });
      // WebSockets are never connected (no page handler calls connectToServer); the page sees a closed socket.
      await page.routeWebSocket(/.*/, (ws) => {
        note(s, 'websocket', { method: 'GET', url: ws.url() });
        ws.close({ code: 1008, reason: 'egovscan does not open WebSockets' }).catch(() => {});
      });
      return s;
    },
  };
}

/**
 * `page.goto` up to the commit of the document, then a wait for its readyState. Not goto's own
 * domcontentloaded/load wait: when the page starts another navigation while it is parsed (a form
 * submitted by an inline script, `location.href = …`), Playwright waits for that refused navigation
 * and times out, although the document we asked for is loaded and is what we read.
 */
export async function loadPage(page: Page, url: string, until: 'interactive' | 'complete', timeoutMs: number): Promise<Response | null> {
  const started = Date.now();
  const res = await page.goto(url, { waitUntil: 'commit', timeout: timeoutMs });
  const left = Math.max(1, timeoutMs - (Date.now() - started));
  await page.waitForFunction(
    (state) => document.readyState === 'complete' || (state === 'interactive' && document.readyState === 'interactive'),
    until,
    { timeout: left, polling: 50 },
  );
  return res;
}

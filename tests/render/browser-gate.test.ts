// The browser keeps the crawler's promises. An internal server (127.0.0.2, and localhost on another
// port) counts every TCP connection; a portal on 127.0.0.1, reached as kota.test through the
// --resolve map (the operator's explicit choice, as in the CLI tests), has pages that try every road
// a browser has: fetch, XHR, script, stylesheet, img, iframe, WebSocket, EventSource, workers,
// service worker, prefetch/preconnect/dns-prefetch, same-origin URLs that redirect inside, meta
// refresh, location, form auto-submit, sendBeacon, popups, WebRTC. Without allowPrivate not one
// connection reaches the internal server, nothing but GET/HEAD reaches the portal, and a page that
// navigates away is recorded as itself. With allowPrivate the same pages do reach the internal
// server (so the counter is live). Two renderers, one auditor, one Lighthouse browser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditor } from '../../src/audit/index.ts';
import { lighthouseNow } from '../../src/audit/lighthouse.ts';
import { guardLighthousePages } from '../../src/audit/lighthouse-guard.ts';
import { freePort, launchChromium, makeRequestGate } from '../../src/render/browser.ts';
import { createRenderer, isRenderFailure, type RenderedPage, type RenderResult } from '../../src/render/renderer.ts';
import { NAV_PAGES, startInternal, startPortal, type Internal, type Portal } from './gate-fixture.ts';
import { requireChromium } from './helpers.ts';
import { say } from '../support/say.ts';

let executablePath: string;
let internal: Internal;
let portal: Portal;
let base: string;
const resolve = { 'kota.test': '127.0.0.1' };

const notGet = () => portal.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD');
// What only a submitted form, a script's navigation or a non-GET call would have fetched.
const answers = () => portal.requests.filter((r) => /^\/(kirim|hasil|jawaban|api|beacon)/.test(r.path));

beforeAll(async () => {
  executablePath = requireChromium();
  internal = await startInternal();
  portal = await startPortal(internal);
  base = `http://kota.test:${portal.port}`;
});

afterAll(async () => {
  await portal?.close();
  await internal?.close();
});

describe('rendering without allowPrivate', () => {
  const results = new Map<string, RenderResult>();

  beforeAll(async () => {
    const r = createRenderer({ executablePath, resolve, allowPrivate: false, timeoutMs: 15_000, idleMaxMs: 1_500, blockResourceTypes: [] });
    try {
      for (const path of ['/semua', ...NAV_PAGES]) results.set(path, await r.render(`${base}${path}`));
    } finally {
      await r.close();
    }
  }, 120_000);

  it('sends not one connection to the internal server, by any road', () => {
    expect(internal.requests).toEqual([]);
    expect(internal.connections).toBe(0);
  });

  it('lets nothing but GET and HEAD reach the portal: no form, POST, PUT, PATCH, DELETE, beacon or WebSocket', () => {
    expect(portal.requests.length).toBeGreaterThan(NAV_PAGES.length);
    expect(notGet()).toEqual([]);
    expect(answers()).toEqual([]);
    expect(portal.requests.some((r) => r.path.startsWith('/ws'))).toBe(false);
    expect(portal.requests.some((r) => r.path.startsWith('/popup'))).toBe(false);
  });

  it('renders the page that tries everything and counts what it tried', () => {
    const page = results.get('/semua') as RenderedPage;
    expect(isRenderFailure(page)).toBe(false);
    expect(page.html).toContain('Isi dari skrip');
    const whys = new Set(page.blockedLog?.map((b) => b.why));
    say(`/semua: ${page.blocked} refused; first ${page.blockedLog?.length}: ${[...whys].join(', ')}`);
    for (const why of ['method', 'address', 'websocket', 'popup', 'proxy:private_address']) expect(whys).toContain(why);
    // The redirect hop to https://127.0.0.2 is refused (by the page guard or as a CONNECT), counted when the page got that
    // far before it was read (on a loaded machine it may not have: the zero-connection tests above
    // hold either way, which is the promise).
    const hop = page.blockedLog?.find((b) => b.url.startsWith('https://127.0.0.2'));
    if (hop) expect(['address', 'proxy:private_address']).toContain(hop.why);
    // 6 fetch/XHR other methods + 2 beacons + 2 WebSockets + 2 popups + the refused addresses, at least.
    expect(page.blocked).toBeGreaterThanOrEqual(15);
  });

  it('records a page that navigates away by itself as the page it was', () => {
    for (const path of NAV_PAGES) {
      const page = results.get(path) as RenderedPage;
      expect(isRenderFailure(page), `${path}: ${JSON.stringify(page)}`).toBe(false);
      expect(page.finalUrl, path).toBe(`${base}${path}`);
      expect(page.status, path).toBe(200);
      expect(page.html, path).not.toMatch(/<title>(Jawaban|Hasil)<\/title>|rahasia internal/);
      expect(page.blocked, path).toBeGreaterThanOrEqual(1);
      expect(page.blockedLog?.[0]?.why, path).toMatch(/^(navigation|method)$/);
    }
  });
});

describe('Lighthouse and axe without allowPrivate', () => {
  it('Lighthouse on its own page (proxy + the guard on its default context) reaches nothing internal and submits nothing', async () => {
    const connectionsBefore = internal.connections;
    const port = await freePort();
    const { browser, proxy } = await launchChromium({ executablePath, resolve, allowPrivate: false, debuggingPort: port });
    const guard = await guardLighthousePages(port, makeRequestGate({ resolve, allowPrivate: false }));
    try {
      const lh = await lighthouseNow(`${base}/semua`, { port, quick: true, maxWaitForLoadMs: 15_000 });
      const refused = guard.take();
      const whys = new Set(refused.blocked.map((b) => b.why));
      say(`Lighthouse on /semua: performance ${lh.metrics.performance}, ${lh.elapsedMs} ms${lh.error ? `, error ${lh.error}` : ''}; its page: ${refused.count} refused (${[...whys].join(', ')}), proxy refused ${proxy.stats().refused}`);
      expect(lh.metrics.accessibility).not.toBeNull();
      // The guard saw Lighthouse's page try the POSTs and the internal addresses, before the proxy did.
      expect(whys).toContain('method');
      expect(whys).toContain('address');
      // What the guard cannot see (the service worker Lighthouse's page registers) the proxy refuses.
      say(`proxy refused methods: ${JSON.stringify(proxy.refusals().filter((r) => r.reason === 'method'))}; passed: ${JSON.stringify(proxy.passedHosts())}`);
      // Only the portal was reached (the test never leaves loopback; Chromium's own background calls are refused or absent).
      expect(Object.keys(proxy.passedHosts())).toEqual([`kota.test:${portal.port}`]);
    } finally {
      await guard.close();
      await browser.close();
    }
    expect(internal.connections - connectionsBefore).toBe(0);
    expect(internal.requests).toEqual([]);
    expect(notGet()).toEqual([]);
  }, 120_000);

  it('the auditor runs axe on every page, Lighthouse only where the gated load was refused nothing', async () => {
    const auditor = createAuditor({ runId: 't', executablePath, resolve, allowPrivate: false, quick: true, timeoutMs: 15_000 });
    try {
      const { rows } = await auditor.audit('uji', [`${base}/semua`, `${base}/form-post`, `${base}/rapi`]);
      const [semua, form, rapi] = rows;
      say(rows.map((r) => `${r.url}: perf ${r.performance} axe ${r.axe_violations} ${r.audit_error}`).join('\n'));
      expect(semua!.axe_violations).not.toBeNull();
      expect(semua!.performance).toBeNull();
      expect(semua!.audit_error).toMatch(/^lighthouse: skipped: the page tried \d+ requests the gate refuses/);
      expect(form!.audit_error).toMatch(/lighthouse: skipped/);
      expect(rapi!.audit_error).toBe('');
      expect(rapi!.performance).not.toBeNull();
    } finally {
      await auditor.close();
    }
    expect(internal.connections).toBe(0);
    expect(internal.requests).toEqual([]);
    expect(notGet()).toEqual([]);
    expect(answers()).toEqual([]);
  }, 180_000);
});

describe('the same pages with allowPrivate (the counter is live)', () => {
  it('reach the internal server, and still submit nothing', async () => {
    const before = portal.requests.length;
    const r = createRenderer({ executablePath, resolve, allowPrivate: true, timeoutMs: 15_000, idleMaxMs: 1_500, blockResourceTypes: [] });
    let out: RenderResult;
    try {
      out = await r.render(`${base}/semua`);
    } finally {
      await r.close();
    }
    expect(isRenderFailure(out)).toBe(false);
    expect(internal.connections).toBeGreaterThan(0);
    expect(internal.requests.some((q) => q.startsWith('GET /fetch'))).toBe(true);
    expect(internal.requests.some((q) => q.startsWith('GET /dari-pergi'))).toBe(true);
    expect(portal.requests.length).toBeGreaterThan(before);
    expect(notGet()).toEqual([]);
    expect(answers()).toEqual([]);
    internal.requests.length = 0;
  }, 60_000);
});

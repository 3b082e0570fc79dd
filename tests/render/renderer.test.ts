// The browser pool on a local server: client-rendered content comes back as HTML, requests to hosts
// outside the resolve map (or to private addresses) never leave the browser, contexts are recycled,
// failures are values, not exceptions. Needs Chromium.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, hostResolverRules, makeRequestGate } from '../../src/render/browser.ts';
import { createRenderer, isRenderFailure, type RenderedPage } from '../../src/render/renderer.ts';
import { requireChromium } from './helpers.ts';

let executablePath: string;
let server: Server;
let port: number;
const seen: Array<{ host: string; path: string }> = [];

const PAGE = `<!doctype html><html lang="id"><head><title>Uji</title></head><body><div id="app"></div>
<script>
  const out = (id, text) => { const p = document.createElement('p'); p.id = id; p.textContent = text; document.getElementById('app').appendChild(p); };
  fetch('/data').then(r => r.text()).then(t => out('data', t)).catch(() => out('data', 'failed'));
  fetch('http://luar.test:' + location.port + '/bocor').then(() => out('outside', 'reached')).catch(() => out('outside', 'blocked'));
  fetch('http://127.0.0.2:' + location.port + '/lan').then(() => out('private', 'reached')).catch(() => out('private', 'blocked'));
  document.cookie = 'sesi=1; path=/';
</script></body></html>`;

beforeAll(async () => {
  executablePath = requireChromium();
  server = createServer((req, res) => {
    seen.push({ host: (req.headers.host ?? '').replace(/:\d+$/, ''), path: req.url ?? '' });
    if (req.url === '/data') return res.end('data-ok');
    if (req.url === '/hilang') {
      res.statusCode = 404;
      return res.end('<html><body>Halaman tidak ditemukan</body></html>');
    }
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(PAGE);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((ok) => server?.close(ok));
});

describe('chromium switches', () => {
  it('send everything through the gate proxy, loopback included, and let Chromium resolve no name itself', () => {
    expect(hostResolverRules()).toBe('MAP * ~NOTFOUND, EXCLUDE 127.0.0.1');
    const args = chromiumArgs({ proxyUrl: 'http://127.0.0.1:4321', debuggingPort: 9333 });
    expect(args).toEqual(
      expect.arrayContaining([
        '--no-sandbox',
        '--disable-quic',
        '--dns-prefetch-disable',
        '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
        '--proxy-server=http://127.0.0.1:4321',
        '--proxy-bypass-list=<-loopback>',
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
        '--remote-debugging-port=9333',
      ]),
    );
  });
});

describe('the request gate', () => {
  it('lets resolve hosts through, refuses others with onlyResolved, and private addresses without allowPrivate', async () => {
    const only = makeRequestGate({ resolve: { 'kota.test': '127.0.0.1' }, onlyResolved: true });
    expect(await only('http://kota.test:8080/x')).toBe(true);
    expect(await only('http://luar.test/')).toBe(false);
    expect(await only('http://127.0.0.1:8080/')).toBe(false); // an IP literal on loopback: like the crawler, needs allowPrivate
    expect(await makeRequestGate({ resolve: { 'kota.test': '127.0.0.1' }, onlyResolved: true, allowPrivate: true })('http://127.0.0.1:8080/')).toBe(true);
    expect(await only('http://127.0.0.2/')).toBe(false);
    expect(await only('data:text/plain,x')).toBe(true);
    expect(await only('file:///etc/passwd')).toBe(false);

    const open = makeRequestGate({ resolve: { 'kota.test': '127.0.0.1' } });
    expect(await open('http://kota.test/')).toBe(true); // trusted like curl --resolve
    expect(await open('http://192.168.1.1/')).toBe(false);
    expect(await open('http://[::1]/')).toBe(false);
    expect(await open('http://localhost/')).toBe(false); // answered from /etc/hosts: loopback
    expect(await makeRequestGate({ allowPrivate: true })('http://192.168.1.1/')).toBe(true);
  });
});

describe('createRenderer', () => {
  it('renders client-side content and blocks hosts outside the resolve map', async () => {
    const r = createRenderer({ executablePath, resolve: { 'kota.test': '127.0.0.1' }, onlyResolved: true, timeoutMs: 10_000, idleMaxMs: 1_000 });
    try {
      const out = await r.render(`http://kota.test:${port}/`);
      expect(isRenderFailure(out)).toBe(false);
      const page = out as RenderedPage;
      expect(page.status).toBe(200);
      expect(page.finalUrl).toBe(`http://kota.test:${port}/`);
      expect(page.html).toContain('<p id="data">data-ok</p>');
      expect(page.html).toContain('<p id="outside">blocked</p>');
      expect(page.html).toContain('<p id="private">blocked</p>');
      expect(seen.filter((s) => s.host !== 'kota.test')).toEqual([]);
      const missing = await r.render(`http://kota.test:${port}/hilang`);
      expect(missing).toMatchObject({ status: 404 });
      const unmapped = await r.render(`http://tidak-dipetakan.test:${port}/`);
      expect(isRenderFailure(unmapped) && unmapped.error).toMatch(/ERR_NAME_NOT_RESOLVED|ERR_BLOCKED_BY_CLIENT/);
    } finally {
      await r.close();
    }
  });

  it('renders two at a time, recycles contexts every N pages and launches lazily', async () => {
    const r = createRenderer({ executablePath, resolve: { 'kota.test': '127.0.0.1' }, onlyResolved: true, pagesPerContext: 2, timeoutMs: 10_000, idleMaxMs: 500 });
    expect(r.stats().launched).toBe(false);
    try {
      const results = await Promise.all(Array.from({ length: 5 }, (_, i) => r.render(`http://kota.test:${port}/?n=${i}`)));
      expect(results.every((x) => !isRenderFailure(x))).toBe(true);
      const s = r.stats();
      expect(s).toMatchObject({ launched: true, rendered: 5, failed: 0 });
      expect(s.contextsOpened).toBe(3);
    } finally {
      await r.close();
    }
    expect(await r.render(`http://kota.test:${port}/`)).toEqual({ error: 'renderer closed' });
  });

  it('returns an error, not an exception, when the browser cannot start', async () => {
    const warnings: string[] = [];
    const r = createRenderer({ executablePath: '/nonexistent/chromium', onWarning: (m) => warnings.push(m) });
    const out = await r.render('http://kota.test/');
    expect(isRenderFailure(out) && out.error).toMatch(/^browser launch failed/);
    expect(await r.render('http://kota.test/')).toEqual(out);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/pages are crawled statically$/);
    await r.close();
  });
});

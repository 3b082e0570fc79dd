// Issue 18 item 3 and issue 13 item 5, end to end over loopback: a portal that links to hostile
// pages (a megabyte title, 100,000 nested elements, a megabyte of one attribute, thousands of forms,
// a 200 MB body) and lists them as applications beside a healthy one. The crawl ends in bounded
// time and memory, the hostile pages are recorded (one over the reading budget as too_complex),
// and the healthy application is judged `active` in normal time.
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkApplications } from '../../src/apps/liveness.ts';
import { startInventory } from '../../src/apps/inventory.ts';
import { createHttpPool } from '../../src/crawl/index.ts';
import { crawlCity } from '../../src/run/crawl-city.ts';
import { makeSettings } from '../../src/run/settings.ts';
import { parseTargets, type Target } from '../../src/config/targets.ts';
import { say } from '../support/say.ts';

const NOW = new Date('2024-06-01T00:00:00Z');
const HOSTILE: Record<string, () => string> = {
  '/judul-besar': () => `<html><head><title>${'oops halaman '.repeat(80_000)}</title></head><body><p>isi</p></body></html>`,
  '/bersarang': () => `<html><body>${'<div>'.repeat(100_000)}x${'</div>'.repeat(100_000)}</body></html>`,
  '/atribut': () => `<html><body><a href="/" title="${'a'.repeat(1_000_000)}">x</a><div class="${'date '.repeat(200_000)}">1 Mei 2024</div></body></html>`,
  '/formulir': () => `<html><body>${'<form action="/cari" method="post"><label for="q">Cari</label><input id="q" name="q"><button>Cari</button></form>'.repeat(19_000)}</body></html>`,
};
const HEALTHY = `<!doctype html><html lang="id"><head><title>SIMPATIK — Layanan Perizinan Online</title></head><body>
  <h1>Layanan Perizinan Online</h1><form action="/masuk" method="post"><label for="u">NIK</label><input id="u" name="nik">
  <label for="p">Kata sandi</label><input id="p" name="sandi" type="password"><button>Masuk</button></form>
  <p>Pengumuman: jam layanan diperpanjang. Diperbarui 28 Mei 2024.</p><footer>© 2024 DPMPTSP Kota Batu Hijau</footer></body></html>`;

let server: Server;
let port = 0;
let journals: string;
const served = new Map<string, number>();

beforeAll(async () => {
  journals = await mkdtemp(join(tmpdir(), 'egovscan-hostile-'));
  server = createServer((req, res) => {
    const host = (req.headers.host ?? '').split(':')[0];
    const path = (req.url ?? '/').split('?')[0]!;
    served.set(`${host}${path}`, (served.get(`${host}${path}`) ?? 0) + 1);
    if (path === '/robots.txt' || path === '/sitemap.xml') {
      res.writeHead(404).end();
      return;
    }
    if (host === 'layanan.batuhijau.test') {
      res.writeHead(path === '/' ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' }).end(path === '/' ? HEALTHY : '<title>404 Not Found</title>');
      return;
    }
    if (path === '/besar') {
      // 200 MB announced and streamed (zeros inside a paragraph) for as long as the client reads.
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(200 * 1024 * 1024) });
      res.write('<html><body><p>');
      const chunk = Buffer.alloc(64 * 1024, 0x30);
      let sent = 0;
      const pump = () => {
        while (sent < 200 * 1024 * 1024 - 64 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => (sent = Infinity));
      pump();
      return;
    }
    const hostile = HOSTILE[path];
    if (hostile) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(hostile());
      return;
    }
    if (path === '/') {
      const links = [...Object.keys(HOSTILE), '/besar'].map((p) => `<li><a href="${p}">Halaman ${p}</a></li>`).join('');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
        `<html><head><title>Pemerintah Kota Batu Hijau</title></head><body><ul>${links}</ul>
         <a href="http://layanan.batuhijau.test:${port}/">Perizinan Online</a><p>Berita 30 Mei 2024</p></body></html>`,
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'text/html' }).end('<title>404</title>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  if (journals) await rm(journals, { recursive: true, force: true });
});

describe('a crawl among hostile pages', () => {
  it('ends in bounded time and memory, records them, and judges the healthy application active', async () => {
    const portal = `http://www.batuhijau.test:${port}/`;
    const apps = [
      { name: 'SIMPATIK Perizinan', url: `http://layanan.batuhijau.test:${port}/` },
      ...Object.keys(HOSTILE).map((p, i) => ({ name: `Aplikasi ${i}`, url: `http://www.batuhijau.test:${port}${p}` })),
    ];
    const yaml = `targets:\n  - id: batuhijau\n    name: Kota Batu Hijau\n    country: ID\n    portal: ${portal}\n    domains: [batuhijau.test]\n    applications:\n${apps.map((a) => `      - name: ${a.name}\n        url: ${a.url}`).join('\n')}\n`;
    const target: Target = parseTargets(yaml, 'targets.yaml')[0]!;
    const resolve = { 'www.batuhijau.test': '127.0.0.1', 'layanan.batuhijau.test': '127.0.0.1' };
    const settings = makeSettings({
      out: journals,
      runId: 'hostile',
      render: 'never',
      now: NOW,
      crawl: { resolve, onlyResolved: true, allowPrivate: true, delayMs: 0, perHost: 4, concurrency: 8, checkExternal: false, retries: 0, timeoutMs: 10_000 },
    });
    // A small reading budget, so that the page of 19,000 forms (2 MB, about half a second of work)
    // overruns it; healthy pages take a few milliseconds.
    const budget = process.env.EGOVSCAN_PAGE_BUDGET_MS;
    process.env.EGOVSCAN_PAGE_BUDGET_MS = '150';
    const before = process.memoryUsage.rss();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
    const pool = createHttpPool(settings.crawl);
    try {
      const started = performance.now();
      const crawl = await crawlCity(target, settings, journals, pool, NOW, undefined, undefined);
      const crawlMs = performance.now() - started;
      const urls = new Map(crawl.facts.pages.filter((p) => new URL(p.url).hostname === 'www.batuhijau.test').map((p) => [new URL(p.url).pathname, p]));
      for (const p of [...Object.keys(HOSTILE), '/besar']) expect(urls.has(p), p).toBe(true);
      // The nested page is read up to the nesting bound, the 200 MB body up to the size cap.
      expect(urls.get('/bersarang')!.read).toBe(true);
      expect(urls.get('/besar')!.bytes).toBeLessThanOrEqual(settings.crawl.maxBytes);
      expect(crawlMs).toBeLessThan(60_000);
      // Over the budget: recorded too_complex, not read, and the rest of the crawl went on. Whether
      // this page's reading overruns 150 ms depends on the machine (on an idle one it did not, and a
      // page gathered while a spare worker starts is read on the main thread): when it was read in
      // time it must have been read whole. The budget itself is pinned by tests/run/gather-pool.test.ts.
      const forms = urls.get('/formulir')!;
      if (forms.reason === 'too_complex') expect(forms.flags).toEqual(['too_complex']);
      else expect([forms.reason, forms.read]).toEqual(['ok', true]);
      expect(urls.get('/')!.reason).toBe('ok');
      expect(urls.get('/')!.title).toBe('Pemerintah Kota Batu Hijau');

      const inventory = startInventory(target, crawl.facts).finish();
      const checkStart = performance.now();
      const results = await checkApplications(inventory.filter((a) => a.source === 'targets'), { portal, pool, now: NOW });
      const healthy = results.find((r) => r.name === 'SIMPATIK Perizinan')!;
      expect(healthy.status).toBe('active');
      const checkMs = performance.now() - checkStart;
      expect(checkMs).toBeLessThan(30_000);
      say(`hostile crawl: ${Math.round(crawlMs)} ms, checks ${Math.round(checkMs)} ms, healthy ${healthy.status}/${healthy.reason}`);
      // Every hostile application got a verdict of its own.
      expect(results.length).toBe(apps.length);
    } finally {
      clearInterval(sampler);
      await pool.close();
      if (budget === undefined) delete process.env.EGOVSCAN_PAGE_BUDGET_MS;
      else process.env.EGOVSCAN_PAGE_BUDGET_MS = budget;
    }
    // The 200 MB body was never held: it stops at the 5 MiB cap.
    expect(served.get('www.batuhijau.test/besar')).toBeGreaterThanOrEqual(1);
    const growthMb = (peak - before) / (1024 * 1024);
    say(`hostile crawl: RSS grew ${growthMb.toFixed(0)} MB at peak`);
    // Measured 160–300 MB: mostly the liveness checks parsing the 2 MB hostile applications on the
    // main thread (and this process serving them); the 200 MB body adds nothing past its 5 MiB cap.
    expect(growthMb).toBeLessThan(450);
  }, 120_000);
});

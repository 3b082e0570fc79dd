// Faults of issue 13 for the liveness check, each with its classification and a bound on time: a
// 30-hop redirect chain (too many redirects, not a loop), an application that answers every path
// with a page of its own (not a soft 404), a single-page app routing every path to its shell (not a
// soft 404), a header-less slow server (a timeout, asked at most twice, within its budget).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkApplications } from '../../src/apps/liveness.ts';
import type { AppEntry, AppResult } from '../../src/apps/types.ts';
import { appKey } from '../../src/apps/url.ts';
import { createHttpPool } from '../../src/crawl/politeness.ts';

let server: http.Server;
let port = 0;
const hits = new Map<string, number>();
let results: Map<string, AppResult>;
let elapsedMs = 0;

const HOSTS = ['chain.app.test', 'grow.app.test', 'spa.app.test', 'slow.app.test', 'fast.app.test', 'portal.app.test'];

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="id"><head><title>${title}</title></head><body>${body}</body></html>`;
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const host = (req.headers.host ?? '').split(':')[0]!;
    const path = (req.url ?? '/').split('?')[0]!;
    hits.set(`${host}${path}`, (hits.get(`${host}${path}`) ?? 0) + 1);
    const html = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      res.end(body);
    };
    if (host === 'slow.app.test') return; // takes the connection, never answers
    if (path === '/robots.txt') return html(404, page('404', '<h1>Not Found</h1>'));
    if (host === 'chain.app.test') {
      const n = Number(/^\/hop\/(\d+)$/.exec(path)?.[1] ?? 0);
      res.writeHead(302, { location: `/hop/${n + 1}` });
      return res.end();
    }
    if (host === 'grow.app.test') {
      // A wiki-like application: every path is a page of its own, and the front page is different.
      if (path === '/') return html(200, page('Wiki Kota', `<h1>Wiki Kota</h1><p>Selamat datang. ${'Daftar isi wiki, kategori dan halaman baru. '.repeat(20)}</p>`));
      const topic = decodeURIComponent(path.split('/').pop() ?? '');
      return html(200, page(`${topic} - Wiki Kota`, `<h1>${topic}</h1><p>Halaman ${topic} dibuat pada 10 Juni 2024. ${'Isi halaman ini dapat disunting oleh warga. '.repeat(20)}</p><p>Menu: Beranda, Kategori, Halaman baru, Bantuan, Masuk.</p>`));
    }
    if (host === 'spa.app.test') {
      return html(200, `<!DOCTYPE html><html><head><title>SIPANDU</title><script src="/app.js"></script></head><body><nav>${'Beranda Layanan Pengaduan Perizinan Bantuan Kontak '.repeat(6)}</nav><div id="app"></div></body></html>`);
    }
    return html(200, page('Aplikasi', '<h1>Aplikasi</h1><p>Diperbarui 10 Juni 2024.</p>'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
  const entry = (name: string, url: string): AppEntry => ({ cityId: 'kota', name, url, key: appKey(url), category: 'G2C', categoryReason: 'test', source: 'targets' });
  const pool = createHttpPool({
    allowPrivate: true, onlyResolved: true, resolve: Object.fromEntries(HOSTS.map((h) => [h, '127.0.0.1'])),
    timeoutMs: 1000, retries: 3, retryBaseMs: 5, delayMs: 0, maxRedirects: 10,
  });
  const started = Date.now();
  try {
    const out = await checkApplications(
      [
        entry('chain', `http://chain.app.test:${port}/hop/0`),
        entry('grow', `http://grow.app.test:${port}/sipandu`),
        entry('spa', `http://spa.app.test:${port}/layanan`),
        entry('slow', `http://slow.app.test:${port}/`),
        entry('fast', `http://fast.app.test:${port}/`),
      ],
      { portal: `http://portal.app.test:${port}/`, pool, now: new Date('2024-06-15T00:00:00Z'), probePath: () => 'egovscan-404-check-fixed' },
    );
    results = new Map(out.map((r) => [r.name, r]));
  } finally {
    elapsedMs = Date.now() - started;
    await pool.close();
  }
}, 60_000);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => server?.close(() => r()));
});

describe('liveness faults', () => {
  it('a 30-hop redirect chain is too_many_redirects, not redirect_loop', () => {
    expect(results.get('chain')).toMatchObject({ status: 'inactive', reason: 'too_many_redirects' });
    // Stopped at the limit (10 redirects followed, 11 requests), not 30; a permanent answer, not retried.
    expect(hits.get('chain.app.test/hop/10')).toBe(1);
    expect(hits.get('chain.app.test/hop/11')).toBeUndefined();
  });

  it('an application that makes a page of its own for every path is not a soft 404', () => {
    expect(results.get('grow')).toMatchObject({ status: 'active', reason: 'ok' });
  });

  it('a single-page app routing every path to its shell is not a soft 404', () => {
    expect(results.get('spa')).toMatchObject({ status: 'active', reason: 'ok' });
  });

  it('a header-less slow server is a timeout, asked at most twice, and does not hold the others', () => {
    expect(results.get('slow')).toMatchObject({ status: 'inactive', reason: 'timeout' });
    // robots.txt is asked once (one try), and the check stops there.
    expect(hits.get('slow.app.test/robots.txt')).toBe(1);
    expect(hits.get('slow.app.test/')).toBeUndefined();
    expect(results.get('fast')).toMatchObject({ status: 'active', reason: 'ok' });
    // One timeout (1 s) plus slack, not retries × timeout × requests.
    expect(elapsedMs).toBeLessThan(6_000);
  });
});

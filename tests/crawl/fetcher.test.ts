import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchUrl, SLOW_ERROR_MS, type FetchKind } from '../../src/crawl/fetcher.ts';
import type { CrawlOptions } from '../../src/crawl/types.ts';
import { closedPort, html, startServer, testOptions, type TestServer } from './helpers.ts';

// "Pemerintah Kota — Ulasan Café" in windows-1252: em dash 0x97, é 0xE9.
const CP1252_TEXT = 'Pemerintah Kota \u2014 Ulasan Caf\u00e9';
const cp1252 = (s: string) =>
  Buffer.from([...s].map((c) => (c === '\u2014' ? 0x97 : c === '\u00e9' ? 0xe9 : c.charCodeAt(0))));

const BOMB = zlib.gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x61));
const counts = new Map<string, number>();
const bump = (key: string) => {
  const n = (counts.get(key) ?? 0) + 1;
  counts.set(key, n);
  return n;
};
let pdfBodyBytesWritten = 0;
const times: Record<string, number[]> = {};

let server: TestServer;
beforeAll(async () => {
  server = await startServer(async (req, res) => {
    const path = req.url ?? '/';
    (times[path] ??= []).push(Date.now());
    switch (path) {
      case '/ok':
        return html(res, '<!doctype html><title>Beranda</title><p>Selamat datang</p>');
      case '/cp1252-header':
        res.writeHead(200, { 'content-type': 'text/html; charset=windows-1252' });
        return void res.end(cp1252(`<html><title>${CP1252_TEXT}</title></html>`));
      case '/cp1252-meta':
        res.writeHead(200, { 'content-type': 'text/html' });
        return void res.end(
          cp1252(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><title>${CP1252_TEXT}</title></head></html>`),
        );
      case '/meta-charset':
        res.writeHead(200, { 'content-type': 'text/html' });
        return void res.end(cp1252(`<html><head><meta charset="windows-1252"><title>${CP1252_TEXT}</title></head></html>`));
      case '/no-type':
        res.writeHead(200, {});
        return void res.end('  <!DOCTYPE html><html><title>tanpa tipe</title></html>');
      case '/json':
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end('{"a":1}');
      case '/404':
        return html(res, '<h1>404 Not Found</h1><hr>nginx', 404);
      case '/flaky':
        if (bump(path) === 1) return html(res, 'oops', 500);
        return html(res, '<title>pulih</title>');
      case '/always-500':
        return html(res, 'down', 500);
      case '/rate':
        if (bump(path) === 1) return html(res, 'slow down', 429, { 'retry-after': '1' });
        return html(res, '<title>ok</title>');
      case '/r1':
        res.writeHead(301, { location: '/r2' });
        return void res.end();
      case '/r2':
        res.writeHead(302, { location: `${server.origin}/r3#frag` });
        return void res.end('moved');
      case '/r3':
        return html(res, '<title>akhir</title>');
      case '/loop-a':
        res.writeHead(302, { location: '/loop-b' });
        return void res.end();
      case '/loop-b':
        res.writeHead(302, { location: '/loop-a' });
        return void res.end();
      case '/big':
        return html(res, `<html>${'x'.repeat(1024 * 1024)}</html>`);
      case '/bomb':
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
        return void res.end(BOMB);
      case '/gzip':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' });
        return void res.end(zlib.gzipSync('<title>Dikompres Café</title>'));
      case '/br':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'br' });
        return void res.end(zlib.brotliCompressSync('<title>Brotli</title>'));
      case '/laporan.pdf':
        res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(5 * 1024 * 1024) });
        if (req.method === 'HEAD') return void res.end();
        // Stream a body slowly; a correct client never lets this run to the end.
        for (let i = 0; i < 80 && !res.destroyed; i++) {
          res.write(Buffer.alloc(64 * 1024));
          pdfBodyBytesWritten += 64 * 1024;
          await new Promise((r) => setTimeout(r, 5));
        }
        return void res.end();
      case '/nohead.xlsx':
        if (req.method === 'HEAD') return html(res, 'no', 405);
        if (req.headers.range === 'bytes=0-0') {
          res.writeHead(206, {
            'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            'content-range': 'bytes 0-0/98765',
            'content-length': '1',
          });
          return void res.end('P');
        }
        return html(res, 'range expected', 400);
      case '/challenge':
        return html(res, '<html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>', 403);
      case '/cf':
        return html(res, '<html>please wait</html>', 403, { 'cf-mitigated': 'challenge' });
      case '/plain403':
        return html(res, '<html><head><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1><hr>nginx</body></html>', 403);
      case '/slow':
        await new Promise((r) => setTimeout(r, 1500));
        return html(res, 'late');
      case '/held-504':
        // A gateway that waited for its backend past SLOW_ERROR_MS, then gave up.
        await new Promise((r) => setTimeout(r, SLOW_ERROR_MS + 200));
        return html(res, 'gateway timeout', 504);
      case '/reset':
        return void req.socket.destroy();
      default:
        if (path.startsWith('/many/')) {
          const n = Number(path.slice(6));
          res.writeHead(302, { location: `/many/${n + 1}` });
          return void res.end();
        }
        return html(res, 'not found', 404);
    }
  });
});
afterAll(async () => {
  await server.close();
});

const get = (path: string, kind: FetchKind = 'page', opts: Partial<CrawlOptions> = {}) =>
  fetchUrl(`${server.origin}${path}`, { options: testOptions(opts) }, kind);

describe('fetchUrl', () => {
  it('fetches an HTML page and decodes it', async () => {
    const r = await get('/ok');
    expect(r).toMatchObject({ status: 200, reason: 'ok', truncated: false, redirects: [], attempts: [] });
    expect(r.html).toContain('<title>Beranda</title>');
    expect(r.contentType).toMatch(/text\/html/);
    expect(r.bytes).toBeGreaterThan(40);
    const sent = server.requests.find((q) => q.path === '/ok')!;
    expect(sent.headers['user-agent']).toBe('egovscan-test');
    expect(sent.headers['accept']).toMatch(/text\/html/);
    expect(sent.headers['cookie']).toBeUndefined();
  });

  it('decodes windows-1252 declared in the header', async () => {
    expect((await get('/cp1252-header')).html).toContain(CP1252_TEXT);
  });

  it('decodes windows-1252 declared only in <meta http-equiv> or <meta charset>', async () => {
    expect((await get('/cp1252-meta')).html).toContain(CP1252_TEXT);
    expect((await get('/meta-charset')).html).toContain(CP1252_TEXT);
  });

  it('sniffs HTML when Content-Type is missing, and leaves other types undecoded', async () => {
    expect((await get('/no-type')).html).toContain('tanpa tipe');
    const json = await get('/json');
    expect(json.reason).toBe('ok');
    expect(json.html).toBeUndefined();
  });

  it('decompresses gzip and brotli bodies', async () => {
    expect((await get('/gzip')).html).toBe('<title>Dikompres Café</title>');
    expect((await get('/br')).html).toBe('<title>Brotli</title>');
  });

  it('maps 404 to http_404 without retrying', async () => {
    const r = await get('/404');
    expect(r).toMatchObject({ status: 404, reason: 'http_404' });
    expect(r.html).toBeUndefined();
    expect(r.attempts).toHaveLength(1);
    expect(server.paths().filter((p) => p === '/404')).toHaveLength(1);
  });

  it('retries a 500 and succeeds', async () => {
    const r = await get('/flaky');
    expect(r).toMatchObject({ status: 200, reason: 'ok' });
    expect(r.attempts.map((a) => a.reason)).toEqual(['http_500']);
    expect(r.html).toContain('pulih');
  });

  it('gives up on a persistent 500 after `retries` tries', async () => {
    const r = await get('/always-500', 'page', { retries: 2 });
    expect(r.reason).toBe('http_500');
    expect(r.attempts).toHaveLength(2);
    expect(server.paths().filter((p) => p === '/always-500')).toHaveLength(2);
  });

  it('asks once for a server error that was held for seconds (another try would wait as long again)', async () => {
    const r = await get('/held-504', 'page', { retries: 3, timeoutMs: 10_000 });
    expect(r.reason).toBe('http_504');
    expect(r.attempts).toHaveLength(1);
    // A link check does not fall back to GET for it either.
    const c = await get('/held-504', 'check', { retries: 3, timeoutMs: 10_000 });
    expect(c.reason).toBe('http_504');
    expect(server.paths().filter((p) => p === '/held-504')).toHaveLength(2);
  }, 20_000);

  it('honours Retry-After on 429 and then succeeds', async () => {
    const r = await get('/rate');
    expect(r).toMatchObject({ status: 200, reason: 'ok' });
    expect(r.attempts.map((a) => a.reason)).toEqual(['http_429']);
    const [first, second] = times['/rate']!;
    expect(second! - first!).toBeGreaterThanOrEqual(900);
  });

  it('records every redirect hop', async () => {
    const r = await get('/r1');
    expect(r.reason).toBe('ok');
    expect(r.finalUrl).toBe(`${server.origin}/r3`);
    expect(r.redirects).toEqual([
      { url: `${server.origin}/r1`, status: 301 },
      { url: `${server.origin}/r2`, status: 302 },
    ]);
  });

  it('detects a redirect loop', async () => {
    const r = await get('/loop-a');
    expect(r.reason).toBe('redirect_loop');
    expect(r.redirects.map((h) => h.status)).toEqual([302, 302]);
    expect(r.attempts).toHaveLength(1); // permanent: not retried
  });

  it('stops a redirect chain longer than maxRedirects', async () => {
    const r = await get('/many/0', 'page', { maxRedirects: 3 });
    // The chain never repeats a URL: too many redirects, not a loop.
    expect(r.reason).toBe('too_many_redirects');
    expect(r.redirects).toHaveLength(4);
    expect(server.paths().filter((p) => p.startsWith('/many/'))).toHaveLength(4);
  });

  it('caps the body at maxBytes', async () => {
    const r = await get('/big', 'page', { maxBytes: 64 * 1024 });
    expect(r.truncated).toBe(true);
    expect(r.bytes).toBe(64 * 1024);
    expect(r.html!.length).toBe(64 * 1024);
  });

  it('caps a gzip bomb on the decompressed size', async () => {
    const r = await get('/bomb', 'page', { maxBytes: 256 * 1024 });
    expect(r.truncated).toBe(true);
    expect(r.bytes).toBe(256 * 1024);
    expect(r.html!.length).toBe(256 * 1024);
    expect(server.requests.find((q) => q.path === '/bomb')!.headers['accept-encoding']).toMatch(/gzip/);
  });

  it('records a PDF with HEAD, never downloading its body', async () => {
    const r = await get('/laporan.pdf', 'document');
    expect(r).toMatchObject({ status: 200, reason: 'ok', contentType: 'application/pdf', bytes: 5 * 1024 * 1024 });
    expect(r.html).toBeUndefined();
    const seen = server.requests.filter((q) => q.path === '/laporan.pdf').map((q) => q.method);
    expect(seen).toEqual(['HEAD']);
    expect(pdfBodyBytesWritten).toBe(0);
  });

  it('does not download a PDF reached as a page either', async () => {
    const r = await get('/laporan.pdf', 'page');
    expect(r).toMatchObject({ status: 200, reason: 'ok', bytes: 5 * 1024 * 1024 });
    expect(r.html).toBeUndefined();
    await new Promise((res) => setTimeout(res, 100));
    expect(pdfBodyBytesWritten).toBeLessThan(5 * 1024 * 1024);
  });

  it('falls back to a one-byte ranged GET when HEAD is refused', async () => {
    const r = await get('/nohead.xlsx', 'document');
    expect(r).toMatchObject({ status: 200, reason: 'ok', bytes: 98765 });
    expect(server.requests.filter((q) => q.path === '/nohead.xlsx').map((q) => [q.method, q.headers.range])).toEqual([
      ['HEAD', undefined],
      ['GET', 'bytes=0-0'],
    ]);
  });

  it('checks a link with HEAD and falls back to GET', async () => {
    const ok = await get('/ok', 'check');
    expect(ok.reason).toBe('ok');
    const missing = await get('/404', 'check');
    expect(missing.reason).toBe('http_404');
  });

  it('calls a challenge page blocked, and a plain 403 http_403', async () => {
    const c = await get('/challenge');
    expect(c.reason).toBe('blocked');
    expect(c.attempts).toHaveLength(1);
    expect((await get('/cf', 'check')).reason).toBe('blocked');
    expect((await get('/plain403')).reason).toBe('http_403');
  });

  it('maps a closed port to connection_refused, after retries', async () => {
    const port = await closedPort();
    const r = await fetchUrl(`http://127.0.0.1:${port}/`, { options: testOptions({ retries: 2 }) }, 'page');
    expect(r).toMatchObject({ status: 0, reason: 'connection_refused' });
    expect(r.attempts.map((a) => a.reason)).toEqual(['connection_refused', 'connection_refused']);
  });

  it('maps a slow server to timeout', async () => {
    const r = await get('/slow', 'page', { timeoutMs: 300, retries: 1 });
    expect(r.reason).toBe('timeout');
  });

  it('maps a dropped connection to connection_reset', async () => {
    const r = await get('/reset', 'page', { retries: 1 });
    expect(r.reason).toBe('connection_reset');
  });

  it('rejects a non-http URL as bad_url', async () => {
    const r = await fetchUrl('ftp://example.com/x', { options: testOptions() }, 'page');
    expect(r.reason).toBe('bad_url');
  });

  it('stops when its signal is aborted', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const r = await fetchUrl(`${server.origin}/slow`, { options: testOptions(), signal: ac.signal }, 'page');
    expect(r).toMatchObject({ reason: 'error', detail: 'aborted' });
  });
});

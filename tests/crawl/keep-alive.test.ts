// A portal is crawled over a few kept-alive connections, not one per request: on a live site each
// new connection is a TCP and TLS handshake, and a server under study should see a polite client.
// Bodies we do not read (redirect pages, documents, long error pages) are drained when short and
// cut when long; HEAD keeps its connection, and a server that wrongly sends a body with HEAD costs
// a retry, not a wrong answer.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpPool, type HttpPool } from '../../src/crawl/politeness.ts';
import { testOptions } from './helpers.ts';

const NOT_FOUND = `<!doctype html><html><head><title>Halaman tidak ditemukan</title></head><body>${'<p>Maaf, halaman yang Anda cari tidak tersedia di portal Pemerintah Kota.</p>'.repeat(800)}</body></html>`;

interface Counted {
  origin: string;
  connections: number;
  server: http.Server;
  sockets: Set<Socket>;
}

async function serve(handler: http.RequestListener): Promise<Counted> {
  const server = http.createServer({ keepAliveTimeout: 30_000 }, handler);
  const state: Counted = { origin: '', connections: 0, server, sockets: new Set() };
  server.on('connection', (s) => {
    state.connections++;
    state.sockets.add(s);
    s.on('close', () => state.sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  state.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

const bigAnswers: string[] = [];

function portal(req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = req.url ?? '/';
  const htmlType = { 'content-type': 'text/html; charset=utf-8' };
  if (url === '/') {
    res.writeHead(200, htmlType);
    return void res.end('<!doctype html><title>Beranda Pemerintah Kota</title><a href="/berita">Berita</a>');
  }
  if (url === '/lama') {
    res.writeHead(301, { ...htmlType, location: '/' });
    return void res.end('<html><body><h1>Moved Permanently</h1><p>Halaman dipindahkan.</p></body></html>');
  }
  if (url === '/dokumen/apbd-2026.pdf') {
    // An old server that refuses HEAD and ignores Range: the whole (small) file comes back.
    if (req.method === 'HEAD') {
      res.writeHead(405, { allow: 'GET' });
      return void res.end();
    }
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': 40_000 });
    return void res.end(Buffer.alloc(40_000, 0x25));
  }
  if (url === '/dokumen/rpjmd-2025-2029.pdf') {
    // 50 MB, written as the client reads it: more than any socket buffer holds.
    const size = 50 * 1024 * 1024;
    res.on('close', () => bigAnswers.push(res.writableFinished ? 'finished' : 'cut'));
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': size });
    if (req.method === 'HEAD') return void res.end();
    const chunk = Buffer.alloc(64 * 1024, 0x25);
    let sent = 0;
    const more = () => {
      while (sent < size && !res.destroyed) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', more);
      }
      if (sent >= size) res.end();
    };
    return more();
  }
  if (url.startsWith('/dokumen/')) {
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': 123_456 });
    return void res.end(req.method === 'HEAD' ? undefined : Buffer.alloc(123_456, 0x25));
  }
  res.writeHead(404, htmlType);
  res.end(req.method === 'HEAD' ? undefined : NOT_FOUND);
}

let site: Counted;
let pool: HttpPool;
beforeAll(async () => {
  site = await serve(portal);
});
afterAll(async () => {
  await pool?.close();
  site.server.closeAllConnections();
  await new Promise((r) => site.server.close(r));
});

describe('connection reuse', () => {
  it('fetches pages, redirects, documents and error pages over one kept-alive connection', async () => {
    pool = createHttpPool(testOptions({ perHost: 1, concurrency: 1 }));
    const steps: Array<[string, 'page' | 'document' | 'check', number]> = [
      ['/', 'page', 200],
      ['/dokumen/perwali-12-2026.pdf', 'document', 200],
      ['/dokumen/lakip-2025.pdf', 'check', 200],
      ['/dokumen/renstra.pdf', 'check', 200],
      ['/lama', 'page', 200],
      ['/tidak-ada', 'page', 404],
      ['/tidak-ada-juga', 'check', 404],
      ['/dokumen/apbd-2026.pdf', 'document', 200],
      ['/', 'page', 200],
    ];
    expect(NOT_FOUND.length).toBeGreaterThan(32 * 1024);
    for (const [path, kind, status] of steps) {
      const r = await pool.fetch(site.origin + path, kind);
      expect([path, r.status]).toEqual([path, status]);
      // An unread rest is drained in the background; give it a moment, as the crawl's next request would.
      await sleep(20);
    }
    expect(site.connections).toBe(1);
  });

  it('cuts a long unwanted body instead of downloading it', async () => {
    const big = await pool.fetch(`${site.origin}/dokumen/rpjmd-2025-2029.pdf`, 'page');
    expect(big.status).toBe(200);
    expect(big.html).toBeUndefined();
    await sleep(50);
    // The server saw its 5 MB answer cut off, not finished.
    expect(bigAnswers).toEqual(['cut']);
    const next = await pool.fetch(`${site.origin}/`, 'page');
    expect(next.status).toBe(200);
  });
});

describe('a server that sends a body with HEAD', () => {
  it('still gets every status right', async () => {
    const bad = await serve((req, res) => {
      const url = req.url ?? '/';
      const status = url.includes('hilang') ? 404 : 200;
      const body = `<html><title>${status === 200 ? 'Layanan' : 'Tidak ditemukan'}</title></html>`;
      // Written raw: Node's own server would (rightly) drop a HEAD body.
      const socket = res.socket!;
      res.detachSocket(socket);
      socket.write(`HTTP/1.1 ${status} X\r\ncontent-type: text/html\r\ncontent-length: ${body.length}\r\nconnection: keep-alive\r\n\r\n${body}`);
    });
    const p = createHttpPool(testOptions({ perHost: 1, concurrency: 1 }));
    try {
      const got: Array<[string, number, string]> = [];
      for (const path of ['/layanan', '/hilang', '/izin', '/hilang-lagi', '/pengaduan']) {
        const r = await p.fetch(bad.origin + path, 'check');
        got.push([path, r.status, r.reason]);
      }
      expect(got).toEqual([
        ['/layanan', 200, 'ok'],
        ['/hilang', 404, 'http_404'],
        ['/izin', 200, 'ok'],
        ['/hilang-lagi', 404, 'http_404'],
        ['/pengaduan', 200, 'ok'],
      ]);
    } finally {
      await p.close();
      bad.server.closeAllConnections();
      await new Promise((r) => bad.server.close(r));
    }
  });
});

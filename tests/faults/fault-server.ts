// A loopback server that misbehaves on purpose, one way per path, for the crawler's fault matrix.
// It counts requests per path so that a test can assert what was (not) fetched.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import zlib from 'node:zlib';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo, Socket } from 'node:net';

const TLS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'support', 'tls');

export interface Faults {
  origin: string;
  port: number;
  /** Requests per path (with query). */
  hits: Map<string, number>;
  /** Every request as `METHOD path`. */
  log: string[];
  count(path: string): number;
  /** https://<host>:<port>/ of a listener with the named certificate (selfsigned, expired). */
  tls: Record<'selfsigned' | 'expired', { url: string; host: string }>;
  /** A port nothing listens on. */
  refusedPort: number;
  close(): Promise<void>;
}

const MB = 1024 * 1024;

export function html(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;
}

/** ~1 GiB of HTML-ish zeros as gzip (about 1 MB on the wire). Built once, streamed. */
let bomb: Buffer | undefined;
function gzipBomb(): Buffer {
  if (bomb) return bomb;
  // 8 MiB of spaces compress to ~8 KB. Concatenated gzip members decode as one stream, so 128 of
  // them make a 1 MB response that inflates to 1 GiB, without ever holding the GiB here.
  const head = zlib.gzipSync(Buffer.concat([Buffer.from('<!DOCTYPE html><html><head><title>Bom</title></head><body><p>'), Buffer.alloc(8 * MB, 0x20)]), { level: 9 });
  const member = zlib.gzipSync(Buffer.alloc(8 * MB, 0x20), { level: 9 });
  bomb = Buffer.concat([head, ...Array.from({ length: 127 }, () => member)]);
  return bomb;
}

export async function startFaults(): Promise<Faults> {
  const hits = new Map<string, number>();
  const log: string[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const flaky = new Map<string, number>();

  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const url = req.url ?? '/';
    hits.set(url, (hits.get(url) ?? 0) + 1);
    log.push(`${req.method} ${url}`);
    const [path, query = ''] = url.split('?') as [string, string?];
    const send = (status: number, body: string | Buffer, headers: http.OutgoingHttpHeaders = {}) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
      res.end(body);
    };

    if (path === '/robots.txt') {
      if (req.headers.host?.startsWith('norobots.')) {
        send(200, 'User-agent: *\nDisallow: /\n', { 'content-type': 'text/plain' });
      } else send(404, 'not found', { 'content-type': 'text/plain' });
      return;
    }
    if (path.startsWith('/sitemap')) {
      send(404, 'not found', { 'content-type': 'text/plain' });
      return;
    }
    switch (path) {
      case '/':
        send(200, html('Beranda', '<h1>Pemerintah Kota Uji</h1><a href="/profil">Profil</a>'));
        return;
      case '/profil':
        send(200, html('Profil', '<h1>Profil</h1>'));
        return;
      case '/reset-mid-body': {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(100_000) });
        res.write(`<!DOCTYPE html><html><head><title>Putus</title></head><body>${'x'.repeat(2000)}`);
        const t = setTimeout(() => req.socket.resetAndDestroy(), 20);
        timers.add(t);
        return;
      }
      case '/slow-headers':
        // Never answer: the client's deadline has to end it.
        sockets.add(req.socket);
        return;
      case '/endless-body': {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.write('<!DOCTYPE html><html><head><title>Tak berujung</title></head><body>');
        const t = setInterval(() => res.write('<p>data</p>\n'), 50);
        timers.add(t);
        res.on('close', () => clearInterval(t));
        return;
      }
      case '/huge': {
        // 50 MB of HTML, sent as fast as the client reads it.
        const total = 50 * MB;
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(total) });
        const head = Buffer.from('<!DOCTYPE html><html><head><title>Halaman Raksasa</title></head><body>');
        const chunk = Buffer.from('<p>Laporan keuangan daerah tahun anggaran. <a href="/profil">Profil</a></p>\n'.repeat(800));
        let sent = 0;
        res.write(head);
        sent += head.length;
        const pump = () => {
          while (sent < total) {
            const n = Math.min(chunk.length, total - sent);
            sent += n;
            if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
              res.once('drain', pump);
              return;
            }
          }
          res.end();
        };
        res.on('close', () => {
          sent = total;
        });
        pump();
        return;
      }
      case '/gzip-bomb': {
        const body = gzipBomb();
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip', 'content-length': String(body.length) });
        res.end(body);
        return;
      }
      case '/loop-a':
        send(302, '', { location: '/loop-b' });
        return;
      case '/loop-b':
        send(302, '', { location: '/loop-a' });
        return;
      case '/rate-limited': {
        // 429 with Retry-After: 1 on the first request, then the page.
        const n = (flaky.get(path) ?? 0) + 1;
        flaky.set(path, n);
        if (n === 1) send(429, html('429', 'Too Many Requests'), { 'retry-after': '1' });
        else send(200, html('Setelah menunggu', '<h1>Boleh</h1>'));
        return;
      }
      case '/always-429':
        send(429, html('429', 'Too Many Requests'), { 'retry-after': '1' });
        return;
      case '/storm-503':
        send(503, html('503 Service Unavailable', '<h1>Service Unavailable</h1>'));
        return;
      case '/malformed':
        send(
          200,
          '<html><head><title>Berita <b>Kota</title><body><div class="menu"><ul><li><a href="/profil">Profil<li><a href=/layanan>Layanan</ul>' +
            '<table><tr><td>Pengumuman<td><a href="/pengumuman?id=1&amp;x=2">Lihat</table></div><p>Dinas <i>Kesehatan <b>membuka</i> vaksinasi</b>' +
            '<div><div><span>Senin, 12 Februari 2024<p>Tanpa penutup <a href="/berita/1">Berita satu',
        );
        return;
      case '/cp1252-declared-utf8':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(Buffer.from('<html><head><title>Ulasan \u2013 Caf\xe9 \x93Pak Amat\x94</title></head><body><p>Caf\xe9 di tepian sungai</p></body></html>'.replace('\u2013', '\x96'), 'latin1'));
        return;
      case '/cp1252-no-charset':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(Buffer.from('<html><head><title>Kuliner Caf\xe9</title></head><body><p>Men\xfa khas \x96 enak</p></body></html>', 'latin1'));
        return;
      case '/agenda': {
        // An endless calendar: every month links to the next one, forever.
        const params = new URLSearchParams(query);
        const bulan = Number(params.get('bulan') ?? 1);
        const tahun = Number(params.get('tahun') ?? 2024);
        const next = bulan === 12 ? { bulan: 1, tahun: tahun + 1 } : { bulan: bulan + 1, tahun };
        const prev = bulan === 1 ? { bulan: 12, tahun: tahun - 1 } : { bulan: bulan - 1, tahun };
        send(200, html(`Agenda ${bulan}/${tahun}`, `<h1>Agenda Kegiatan</h1><a href="/agenda?bulan=${next.bulan}&tahun=${next.tahun}">Bulan berikutnya</a> <a href="/agenda?bulan=${prev.bulan}&tahun=${prev.tahun}">Bulan sebelumnya</a>`));
        return;
      }
      case '/kalender-portal':
        send(200, html('Kalender', '<a href="/agenda?bulan=1&tahun=2024">Agenda</a> <a href="/profil">Profil</a>'));
        return;
    }
    const chain = /^\/chain\/(\d+)$/.exec(path);
    if (chain) {
      const n = Number(chain[1]);
      if (n === 0) send(200, html('Akhir rantai', '<h1>Akhir</h1>'));
      else send(301, '', { location: `/chain/${n - 1}` });
      return;
    }
    send(404, html('404', 'Halaman tidak ditemukan'));
  };

  const server = http.createServer(handler);
  server.on('connection', (s) => sockets.add(s));
  const listen = (s: net.Server) => new Promise<number>((r) => s.listen(0, '127.0.0.1', () => r((s.address() as AddressInfo).port)));
  const port = await listen(server);

  const tlsServers: https.Server[] = [];
  const tls = {} as Faults['tls'];
  for (const name of ['selfsigned', 'expired'] as const) {
    const s = https.createServer({ cert: readFileSync(join(TLS_DIR, `${name}.pem`)), key: readFileSync(join(TLS_DIR, `${name}.key`)) }, handler);
    s.on('connection', (c: Socket) => sockets.add(c));
    const p = await listen(s);
    tlsServers.push(s);
    const host = `${name}.fault.test`;
    tls[name] = { url: `https://${host}:${p}/`, host };
  }

  const probe = net.createServer();
  const refusedPort = await listen(probe);
  await new Promise<void>((r) => probe.close(() => r()));

  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    hits,
    log,
    count: (p) => hits.get(p) ?? 0,
    tls,
    refusedPort,
    async close() {
      for (const t of timers) clearInterval(t);
      for (const s of sockets) s.destroy();
      await Promise.all(
        [server, ...tlsServers].map(
          (s) =>
            new Promise<void>((r) => {
              s.closeAllConnections();
              s.close(() => r());
            }),
        ),
      );
    },
  };
}

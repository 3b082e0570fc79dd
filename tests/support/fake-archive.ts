// A web archive on 127.0.0.1 for the --at tests: a CDX API (`/cdx/search/cdx?url=…&output=json&
// from=…&to=…`, JSON with a header row as the Wayback Machine answers) and `id_` replay
// (`/web/<timestamp>id_/<url>`: the archived status and body, the original headers as
// `x-archive-orig-*`, a redirect's Location pointing back into the archive). Captures come from a
// function, so a test can serve a portal as it "was" at several dates.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeCapture {
  /** 14-digit timestamp. */
  timestamp: string;
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface FakeArchiveOptions {
  /** The captures of one original URL (any order); none: the archive never captured it. */
  captures: (url: string) => FakeCapture[];
  /** Answer the first CDX query with 429 and this Retry-After (seconds). */
  rateLimitOnceSeconds?: number;
}

export interface FakeArchive {
  base: string;
  /** Every request: path and query, with the Host header it came with. */
  requests: Array<{ path: string; host: string; status: number; at: number; userAgent: string }>;
  close(): Promise<void>;
}

export async function startFakeArchive(opts: FakeArchiveOptions): Promise<FakeArchive> {
  const requests: FakeArchive['requests'] = [];
  let limited = false;
  let base = '';
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    const send = (status: number, headers: Record<string, string>, body: Buffer | string) => {
      requests.push({ path, host: req.headers.host ?? '', status, at: Date.now(), userAgent: req.headers['user-agent'] ?? '' });
      res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const u = new URL(path, 'http://archive.invalid');
    if (u.pathname === '/cdx/search/cdx') {
      if (opts.rateLimitOnceSeconds !== undefined && !limited) {
        limited = true;
        return send(429, { 'retry-after': String(opts.rateLimitOnceSeconds), 'content-type': 'text/plain' }, 'slow down');
      }
      const url = u.searchParams.get('url') ?? '';
      const from = (u.searchParams.get('from') ?? '').padEnd(14, '0');
      const to = (u.searchParams.get('to') ?? '').padEnd(14, '9');
      const rows = opts
        .captures(url)
        .filter((c) => (!from.trim() || c.timestamp >= from) && (!to.trim() || c.timestamp <= to))
        .sort((a, b) => (a.timestamp < b.timestamp ? -1 : 1))
        .map((c) => ['key', c.timestamp, url, c.headers['content-type']?.split(';')[0] ?? 'unk', String(c.status), 'DIGEST', String(c.body.length)]);
      const json = rows.length ? [['urlkey', 'timestamp', 'original', 'mimetype', 'statuscode', 'digest', 'length'], ...rows] : [];
      return send(200, { 'content-type': 'application/json' }, JSON.stringify(json));
    }
    const m = /^\/web\/(\d{14})id_\/(.+)$/.exec(path);
    if (m) {
      const [, ts, original] = m as unknown as [string, string, string];
      const capture = opts.captures(original).find((c) => c.timestamp === ts);
      if (!capture) return send(404, { 'content-type': 'text/html' }, '<h1>Not in archive</h1>');
      const headers: Record<string, string> = { 'content-type': capture.headers['content-type'] ?? 'application/octet-stream', 'memento-datetime': ts };
      for (const [k, v] of Object.entries(capture.headers)) {
        if (k === 'location') headers['location'] = `${base}/web/${ts}id_/${new URL(v, original).href}`;
        else headers[`x-archive-orig-${k}`] = v;
      }
      return send(capture.status, headers, capture.body);
    }
    return send(404, { 'content-type': 'text/plain' }, 'unknown archive path');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    requests,
    close: () => new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    }),
  };
}

// The benchmark's web server, run as a child process so that it never shares the crawler's event
// loop or CPU accounting. Usage: server.ts <json spec>, where spec = { sites: [{ pages, latencyMs }] }.
// It prints one line `READY <json>` with the origins, then serves until killed.
// GET /__bench/stats on the external listener returns the request counts and, per listener, the
// most requests it had in flight at once (GET /__bench/reset sets those maxima back to 0).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeSite, type Served, type Site } from './site.ts';

interface Spec {
  sites: Array<{ pages: number; latencyMs?: number; seed?: number }>;
  externalLatencyMs?: number;
}

const spec = JSON.parse(process.argv[2] ?? '{"sites":[{"pages":5000}]}') as Spec;
const counts = { requests: 0, byListener: [] as number[], inFlight: [] as number[], maxInFlight: [] as number[], extInFlight: 0, extMaxInFlight: 0 };

/** Counts a request in flight on listener k (-1: the external one) until its response is closed. */
function track(k: number, res: http.ServerResponse): void {
  if (k < 0) {
    counts.extMaxInFlight = Math.max(counts.extMaxInFlight, ++counts.extInFlight);
    res.on('close', () => counts.extInFlight--);
    return;
  }
  counts.inFlight[k] = (counts.inFlight[k] ?? 0) + 1;
  counts.maxInFlight[k] = Math.max(counts.maxInFlight[k] ?? 0, counts.inFlight[k]!);
  res.on('close', () => counts.inFlight[k]!--);
}

function listen(handler: http.RequestListener): Promise<{ server: http.Server; origin: string }> {
  const server = http.createServer({ keepAliveTimeout: 30_000 }, handler);
  server.maxRequestsPerSocket = 0;
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', 1024, () => {
      resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    });
  });
}

function send(res: http.ServerResponse, s: Served, head: boolean): void {
  const body = typeof s.body === 'string' ? Buffer.from(s.body) : s.body;
  const headers: http.OutgoingHttpHeaders = { 'content-type': s.type, 'content-length': body.length };
  if (s.location) headers.location = s.location;
  res.writeHead(s.status, headers);
  res.end(head ? undefined : body);
}

const sites: Site[] = [];
let external: Site | undefined;
const ext = await listen((req, res) => {
  counts.requests++;
  if (req.url === '/__bench/stats') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(counts));
    return;
  }
  if (req.url === '/__bench/reset') {
    counts.maxInFlight = counts.maxInFlight.map(() => 0);
    counts.extMaxInFlight = 0;
    res.writeHead(204);
    res.end();
    return;
  }
  track(-1, res);
  const answer = () => send(res, external!.serveExternal(req.url ?? '/'), req.method === 'HEAD');
  // The external site answers as slowly as the portals.
  if (spec.externalLatencyMs) setTimeout(answer, spec.externalLatencyMs);
  else answer();
});

const origins: string[] = [];
for (const [k, s] of spec.sites.entries()) {
  counts.byListener[k] = 0;
  const latency = s.latencyMs ?? 0;
  const { origin } = await listen((req, res) => {
    counts.requests++;
    counts.byListener[k]!++;
    track(k, res);
    const url = req.url ?? '/';
    const answer = () => {
      if (url === '/robots.txt') {
        send(res, { status: 200, type: 'text/plain', body: 'User-agent: *\nDisallow: /cari\n' }, req.method === 'HEAD');
        return;
      }
      send(res, sites[k]!.serve(url), req.method === 'HEAD');
    };
    if (latency > 0) setTimeout(answer, latency);
    else answer();
  });
  origins.push(origin);
  sites[k] = makeSite({ pages: s.pages, seed: s.seed, origin, externalOrigin: ext.origin });
}
external = sites[0];

process.on('SIGTERM', () => process.exit(0));
process.stdout.write(`READY ${JSON.stringify({ origins, external: ext.origin })}\n`);

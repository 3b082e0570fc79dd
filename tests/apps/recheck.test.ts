// A dead application needs the same verdict on two checks apart in time: one that was down during
// the first check and answers the second is not written dead; one dead both times is.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkApplications, recheckInactive } from '../../src/apps/liveness.ts';
import type { AppEntry } from '../../src/apps/types.ts';
import { appKey } from '../../src/apps/url.ts';
import { createHttpPool, type HttpPool } from '../../src/crawl/politeness.ts';

let server: http.Server;
let port = 0;
let pool: HttpPool;
let flapping = true;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const host = (req.headers.host ?? '').split(':')[0]!;
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/robots.txt' || host === 'dead.app.test' || (host === 'flap.app.test' && flapping)) {
      res.writeHead(404, { 'content-type': 'text/html' });
      return res.end('<h1>Not Found</h1>');
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!DOCTYPE html><html><head><title>Aplikasi</title></head><body><h1>Aplikasi</h1><p>Diperbarui 10 Juni 2024.</p></body></html>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
  pool = createHttpPool({ allowPrivate: true, onlyResolved: true, resolve: { 'flap.app.test': '127.0.0.1', 'dead.app.test': '127.0.0.1' }, timeoutMs: 2000, retries: 1, delayMs: 0 });
});

afterAll(async () => {
  await pool?.close();
  server?.closeAllConnections();
  await new Promise<void>((r) => server?.close(() => r()));
});

describe('recheckInactive', () => {
  it('checks the inactive ones again after the delay and writes the second answer', async () => {
    const entry = (name: string, url: string): AppEntry => ({ cityId: 'k', name, url, key: appKey(url), category: 'G2C', categoryReason: 't', source: 'targets' });
    const ctx = { portal: `http://portal.app.test:${port}/`, pool, now: new Date('2024-06-15T00:00:00Z') };
    const first = await checkApplications([entry('flap', `http://flap.app.test:${port}/`), entry('dead', `http://dead.app.test:${port}/`)], ctx);
    expect(first.map((r) => r.status)).toEqual(['inactive', 'inactive']);
    flapping = false;
    const started = Date.now();
    const second = await recheckInactive(first, ctx, 300);
    expect(Date.now() - Date.parse(first[0]!.checkedAt)).toBeGreaterThanOrEqual(290);
    expect(second.map((r) => [r.name, r.status, r.reason])).toEqual([['flap', 'active', 'ok'], ['dead', 'inactive', 'http_404']]);
    expect(Date.now() - started).toBeLessThan(5000);
    // Nothing inactive, or no delay: nothing is asked again.
    expect(await recheckInactive(second.slice(0, 1), ctx, 300)).toEqual(second.slice(0, 1));
  });
});

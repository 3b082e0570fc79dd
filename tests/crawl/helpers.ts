// A loopback HTTP server for crawl tests: records every request and the peak number in flight.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { withDefaults } from '../../src/crawl/options.ts';
import type { CrawlOptions } from '../../src/crawl/types.ts';

export interface SeenRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
}

export interface TestServer {
  origin: string;
  port: number;
  requests: SeenRequest[];
  maxInFlight: number;
  paths(): string[];
  close(): Promise<void>;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void | Promise<void>;

export async function startServer(handler: Handler): Promise<TestServer> {
  let inFlight = 0;
  const state: TestServer = {
    origin: '',
    port: 0,
    requests: [],
    maxInFlight: 0,
    paths: () => state.requests.map((r) => r.path),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    let counted = true;
    const done = () => {
      if (counted) inFlight--;
      counted = false;
    };
    res.on('finish', done);
    res.on('close', done);
    state.requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers });
    Promise.resolve(handler(req, res, state.requests.length)).catch((err) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  state.port = (server.address() as AddressInfo).port;
  state.origin = `http://127.0.0.1:${state.port}`;
  return state;
}

/** Fast, loopback-friendly options: no delays, tiny back-off. */
export function testOptions(partial: Partial<CrawlOptions> = {}): CrawlOptions {
  return withDefaults({
    allowPrivate: true,
    delayMs: 0,
    retries: 3,
    retryBaseMs: 5,
    timeoutMs: 3000,
    userAgent: 'egovscan-test',
    ...partial,
  });
}

export function html(res: http.ServerResponse, body: string, status = 200, headers: http.OutgoingHttpHeaders = {}): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
  res.end(body);
}

export function page(title: string, links: string[] = []): string {
  return `<!doctype html><html><head><title>${title}</title></head><body>${links
    .map((l) => `<a href="${l}">${l}</a>`)
    .join(' ')}</body></html>`;
}

/** A closed port: listen, note the port, close. */
export async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

// Serves the bundled example portals on loopback, one virtual host per portal host name, so that
// `egovscan demo` and the end-to-end tests crawl something realistic without touching the network.
// The crawler is given `resolve` (every host → 127.0.0.1) and URLs that carry the port.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DEFAULT_PORTALS_ROOT,
  errorPage,
  loadDemoSites,
  makeRewriter,
  respond,
  rewriteBody,
  type DemoCity,
  type DemoResponse,
  type DemoSites,
} from './site.ts';

export type { DemoCity } from './site.ts';

/** The shape of one entry of a targets file (contract.md), with URLs that include the server's port. */
export interface TargetLike {
  id: string;
  name: string;
  country: 'ID';
  portal: string;
  domains: string[];
  applications: Array<{ name: string; url: string; category: 'G2C' | 'G2B' | 'G2G' | 'G2E' }>;
}

export interface PortalRequest {
  host: string;
  path: string;
  method: string;
}

export interface PortalServer {
  port: number;
  /** "http://www.sukamajukota.go.id:PORT" */
  origin(host: string): string;
  /** `url` with the port added when its host is served here; other URLs unchanged. */
  url(url: string): string;
  /** Every served host name → the listening address. */
  resolve: Record<string, string>;
  cities: DemoCity[];
  sites: DemoSites;
  /** A targets list for the crawler. */
  targets(): TargetLike[];
  /** Every request received, in order. */
  requests: PortalRequest[];
  close(): Promise<void>;
}

export interface PortalServerOptions {
  /** Folder holding `<city>/site.yaml`; defaults to the repository's `portals/`. */
  root?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback only: 127.0.0.1 (default), ::1 or localhost. */
  host?: string;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export async function startPortalServer(opts: PortalServerOptions = {}): Promise<PortalServer> {
  const listenHost = opts.host ?? '127.0.0.1';
  // The demo must never be reachable from the network, whatever a caller passes.
  if (!LOOPBACK.has(listenHost)) throw new Error(`startPortalServer: host must be a loopback address, not ${listenHost}`);
  const sites = loadDemoSites(opts.root ?? DEFAULT_PORTALS_ROOT);
  const requests: PortalRequest[] = [];
  let rewrite: (text: string) => string = (t) => t;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const target = req.url ?? '/';
    const hostHeader = req.headers.host ?? '';
    requests.push({ host: hostHeader.replace(/:\d+$/, '').toLowerCase(), path: target, method });

    let out: DemoResponse;
    try {
      if (method === 'GET' || method === 'HEAD') {
        out = respond(sites, hostHeader, target);
      } else {
        // Forms on the demo portals are for detection only; nothing is ever submitted.
        const page = errorPage(405);
        out = { ...page, headers: { ...page.headers, allow: 'GET, HEAD' } };
      }
    } catch (err) {
      // A broken site.yaml route is a bug in the fixtures; answer like a real server would, but say why.
      out = errorPage(500);
      res.setHeader('x-demo-error', String((err as Error).message).slice(0, 200));
    }
    const body = out.rewrite ? rewriteBody(out.body, rewrite) : out.body;
    for (const [k, v] of Object.entries(out.headers)) res.setHeader(k, k === 'location' ? rewrite(v) : v);
    res.setHeader('content-length', String(body.length));
    res.setHeader('server', 'nginx');
    res.statusCode = out.status;
    res.end(method === 'HEAD' ? undefined : body);
  };

  const server = createServer(handle);
  server.keepAliveTimeout = 1000;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, listenHost, () => {
      server.off('error', fail);
      ok();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const served = [...sites.byHost.keys()];
  rewrite = makeRewriter(served, port);
  const address = listenHost === 'localhost' ? '127.0.0.1' : listenHost;
  const resolveMap = Object.fromEntries(served.map((h) => [h, address]));

  const withPort = (u: string) => {
    const parsed = new URL(u);
    if (parsed.protocol === 'http:' && !parsed.port && sites.byHost.has(parsed.hostname)) parsed.port = String(port);
    return parsed.toString();
  };

  return {
    port,
    origin: (host: string) => `http://${host}:${port}`,
    url: withPort,
    resolve: resolveMap,
    cities: sites.cities,
    sites,
    targets: () =>
      sites.cities.map((c) => ({
        id: c.id,
        name: c.name,
        country: 'ID' as const,
        portal: withPort(c.portal),
        domains: [...c.domains],
        applications: c.applications.map((a) => ({ name: a.name, url: withPort(a.url), category: a.category })),
      })),
    requests,
    close: () =>
      new Promise<void>((ok, fail) => {
        server.close((err) => (err ? fail(err) : ok()));
        server.closeAllConnections();
      }),
  };
}

// egovscan's own forward proxy, the one road out of every Chromium it launches (renderer, axe,
// Lighthouse). Chromium is started with --proxy-server pointing here and with a host resolver that
// answers nothing, so it never resolves a name or opens a connection to a site itself: this proxy
// resolves each host with the crawler's guarded lookup (the --resolve map, --resolve-only,
// --allow-private), connects to the very address it checked (no second lookup, so DNS rebinding is
// caught too), and refuses every method but GET and HEAD on plain HTTP. Redirect hops come back to
// Chromium as responses and return here as new requests, so every hop is checked. HTTPS and
// WebSockets arrive as CONNECT tunnels: their host is checked the same way; a tunnel that does not
// start with TLS (a ws:// WebSocket) is closed; what TLS carries is opaque here (the browser's
// request interception handles methods and WebSockets on those).

import http from 'node:http';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { AddressRefusedError, checkLiteralHost, isPrivateAddress, makeGuardedLookup, NOT_RESOLVED_CODE, PRIVATE_ADDRESS_CODE, type GuardOptions } from '../crawl/address-guard.ts';

/** Why the proxy refused something. */
export type RefusalReason = 'private_address' | 'not_resolved' | 'method' | 'bad_request' | 'upgrade' | 'cleartext_tunnel';

export interface Refusal {
  /** The URL (plain HTTP) or host:port (CONNECT) that was refused. */
  target: string;
  method: string;
  reason: RefusalReason;
}

export interface GateProxy {
  /** `http://127.0.0.1:<port>`, for --proxy-server. */
  readonly url: string;
  readonly port: number;
  /**
   * A refused plain-HTTP request is answered 403 with header `x-egovscan-refused: <token> <reason>`;
   * the token (random per proxy) lets the browser side tell our refusals from a site's own 403.
   */
  readonly token: string;
  /** Requests and tunnels let through, and refused. */
  stats(): { passed: number; refused: number };
  /** host:port of everything let through, with counts (diagnostics: which hosts a browser reached). */
  passedHosts(): Record<string, number>;
  /** The most recent refusals (at most 1000 are kept). */
  refusals(): Refusal[];
  /** Why a CONNECT to `host:port` was refused, when it was (the browser only sees a failed tunnel). */
  tunnelRefused(authority: string): RefusalReason | undefined;
  close(): Promise<void>;
}

export const REFUSED_HEADER = 'x-egovscan-refused';

// Hop-by-hop headers (RFC 9110 §7.6.1) plus the proxy ones Chromium adds: never forwarded.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function reasonOf(err: unknown): RefusalReason | undefined {
  if (!(err instanceof AddressRefusedError)) return undefined;
  if (err.code === PRIVATE_ADDRESS_CODE) return 'private_address';
  if (err.code === NOT_RESOLVED_CODE) return 'not_resolved';
  return undefined;
}

/** host:port of a CONNECT line, IPv6 in brackets allowed. */
function splitAuthority(authority: string): { host: string; port: number } | null {
  const m = /^(\[[0-9a-f:.]+\]|[^\s:/[\]]+):(\d{1,5})$/i.exec(authority);
  if (!m) return null;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return null;
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

export interface GateProxyOptions extends GuardOptions {
  /** Idle limit of an upstream connection (default 30 000 ms). */
  timeoutMs?: number;
  /**
   * Loopback ports refused even with allowPrivate: the browser's own DevTools port (a page that
   * reached it could drive the browser) and this proxy's port are always added.
   */
  reservedPorts?: number[];
}

export async function startGateProxy(policy: GateProxyOptions): Promise<GateProxy> {
  const guard: GuardOptions = { allowPrivate: policy.allowPrivate, resolve: policy.resolve, onlyResolved: policy.onlyResolved };
  const lookup = makeGuardedLookup(guard);
  const timeoutMs = policy.timeoutMs ?? 30_000;
  const token = randomBytes(8).toString('hex');
  const counts = { passed: 0, refused: 0 };
  const log: Refusal[] = [];
  const sockets = new Set<net.Socket>();

  // host:port of refused tunnels, so the page side can tell a refusal from a failed connection.
  const refusedTunnels = new Map<string, RefusalReason>();
  const passed = new Map<string, number>();
  const passedTo = (hostPort: string) => {
    const k = hostPort.toLowerCase();
    if (passed.has(k) || passed.size < 1000) passed.set(k, (passed.get(k) ?? 0) + 1);
  };
  const refuse = (r: Refusal) => {
    if (r.method === 'CONNECT') {
      refusedTunnels.set(r.target.toLowerCase(), r.reason);
      if (refusedTunnels.size > 1000) refusedTunnels.delete(refusedTunnels.keys().next().value!);
    }
    counts.refused++;
    log.push(r);
    if (log.length > 1000) log.splice(0, log.length - 1000);
  };

  /** The address to connect to for `host`, checked; or the refusal. */
  const reserved = new Set(policy.reservedPorts ?? []);
  const checkReserved = (address: string, port: number): { address: string } | { reason: RefusalReason; message: string } =>
    reserved.has(port) && isPrivateAddress(address)
      ? { reason: 'private_address', message: `${address}:${port} is egovscan's own browser or proxy` }
      : { address };
  /** The checked address, a refusal (`reason`), or a lookup that failed (`failed`: a DNS error, not a refusal). */
  type Checked = { address: string } | { reason: RefusalReason; message: string } | { failed: string };
  const resolveChecked = (host: string, url: URL): Promise<Checked> => {
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    if (net.isIP(host) !== 0) {
      const bad = checkLiteralHost(url, guard);
      return Promise.resolve(bad ? { reason: reasonOf(bad) ?? 'private_address', message: bad.message } : checkReserved(host, port));
    }
    return new Promise((ok) => {
      lookup(host, { all: false }, (err, address) => {
        const refused = err ? reasonOf(err) : undefined;
        if (err) ok(refused ? { reason: refused, message: err.message } : { failed: err.message });
        else ok(checkReserved(address as string, port));
      });
    });
  };

  const answerRefusal = (res: http.ServerResponse, status: number, reason: RefusalReason, message: string) => {
    if (res.headersSent) return void res.destroy();
    res.writeHead(status, { [REFUSED_HEADER]: `${token} ${reason}`, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', connection: 'close' });
    res.end(`egovscan refused this request: ${reason} (${message})\n`);
  };

  const server = http.createServer((req, res) => {
    const method = req.method ?? '';
    let url: URL;
    try {
      url = new URL(req.url ?? '');
      if (url.protocol !== 'http:') throw new Error('not http');
    } catch {
      refuse({ target: req.url ?? '', method, reason: 'bad_request' });
      return answerRefusal(res, 400, 'bad_request', 'a proxy request needs an absolute http URL');
    }
    if (method !== 'GET' && method !== 'HEAD') {
      refuse({ target: url.href, method, reason: 'method' });
      req.resume();
      return answerRefusal(res, 405, 'method', `${method} is never sent`);
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    void resolveChecked(host, url).then((where) => {
      if ('failed' in where) {
        res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
        return void res.end(`egovscan proxy: ${where.failed}\n`);
      }
      if ('reason' in where) {
        refuse({ target: url.href, method, reason: where.reason });
        return answerRefusal(res, 403, where.reason, where.message);
      }
      counts.passed++;
      passedTo(url.host);
      const headers: http.OutgoingHttpHeaders = {};
      for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) headers[k] = v;
      const upstream = http.request(
        {
          host: where.address,
          port: url.port ? Number(url.port) : 80,
          method,
          path: `${url.pathname}${url.search}`,
          headers,
          timeout: timeoutMs,
          // The address was checked above: connect to it, no second lookup.
          setHost: false,
        },
        (up) => {
          const out: Array<[string, string | string[]]> = [];
          for (const [k, v] of Object.entries(up.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) out.push([k, v]);
          res.writeHead(up.statusCode ?? 502, up.statusMessage, Object.fromEntries(out));
          up.pipe(res);
          up.on('error', () => res.destroy());
        },
      );
      upstream.on('timeout', () => upstream.destroy(new Error('upstream timeout')));
      upstream.on('error', () => {
        if (!res.headersSent) {
          res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
          res.end('egovscan proxy: upstream failed\n');
        } else res.destroy();
      });
      res.on('close', () => upstream.destroy());
      upstream.end();
    });
  });

  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  // Chromium tunnels https:, wss: and ws: through CONNECT.
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const authority = req.url ?? '';
    const parts = splitAuthority(authority);
    client.on('error', () => client.destroy());
    const deny = (status: string, reason: RefusalReason) => {
      refuse({ target: authority, method: 'CONNECT', reason });
      client.end(`HTTP/1.1 ${status}\r\n${REFUSED_HEADER}: ${token} ${reason}\r\nconnection: close\r\n\r\n`);
    };
    if (!parts) return deny('400 Bad Request', 'bad_request');
    const url = new URL(`https://${net.isIP(parts.host) === 6 ? `[${parts.host}]` : parts.host}:${parts.port}/`);
    void resolveChecked(parts.host, url).then((where) => {
      if ('failed' in where) return void client.end('HTTP/1.1 502 Bad Gateway\r\nconnection: close\r\n\r\n');
      if ('reason' in where) return deny('403 Forbidden', where.reason);
      // Chromium tunnels plain ws:// WebSockets too; those would carry cleartext HTTP. Only TLS (a
      // ClientHello: 0x16 0x03) is relayed, and the upstream connection is opened only once it is seen.
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      const start = (first: Buffer) => {
        client.setTimeout(0);
        if (first.length < 2 || first[0] !== 0x16 || first[1] !== 0x03) {
          refuse({ target: authority, method: 'CONNECT', reason: 'cleartext_tunnel' });
          return void client.destroy();
        }
        counts.passed++;
        passedTo(authority);
        const upstream = net.connect({ host: where.address, port: parts.port });
        sockets.add(upstream);
        upstream.setTimeout(timeoutMs, () => upstream.destroy());
        upstream.once('connect', () => {
          upstream.setTimeout(0);
          upstream.write(first);
          upstream.pipe(client);
          client.pipe(upstream);
        });
        upstream.on('error', () => client.destroy());
        upstream.on('close', () => {
          sockets.delete(upstream);
          client.destroy();
        });
        client.on('close', () => upstream.destroy());
      };
      if (head.length >= 2) return start(head);
      let got = head;
      const onData = (chunk: Buffer) => {
        got = Buffer.concat([got, chunk]);
        if (got.length < 2) return;
        client.off('data', onData);
        client.pause();
        start(got);
      };
      client.on('data', onData);
      client.setTimeout(timeoutMs, () => client.destroy());
    });
  });

  // A plain-HTTP Upgrade through the proxy (Chromium uses CONNECT instead): never relayed.
  server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket) => {
    refuse({ target: req.url ?? '', method: req.method ?? '', reason: 'upgrade' });
    socket.end(`HTTP/1.1 403 Forbidden\r\n${REFUSED_HEADER}: ${token} upgrade\r\nconnection: close\r\n\r\n`);
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const port = (server.address() as net.AddressInfo).port;
  reserved.add(port);

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    token,
    stats: () => ({ ...counts }),
    refusals: () => [...log],
    passedHosts: () => Object.fromEntries(passed),
    tunnelRefused: (authority) => refusedTunnels.get(authority.toLowerCase()),
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
}

/** The reason word in a response's `x-egovscan-refused` header when this proxy wrote it, else undefined. */
export function refusedBy(proxy: Pick<GateProxy, 'token'>, headerValue: string | undefined): string | undefined {
  if (!headerValue) return undefined;
  const [tok, reason] = headerValue.split(' ');
  return tok === proxy.token ? reason : undefined;
}

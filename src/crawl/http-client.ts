import { Agent } from 'undici';
import { makeGuardedLookup, type GuardOptions } from './address-guard.ts';

export interface AgentOptions extends GuardOptions {
  timeoutMs: number;
  /** Connections per origin; default unlimited. */
  perHost?: number;
}

/** The one undici Agent of a pool: connect-time address guard, connect timeout, modest keep-alive. */
export function createAgent(options: AgentOptions): Agent {
  return new Agent({
    // As many connections to an origin as requests may run at once. Without a cap undici opens a
    // new connection whenever a request starts in the instant before a finished one hands its
    // connection back, which in a crawl is most of the time: one connection (a TCP and TLS
    // handshake on a live portal) per request instead of a few for the whole site.
    ...(options.perHost ? { connections: options.perHost } : {}),
    keepAliveTimeout: 4_000,
    keepAliveMaxTimeout: 30_000,
    connect: {
      timeout: options.timeoutMs,
      lookup: makeGuardedLookup(options) as never,
      // A government site with a broken chain is a finding (reason `tls`), not something to skip.
      rejectUnauthorized: true,
    },
  });
}

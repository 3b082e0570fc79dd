import { Agent } from 'undici';
import { makeGuardedLookup, type GuardOptions } from './address-guard.ts';

export interface AgentOptions extends GuardOptions {
  timeoutMs: number;
}

/** The one undici Agent of a pool: connect-time address guard, connect timeout, modest keep-alive. */
export function createAgent(options: AgentOptions): Agent {
  return new Agent({
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

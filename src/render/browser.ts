// Launching Chromium the way every egovscan browser is launched (renderer, Lighthouse, axe): the
// system's binary, headless, no background chatter, and a host resolver that sends the hosts of the
// `resolve` option to their addresses, so that a demo or a test never looks up any other name.

import { createServer } from 'node:net';
import net from 'node:net';
import { chromium, type Browser, type Route } from 'playwright-core';
import { checkLiteralHost, isPrivateAddress, makeGuardedLookup } from '../crawl/address-guard.ts';
import { isExecutableFile } from './chromium.ts';

export const CHROME_FLAGS: readonly string[] = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--disable-default-apps',
  '--disable-extensions',
  '--metrics-recording-only',
  '--no-default-browser-check',
  '--mute-audio',
]);

export interface NetworkPolicy {
  /** Host → IP overrides (the crawler's `resolve`). */
  resolve?: Record<string, string>;
  /** Refuse every host that is not a key of `resolve` (no DNS lookup at all). */
  onlyResolved?: boolean;
  /** Let pages load from loopback/private addresses that DNS returns (default false, like the crawler). */
  allowPrivate?: boolean;
}

export interface LaunchOptions extends NetworkPolicy {
  executablePath: string;
  /** Open the DevTools port (Lighthouse attaches to it). */
  debuggingPort?: number;
  /** Extra Chromium switches. */
  args?: string[];
}

const hostKey = (h: string) => h.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');

/**
 * `--host-resolver-rules`: one MAP per resolved host, then (with onlyResolved) `MAP * ~NOTFOUND`, so
 * that Chromium's own lookups (page subresources, background services) never reach DNS.
 */
export function hostResolverRules(policy: NetworkPolicy): string | undefined {
  const rules: string[] = [];
  for (const [host, ip] of Object.entries(policy.resolve ?? {})) {
    const addr = hostKey(ip);
    if (!/^[a-z0-9.-]+$/i.test(hostKey(host)) || net.isIP(addr) === 0) continue;
    rules.push(`MAP ${hostKey(host)} ${net.isIP(addr) === 6 ? `[${addr}]` : addr}`);
  }
  if (policy.onlyResolved) rules.push('MAP * ~NOTFOUND');
  return rules.length ? rules.join(', ') : undefined;
}

export function chromiumArgs(opts: Omit<LaunchOptions, 'executablePath'>): string[] {
  const args = [...CHROME_FLAGS];
  const rules = hostResolverRules(opts);
  if (rules) args.push(`--host-resolver-rules=${rules}`);
  if (opts.debuggingPort !== undefined) args.push(`--remote-debugging-port=${opts.debuggingPort}`, '--remote-debugging-address=127.0.0.1');
  return [...args, ...(opts.args ?? [])];
}

export async function launchChromium(opts: LaunchOptions): Promise<Browser> {
  // Asked first: Playwright leaves its temporary profile directories behind when the binary is missing.
  if (!isExecutableFile(opts.executablePath)) throw new Error(`${opts.executablePath} is not an executable file`);
  return chromium.launch({
    executablePath: opts.executablePath,
    headless: true,
    args: chromiumArgs(opts),
    // Debian's wrapper script prints a harmless shell warning on stderr; nothing else is needed from it.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}

/** A free TCP port on loopback (for --remote-debugging-port). */
export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => ok(port));
    });
  });
}

/**
 * Decides, per request the page makes, whether it may leave the browser: hosts of `resolve` always,
 * others never with onlyResolved, and (without allowPrivate) only when DNS does not answer with a
 * private address. Chromium resolves again on its own, so a DNS answer that changes in between
 * (rebinding) is not caught here; the crawler's HTTP path is the hard guard.
 */
export function makeRequestGate(policy: NetworkPolicy): (url: string) => Promise<boolean> {
  const mapped = new Set(Object.keys(policy.resolve ?? {}).map(hostKey));
  const guard = { allowPrivate: policy.allowPrivate ?? false, resolve: policy.resolve, onlyResolved: policy.onlyResolved };
  const lookup = makeGuardedLookup(guard);
  const verdicts = new Map<string, Promise<boolean>>();
  return async (raw: string) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return false;
    }
    if (url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'about:') return true;
    if (url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol !== 'ws:' && url.protocol !== 'wss:') return false;
    const host = hostKey(url.hostname);
    if (mapped.has(host)) return true;
    if (net.isIP(host) !== 0) return checkLiteralHost(url, guard) === null;
    if (policy.onlyResolved) return false;
    if (guard.allowPrivate) return true;
    let v = verdicts.get(host);
    if (!v) {
      v = new Promise<boolean>((ok) => {
        lookup(host, { all: true }, (err, addresses) => {
          if (err || !Array.isArray(addresses)) return ok(false);
          ok(!addresses.some((a) => isPrivateAddress(a.address)));
        });
      });
      verdicts.set(host, v);
    }
    return v;
  };
}

/** A route handler for `context.route('**\/*', …)` that aborts what the gate refuses and the resource types listed. */
export function gateRoute(gate: (url: string) => Promise<boolean>, blockTypes: ReadonlySet<string> = new Set()) {
  return async (route: Route): Promise<void> => {
    const req = route.request();
    try {
      if (blockTypes.has(req.resourceType()) || !(await gate(req.url()))) await route.abort('blockedbyclient');
      else await route.continue();
    } catch {
      // The page or context went away while we decided; nothing left to answer.
    }
  };
}

// Launching Chromium the way every egovscan browser is launched (renderer, Lighthouse, axe): the
// system's binary, headless, no background chatter, and ONE road out: egovscan's own proxy
// (./proxy.ts), which resolves and checks every host with the crawler's address guard. Chromium gets
// a host resolver that answers nothing, so it cannot reach a site without that proxy, and loopback
// is not exempted from the proxy (Chromium exempts it by default).

import { createServer } from 'node:net';
import net from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { checkLiteralHost, isPrivateAddress, makeGuardedLookup } from '../crawl/address-guard.ts';
import { isExecutableFile } from './chromium.ts';
import { startGateProxy, type GateProxy } from './proxy.ts';

export const CHROME_FLAGS: readonly string[] = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  // No name is resolved ahead of a request (the proxy resolves, when a request is really made).
  '--dns-prefetch-disable',
  // WebRTC may only use the proxied path: no UDP to addresses the proxy never saw.
  '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
  '--webrtc-ip-handling-policy=disable_non_proxied_udp',
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
 * `--host-resolver-rules`: every name Chromium would resolve itself answers "not found" (the proxy
 * at 127.0.0.1 is an IP literal and is excluded). Names are resolved by the proxy, which applies the
 * `resolve` map and the address guard; so the map itself is not given to Chromium.
 */
export function hostResolverRules(): string {
  return 'MAP * ~NOTFOUND, EXCLUDE 127.0.0.1';
}

/** The switches for a Chromium whose traffic goes through the gate proxy at `proxyUrl`. */
export function chromiumArgs(opts: Pick<LaunchOptions, 'debuggingPort' | 'args'> & { proxyUrl: string }): string[] {
  const args = [
    ...CHROME_FLAGS,
    `--proxy-server=${opts.proxyUrl}`,
    // `<-loopback>` removes Chromium's implicit bypass of localhost and 127.0.0.0/8: loopback goes through the gate too.
    '--proxy-bypass-list=<-loopback>',
    `--host-resolver-rules=${hostResolverRules()}`,
  ];
  if (opts.debuggingPort !== undefined) args.push(`--remote-debugging-port=${opts.debuggingPort}`, '--remote-debugging-address=127.0.0.1');
  return [...args, ...(opts.args ?? [])];
}

/** A launched Chromium and the gate proxy it is bound to (closed when the browser goes). */
export interface GuardedBrowser {
  browser: Browser;
  proxy: GateProxy;
}

export async function launchChromium(opts: LaunchOptions): Promise<GuardedBrowser> {
  // Asked first: Playwright leaves its temporary profile directories behind when the binary is missing.
  if (!isExecutableFile(opts.executablePath)) throw new Error(`${opts.executablePath} is not an executable file`);
  const proxy = await startGateProxy({
    allowPrivate: opts.allowPrivate ?? false,
    resolve: opts.resolve,
    onlyResolved: opts.onlyResolved,
    reservedPorts: opts.debuggingPort !== undefined ? [opts.debuggingPort] : [],
  });
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: opts.executablePath,
      headless: true,
      args: chromiumArgs({ ...opts, proxyUrl: proxy.url }),
      // Debian's wrapper script prints a harmless shell warning on stderr; nothing else is needed from it.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (err) {
    await proxy.close();
    throw err;
  }
  browser.on('disconnected', () => void proxy.close());
  return { browser, proxy };
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
 * The browser-side half of the gate: decides, per request the page makes, whether it may leave the
 * browser: hosts of `resolve` always, others never with onlyResolved, and (without allowPrivate)
 * only when DNS does not answer with a private address. It lets the page's refusals be counted; the
 * hard guard is the proxy, which resolves again and connects only to the address it checked (so a
 * DNS answer that changes in between is caught there).
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

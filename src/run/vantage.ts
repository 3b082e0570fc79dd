// The vantage check: before a run judges anyone's site, egovscan checks its own connectivity. A
// machine whose resolver is dead (or answers NXDOMAIN for names that certainly exist) or whose
// network has no route out would otherwise write every application dead and every link broken, and
// next week's run would call them all recovered. So: resolve a few stable public names and open
// TCP+TLS to them; if none works, the outside network is down and the run is `degraded`.
import dns from 'node:dns';
import net from 'node:net';
import tls from 'node:tls';
import type { Target } from '../config/targets.ts';
import { isPrivateAddress } from '../crawl/address-guard.ts';

export type VantageMode = 'auto' | 'on' | 'off';

/** Stable names on well-kept networks, national ones included (the targets' own neighbourhood). */
export const DEFAULT_VANTAGE_HOSTS: readonly string[] = ['www.google.com', 'www.cloudflare.com', 'www.kominfo.go.id', 'www.indonesia.go.id'];

export type VantageLookup = (host: string) => Promise<string[]>;
export type VantageConnect = (host: string, address: string, timeoutMs: number) => Promise<void>;

export interface VantageSettings {
  /** auto: check unless every target stays on this machine; on: always; off: trust the resolver. */
  mode: VantageMode;
  hosts: readonly string[];
  timeoutMs?: number;
  /** Resolver and connector (tests inject failing ones: a test never sends a packet off 127.0.0.1). */
  lookup?: VantageLookup;
  connect?: VantageConnect;
}

export interface VantageResult {
  /** False when the check was skipped (mode off, or nothing needs the outside network). */
  checked: boolean;
  /** The outside network answered (true when not checked). */
  ok: boolean;
  /** What was seen, per host: `www.google.com: ok` or `www.google.com: EAI_AGAIN`. */
  detail: string;
  at: string;
}

const defaultLookup: VantageLookup = async (host) => (await dns.promises.lookup(host, { all: true })).map((a) => a.address);

const defaultConnect: VantageConnect = (host, address, timeoutMs) =>
  new Promise<void>((resolve, reject) => {
    const socket = tls.connect({ host: address, port: 443, servername: host, timeout: timeoutMs });
    const done = (err?: Error) => {
      socket.destroy();
      if (err) reject(err);
      else resolve();
    };
    socket.once('secureConnect', () => done());
    socket.once('timeout', () => done(Object.assign(new Error(`no TLS answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    socket.once('error', (e) => done(e));
  });

/** True when some target (portal or listed application) needs the outside network to be reached. */
export function targetsNeedOutside(targets: readonly Target[], resolve: Record<string, string> = {}): boolean {
  const mapped = new Set(Object.keys(resolve).map((h) => h.toLowerCase().replace(/\.$/, '')));
  const local = (url: string) => {
    try {
      const host = new URL(url).hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
      if (mapped.has(host)) return true;
      return net.isIP(host) !== 0 && isPrivateAddress(host);
    } catch {
      return true;
    }
  };
  return targets.some((t) => !local(t.portal) || (t.applications ?? []).some((a) => !local(a.url)));
}

/** Runs the check (or skips it as the settings say). Never throws. */
export async function checkVantage(
  settings: VantageSettings,
  targets: readonly Target[],
  net: { resolve?: Record<string, string>; onlyResolved?: boolean } = {},
): Promise<VantageResult> {
  const at = new Date().toISOString();
  const resolve = net.resolve ?? {};
  if (settings.mode === 'off') return { checked: false, ok: true, detail: 'vantage check off', at };
  // --resolve-only never asks a resolver: what it cannot reach is `not_checked` whatever the network.
  if (settings.mode === 'auto' && net.onlyResolved) return { checked: false, ok: true, detail: 'every host comes from --resolve', at };
  if (settings.mode === 'auto' && !targetsNeedOutside(targets, resolve)) {
    return { checked: false, ok: true, detail: 'every target is on this machine or mapped with --resolve', at };
  }
  const lookup = settings.lookup ?? defaultLookup;
  const connect = settings.connect ?? defaultConnect;
  const timeoutMs = settings.timeoutMs ?? 5_000;
  const seen = await Promise.all(
    settings.hosts.map(async (host): Promise<[string, string]> => {
      try {
        const addresses = await withTimeout(lookup(host), timeoutMs, 'ETIMEOUT');
        const address = addresses[0];
        if (!address) return [host, 'ENOTFOUND'];
        await withTimeout(connect(host, address, timeoutMs), timeoutMs + 500, 'ETIMEDOUT');
        return [host, 'ok'];
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        return [host, typeof code === 'string' ? code : err instanceof Error ? err.message.slice(0, 80) : String(err)];
      }
    }),
  );
  // One stable name that answers is enough: the others may be down or blocked where we are.
  const ok = seen.some(([, s]) => s === 'ok');
  return { checked: true, ok, detail: seen.map(([h, s]) => `${h}: ${s}`).join(', '), at };
}

function withTimeout<T>(p: Promise<T>, ms: number, code: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms} ms`), { code })), ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

/** The one line said when the outside network is down. */
export function vantageWarning(result: VantageResult): string {
  return `egovscan: the outside network is down from here (${result.detail}); crawling what can be reached, writing the rest unknown / network, and this run (degraded) is not counted in the history`;
}

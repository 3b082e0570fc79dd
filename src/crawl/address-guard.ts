// Keeps a target list (or a page that links to http://192.168.1.1/) from steering the crawler into
// the operator's own network. The check runs inside the connection's DNS lookup, on the addresses
// actually connected to, so a redirect to an internal host or a DNS answer that changes between
// two lookups (rebinding) is caught as well as the first hop.

import dns from 'node:dns';
import net from 'node:net';

export const PRIVATE_ADDRESS_CODE = 'EGOVSCAN_PRIVATE_ADDRESS';
export const NOT_RESOLVED_CODE = 'EGOVSCAN_NOT_RESOLVED';

export interface GuardOptions {
  allowPrivate: boolean;
  resolve?: Record<string, string>;
  onlyResolved?: boolean;
  /** The resolver (default dns.lookup); tests give one that fails so that no packet leaves the machine. */
  dnsLookup?: DnsLookup;
}

export type DnsLookup = (
  hostname: string,
  options: dns.LookupAllOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void,
) => void;

export class AddressRefusedError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'AddressRefusedError';
    this.code = code;
  }
}

const blocked = new net.BlockList();
for (const [net4, prefix] of [
  ['0.0.0.0', 8], // "this network", includes the unspecified address
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata endpoints
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved and broadcast
] as const) {
  blocked.addSubnet(net4, prefix, 'ipv4');
}
for (const [net6, prefix] of [
  ['::', 96], // unspecified, loopback and the old IPv4-compatible ::a.b.c.d forms
  ['100::', 64], // discard-only
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  blocked.addSubnet(net6, prefix, 'ipv6');
}

/** Expand an IPv6 text form to eight 16-bit groups (null when it is not one). */
function ipv6Groups(address: string): number[] | null {
  let text = address;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  let tail: number[] = [];
  if (dotted) {
    const parts = dotted[1]!.split('.').map(Number);
    tail = [(parts[0]! << 8) | parts[1]!, (parts[2]! << 8) | parts[3]!];
    text = text.slice(0, -dotted[1]!.length);
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const parse = (s: string | undefined) => (s ? s.split(':').filter((g) => g !== '').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = [...parse(rest), ...tail];
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (rest === undefined && missing !== 0)) return null;
  const groups = [...left, ...new Array<number>(missing).fill(0), ...right];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/** True for loopback, private, CGNAT, link-local, unspecified, multicast and IPv4-mapped forms of them. */
export function isPrivateAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = net.isIP(ip);
  if (family === 4) return blocked.check(ip, 'ipv4');
  if (family !== 6) return false;
  const groups = ipv6Groups(ip);
  if (groups) {
    const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
    // IPv4 addresses carried inside IPv6 reach the IPv4 host: mapped (::ffff:a.b.c.d), translated
    // (::ffff:0:a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:AABB:CCDD::).
    const zeros = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
    if (zeros(0, 5) && groups[5] === 0xffff) return blocked.check(v4(groups[6]!, groups[7]!), 'ipv4');
    if (zeros(0, 4) && groups[4] === 0xffff && groups[5] === 0) return blocked.check(v4(groups[6]!, groups[7]!), 'ipv4');
    if (groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6)) return blocked.check(v4(groups[6]!, groups[7]!), 'ipv4');
    if (groups[0] === 0x2002) return blocked.check(v4(groups[1]!, groups[2]!), 'ipv4');
  }
  return blocked.check(ip, 'ipv6');
}

function hostKey(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
}

/**
 * Whether reaching the URL's host needs the outside network (a resolver, a route out): not for a
 * --resolve host mapped to a private address nor for a private IP literal, which stay on this
 * machine or its network.
 */
export function needsOutsideNetwork(url: URL, options: GuardOptions): boolean {
  const host = hostKey(url.hostname);
  const mapped = Object.entries(options.resolve ?? {}).find(([h]) => hostKey(h) === host)?.[1];
  const address = mapped !== undefined ? hostKey(mapped) : host;
  if (net.isIP(address) === 0) return true;
  return !isPrivateAddress(address);
}

/**
 * The address a host name spells when it is a number in another notation (2130706433, 0x7f000001,
 * 127.1, 0177.0.0.1): the WHATWG URL parser reads those as IPv4, and so does getaddrinfo.
 */
export function numericHostAddress(hostname: string): string | undefined {
  const host = hostKey(hostname);
  if (net.isIP(host) !== 0) return host;
  if (!/^[0-9a-fx.]+$/i.test(host) || !/\d/.test(host)) return undefined;
  try {
    const parsed = hostKey(new URL(`http://${host}/`).hostname);
    return net.isIP(parsed) !== 0 ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks a URL whose host is an IP literal before anything is sent: Node does not run the lookup
 * hook for literals, so the connect-time check never sees them. Returns the refusal or null.
 */
export function checkLiteralHost(url: URL, options: GuardOptions): AddressRefusedError | null {
  const host = hostKey(url.hostname);
  if (net.isIP(host) === 0) return null;
  // An IP literal needs no resolution, so --resolve-only has nothing to refuse: it is checked as it is.
  if (!options.allowPrivate && isPrivateAddress(host)) {
    return new AddressRefusedError(PRIVATE_ADDRESS_CODE, `${host} is a private or loopback address`);
  }
  return null;
}

type LookupAddress = { address: string; family: number };
type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net.connect / tls.connect. Resolve overrides are the operator's explicit choice
 * (like curl --resolve), so they are trusted; everything that comes from DNS is checked.
 */
export function makeGuardedLookup(options: GuardOptions) {
  const overrides = new Map(Object.entries(options.resolve ?? {}).map(([h, ip]) => [hostKey(h), hostKey(ip)]));
  return function guardedLookup(hostname: string, lookupOptions: dns.LookupOptions, callback: LookupCallback): void {
    const wantAll = lookupOptions?.all === true;
    const answer = (list: LookupAddress[]) => {
      if (wantAll) callback(null, list);
      else callback(null, list[0]!.address, list[0]!.family);
    };
    const host = hostKey(hostname);
    const override = overrides.get(host);
    if (override !== undefined) {
      answer([{ address: override, family: net.isIP(override) || 4 }]);
      return;
    }
    // A number spelt another way is an address, not a name: checked here, never sent to DNS.
    const numeric = numericHostAddress(host);
    if (numeric !== undefined) {
      if (!options.allowPrivate && isPrivateAddress(numeric)) {
        callback(new AddressRefusedError(PRIVATE_ADDRESS_CODE, `${host} is the private address ${numeric}`), wantAll ? [] : '');
        return;
      }
      answer([{ address: numeric, family: net.isIP(numeric) }]);
      return;
    }
    if (options.onlyResolved) {
      callback(new AddressRefusedError(NOT_RESOLVED_CODE, `${host} is not in the --resolve list`), wantAll ? [] : '');
      return;
    }
    const lookup: DnsLookup = options.dnsLookup ?? dns.lookup;
    lookup(host, { all: true, family: lookupOptions?.family ?? 0, hints: lookupOptions?.hints }, (err, addresses) => {
      if (err) {
        callback(err, wantAll ? [] : '');
        return;
      }
      if (addresses.length === 0) {
        const e = Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
        callback(e, wantAll ? [] : '');
        return;
      }
      if (!options.allowPrivate) {
        const bad = addresses.find((a) => isPrivateAddress(a.address));
        if (bad) {
          callback(
            new AddressRefusedError(PRIVATE_ADDRESS_CODE, `${host} resolves to private address ${bad.address}`),
            wantAll ? [] : '',
          );
          return;
        }
      }
      answer(addresses);
    });
  };
}

import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkApplications, statusForReason } from '../../src/apps/liveness.ts';
import type { AppEntry, AppResult } from '../../src/apps/types.ts';
import { appKey } from '../../src/apps/url.ts';
import { makeGuardedLookup, type DnsLookup } from '../../src/crawl/address-guard.ts';
import { fetchUrl, type FetchSettings } from '../../src/crawl/fetcher.ts';
import { createHttpPool } from '../../src/crawl/politeness.ts';
import { startFaultServer, TEST_CA, type Behaviour, type FaultServer } from '../support/fault-server.ts';

const NOW = new Date('2024-06-15T00:00:00Z');

// name → [behaviour, path, expected status, expected reason, expected detail (optional)]
const HTTP_CASES: Array<[string, Behaviour, string, string, string, string?]> = [
  ['healthy', 'healthy', '/', 'active', 'ok'],
  ['abandoned', 'abandoned', '/', 'stale', 'stale_content'],
  ['notfound', 'http_404', '/', 'inactive', 'http_404'],
  ['error500', 'http_500', '/', 'inactive', 'http_500'],
  ['soft404', 'soft_404', '/', 'inactive', 'soft_404', 'not_found_wording'],
  ['kominfo', 'catch_all_home', '/simpeg', 'inactive', 'soft_404', 'same_as_random_path'],
  ['apache', 'apache_default', '/', 'inactive', 'default_page', 'apache'],
  ['nginx', 'nginx_default', '/', 'inactive', 'default_page', 'nginx'],
  ['iis', 'iis_default', '/', 'inactive', 'default_page', 'iis'],
  ['listing', 'index_of', '/', 'inactive', 'default_page', 'empty_listing'],
  ['suspended', 'cpanel_suspended', '/', 'inactive', 'parked', 'suspended'],
  ['forsale', 'for_sale', '/', 'inactive', 'parked', 'for_sale_or_parked'],
  ['tohome', 'redirect_home', '/', 'inactive', 'redirect_home'],
  ['loop', 'redirect_loop', '/', 'inactive', 'redirect_loop'],
  ['waf', 'waf_challenge', '/', 'unknown', 'blocked'],
  ['ratelimit', 'rate_limited', '/', 'unknown', 'blocked', 'rate_limited'],
  ['robots', 'robots_disallow', '/', 'unknown', 'robots_disallowed'],
  ['intranet', 'login_basic_auth', '/', 'active', 'ok', 'login_required'],
  ['hang', 'timeout', '/', 'inactive', 'timeout'],
];

let server: FaultServer;
let agent: Agent;
let results: Map<string, AppResult>;
let elapsedMs = 0;
const lookups: string[] = [];

function entry(name: string, url: string): AppEntry {
  return { cityId: 'contoh', name, url, key: appKey(url), category: 'G2C', categoryReason: 'test', source: 'targets' };
}

beforeAll(async () => {
  server = await startFaultServer({ now: NOW });
  const apps: AppEntry[] = [];
  for (const [name, behaviour, path] of HTTP_CASES) {
    server.setBehaviour(`${name}.fault.test`, behaviour);
    apps.push(entry(name, server.url(`${name}.fault.test`, path)));
  }
  // The same catch-all host at its root is a working site, not a soft 404.
  apps.push(entry('kominfo-root', server.url('kominfo.fault.test', '/')));
  apps.push(entry('tls-selfsigned', server.tlsUrl('selfsigned')));
  apps.push(entry('tls-expired', server.tlsUrl('expired')));
  apps.push(entry('tls-wronghost', server.tlsUrl('wronghost')));
  apps.push(entry('tls-incomplete', server.tlsUrl('incomplete')));
  apps.push(entry('tls-valid', server.tlsUrl('valid')));
  apps.push(entry('refused', server.refusedUrl));
  apps.push(entry('deaddns', server.deadDnsUrl));
  apps.push(entry('flakydns', 'http://sipandu.flaky.test/'));
  apps.push(entry('unroutable', 'http://sipandu.unroutable.test/'));

  // Names the fault server answers come from --resolve; every other name goes to this resolver,
  // which answers like a working one (NXDOMAIN for .invalid) or a failing one, and never asks DNS.
  const dnsLookup: DnsLookup = (host, _o, cb) => {
    lookups.push(host);
    const code = host.endsWith('.invalid') ? 'ENOTFOUND' : host.includes('flaky') ? 'EAI_AGAIN' : 'ENETUNREACH';
    setImmediate(() => cb(Object.assign(new Error(`getaddrinfo ${code} ${host}`), { code }), []));
  };
  const settings: FetchSettings = {
    timeoutMs: 1500, retries: 2, retryBaseMs: 5, maxBytes: 1 << 20, maxRedirects: 10,
    userAgent: 'egovscan-test', allowPrivate: true, resolve: { ...server.resolve }, dnsLookup,
  };
  // The tests' own agent trusts the test root, so that an expired or wrong-host certificate is
  // reported as such and not as "unknown issuer".
  agent = new Agent({ connect: { ca: TEST_CA, timeout: 1500, lookup: makeGuardedLookup(settings) as never } });
  const started = Date.now();
  const out = await checkApplications(apps, {
    portal: server.portalUrl,
    now: NOW,
    fetch: (url, kind) => fetchUrl(url, { options: settings, dispatcher: agent }, kind),
    concurrency: 16,
  });
  elapsedMs = Date.now() - started;
  results = new Map(out.map((r) => [r.name, r]));
});

afterAll(async () => {
  await agent?.close();
  await server?.close();
});

describe('liveness against the fault server', () => {
  it.each(HTTP_CASES)('%s (%s) → status and reason', (name, _b, _p, status, reason, detail) => {
    const r = results.get(name)!;
    expect({ status: r.status, reason: r.reason }).toEqual({ status, reason });
    if (detail) expect(r.detail).toBe(detail);
  });

  it('a catch-all site at its root is active, not a soft 404', () => {
    expect(results.get('kominfo-root')).toMatchObject({ status: 'active', reason: 'ok' });
  });

  it.each([
    ['tls-selfsigned', 'self_signed'],
    ['tls-expired', 'expired'],
    ['tls-wronghost', 'wrong_host'],
    ['tls-incomplete', 'incomplete_chain'],
  ])('%s → inactive, tls, detail %s', (name, detail) => {
    expect(results.get(name)).toMatchObject({ status: 'inactive', reason: 'tls', detail, httpStatus: 0 });
  });

  it('a certificate from a trusted root is fine', () => {
    expect(results.get('tls-valid')).toMatchObject({ status: 'active', reason: 'ok', httpStatus: 200 });
  });

  it('refused port and dead DNS name', () => {
    expect(results.get('refused')).toMatchObject({ status: 'inactive', reason: 'connection_refused' });
    expect(results.get('deaddns')).toMatchObject({ status: 'inactive', reason: 'dns' });
  });

  it('a resolver that fails for now or a network with no route is no verdict: unknown, retried', () => {
    expect(results.get('flakydns')).toMatchObject({ status: 'unknown', reason: 'dns_temporary' });
    expect(results.get('unroutable')).toMatchObject({ status: 'unknown', reason: 'network' });
    // Transient: asked again with back-off (retries: 2); NXDOMAIN from a working resolver is an answer.
    expect(lookups.filter((h) => h === 'sipandu.flaky.test').length).toBe(2);
    expect(lookups.filter((h) => h === 'sipandu.kotacontoh.invalid').length).toBe(1);
  });

  it('keeps the evidence: last_updated, http_status, final_url', () => {
    expect(results.get('healthy')!.lastUpdated).toBe('2024-06-05');
    expect(results.get('abandoned')!.lastUpdated).toBe('2022-03-14');
    expect(results.get('notfound')!.httpStatus).toBe(404);
    expect(results.get('tohome')!.finalUrl).toBe(server.portalUrl);
  });

  it('permanent errors are not retried; transient ones are', () => {
    const tries = (host: string) => (server.requests.get(host) ?? []).filter((p) => p === '/').length;
    // 500 is transient: the fetcher asks again (retries: 2).
    expect(tries('error500.fault.test')).toBe(2);
    // 404 is an answer, not a failure.
    expect(tries('notfound.fault.test')).toBe(1);
    // A TLS failure ends at robots.txt: the page itself is never requested.
    expect(server.requests.get('selfsigned.fault.test')).toBeUndefined();
  });

  it('a robots.txt disallow is obeyed: the page is never fetched', () => {
    expect(server.requests.get('robots.fault.test')).toEqual(['/robots.txt']);
  });

  it('finishes in bounded time despite the hanging host', () => {
    expect(elapsedMs).toBeLessThan(10_000);
  });
});

describe('through the shared politeness pool', () => {
  it('classifies with the crawl pool (self-signed, not resolved under --resolve-only, healthy)', async () => {
    const fs = await startFaultServer({ now: NOW });
    try {
      const healthy = fs.setBehaviour('healthy.fault.test', 'healthy');
      const pool = createHttpPool({ allowPrivate: true, resolve: { ...fs.resolve }, onlyResolved: true, timeoutMs: 1000, retries: 1, delayMs: 0 });
      try {
        const out = await checkApplications(
          [entry('h', healthy), entry('s', fs.tlsUrl('selfsigned')), entry('d', fs.deadDnsUrl)],
          { portal: fs.portalUrl, pool, now: NOW },
        );
        expect(out.map((r) => [r.name, r.status, r.reason, r.detail])).toEqual([
          ['h', 'active', 'ok', ''],
          ['s', 'inactive', 'tls', 'self_signed'],
          // Never resolved because of --resolve-only: nothing is known of it.
          ['d', 'unknown', 'not_checked', expect.any(String)],
        ]);
      } finally {
        await pool.close();
      }
    } finally {
      await fs.close();
    }
  });
});

describe('statusForReason', () => {
  it('never counts blocked or robots as dead', () => {
    expect(statusForReason('blocked')).toBe('unknown');
    expect(statusForReason('robots_disallowed')).toBe('unknown');
    expect(statusForReason('http_503')).toBe('inactive');
    expect(statusForReason('stale_content')).toBe('stale');
    for (const r of ['network', 'dns_temporary', 'not_checked', 'private_address', 'error']) expect(statusForReason(r)).toBe('unknown');
    for (const r of ['dns', 'connection_refused', 'tls', 'too_many_redirects', 'redirect_loop']) expect(statusForReason(r)).toBe('inactive');
  });
});

describe('summariseApps', () => {
  it('counts unknown apart from inactive', async () => {
    const { summariseApps } = await import('../../src/apps/liveness.ts');
    const s = summariseApps([{ status: 'active' }, { status: 'unknown' }, { status: 'inactive' }, { status: 'stale' }, { status: 'unknown' }]);
    expect(s).toEqual({ apps_total: 5, apps_active: 1, apps_stale: 1, apps_inactive: 1, apps_unknown: 2 });
  });
});

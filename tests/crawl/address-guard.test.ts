import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLiteralHost, isPrivateAddress, makeGuardedLookup } from '../../src/crawl/address-guard.ts';
import { fetchUrl } from '../../src/crawl/fetcher.ts';
import { html, startServer, testOptions, type TestServer } from './helpers.ts';

describe('isPrivateAddress', () => {
  it.each([
    ['127.0.0.1', true], ['127.255.0.9', true], ['10.1.2.3', true], ['172.16.0.1', true], ['172.31.255.255', true],
    ['172.32.0.1', false], ['192.168.1.1', true], ['100.64.0.1', true], ['100.127.255.255', true], ['100.128.0.1', false],
    ['169.254.169.254', true], ['0.0.0.0', true], ['8.8.8.8', false], ['103.10.20.30', false], ['::1', true], ['::', true],
    ['fc00::1', true], ['fd12:3456::1', true], ['fe80::1', true], ['febf::1', true], ['fec0::1', false],
    ['2001:4860:4860::8888', false], ['::ffff:127.0.0.1', true], ['::ffff:7f00:1', true], ['::ffff:10.0.0.1', true],
    ['::ffff:8.8.8.8', false], ['[::1]', true], ['not-an-ip', false],
  ])('%s → %s', (ip, expected) => {
    expect(isPrivateAddress(ip)).toBe(expected);
  });
});

describe('checkLiteralHost', () => {
  it('refuses private IP literals unless allowPrivate', () => {
    expect(checkLiteralHost(new URL('http://[::ffff:7f00:1]/'), { allowPrivate: false })?.code).toBe('EGOVSCAN_PRIVATE_ADDRESS');
    expect(checkLiteralHost(new URL('http://192.168.0.1/'), { allowPrivate: true })).toBeNull();
    expect(checkLiteralHost(new URL('http://8.8.8.8/'), { allowPrivate: false })).toBeNull();
    expect(checkLiteralHost(new URL('http://kota.go.id/'), { allowPrivate: false })).toBeNull();
  });
  it('under onlyResolved refuses literals that are not resolve targets', () => {
    const opts = { allowPrivate: true, onlyResolved: true, resolve: { 'kota.test': '127.0.0.1' } };
    expect(checkLiteralHost(new URL('http://8.8.8.8/'), opts)?.code).toBe('EGOVSCAN_NOT_RESOLVED');
    expect(checkLiteralHost(new URL('http://127.0.0.1:9/'), opts)).toBeNull();
  });
});

describe('guarded lookup', () => {
  const call = (lookup: ReturnType<typeof makeGuardedLookup>, host: string, all: boolean) =>
    new Promise<{ err: NodeJS.ErrnoException | null; address: unknown }>((resolve) =>
      lookup(host, { all }, (err, address) => resolve({ err, address })),
    );

  it('answers resolve overrides in both callback shapes', async () => {
    const lookup = makeGuardedLookup({ allowPrivate: false, resolve: { 'Kota.Test': '127.0.0.1' } });
    expect((await call(lookup, 'kota.test', true)).address).toEqual([{ address: '127.0.0.1', family: 4 }]);
    expect((await call(lookup, 'kota.test', false)).address).toBe('127.0.0.1');
  });
  it('refuses unlisted hosts under onlyResolved without DNS', async () => {
    const lookup = makeGuardedLookup({ allowPrivate: true, onlyResolved: true, resolve: { 'kota.test': '127.0.0.1' } });
    const { err } = await call(lookup, 'www.google.com', true);
    expect(err?.code).toBe('EGOVSCAN_NOT_RESOLVED');
  });
  it('refuses a name that DNS resolves to loopback', async () => {
    const { err } = await call(makeGuardedLookup({ allowPrivate: false }), 'localhost', true);
    expect(err?.code).toBe('EGOVSCAN_PRIVATE_ADDRESS');
  });
});

describe('private-address guard on real fetches', () => {
  let server: TestServer;
  let other: TestServer;
  beforeAll(async () => {
    other = await startServer((_req, res) => html(res, 'secret'));
    server = await startServer((req, res) => {
      if (req.url === '/to-private') {
        res.writeHead(302, { location: `${other.origin}/admin` });
        res.end();
      } else html(res, '<title>ok</title>');
    });
  });
  afterAll(async () => {
    await server.close();
    await other.close();
  });

  it('refuses a loopback IP literal before sending anything', async () => {
    const before = server.requests.length;
    const r = await fetchUrl(`${server.origin}/`, { options: testOptions({ allowPrivate: false }) }, 'page');
    expect(r.reason).toBe('private_address');
    expect(r.status).toBe(0);
    expect(server.requests.length).toBe(before);
  });

  it('refuses a hostname that resolves to loopback, at connect time', async () => {
    const before = server.requests.length;
    const r = await fetchUrl(`http://localhost:${server.port}/`, { options: testOptions({ allowPrivate: false }) }, 'page');
    expect(r.reason).toBe('private_address');
    expect(server.requests.length).toBe(before);
  });

  it('fetches it with allowPrivate', async () => {
    const r = await fetchUrl(`${server.origin}/`, { options: testOptions({ allowPrivate: true }) }, 'page');
    expect(r.status).toBe(200);
    expect(r.reason).toBe('ok');
  });

  it('trusts resolve overrides but checks a redirect into a private address', async () => {
    const options = testOptions({ allowPrivate: false, onlyResolved: true, resolve: { 'kota.test': '127.0.0.1' } });
    const ok = await fetchUrl(`http://kota.test:${server.port}/`, { options }, 'page');
    expect(ok.reason).toBe('ok');
    const before = other.requests.length;
    const hop = await fetchUrl(`http://kota.test:${server.port}/to-private`, { options }, 'page');
    expect(hop.reason).toBe('private_address');
    expect(hop.redirects).toEqual([{ url: `http://kota.test:${server.port}/to-private`, status: 302 }]);
    expect(other.requests.length).toBe(before);
  });

  it('refuses hosts outside the resolve list under onlyResolved', async () => {
    const options = testOptions({ allowPrivate: true, onlyResolved: true, resolve: { 'kota.test': '127.0.0.1' } });
    const r = await fetchUrl(`http://elsewhere.test:${server.port}/`, { options }, 'page');
    expect(r.reason).toBe('dns');
    expect(r.detail).toMatch(/resolve/);
  });
});

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
  it('under onlyResolved an IP literal needs no resolution: checked as it is', () => {
    const opts = { allowPrivate: true, onlyResolved: true, resolve: { 'kota.test': '127.0.0.1' } };
    expect(checkLiteralHost(new URL('http://8.8.8.8/'), opts)).toBeNull();
    expect(checkLiteralHost(new URL('http://127.0.0.1:9/'), opts)).toBeNull();
    expect(checkLiteralHost(new URL('http://127.0.0.2:9/'), { ...opts, allowPrivate: false })?.code).toBe('EGOVSCAN_PRIVATE_ADDRESS');
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
    // Not resolved because of --resolve-only: not a verdict on the host (no `dns`).
    expect(r.reason).toBe('not_checked');
    expect(r.detail).toMatch(/resolve/);
  });

  it('fetches an IP literal under onlyResolved like any other URL', async () => {
    const options = testOptions({ allowPrivate: true, onlyResolved: true, resolve: { 'kota.test': '127.0.0.1' } });
    const r = await fetchUrl(`http://127.0.0.1:${server.port}/`, { options }, 'page');
    expect(r.reason).toBe('ok');
  });

  it('refuses every spelling of loopback in a URL before sending anything', async () => {
    const before = server.requests.length;
    for (const host of ['2130706433', '0x7f000001', '127.1', '0177.0.0.1', '0x7f.0.0.1', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]']) {
      const r = await fetchUrl(`http://${host}:${server.port}/`, { options: testOptions({ allowPrivate: false }) }, 'page');
      expect([host, r.reason]).toEqual([host, 'private_address']);
    }
    expect(server.requests.length).toBe(before);
  });
});

describe('every spelling of a private address', () => {
  it.each([
    'http://2130706433/', 'http://0x7f000001/', 'http://127.1/', 'http://0177.0.0.1/', 'http://0x7f.1/', 'http://0/',
    'http://0.0.0.0/', 'http://[::]/', 'http://[::1]/', 'http://[0:0:0:0:0:0:0:1]/', 'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/', 'http://[::ffff:0:7f00:1]/', 'http://[::127.0.0.1]/', 'http://[64:ff9b::a9fe:a9fe]/',
    'http://[2002:c0a8:101::]/', 'http://[fc00::1]/', 'http://[fdff:ffff::1]/', 'http://[fe80::1]/', 'http://[febf::1]/',
    'http://169.254.169.254/', 'http://100.64.0.1/', 'http://100.127.255.254/', 'http://10.0.0.1/', 'http://172.16.5.4/',
    'http://192.168.1.1/', 'http://3232235777/', 'http://0xa9.0xfe.0xa9.0xfe/', 'http://[ff02::1]/',
  ])('%s is refused', (url) => {
    expect(checkLiteralHost(new URL(url), { allowPrivate: false })?.code).toBe('EGOVSCAN_PRIVATE_ADDRESS');
  });
  it.each(['http://8.8.8.8/', 'http://134744072/', 'http://[2001:4860:4860::8888]/', 'http://[::ffff:8.8.8.8]/', 'http://[2002:808:808::]/'])(
    '%s (public) passes',
    (url) => {
      expect(checkLiteralHost(new URL(url), { allowPrivate: false })).toBeNull();
    },
  );
});

describe('guarded lookup of names that are numbers or resolve to private addresses', () => {
  const call = (lookup: ReturnType<typeof makeGuardedLookup>, host: string) =>
    new Promise<NodeJS.ErrnoException | null>((resolve) => lookup(host, { all: true }, (err) => resolve(err)));

  it('refuses numeric spellings without asking the resolver', async () => {
    const asked: string[] = [];
    const dnsLookup = (h: string, _o: unknown, cb: (e: NodeJS.ErrnoException | null, a: Array<{ address: string; family: number }>) => void) => {
      asked.push(h);
      cb(null, [{ address: '8.8.8.8', family: 4 }]);
    };
    const lookup = makeGuardedLookup({ allowPrivate: false, dnsLookup });
    for (const h of ['2130706433', '0x7f000001', '127.1', '0177.0.0.1', '0x7f.1']) {
      expect((await call(lookup, h))?.code).toBe('EGOVSCAN_PRIVATE_ADDRESS');
    }
    expect(asked).toEqual([]);
  });

  it.each(['10.1.2.3', '169.254.169.254', '100.64.1.1', '::ffff:127.0.0.1', 'fd00::5', 'fe80::1', '0.0.0.0', '::'])(
    'refuses a name that resolves to %s',
    async (address) => {
      const dnsLookup = (_h: string, _o: unknown, cb: (e: NodeJS.ErrnoException | null, a: Array<{ address: string; family: number }>) => void) =>
        cb(null, [{ address: '203.0.113.9', family: 4 }, { address, family: address.includes(':') ? 6 : 4 }]);
      const err = await call(makeGuardedLookup({ allowPrivate: false, dnsLookup }), 'intranet.kota.go.id');
      expect(err?.code).toBe('EGOVSCAN_PRIVATE_ADDRESS');
    },
  );
});

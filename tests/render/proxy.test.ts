// The gate proxy on its own (no browser): what it relays and what it refuses, spoken to the way
// Chromium speaks to a proxy (absolute-URL requests, CONNECT tunnels).
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFUSED_HEADER, refusedBy, startGateProxy, type GateProxy } from '../../src/render/proxy.ts';
import { startInternal, startPortal, type Internal, type Portal } from './gate-fixture.ts';

let internal: Internal;
let portal: Portal;

beforeAll(async () => {
  internal = await startInternal();
  portal = await startPortal(internal);
});

afterAll(async () => {
  await portal?.close();
  await internal?.close();
});

function viaProxy(proxy: GateProxy, url: string, method = 'GET'): Promise<{ status: number; refused?: string; body: string }> {
  return new Promise((ok, fail) => {
    const req = http.request({ host: '127.0.0.1', port: proxy.port, method, path: url, headers: { host: new URL(url).host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => ok({ status: res.statusCode ?? 0, refused: refusedBy(proxy, res.headers[REFUSED_HEADER] as string | undefined), body }));
    });
    req.on('error', fail);
    req.end(method === 'POST' ? 'nama=x' : undefined);
  });
}

/** CONNECT host:port, then `first` bytes; resolves with the proxy's status line and whether the socket then stayed open. */
function tunnel(proxy: GateProxy, authority: string, first: Buffer): Promise<{ statusLine: string; closedAfterFirst: boolean }> {
  return new Promise((ok, fail) => {
    const s = net.connect(proxy.port, '127.0.0.1', () => s.write(`CONNECT ${authority} HTTP/1.1\r\nhost: ${authority}\r\n\r\n`));
    let text = '';
    let statusLine = '';
    s.on('data', (d) => {
      text += d.toString('latin1');
      if (!statusLine && text.includes('\r\n')) {
        statusLine = text.split('\r\n')[0]!;
        if (statusLine.includes(' 200 ')) s.write(first);
      }
    });
    s.on('error', fail);
    s.on('close', () => ok({ statusLine, closedAfterFirst: true }));
    setTimeout(() => {
      s.destroy();
      ok({ statusLine, closedAfterFirst: false });
    }, 1_500);
  });
}

describe('the gate proxy, without allowPrivate', () => {
  let proxy: GateProxy;
  beforeAll(async () => {
    proxy = await startGateProxy({ allowPrivate: false, resolve: { 'kota.test': '127.0.0.1' } });
  });
  afterAll(async () => proxy?.close());

  it('relays GET and HEAD to a host of the resolve map, and refuses every other method', async () => {
    const base = `http://kota.test:${portal.port}`;
    const got = await viaProxy(proxy, `${base}/rapi`);
    expect(got.status).toBe(200);
    expect(got.body).toContain('Halaman rapi');
    expect((await viaProxy(proxy, `${base}/rapi`, 'HEAD')).status).toBe(200);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
      const r = await viaProxy(proxy, `${base}/api`, method);
      expect(r, method).toMatchObject({ status: 405, refused: 'method' });
    }
    expect(portal.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD')).toEqual([]);
  });

  it('passes a redirect back unfollowed, and refuses its hop into the private network', async () => {
    const r = await viaProxy(proxy, `http://kota.test:${portal.port}/pergi?x`);
    expect(r.status).toBe(302);
    const hop = await viaProxy(proxy, `${internal.ip}/dari-pergi?x`);
    expect(hop).toMatchObject({ status: 403, refused: 'private_address' });
  });

  it('refuses loopback and private addresses in every spelling, by name or literal, and CONNECT to them', async () => {
    const port = new URL(internal.ip).port;
    for (const url of [
      `${internal.ip}/`,
      `${internal.local}/`,
      `http://[::ffff:127.0.0.2]:${port}/`,
      `http://[::1]:${port}/`,
      `http://0.0.0.0:${port}/`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/',
      'http://192.168.1.1/',
    ]) {
      expect(await viaProxy(proxy, url), url).toMatchObject({ status: 403, refused: 'private_address' });
    }
    for (const authority of [`127.0.0.2:${port}`, `localhost:${new URL(internal.local).port}`, `[::1]:${port}`]) {
      const t = await tunnel(proxy, authority, Buffer.from([0x16, 0x03, 0x01]));
      expect(t.statusLine, authority).toMatch(/^HTTP\/1\.1 403/);
    }
    expect(internal.connections).toBe(0);
  });

  it('opens a tunnel only for TLS: a cleartext (ws://) tunnel is closed before anything reaches the site', async () => {
    const before = portal.requests.length;
    const t = await tunnel(proxy, `kota.test:${portal.port}`, Buffer.from('GET /ws HTTP/1.1\r\nhost: kota.test\r\nupgrade: websocket\r\n\r\n'));
    expect(t.statusLine).toMatch(/^HTTP\/1\.1 200/);
    expect(t.closedAfterFirst).toBe(true);
    expect(portal.requests.length).toBe(before);
    expect(proxy.refusals().at(-1)).toMatchObject({ method: 'CONNECT', reason: 'cleartext_tunnel' });
  });
});

describe('the gate proxy with allowPrivate', () => {
  it('reaches private addresses, but never the browser\'s DevTools port or the proxy itself', async () => {
    const devtools = Number(new URL(internal.local).port);
    const proxy = await startGateProxy({ allowPrivate: true, reservedPorts: [devtools] });
    try {
      const before = internal.connections;
      expect((await viaProxy(proxy, `${internal.ip}/terbuka`)).status).toBe(200);
      expect(internal.connections).toBe(before + 1);
      expect(await viaProxy(proxy, `${internal.local}/json/version`)).toMatchObject({ status: 403, refused: 'private_address' });
      expect(await viaProxy(proxy, `http://127.0.0.1:${proxy.port}/`)).toMatchObject({ status: 403, refused: 'private_address' });
      expect(internal.connections).toBe(before + 1);
      expect((await viaProxy(proxy, `${internal.ip}/x`, 'POST')).status).toBe(405);
      expect(internal.requests).toEqual(['GET /terbuka']);
    } finally {
      await proxy.close();
      internal.requests.length = 0;
    }
  });
});

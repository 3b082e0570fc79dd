// Security, end to end through the CLI: without --allow-private a targets file cannot make egovscan
// talk to the operator's own machine or network, whether the target names a loopback IP, a host
// name that resolves to one, or an allowed page redirects or links there. Forms are read, never
// submitted; cookies a server sets are never sent back.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

interface Counting {
  port: number;
  requests: Array<{ method: string; url: string; cookie?: string }>;
  close(): Promise<void>;
}

async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void, host: string): Promise<Counting> {
  const requests: Counting['requests'] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', cookie: req.headers.cookie });
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Dual stack when the machine has IPv6, so that "localhost" → ::1 would be seen too.
    server.listen({ port: 0, host, ipv6Only: false }, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'egovscan.js'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

let loopback: Counting; // the "private" portal: must never see a request
let allowed: Counting; // reached only through an explicit --resolve (the operator's choice)
let out: string;

beforeAll(async () => {
  const page = (res: http.ServerResponse, body: string) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!DOCTYPE html><html lang="id"><head><title>Portal</title></head><body>${body}</body></html>`);
  };
  loopback = await serve((_req, res) => page(res, '<h1>Jaringan internal</h1>'), '::').catch(() =>
    serve((_req, res) => page(res, '<h1>Jaringan internal</h1>'), '127.0.0.1'),
  );
  allowed = await serve((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/masuk') {
      // An allowed page that redirects into the private network.
      res.writeHead(302, { location: `http://127.0.0.1:${loopback.port}/admin` });
      res.end();
      return;
    }
    if (path === '/router') {
      res.writeHead(301, { location: `http://localhost:${loopback.port}/` });
      res.end();
      return;
    }
    res.setHeader('set-cookie', ['PHPSESSID=abc123; Path=/', 'ci_session=xyz; Path=/; HttpOnly']);
    page(
      res,
      `<h1>Pemerintah Kota Aman</h1>
       <a href="/masuk">Masuk</a> <a href="/router">Router</a> <a href="/profil">Profil</a>
       <a href="http://127.0.0.1:${loopback.port}/internal">Internal</a>
       <a href="http://localhost:${loopback.port}/lokal">Lokal</a>
       <a href="http://[::1]:${loopback.port}/v6">IPv6</a>
       <a href="http://169.254.169.254/latest/meta-data/">Metadata</a>
       <form method="post" action="/pengaduan"><input name="nama"><textarea name="isi"></textarea><button type="submit">Kirim</button></form>
       <form method="get" action="/cari"><input type="search" name="q"></form>`,
    );
  }, '127.0.0.1');
  out = await mkdtemp(join(tmpdir(), 'egovscan-guard-'));
  const targets = join(out, 'targets.yaml');
  await writeFile(
    targets,
    [
      'targets:',
      `  - { id: ip-literal, name: Kota IP, portal: "http://127.0.0.1:${loopback.port}/" }`,
      `  - { id: localhost, name: Kota Localhost, portal: "http://localhost:${loopback.port}/" }`,
      `  - { id: ipv6, name: Kota IPv6, portal: "http://[::1]:${loopback.port}/" }`,
      `  - { id: aman, name: Kota Aman, portal: "http://portal.aman.test:${allowed.port}/" }`,
      '',
    ].join('\n'),
  );
  const res = await runCli([
    'crawl', '--targets', targets, '--out', join(out, 'out'), '--run-id', 'guard', '--render', 'never',
    '--delay-ms', '0', '--timeout-ms', '3000', '--resolve', 'portal.aman.test=127.0.0.1',
  ]);
  expect(res.code, res.stderr).toBe(0);
}, 60_000);

afterAll(async () => {
  await loopback?.close();
  await allowed?.close();
  if (out) await rm(out, { recursive: true, force: true });
});

describe('private-address guard (no --allow-private)', () => {
  it('sends not one request to a loopback portal: IP literal, localhost, ::1, redirects and links', () => {
    expect(loopback.requests).toEqual([]);
  });

  it('records the refused portals as private_address', async () => {
    const run = JSON.parse(await readFile(join(out, 'out', 'guard', 'run.json'), 'utf8')) as { cities: Array<{ city_id: string; portalReason: string }> };
    const reasons = Object.fromEntries(run.cities.map((c) => [c.city_id, c.portalReason]));
    expect(reasons['ip-literal']).toBe('private_address');
    expect(reasons['localhost']).toBe('private_address');
    expect(reasons['ipv6']).toBe('private_address');
    // cities.csv says which portals were read at all (a census's first crawl reads it).
    const [head, ...rows] = (await readFile(join(out, 'out', 'guard', 'cities.csv'), 'utf8')).replace(/^\uFEFF/, '').trim().split('\n');
    const col = head!.split(',').indexOf('portal_reachable');
    expect(col).toBeGreaterThan(0);
    const reachable = Object.fromEntries(rows.map((r) => [r.split(',')[1], r.split(',').at(-1)]));
    expect(reachable).toMatchObject({ 'ip-literal': 'false', localhost: 'false', ipv6: 'false', aman: 'true' });
  });

  it('crawls the explicitly resolved portal but refuses its redirects and links into the private network', async () => {
    const paths = allowed.requests.map((r) => r.url);
    expect(paths).toContain('/');
    expect(paths).toContain('/masuk');
    const links = await readFile(join(out, 'out', 'guard', 'links.csv'), 'utf8');
    expect(links).toMatch(/\/masuk,[^\n]*private_address/);
    expect(loopback.requests).toEqual([]);
  });

  it('never submits a form: no POST, and the search form is not filled in', () => {
    expect(allowed.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD')).toEqual([]);
    expect(allowed.requests.some((r) => r.url.startsWith('/pengaduan') || r.url.startsWith('/cari'))).toBe(false);
  });

  it('never sends a cookie back, although every page sets two', () => {
    expect(allowed.requests.length).toBeGreaterThan(2);
    expect(allowed.requests.filter((r) => r.cookie !== undefined)).toEqual([]);
  });
});

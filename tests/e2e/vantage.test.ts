// The vantage check, without touching the real network: the probe's resolver and the crawl's
// resolver are injected (they fail like a machine with no resolver), the portal is a loopback server
// mapped with --resolve. The run says so in one line, crawls the portal, writes the application that
// needed the outside network unknown / network (never dead), and is marked degraded everywhere.
import http from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTargets } from '../../src/config/targets.ts';
import { runCrawl } from '../../src/run/crawl-run.ts';
import { makeSettings } from '../../src/run/settings.ts';
import { checkVantage, targetsNeedOutside } from '../../src/run/vantage.ts';
import type { DnsLookup } from '../../src/crawl/address-guard.ts';

let server: http.Server;
let port = 0;
let dir: string;

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!DOCTYPE html><html lang="id"><head><title>Pemerintah Kota Luring</title></head><body><h1>Berita</h1><p>Senin, 7 Oktober 2024</p></body></html>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
  dir = await mkdtemp(join(tmpdir(), 'egovscan-vantage-'));
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => server?.close(() => r()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

const eaiAgain = (host: string) => Object.assign(new Error(`getaddrinfo EAI_AGAIN ${host}`), { code: 'EAI_AGAIN' });

describe('vantage check', () => {
  it('is skipped by itself when every target is local or mapped, or under --resolve-only', async () => {
    const asked: string[] = [];
    const lookup = async (h: string) => {
      asked.push(h);
      throw eaiAgain(h);
    };
    const local = [{ id: 'a', name: 'A', portal: 'http://kota.test/', applications: [{ name: 'x', url: 'http://127.0.0.1:9/', category: 'G2C' }] }] as never;
    expect(targetsNeedOutside(local, { 'kota.test': '127.0.0.1' })).toBe(false);
    expect((await checkVantage({ mode: 'auto', hosts: ['stable.test'], lookup }, local, { resolve: { 'kota.test': '127.0.0.1' } })).checked).toBe(false);
    const remote = [{ id: 'b', name: 'B', portal: 'https://kota.go.id/' }] as never;
    expect((await checkVantage({ mode: 'auto', hosts: ['stable.test'], lookup }, remote, { onlyResolved: true })).checked).toBe(false);
    expect((await checkVantage({ mode: 'off', hosts: ['stable.test'], lookup }, remote)).checked).toBe(false);
    expect(asked).toEqual([]);
    const down = await checkVantage({ mode: 'auto', hosts: ['stable.test', 'other.test'], lookup }, remote);
    expect(down).toMatchObject({ checked: true, ok: false });
    expect(down.detail).toBe('stable.test: EAI_AGAIN, other.test: EAI_AGAIN');
    // One stable name that resolves and connects is enough.
    const up = await checkVantage(
      { mode: 'on', hosts: ['stable.test', 'other.test'], lookup: async (h) => (h === 'other.test' ? ['192.0.2.1'] : Promise.reject(eaiAgain(h))), connect: async () => {} },
      remote,
    );
    expect(up).toMatchObject({ checked: true, ok: true });
  });

  it('a run with the outside network down: one line, portal crawled, the app unknown / network, run degraded and not judged', async () => {
    const targetsFile = join(dir, 'targets.yaml');
    await writeFile(
      targetsFile,
      `targets:\n  - id: kota-luring\n    name: Kota Luring\n    portal: "http://portal.luring.test:${port}/"\n    applications:\n      - { name: SIPANDU, url: "http://sipandu.luring.go.id:${port}/", category: G2C }\n`,
    );
    const targets = await loadTargets(targetsFile);
    const out = join(dir, 'out');
    const asked: string[] = [];
    // The crawl's resolver: the names the portal maps are answered by --resolve; the rest fail for now.
    const dnsLookup: DnsLookup = (host, _o, cb) => {
      asked.push(host);
      setImmediate(() => cb(eaiAgain(host), []));
    };
    const probeAsked: string[] = [];
    const lines: string[] = [];
    const settings = makeSettings({
      out,
      runId: 'r-down',
      render: 'never',
      bom: false,
      vantage: { mode: 'auto', hosts: ['stable-one.test', 'stable-two.test'], lookup: async (h) => { probeAsked.push(h); throw eaiAgain(h); } },
      crawl: { resolve: { 'portal.luring.test': '127.0.0.1' }, allowPrivate: true, dnsLookup, delayMs: 0, timeoutMs: 3000, retries: 2, retryBaseMs: 5 },
    });
    const result = await runCrawl(targets, settings, { log: (l) => lines.push(l) });
    expect(result.status).toBe('finished');
    expect(lines.filter((l) => /outside network is down/.test(l))).toHaveLength(1);
    // Checked at the start and again before judging the applications? Once down, it stays down: one probe round.
    expect(probeAsked.sort()).toEqual(['stable-one.test', 'stable-two.test']);
    const city = result.cities[0]!;
    expect(city.facts.reachable).toBe(true);
    const app = city.apps.find((a) => a.url.includes('sipandu'))!;
    expect({ status: app.status, reason: app.reason }).toEqual({ status: 'unknown', reason: 'network' });
    expect(result.cities.flatMap((c) => c.apps).filter((a) => a.status === 'inactive')).toEqual([]);
    expect(asked).toContain('sipandu.luring.go.id');

    const runJson = JSON.parse(await readFile(join(out, 'r-down', 'run.json'), 'utf8')) as { degraded: boolean };
    expect(runJson.degraded).toBe(true);
    const [header, row] = (await readFile(join(out, 'r-down', 'cities.csv'), 'utf8')).trim().split('\n');
    const cols = header!.split(',');
    expect(cols.slice(-2)).toEqual(['degraded', 'portal_reachable']);
    expect(row!.split(',').at(-1)).toBe('true');
    const apps = (await readFile(join(out, 'r-down', 'applications.csv'), 'utf8')).trim().split('\n');
    const aCols = apps[0]!.split(',');
    const sipandu = apps.find((l) => l.includes('sipandu'))!.split(',');
    expect(sipandu[aCols.indexOf('status')]).toBe('unknown');
    expect(sipandu[aCols.indexOf('changed')]).toBe('');
    expect(sipandu[aCols.indexOf('failures_in_a_row')]).toBe('0');

    const db = new Database(join(out, 'egovscan.sqlite'), { readonly: true });
    try {
      const r = db.prepare(`SELECT status, json_extract(summary, '$.degraded') AS degraded FROM runs WHERE run_id = 'r-down'`).get();
      expect(r).toEqual({ status: 'finished', degraded: 1 });
    } finally {
      db.close();
    }
  }, 60_000);
});

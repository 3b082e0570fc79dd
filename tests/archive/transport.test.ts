// The archive transport on its own: captures nearest the date within the window, the CDX answer
// in either form, an archive keyed by exact URL asked with the other scheme, a redirect of the
// archive to another capture of the same URL followed, and an archive that does not answer is
// `error` (never a verdict on the portal).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createArchiveSource } from '../../src/archive/transport.ts';
import { nearestCapture, parseCdx, timestampDate } from '../../src/archive/cdx.ts';
import { createHttpPool } from '../../src/crawl/politeness.ts';
import { startFakeArchive, type FakeArchive } from '../support/fake-archive.ts';

const page = (t: string) => ({ status: 200, headers: { 'content-type': 'text/html', 'last-modified': 'Mon, 01 Jun 2015 00:00:00 GMT' }, body: Buffer.from(`<html><head><title>${t}</title></head></html>`) });
let archive: FakeArchive;

beforeAll(async () => {
  archive = await startFakeArchive({
    captures: (url) =>
      url === 'http://www.kota.go.id/'
        ? [
            { timestamp: '20140101000000', ...page('2014') },
            { timestamp: '20150620000000', ...page('juni 2015') },
            { timestamp: '20151231000000', ...page('akhir 2015') },
          ]
        : url === 'http://www.kota.go.id/lama'
          ? [{ timestamp: '20150601000000', status: 301, headers: { location: 'http://www.kota.go.id/' }, body: Buffer.from('') }]
          : [],
  });
});
afterAll(async () => {
  await archive?.close();
});

async function fetchAt(base: string, url: string, at = '2015-06-01') {
  const source = createArchiveSource({ base, at: new Date(at), windowDays: 183, userAgent: 'egovscan-test', backoffMs: 10, tries: 2, timeoutMs: 2000 });
  const pool = createHttpPool({ delayMs: 0, retries: 1, onlyResolved: true, resolve: {} }, { transport: source.transport });
  try {
    return await pool.fetch(url, 'page');
  } finally {
    await pool.close();
    await source.close();
  }
}

describe('the archive transport', () => {
  it('reads the capture nearest the date, with the original headers', async () => {
    const r = await fetchAt(archive.base, 'http://www.kota.go.id/');
    expect(r.reason).toBe('ok');
    expect(r.html).toContain('<title>juni 2015</title>');
    expect(r.headers['last-modified']).toBe('Mon, 01 Jun 2015 00:00:00 GMT');
  });

  it('asks again with the other scheme when the archive keys captures by the exact URL', async () => {
    const r = await fetchAt(archive.base, 'https://www.kota.go.id/');
    expect(r.html).toContain('<title>juni 2015</title>');
  });

  it('follows an archived redirect in the original URL space', async () => {
    const r = await fetchAt(archive.base, 'http://www.kota.go.id/lama');
    expect(r.finalUrl).toBe('http://www.kota.go.id/');
    expect(r.redirects).toEqual([{ url: 'http://www.kota.go.id/lama', status: 301 }]);
  });

  it('is no_capture outside the window', async () => {
    const r = await fetchAt(archive.base, 'http://www.kota.go.id/', '2019-01-01');
    expect(r.reason).toBe('no_capture');
  });

  it('follows a redirect the archive makes to another capture of the same URL', async () => {
    let hits = 0;
    const server: Server = createServer((req, res) => {
      hits++;
      if (req.url!.startsWith('/cdx/')) {
        res.setHeader('content-type', 'application/json');
        return res.end(JSON.stringify([['urlkey', 'timestamp', 'original', 'mimetype', 'statuscode'], ['x', '20150601', 'http://www.kota.go.id/', 'text/html', '200']]));
      }
      if (req.url === '/web/20150601id_/http://www.kota.go.id/') {
        res.writeHead(302, { location: '/web/20150601123456id_/http://www.kota.go.id/' });
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><title>tepat</title></html>');
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    try {
      const r = await fetchAt(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'http://www.kota.go.id/');
      expect(r.reason).toBe('ok');
      expect(r.html).toContain('tepat');
      expect(hits).toBe(3);
    } finally {
      server.closeAllConnections();
      await new Promise((ok) => server.close(ok));
    }
  });

  it('writes error, not a verdict on the portal, when the archive does not answer', async () => {
    const server = createServer();
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const port = (server.address() as AddressInfo).port;
    await new Promise((ok) => server.close(ok));
    const r = await fetchAt(`http://127.0.0.1:${port}`, 'http://www.kota.go.id/');
    expect(r.reason).toBe('error');
    expect(r.detail).toContain('the archive did not answer');
  });
});

describe('CDX answers', () => {
  it('reads JSON with a header row and the plain space-separated form', () => {
    const json = parseCdx(JSON.stringify([['urlkey', 'timestamp', 'original', 'mimetype', 'statuscode', 'digest', 'length'], ['id,kota)/', '20150601000000', 'http://kota.id/', 'text/html', '200', 'X', '10']]));
    const text = parseCdx('id,kota)/ 20150601000000 http://kota.id/ text/html 200 X 10\n');
    expect(json).toEqual([{ timestamp: '20150601000000', original: 'http://kota.id/', status: '200', mime: 'text/html' }]);
    expect(text).toEqual(json);
    const pywb = parseCdx('{"urlkey": "id,kota)/", "timestamp": "20150601000000", "url": "http://kota.id/", "mime": "text/html", "status": "200"}\n');
    expect(pywb).toEqual(json);
    expect(parseCdx('')).toEqual([]);
    expect(parseCdx('[]')).toEqual([]);
  });

  it('prefers a capture with an answer over a nearer server error or revisit', () => {
    const at = new Date('2015-06-01T00:00:00Z');
    const caps = [
      { timestamp: '20150601000000', original: 'u', status: '503', mime: 'text/html' },
      { timestamp: '20150602000000', original: 'u', status: '-', mime: 'warc/revisit' },
      { timestamp: '20150610000000', original: 'u', status: '200', mime: 'text/html' },
    ];
    expect(nearestCapture(caps, at, 30)?.timestamp).toBe('20150610000000');
    expect(nearestCapture(caps, at, 5)?.timestamp).toBe('20150601000000');
    expect(timestampDate('2015').toISOString()).toBe('2015-01-01T00:00:00.000Z');
  });
});

describe('captures of a portal that lived on a private address', () => {
  it('are read under --at without --allow-private (the portal itself is never contacted)', async () => {
    const { mkdtemp, rm, readFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { runCrawl } = await import('../../src/run/crawl-run.ts');
    const { makeSettings } = await import('../../src/run/settings.ts');
    const { parseCsv } = await import('../../src/report/read-run.ts');
    const local = await startFakeArchive({
      captures: (url) => (url === 'http://10.1.2.3/' ? [{ timestamp: '20150601000000', ...page('intranet kota') }] : []),
    });
    const out = await mkdtemp(join(tmpdir(), 'egovscan-private-at-'));
    try {
      const target = { id: 'intra', name: 'Intra', country: 'ID' as const, portal: 'http://10.1.2.3/', domains: [], applications: [] };
      const r = await runCrawl([target], makeSettings({ out, runId: 'p', at: new Date('2015-06-01'), archive: local.base, crawl: { delayMs: 0 } }), { log: () => {} });
      const [head, ...rows] = parseCsv(await readFile(join(r.dir, 'pages.csv'), 'utf8'));
      const home = rows.map((x) => Object.fromEntries(head!.map((h, i) => [h, x[i]]))).find((p) => p.url === 'http://10.1.2.3/');
      expect(home).toMatchObject({ reason: 'ok', title: 'intranet kota' });
    } finally {
      await local.close();
      await rm(out, { recursive: true, force: true });
    }
  });
});

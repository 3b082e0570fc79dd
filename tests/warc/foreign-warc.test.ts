// --from-warc with WARCs that egovscan did not write, in the shapes other tools write them:
// wget --warc-file (WARC/1.0, request before response, `<url>` in angle brackets, a chunked body as
// it came off the wire, a revisit record standing for an identical payload) and Browsertrix /
// Webrecorder (response before its request, `urn:pageinfo:` records, resource records, an
// uncompressed file). Written here with warcio, then judged with no network at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WARCRecord } from 'warcio';
import { WARCSerializer } from 'warcio/node';
import { runCrawl, type RunResult } from '../../src/run/crawl-run.ts';
import { makeSettings } from '../../src/run/settings.ts';
import { parseCsv } from '../../src/report/read-run.ts';

type Row = Record<string, string>;
const HOST = 'www.kotawarc.go.id';
const PORTAL = `http://${HOST}/`;
const enc = (s: string) => new TextEncoder().encode(s);
const page = (title: string, body: string) =>
  `<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
const HOME = page('Beranda Kota Warc', '<p>Selamat datang. Berita 12 Mei 2019.</p><a href="/a">A</a> <a href="/b">B</a> <a href="/c">C</a> <a href="/d">D</a> <a href="/e?b=2&amp;a=1">E</a>');
const chunked = (s: string) => {
  const b = enc(s);
  const half = Math.floor(b.length / 2);
  const part = (x: Uint8Array) => [enc(`${x.length.toString(16)}\r\n`), x, enc('\r\n')];
  return [...part(b.subarray(0, half)), ...part(b.subarray(half)), enc('0\r\n\r\n')];
};

let out: string;
let run: RunResult;
let pages: Row[];

async function serialize(records: WARCRecord[], gzip: boolean): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for (const r of records) parts.push(await WARCSerializer.serialize(r, { gzip, digest: { algo: 'sha-1', prefix: 'sha1:', base32: true } }));
  return Buffer.concat(parts);
}

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'egovscan-foreign-'));
  const warcs = join(out, 'warcs');
  await mkdir(warcs);

  // wget: WARC/1.0, request then response, the body chunked as sent.
  const reqHome = WARCRecord.create({ url: `<${PORTAL}>`, type: 'request', date: '2019-05-20T10:00:00Z', statusline: 'GET / HTTP/1.1', httpHeaders: { Host: HOST, 'User-Agent': 'Wget/1.21' } }, []);
  const home = WARCRecord.create(
    {
      url: `<${PORTAL}>`, type: 'response', date: '2019-05-20T10:00:01Z', statusline: 'HTTP/1.1 200 OK',
      httpHeaders: { 'Content-Type': 'text/html; charset=utf-8', 'Transfer-Encoding': 'chunked' },
      warcHeaders: { 'WARC-Concurrent-To': reqHome.warcHeader('WARC-Record-ID')! },
    },
    chunked(HOME),
  );
  const wget1 = await serialize([WARCRecord.createWARCInfo({ filename: 'wget.warc.gz' }, { software: 'Wget/1.21' }), reqHome, home], true);
  // The revisit: /a had the same payload as the home page when wget came back to it.
  const revisit = WARCRecord.create({
    url: `<http://${HOST}/a>`, type: 'revisit', date: '2019-05-20T10:00:05Z', statusline: 'HTTP/1.1 200 OK',
    httpHeaders: { 'Content-Type': 'text/html; charset=utf-8', 'Transfer-Encoding': 'chunked' },
    refersToUrl: PORTAL, refersToDate: '2019-05-20T10:00:01Z',
    warcHeaders: { 'WARC-Payload-Digest': home.warcPayloadDigest! },
  }, []);
  const reqA = WARCRecord.create({ url: `<http://${HOST}/a>`, type: 'request', date: '2019-05-20T10:00:05Z', statusline: 'GET /a HTTP/1.1', httpHeaders: { Host: HOST } }, []);
  await writeFile(join(warcs, 'wget-00000.warc.gz'), Buffer.concat([wget1, await serialize([reqA, revisit], true)]));

  // Browsertrix: WARC/1.1, response then request, a page-info record, a resource record; uncompressed.
  const respD = WARCRecord.create({
    url: `http://${HOST}/d`, type: 'response', date: '2019-05-20T10:01:00Z', warcVersion: 'WARC/1.1', statusline: 'HTTP/1.1 200 OK',
    httpHeaders: { 'content-type': 'text/html', 'content-length': String(enc(page('Layanan D', '<p>Layanan</p>')).length) },
  }, [enc(page('Layanan D', '<p>Layanan</p>'))]);
  const reqD = WARCRecord.create({
    url: `http://${HOST}/d`, type: 'request', date: '2019-05-20T10:01:00Z', warcVersion: 'WARC/1.1', statusline: 'GET /d HTTP/1.1',
    httpHeaders: { host: HOST }, warcHeaders: { 'WARC-Concurrent-To': respD.warcHeader('WARC-Record-ID')! },
  }, []);
  const pageinfo = WARCRecord.create({
    url: `urn:pageinfo:${PORTAL}`, type: 'resource', date: '2019-05-20T10:01:01Z', warcVersion: 'WARC/1.1',
    warcHeaders: { 'Content-Type': 'application/json' },
  }, [enc(JSON.stringify({ pages: { [PORTAL]: { status: 200 } } }))]);
  const resourceB = WARCRecord.create({
    url: `http://${HOST}/b`, type: 'resource', date: '2019-05-20T10:01:02Z', warcVersion: 'WARC/1.1',
    warcHeaders: { 'Content-Type': 'text/html; charset=utf-8' },
  }, [enc(page('Halaman B', '<p>Isi halaman B</p>'))]);
  // Recorded as the page wrote the link; the crawler asks for it with its query sorted.
  const respE = WARCRecord.create({
    url: `http://${HOST}/e?b=2&a=1`, type: 'response', date: '2019-05-20T10:01:03Z', warcVersion: 'WARC/1.1', statusline: 'HTTP/1.1 200 OK',
    httpHeaders: { 'content-type': 'text/html' },
  }, [enc(page('Halaman E', '<p>E</p>'))]);
  await writeFile(join(warcs, 'browsertrix.warc'), await serialize([respD, reqD, pageinfo, resourceB, respE], false));

  const target = { id: 'kotawarc', name: 'Kota Warc', country: 'ID' as const, portal: PORTAL, domains: ['kotawarc.go.id'], applications: [] };
  run = await runCrawl([target], makeSettings({ out: join(out, 'runs'), runId: 'foreign', render: 'never', fromWarc: warcs, crawl: { delayMs: 0, onlyResolved: true, resolve: {} } }), { log: () => {} });
  const [head, ...records] = parseCsv(await readFile(join(run.dir, 'pages.csv'), 'utf8'));
  pages = records.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i] ?? ''])));
}, 120_000);

afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

const row = (path: string) => pages.find((p) => p.url === `http://${HOST}${path}`);

describe('--from-warc with WARCs of other tools', () => {
  it('reads wget\'s chunked response behind an angle-bracketed URL', () => {
    expect(run.status).toBe('finished');
    expect(row('/')).toMatchObject({ reason: 'ok', http_status: '200', title: 'Beranda Kota Warc' });
    expect(row('/')!.capture_time).toBe('2019-05-20T10:00:01.000Z');
  });

  it('answers a revisit record with the payload it refers to', () => {
    expect(row('/a')).toMatchObject({ reason: 'ok', title: 'Beranda Kota Warc' });
  });

  it('answers from Browsertrix response and resource records, passing over urn:pageinfo', () => {
    expect(row('/d')).toMatchObject({ reason: 'ok', title: 'Layanan D' });
    expect(row('/b')).toMatchObject({ reason: 'ok', title: 'Halaman B' });
    expect(pages.some((p) => p.url.startsWith('urn:'))).toBe(false);
  });

  it('finds a URL recorded with its query in another order', () => {
    const e = pages.find((p) => p.url === `http://${HOST}/e?a=1&b=2`);
    expect(e).toMatchObject({ reason: 'ok', title: 'Halaman E' });
  });

  it('writes not_in_warc for a URL the WARCs do not hold', () => {
    expect(row('/c')).toMatchObject({ reason: 'not_in_warc', http_status: '0' });
  });

  it('judges as of the WARC\'s date', async () => {
    const runJson = JSON.parse(await readFile(join(run.dir, 'run.json'), 'utf8'));
    // The earliest answer in the WARCs (requests are not answers).
    expect(runJson.settings.now).toBe('2019-05-20T10:00:01.000Z');
  });
});

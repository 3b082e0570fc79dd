// --warc then --from-warc: the example portals crawled live with their exchanges kept as WARC, then
// judged again from the WARC alone with the portal server shut down. The CSV files must agree
// (apart from the run id and the columns that are times of this run), and the WARC files must be
// readable by warcio's own parser with digests that are right.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WARCParser } from 'warcio';
import { startPortalServer, type PortalServer } from '../../src/demo/portal-server.ts';
import { DEMO_NOW } from '../../src/demo/site.ts';
import { runCrawl, type RunResult } from '../../src/run/crawl-run.ts';
import { makeSettings } from '../../src/run/settings.ts';
import { parseCsv } from '../../src/report/read-run.ts';
import { readZip } from './zip-read.ts';

type Row = Record<string, string>;
/** Columns that are the time of this run, not of what was seen. */
const TIMING = new Set(['run_id', 'crawled_at', 'first_seen', 'last_seen_alive']);

let server: PortalServer;
let out: string;
let live: RunResult;
let replay: RunResult;
let requestsDuringReplay = 0;

async function table(dir: string, name: string): Promise<Row[]> {
  const [head, ...records] = parseCsv(await readFile(join(dir, name), 'utf8'));
  return records.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i] ?? ''])));
}
const strip = (rows: Row[]) => rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !TIMING.has(k))));

beforeAll(async () => {
  server = await startPortalServer();
  out = await mkdtemp(join(tmpdir(), 'egovscan-warc-'));
  const ids = new Set(server.cities.filter((c) => c.rendering === 'server').map((c) => c.id).slice(0, 3));
  const targets = server.targets().filter((t) => ids.has(t.id));
  const crawl = { resolve: server.resolve, onlyResolved: true, allowPrivate: true, delayMs: 0, perHost: 4 };
  live = await runCrawl(targets, makeSettings({ out: join(out, 'live'), runId: 'live', render: 'never', now: DEMO_NOW, warc: true, wacz: true, crawl }), { log: () => {} });
  const before = server.requests.length;
  await server.close();
  replay = await runCrawl(targets, makeSettings({ out: join(out, 'replay'), runId: 'replay', render: 'never', now: DEMO_NOW, fromWarc: join(live.dir, 'warc'), crawl }), { log: () => {} });
  requestsDuringReplay = server.requests.length - before;
}, 180_000);

afterAll(async () => {
  await server?.close().catch(() => {});
  if (out) await rm(out, { recursive: true, force: true });
});

describe('--warc then --from-warc', () => {
  it('judges the same pages, criteria, links and applications from the WARC alone', async () => {
    expect(live.status).toBe('finished');
    expect(replay.status).toBe('finished');
    expect(requestsDuringReplay).toBe(0);
    for (const name of ['pages.csv', 'criteria.csv', 'links.csv', 'applications.csv', 'cities.csv']) {
      const a = strip(await table(live.dir, name));
      const b = strip(await table(replay.dir, name));
      expect(a.length, name).toBeGreaterThan(0);
      expect(b, name).toEqual(a);
    }
  });

  it('names the WARC record of every page read and of the evidence', async () => {
    const pages = await table(live.dir, 'pages.csv');
    const read = pages.filter((p) => p.reason === 'ok' && p.kind === 'page');
    expect(read.length).toBeGreaterThan(10);
    for (const p of read) {
      expect(p.warc_record_id, p.url).toMatch(/^<urn:uuid:[0-9a-f-]{36}>$/);
      expect(p.warc_file).toMatch(/\.warc\.gz$/);
      // The offset leads to that very record.
      const parser = new WARCParser(createReadStream(join(live.dir, 'warc', p.warc_file!), { start: Number(p.warc_offset) }));
      const record = await parser.parse();
      expect(record?.warcHeader('WARC-Record-ID')).toBe(p.warc_record_id);
      expect(record?.warcTargetURI).toBe(p.final_url || p.url);
    }
    const criteria = await table(live.dir, 'criteria.csv');
    const withEvidence = criteria.filter((r) => r.evidence_url);
    expect(withEvidence.length).toBeGreaterThan(0);
    expect(withEvidence.filter((r) => r.warc_record_id).length).toBeGreaterThan(withEvidence.length / 2);
  });

  it('writes WARC files that a standard reader reads whole, with right digests', async () => {
    const dir = join(live.dir, 'warc');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.warc.gz'));
    expect(files.length).toBeGreaterThan(0);
    const types = new Map<string, number>();
    for (const f of files) {
      const parser = new WARCParser(createReadStream(join(dir, f)));
      for await (const record of parser) {
        types.set(record.warcType, (types.get(record.warcType) ?? 0) + 1);
        expect(record.warcHeaders.statusline).toBe('WARC/1.1');
        for (const h of ['WARC-Record-ID', 'WARC-Date', 'WARC-Type', 'Content-Length']) expect(record.warcHeader(h), h).toBeTruthy();
        if (record.warcType === 'warcinfo') continue;
        expect(record.warcTargetURI).toMatch(/^https?:\/\//);
        const payload = await record.readFully(false);
        if (record.warcType === 'response') {
          expect(record.warcPayloadDigest).toBe(`sha256:${createHash('sha256').update(payload).digest('hex')}`);
          expect(record.warcHeader('WARC-Block-Digest')).toMatch(/^sha256:[0-9a-f]{64}$/);
        }
      }
    }
    // The block digest over the whole block (HTTP headers and payload), read without parsing HTTP.
    let blocks = 0;
    for (const f of files) {
      for await (const record of new WARCParser(createReadStream(join(dir, f)), { parseHttp: false })) {
        const digest = record.warcHeader('WARC-Block-Digest');
        const block = await record.readFully(false);
        if (record.warcType === 'warcinfo') continue;
        expect(digest, record.warcType).toBe(`sha256:${createHash('sha256').update(block).digest('hex')}`);
        expect(Number(record.warcHeader('Content-Length'))).toBe(block.length);
        blocks++;
      }
    }
    expect(blocks).toBeGreaterThan(20);
    expect(types.get('response')).toBeGreaterThan(10);
    expect(types.get('request')).toBe(types.get('response'));
    expect(types.get('warcinfo')).toBe(files.length);
  });

  it('packages the run as WACZ: stored WARCs, a sorted CDXJ index that finds each record, pages, hashes', async () => {
    const entries = readZip(await readFile(join(live.dir, 'live.wacz')));
    const byName = new Map(entries.map((e) => [e.name, e]));
    const warcs = entries.filter((e) => /^archive\/.+\.warc\.gz$/.test(e.name));
    expect(warcs.length).toBeGreaterThan(0);
    // Stored, so that a replay tool can seek into them by offset.
    for (const w of warcs) expect(w.method, w.name).toBe(0);
    for (const name of ['indexes/index.cdx', 'pages/pages.jsonl', 'datapackage.json', 'datapackage-digest.json']) expect(byName.has(name), name).toBe(true);

    const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
    const pkg = JSON.parse(byName.get('datapackage.json')!.data.toString('utf8'));
    expect(pkg).toMatchObject({ profile: 'data-package', wacz_version: '1.1.1' });
    expect(pkg.resources.map((r: { path: string }) => r.path).sort()).toEqual(entries.map((e) => e.name).filter((n) => !n.startsWith('datapackage')).sort());
    for (const r of pkg.resources as Array<{ path: string; hash: string; bytes: number }>) {
      expect(r.hash, r.path).toBe(sha(byName.get(r.path)!.data));
      expect(r.bytes, r.path).toBe(byName.get(r.path)!.data.length);
    }
    expect(JSON.parse(byName.get('datapackage-digest.json')!.data.toString('utf8')).hash).toBe(sha(byName.get('datapackage.json')!.data));

    const lines = byName.get('indexes/index.cdx')!.data.toString('utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(10);
    expect([...lines].sort()).toEqual(lines);
    for (const line of lines.slice(0, 25)) {
      const m = /^(\S+) (\d{14}) (\{.*\})$/.exec(line);
      expect(m, line).not.toBeNull();
      const entry = JSON.parse(m![3]!) as { url: string; filename: string; offset: string };
      const warc = byName.get(`archive/${entry.filename}`)!;
      const record = await new WARCParser(Readable.from([warc.data.subarray(Number(entry.offset))])).parse();
      expect(record?.warcTargetURI).toBe(entry.url);
    }
    const pages = byName.get('pages/pages.jsonl')!.data.toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(pages[0]).toMatchObject({ format: 'json-pages-1.0' });
    expect(pages.length).toBeGreaterThan(3);
    expect(pages.slice(1).every((p: { url: string; ts: string }) => /^https?:/.test(p.url) && !Number.isNaN(Date.parse(p.ts)))).toBe(true);
  });

  it('marks the replayed run in run.json', async () => {
    const run = JSON.parse(await readFile(join(replay.dir, 'run.json'), 'utf8'));
    expect(run.source).toMatchObject({ source: 'warc' });
  });
});

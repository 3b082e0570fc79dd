// The WARC writer on its own: files rotate at their size limit and each begins with a warcinfo
// record, a reopened writer (a resumed run) starts a new file, records.jsonl leads to each record,
// a torn last member costs only that record on replay, and a rendered DOM kept as a conversion
// record comes back through the replay renderer.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createReadStream } from 'node:fs';
import { appendFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WARCParser } from 'warcio';
import type { CapturedExchange } from '../../src/crawl/transport.ts';
import { WarcWriter, type RecordLocation } from '../../src/warc/writer.ts';
import { buildReplayIndex } from '../../src/warc/replay-index.ts';
import { replayRenderer, replayTransport } from '../../src/warc/replay.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'egovscan-warcw-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const exchange = (path: string, body: string, status = 200): CapturedExchange => ({
  url: `http://www.kota.go.id${path}`, method: 'GET', kind: 'page', requestHeaders: { 'user-agent': 'egovscan-test' },
  status, responseHeaders: { 'content-type': 'text/html', 'set-cookie': ['a=1', 'b=2'] }, body: Buffer.from(body), truncated: false,
  startedAt: new Date('2026-01-02T03:04:05Z'),
});

async function records(file: string) {
  const out: Array<{ type: string; url: string | null | undefined }> = [];
  for await (const r of new WARCParser(createReadStream(file))) out.push({ type: r.warcType, url: r.warcTargetURI });
  return out;
}

describe('WarcWriter', () => {
  it('rotates files at the size limit, each opening with warcinfo; records.jsonl leads to each record', async () => {
    const w = await WarcWriter.open({ dir, prefix: 'egovscan-t', maxFileBytes: 1500 });
    for (let i = 0; i < 6; i++) w.capture(exchange(`/p${i}`, `<html><title>p${i}</title>${'x'.repeat(2000 + i)}</html>`));
    await w.flush();
    const files = (await readdir(dir)).filter((f) => f.endsWith('.warc.gz')).sort();
    expect(files.length).toBeGreaterThan(2);
    for (const f of files) expect((await records(join(dir, f)))[0]!.type).toBe('warcinfo');
    const locs = (await readFile(join(dir, 'records.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as RecordLocation);
    expect(locs.filter((l) => l.type === 'response')).toHaveLength(6);
    for (const loc of locs) {
      const r = await new WARCParser(createReadStream(join(dir, loc.file), { start: loc.offset })).parse();
      expect(r?.warcHeader('WARC-Record-ID')).toBe(loc.id);
    }
  });

  it('starts a new file when reopened, and replays past a torn last member', async () => {
    const a = await WarcWriter.open({ dir, prefix: 'egovscan-t' });
    a.capture(exchange('/', '<html><title>Beranda</title></html>'));
    await a.flush();
    const b = await WarcWriter.open({ dir, prefix: 'egovscan-t' });
    b.capture(exchange('/kedua', '<html><title>Kedua</title></html>'));
    await b.flush();
    const files = (await readdir(dir)).filter((f) => f.endsWith('.warc.gz')).sort();
    expect(files).toEqual(['egovscan-t-00001.warc.gz', 'egovscan-t-00002.warc.gz']);
    // A crash in the middle of a member: half of a gzip member at the end of the second file.
    const whole = await readFile(join(dir, files[1]!));
    await appendFile(join(dir, files[1]!), whole.subarray(0, Math.floor(whole.length / 2)));
    const index = await buildReplayIndex(dir);
    const transport = replayTransport(index);
    const signal = new AbortController().signal;
    for (const [path, title] of [['/', 'Beranda'], ['/kedua', 'Kedua']] as const) {
      const res = await transport(new URL(`http://www.kota.go.id${path}`), { method: 'GET', headers: {}, signal });
      expect(res.statusCode).toBe(200);
      expect(res.headers['set-cookie']).toBe('a=1, b=2');
      let text = '';
      for await (const c of res.body) text += String(c);
      expect(text).toContain(`<title>${title}</title>`);
    }
  });

  it('keeps a rendered DOM as a conversion of the page\'s response, and replays it', async () => {
    const w = await WarcWriter.open({ dir, prefix: 'egovscan-t' });
    w.capture(exchange('/app', '<html><body><div id="root"></div></body></html>'));
    const id = w.dom({ url: 'http://www.kota.go.id/app', finalUrl: 'http://www.kota.go.id/app#/home', status: 200, blocked: 3, html: '<html><body><h1>Layanan</h1></body></html>', at: new Date() });
    await w.flush();
    const file = join(dir, (await readdir(dir)).find((f) => f.endsWith('.warc.gz'))!);
    let conversion: { refersTo?: string | null; id?: string | null } = {};
    let responseId: string | null | undefined;
    for await (const r of new WARCParser(createReadStream(file))) {
      if (r.warcType === 'response') responseId = r.warcHeader('WARC-Record-ID');
      if (r.warcType === 'conversion') conversion = { refersTo: r.warcHeader('WARC-Refers-To'), id: r.warcHeader('WARC-Record-ID') };
    }
    expect(conversion).toEqual({ refersTo: responseId, id });
    const rendered = await replayRenderer(await buildReplayIndex(dir)).render('http://www.kota.go.id/app');
    expect(rendered).toMatchObject({ html: '<html><body><h1>Layanan</h1></body></html>', finalUrl: 'http://www.kota.go.id/app#/home', status: 200, blocked: 3 });
    expect(await replayRenderer(await buildReplayIndex(dir)).render('http://www.kota.go.id/other')).toMatchObject({ error: expect.stringContaining('not_in_warc') });
  });
});

// --from-warc: the crawl's fetches answered from WARC files, never from the network. Behind the
// fetcher's transport seam (crawl/transport.ts), so redirects, size caps, decoding and every
// judgement run exactly as on a live crawl; a URL the WARC does not hold is `not_in_warc`.
import { Readable } from 'node:stream';
import type { WARCRecord } from 'warcio';
import { SourceError, type Transport, type TransportResponse } from '../crawl/transport.ts';
import type { Renderer, RenderResult } from '../render/types.ts';
import { FIELD_BLOCKED, FIELD_DETAIL, FIELD_FAILURE, FIELD_FINAL_URL, FIELD_STATUS } from './records.ts';
import { readRecordAt, type IndexEntry, type ReplayIndex } from './replay-index.ts';

/** Headers that described the transfer of the recorded bytes, not the bytes we hand on. */
const TRANSFER_HEADERS = new Set(['x-archive-orig-transfer-encoding']);

function headersOf(record: WARCRecord): Record<string, string> {
  const out: Record<string, string> = {};
  const h = record.httpHeaders?.headers;
  if (!h) return out;
  for (const [k, v] of h as Iterable<[string, string]>) {
    const name = k.toLowerCase();
    if (TRANSFER_HEADERS.has(name)) continue;
    out[name] = out[name] !== undefined ? `${out[name]}, ${v}` : v;
  }
  return out;
}

/** Status, headers and the body as it came off the wire of one recorded answer. */
async function answerOf(record: WARCRecord, type: IndexEntry['type']): Promise<{ status: number; headers: Record<string, string>; body: Uint8Array }> {
  if (type === 'resource' || !record.httpHeaders) {
    // A resource record is the payload itself (Webrecorder, Browsertrix): a 200 of its media type.
    const body = await record.readFully(false);
    return { status: 200, headers: { 'content-type': record.warcContentType ?? 'application/octet-stream', 'content-length': String(body.length) }, body };
  }
  const headers = headersOf(record);
  const status = Number(record.httpHeaders.statusCode) || 0;
  if ((headers['transfer-encoding'] ?? '').toLowerCase().includes('chunked')) {
    // wget keeps the bytes as sent, chunked: warcio de-chunks (and decodes) them; the headers then
    // describe the decoded body.
    const body = await record.readFully(true);
    delete headers['transfer-encoding'];
    delete headers['content-encoding'];
    return { status, headers, body };
  }
  return { status, headers, body: await record.readFully(false) };
}

async function recordedAnswer(index: ReplayIndex, entry: IndexEntry): Promise<{ status: number; headers: Record<string, string>; body: Uint8Array }> {
  if (entry.type !== 'revisit') return readRecordAt(entry.file, entry.offset, (r) => answerOf(r, entry.type));
  // A revisit says "same payload as an earlier capture": its own headers (when it has them), that body.
  const original = index.original(entry);
  if (!original) throw new SourceError('not_in_warc', `revisit of ${entry.url}: the record it refers to is not in the WARC`);
  const body = await readRecordAt(original.file, original.offset, (r) => answerOf(r, original.type));
  const own = await readRecordAt(entry.file, entry.offset, async (r) => (r.httpHeaders ? { status: Number(r.httpHeaders.statusCode) || 0, headers: headersOf(r) } : undefined));
  return own ? { ...body, ...own, status: own.status === 304 ? body.status : own.status } : body;
}

export function replayTransport(index: ReplayIndex): Transport {
  return async (url, req): Promise<TransportResponse> => {
    if (req.signal.aborted) throw req.signal.reason;
    const entry = index.lookup(url.href, req.method);
    if (!entry) throw new SourceError('not_in_warc', `${url.href} is not in the WARC`);
    if (entry.type === 'failure') {
      const kept = await readRecordAt(entry.file, entry.offset, async (r) => ({ reason: r.warcHeader(FIELD_FAILURE) ?? 'error', detail: r.warcHeader(FIELD_DETAIL) ?? '' }));
      throw new SourceError(kept.reason, kept.detail);
    }
    const answer = await recordedAnswer(index, entry);
    // A HEAD answered from a GET's record gets the headers, not the body.
    const body = req.method === 'HEAD' ? new Uint8Array(0) : answer.body;
    return { statusCode: answer.status, headers: answer.headers, body: Readable.from([Buffer.from(body)]) };
  };
}

/** A renderer that hands back the DOM snapshots kept in the WARC (conversion records). */
export function replayRenderer(index: ReplayIndex): Renderer {
  let rendered = 0;
  let failed = 0;
  return {
    async render(url: string): Promise<RenderResult> {
      const entry = index.dom(url);
      if (!entry) {
        failed++;
        return { error: 'not_in_warc: no rendered DOM of this page in the WARC' };
      }
      rendered++;
      return readRecordAt(entry.file, entry.offset, async (r) => ({
        html: new TextDecoder().decode(await r.readFully(false)),
        finalUrl: r.warcHeader(FIELD_FINAL_URL) ?? url,
        status: Number(r.warcHeader(FIELD_STATUS) ?? 200),
        blocked: Number(r.warcHeader(FIELD_BLOCKED) ?? 0),
        elapsedMs: 0,
      }));
    },
    async close() {},
    stats: () => ({ launched: false, rendered, failed, contextsOpened: 0, totalMs: 0, blocked: 0 }),
  };
}

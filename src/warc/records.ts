// WARC 1.1 records (ISO 28500) for what the crawl saw, built with warcio: a request and a response
// for every HTTP exchange, a metadata record for an exchange that got no response (so that a replay
// fails where the crawl failed), and a conversion record for a DOM the browser rendered.
import { STATUS_CODES } from 'node:http';
import { randomUUID } from 'node:crypto';
import { WARCRecord } from 'warcio';
import type { CapturedExchange } from '../crawl/transport.ts';

/** egovscan's own WARC header fields (WARC allows extension fields; readers ignore unknown ones). */
export const FIELD_FAILURE = 'WARC-Egovscan-Failure';
export const FIELD_DETAIL = 'WARC-Egovscan-Detail';
export const FIELD_METHOD = 'WARC-Egovscan-Method';
export const FIELD_FINAL_URL = 'WARC-Egovscan-Final-URL';
export const FIELD_STATUS = 'WARC-Egovscan-Status';
export const FIELD_BLOCKED = 'WARC-Egovscan-Blocked';

/**
 * Undici hands over a de-chunked body: a `Transfer-Encoding: chunked` header kept as it was would
 * make a reader try to de-chunk it again. The header is kept under the name web archives use.
 */
const RENAMED = new Map([['transfer-encoding', 'x-archive-orig-transfer-encoding']]);

export const newRecordId = (): string => `<urn:uuid:${randomUUID()}>`;

function headerPairs(headers: Record<string, string | string[] | undefined>): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    const name = RENAMED.get(k.toLowerCase()) ?? k;
    for (const one of Array.isArray(v) ? v : [v]) out.push([name, one.replace(/[\r\n]+/g, ' ')]);
  }
  return out;
}

const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ').slice(0, 500);

/** The records for one exchange: [response, request], or [metadata] when no response came. */
export function exchangeRecords(ex: CapturedExchange, responseId: string): WARCRecord[] {
  const date = ex.startedAt.toISOString();
  if (ex.failure) {
    return [
      WARCRecord.create({
        url: ex.url, date, type: 'metadata', warcVersion: 'WARC/1.1',
        warcHeaders: [
          ['WARC-Record-ID', responseId], ['Content-Type', 'application/warc-fields'],
          [FIELD_FAILURE, ex.failure.reason], [FIELD_METHOD, ex.method],
          ...(ex.failure.detail ? ([[FIELD_DETAIL, oneLine(ex.failure.detail)]] as [string, string][]) : []),
        ],
      }, [new TextEncoder().encode(`egovscan-failure: ${ex.failure.reason}\r\n`)]),
    ];
  }
  const url = new URL(ex.url);
  const response = WARCRecord.create(
    {
      url: ex.url, date, type: 'response', warcVersion: 'WARC/1.1',
      statusline: `HTTP/1.1 ${ex.status} ${STATUS_CODES[ex.status] ?? ''}`.trimEnd(),
      httpHeaders: headerPairs(ex.responseHeaders),
      warcHeaders: [
        ['WARC-Record-ID', responseId],
        [FIELD_METHOD, ex.method],
        ...(ex.truncated ? ([['WARC-Truncated', 'length']] as [string, string][]) : []),
      ],
    },
    [ex.body],
  );
  const request = WARCRecord.create(
    {
      url: ex.url, date, type: 'request', warcVersion: 'WARC/1.1',
      statusline: `${ex.method} ${url.pathname}${url.search} HTTP/1.1`,
      httpHeaders: [['host', url.host], ...headerPairs(ex.requestHeaders)],
      warcHeaders: [['WARC-Record-ID', newRecordId()], ['WARC-Concurrent-To', responseId]],
    },
    [],
  );
  return [response, request];
}

export interface DomSnapshot {
  /** The URL the crawl asked the browser for. */
  url: string;
  finalUrl: string;
  status: number;
  blocked: number;
  html: string;
  at: Date;
}

/** A rendered DOM: a conversion of the page's response record (WARC-Refers-To) into the browser's HTML. */
export function domRecord(dom: DomSnapshot, id: string, refersTo: string | undefined): WARCRecord {
  return WARCRecord.create(
    {
      url: dom.url, date: dom.at.toISOString(), type: 'conversion', warcVersion: 'WARC/1.1',
      warcHeaders: [
        ['WARC-Record-ID', id], ['Content-Type', 'text/html; charset=utf-8'],
        [FIELD_FINAL_URL, dom.finalUrl], [FIELD_STATUS, String(dom.status)], [FIELD_BLOCKED, String(dom.blocked)],
        ...(refersTo ? ([['WARC-Refers-To', refersTo]] as [string, string][]) : []),
      ],
    },
    [new TextEncoder().encode(dom.html)],
  );
}

export function warcInfoRecord(filename: string, info: Record<string, string>): WARCRecord {
  return WARCRecord.createWARCInfo({ filename, warcVersion: 'WARC/1.1', date: new Date().toISOString() }, info);
}

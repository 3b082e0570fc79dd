// The two seams through which a crawl can be recorded or answered from somewhere other than the
// live network: a capture hook told about every HTTP exchange (WARC writing), and a transport that
// stands in for the HTTP client (WARC replay, a web archive's captures). Both are optional; unset,
// the fetcher sends requests with undici and records nothing.
import type { Readable } from 'node:stream';
import type { FetchKind } from './fetcher.ts';

export interface TransportRequest {
  method: 'GET' | 'HEAD';
  headers: Record<string, string>;
  signal: AbortSignal;
}

export interface TransportResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as it would come off the wire (still content-encoded). */
  body: Readable;
}

/** Answers one request; throws a `SourceMissError` when the source has no answer for the URL. */
export type Transport = (url: URL, req: TransportRequest) => Promise<TransportResponse>;

/**
 * A source's answer that is not a response: nothing for the URL (`not_in_warc`, `no_capture`), or a
 * failure the recording kept (a `dns` or `timeout` seen by the crawl that wrote the WARC). The fetch
 * ends with this reason word, as the live fetch did.
 */
export class SourceError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** One HTTP exchange as it happened: what was asked, what came back, the body bytes actually read. */
export interface CapturedExchange {
  url: string;
  method: 'GET' | 'HEAD';
  kind: FetchKind;
  requestHeaders: Record<string, string>;
  status: number;
  responseHeaders: Record<string, string | string[] | undefined>;
  /** Body bytes as received (content-encoded), as far as the fetcher read them. */
  body: Uint8Array;
  /** The body was not read to its end (size cap, an unread redirect or document body). */
  truncated: boolean;
  startedAt: Date;
  /** Set when no response came: the reason word and detail the fetcher wrote (status is then 0). */
  failure?: { reason: string; detail?: string };
}

export type Capture = (exchange: CapturedExchange) => void;

// One URL, fetched the way a careful researcher would: redirects followed by hand so each hop is on
// record, bodies capped (after decompression, so a gzip bomb stays small), documents measured
// without being downloaded, failures retried with back-off and named with a reason word.

import { setTimeout as sleep } from 'node:timers/promises';
import type { Readable, Transform } from 'node:stream';
import zlib from 'node:zlib';
import { request, type Dispatcher } from 'undici';
import { checkLiteralHost, needsOutsideNetwork } from './address-guard.ts';
import { isBotBlock } from './bot-block.ts';
import { decodeHtml, looksLikeHtml } from './charset.ts';
import { isDocumentType, isDocumentUrl, isHtmlType } from './content-kind.ts';
import { DEADLINE_CODE, isAnsweredTimeout, reasonFromError } from './errors.ts';
import { createAgent } from './http-client.ts';
import { DEFAULT_CRAWL_OPTIONS, mergeDefined } from './options.ts';
import { parseRetryAfter } from './retry-after.ts';
import { PERMANENT_REASONS, type CrawlOptions, type FetchAttempt, type FetchResult, type Reason, type RedirectHop } from './types.ts';
import { SourceError, type Capture, type Transport } from './transport.ts';

/**
 * page: GET, HTML decoded into `html`; document: HEAD (GET fallback), body never read;
 * check: like document, for link checks; raw: GET, bytes in `body` (robots.txt, sitemaps).
 */
export type FetchKind = 'page' | 'document' | 'check' | 'raw';

export type FetchSettings = Pick<
  CrawlOptions,
  'timeoutMs' | 'retries' | 'maxBytes' | 'maxRedirects' | 'userAgent' | 'allowPrivate' | 'resolve' | 'onlyResolved' | 'retryBaseMs' | 'dnsLookup'
>;

export interface FetchContext {
  options: FetchSettings;
  /** The pool's agent; without it a private agent is made for this one call. */
  dispatcher?: Dispatcher;
  signal?: AbortSignal;
  /** Runs one HTTP exchange under the pool's politeness rules (per-origin and global limits). */
  schedule?: <R>(url: URL, run: () => Promise<R>) => Promise<R>;
  /** Told about a Retry-After so the pool can hold the whole origin; then the fetcher does not sleep itself. */
  onRetryAfter?: (origin: string, ms: number) => void;
  /** Vetoes a redirect hop (e.g. robots.txt of the target); returning a reason stops the chain. */
  checkHop?: (url: URL) => Reason | null | Promise<Reason | null>;
  /**
   * True while the run's vantage check finds the outside network down: a failure reaching a host
   * that needed it is then `network`, not a verdict on the host (see errors.ts).
   */
  networkDown?: () => boolean;
  /** Answers requests instead of undici (WARC replay, a web archive); see transport.ts. */
  transport?: Transport;
  /** Told about every exchange with the body bytes read (WARC capture); unset, nothing is kept. */
  capture?: Capture;
}

const HTML_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
/** Enough of an error page to recognise a bot challenge. */
const ERROR_BODY_BYTES = 32 * 1024;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/**
 * What is left of a body we do not want (a redirect's page, a document after its first byte, an
 * error page past what we read) is read and thrown away up to this size, so that the connection
 * can carry the next request; a longer rest closes the connection instead. On a live portal a new
 * connection costs a TLS handshake, and a server sees fewer of them.
 */
const DRAIN_BYTES = 128 * 1024;
/** ... and in this time: a body that drips is cut. */
const DRAIN_MS = 2000;

interface Exchange {
  status: number;
  headers: Record<string, string>;
  contentType: string;
  bytes: number;
  truncated: boolean;
  html?: string;
  body?: Uint8Array;
  location?: string;
  blocked?: boolean;
  /** From sending the request to its response headers. */
  answerMs: number;
}

/** `answerMs`: how long the server took to answer the last request of the chain (not kept in the result). */
type TryResult = Omit<FetchResult, 'url' | 'attempts' | 'elapsedMs'> & { answerMs?: number };

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function decompressor(encoding: string | undefined): Transform | undefined {
  const enc = (encoding ?? '').trim().toLowerCase();
  // Servers often end a compressed stream early; a sync flush keeps what did arrive.
  if (enc === 'gzip' || enc === 'x-gzip') return zlib.createGunzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
  if (enc === 'deflate') return zlib.createInflate({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
  if (enc === 'br') return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
  return undefined;
}

/** Read at most `cap` decoded bytes; past the cap the rest is drained (up to DRAIN_BYTES) or the source destroyed. */
async function readCapped(
  source: Readable,
  contentEncoding: string | undefined,
  cap: number,
  tap?: (raw: Buffer) => void,
): Promise<{ bytes: Buffer; truncated: boolean }> {
  const z = decompressor(contentEncoding);
  let sourceError: unknown;
  let stream: Readable = source;
  if (z) {
    source.on('error', (e) => {
      sourceError = e;
      z.destroy(e);
    });
    // The capture keeps the bytes as received, still compressed.
    if (tap) source.on('data', tap);
    source.pipe(z);
    stream = z;
  }
  const chunks: Buffer[] = [];
  let total = 0;
  let truncated = false;
  let drain = false;
  try {
    // Not destroyed on `break`: the finally below decides between draining and destroying.
    for await (const chunk of stream.iterator({ destroyOnReturn: false })) {
      const buf = chunk as Buffer;
      if (total + buf.length > cap) {
        chunks.push(buf.subarray(0, cap - total));
        if (tap && !z) tap(buf.subarray(0, cap - total));
        total = cap;
        truncated = true;
        // Only a raw body is drained: a compressed one is cut (a gzip bomb's rest).
        drain = !z && cap <= DRAIN_BYTES;
        break;
      }
      chunks.push(buf);
      if (tap && !z) tap(buf);
      total += buf.length;
    }
  } catch (err) {
    // A corrupt compressed stream keeps what decoded so far; a network failure is a failure.
    if (!z || sourceError !== undefined) throw err;
  } finally {
    if (drain) discard(source);
    else {
      source.on('error', () => {});
      source.destroy();
      z?.destroy();
    }
  }
  return { bytes: Buffer.concat(chunks, total), truncated };
}

/** Throws an unread body away, keeping its connection for the next request when the rest is small and quick. */
function discard(body: Readable): void {
  body.on('error', () => {});
  // undici's body: dump() reads up to the limit and destroys the body beyond it (or when it drips).
  const dump = (body as Readable & { dump?(o: { limit: number; signal: AbortSignal }): Promise<unknown> }).dump;
  if (dump) dump.call(body, { limit: DRAIN_BYTES, signal: AbortSignal.timeout(DRAIN_MS) }).catch(() => {});
  else body.destroy();
}

function sizeFromHeaders(headers: Record<string, string>): number {
  const range = /\/(\d+)\s*$/.exec(headers['content-range'] ?? '');
  if (range) return Number(range[1]);
  const len = Number(headers['content-length']);
  return Number.isFinite(len) && len >= 0 ? len : 0;
}

async function exchange(
  url: URL,
  method: 'GET' | 'HEAD',
  kind: FetchKind,
  ctx: FetchContext & { dispatcher: Dispatcher },
): Promise<Exchange> {
  const { options } = ctx;
  // A fresh controller per exchange (not AbortSignal.any) so nothing stays attached to the crawl's
  // long-lived signal once the exchange is over.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error('deadline'));
  }, options.timeoutMs);
  const onOuterAbort = () => controller.abort(ctx.signal?.reason);
  if (ctx.signal?.aborted) controller.abort(ctx.signal.reason);
  else ctx.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const signal = controller.signal;
  const ranged = method === 'GET' && kind === 'document';
  const headers: Record<string, string> = {
    'user-agent': options.userAgent,
    accept: kind === 'page' ? HTML_ACCEPT : '*/*',
    'accept-language': 'id,en;q=0.8',
    'accept-encoding': 'gzip, deflate, br',
  };
  // One byte is enough to learn a document's size from Content-Range without downloading it.
  if (ranged) headers['range'] = 'bytes=0-0';
  const raw: Buffer[] | undefined = ctx.capture ? [] : undefined;
  const tap = raw ? (b: Buffer) => raw.push(b) : undefined;
  const startedAt = new Date();
  const sent = performance.now();
  try {
    const res = ctx.transport ? await ctx.transport(url, { method, headers, signal }) : await request(url, {
      method,
      headers,
      dispatcher: ctx.dispatcher,
      signal,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      // undici closes the connection after every HEAD by default, for servers that wrongly send
      // a body with it; link checks are mostly HEAD, so that would be a new connection (and TLS
      // handshake) per checked document. Such a body shows up as an error on the next request
      // over that connection, which is retried on a fresh one.
      reset: false,
    });
    const h = flattenHeaders(res.headers as Record<string, string | string[] | undefined>);
    const status = ranged && res.statusCode === 206 ? 200 : res.statusCode;
    const contentType = h['content-type'] ?? '';
    const base: Exchange = { status, headers: h, contentType, bytes: 0, truncated: false, answerMs: performance.now() - sent };
    /** Hands the exchange to the capture hook; `read` says whether the body was read to its end. */
    const kept = <E extends Exchange>(ex: E, read: boolean): E => {
      if (ctx.capture && raw) {
        const unread = !read && method !== 'HEAD' && h['content-length'] !== '0';
        ctx.capture({
          url: url.href, method, kind, requestHeaders: headers, status: res.statusCode,
          responseHeaders: res.headers as Record<string, string | string[] | undefined>,
          body: Buffer.concat(raw), truncated: unread || ex.truncated, startedAt,
        });
      }
      return ex;
    };

    if (REDIRECT_STATUSES.has(status) && h['location']) {
      discard(res.body);
      return kept({ ...base, location: h['location'] }, false);
    }
    if (method === 'HEAD') {
      return kept({ ...base, bytes: sizeFromHeaders(h), blocked: isBotBlock(status, h, '') }, true);
    }
    if (status >= 400) {
      const { bytes, truncated } = await readCapped(res.body, h['content-encoding'], ERROR_BODY_BYTES, tap);
      return kept({ ...base, bytes: bytes.length, blocked: isBotBlock(status, h, bytes.toString('latin1')) }, !truncated);
    }
    if (kind === 'document' || kind === 'check') {
      discard(res.body);
      return kept({ ...base, bytes: sizeFromHeaders(h), blocked: isBotBlock(status, h, '') }, false);
    }
    if (kind === 'raw') {
      const { bytes, truncated } = await readCapped(res.body, h['content-encoding'], options.maxBytes, tap);
      return kept({ ...base, bytes: bytes.length, truncated, body: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) }, !truncated);
    }
    // kind === 'page'
    const declaredHtml = isHtmlType(contentType);
    if (!declaredHtml && (contentType !== '' || isDocumentUrl(url))) {
      discard(res.body);
      return kept({ ...base, bytes: sizeFromHeaders(h), blocked: isBotBlock(status, h, '') }, false);
    }
    const { bytes, truncated } = await readCapped(res.body, h['content-encoding'], options.maxBytes, tap);
    const html = declaredHtml || looksLikeHtml(bytes) ? decodeHtml(bytes, contentType).text : undefined;
    return kept({ ...base, bytes: bytes.length, truncated, html, blocked: isBotBlock(status, h, html?.slice(0, ERROR_BODY_BYTES) ?? '') }, !truncated);
  } catch (err) {
    if (timedOut && !ctx.signal?.aborted) {
      throw Object.assign(new Error(`no complete answer within ${options.timeoutMs} ms`), { code: DEADLINE_CODE });
    }
    throw err;
  } finally {
    clearTimeout(timer);
    ctx.signal?.removeEventListener('abort', onOuterAbort);
  }
}

function failure(finalUrl: string, reason: Reason, detail: string, redirects: RedirectHop[]): TryResult {
  return { finalUrl, status: 0, reason, detail, contentType: '', bytes: 0, truncated: false, redirects, headers: {} };
}

/** One try: request, then follow redirects by hand. */
async function followChain(
  start: URL,
  method: 'GET' | 'HEAD',
  kind: FetchKind,
  ctx: FetchContext & { dispatcher: Dispatcher },
): Promise<TryResult> {
  const redirects: RedirectHop[] = [];
  const visited = new Set<string>([start.href]);
  let current = start;
  for (;;) {
    const refusal = checkLiteralHost(current, ctx.options);
    if (refusal) {
      const { reason, detail } = reasonFromError(refusal);
      return failure(current.href, reason, detail, redirects);
    }
    if (redirects.length > 0 && ctx.checkHop) {
      const veto = await ctx.checkHop(current);
      if (veto) return failure(current.href, veto, `redirect target refused: ${veto}`, redirects);
    }
    let ex: Exchange;
    try {
      const run = () => exchange(current, method, kind, ctx);
      ex = ctx.schedule ? await ctx.schedule(current, run) : await run();
    } catch (err) {
      if (ctx.signal?.aborted) return failure(current.href, 'error', 'aborted', redirects);
      // The replay source or archive has nothing for this URL: its own word, never a network verdict.
      if (err instanceof SourceError) return failure(current.href, err.reason as Reason, err.message, redirects);
      const networkDown = ctx.networkDown?.() === true && needsOutsideNetwork(current, ctx.options);
      const { reason, detail } = reasonFromError(err, { networkDown });
      // Kept too, so that a replay of the recording fails where the live crawl failed.
      ctx.capture?.({
        url: current.href, method, kind, requestHeaders: {}, status: 0, responseHeaders: {}, body: new Uint8Array(0),
        truncated: false, startedAt: new Date(), failure: { reason, ...(detail !== undefined ? { detail } : {}) },
      });
      return failure(current.href, reason, detail, redirects);
    }
    if (ex.location !== undefined) {
      redirects.push({ url: current.href, status: ex.status });
      let next: URL;
      try {
        next = new URL(ex.location, current);
      } catch {
        return failure(current.href, 'bad_url', `unparseable Location: ${ex.location.slice(0, 200)}`, redirects);
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        return failure(next.href, 'bad_url', `redirect to ${next.protocol} URL`, redirects);
      }
      next.hash = '';
      if (visited.has(next.href)) return failure(next.href, 'redirect_loop', `loops back to ${next.href}`, redirects);
      // A chain that never comes back to a URL is long, not a loop.
      if (redirects.length > ctx.options.maxRedirects) {
        return failure(next.href, 'too_many_redirects', `more than ${ctx.options.maxRedirects} redirects`, redirects);
      }
      visited.add(next.href);
      current = next;
      continue;
    }
    const reason: Reason = ex.blocked ? 'blocked' : ex.status >= 400 ? `http_${ex.status}` : 'ok';
    return {
      finalUrl: current.href,
      status: ex.status,
      reason,
      contentType: ex.contentType,
      bytes: ex.bytes,
      truncated: ex.truncated,
      redirects,
      headers: ex.headers,
      answerMs: ex.answerMs,
      ...(ex.html !== undefined ? { html: ex.html } : {}),
      ...(ex.body !== undefined ? { body: ex.body } : {}),
    };
  }
}

/**
 * A server error that took this long to come is a server (or its gateway) that waited for
 * something that did not answer: asking again costs the same wait again. A 5,000-page portal with
 * two pages held 5 s before a 504 spent 16 s of its crawl on them with three tries.
 */
export const SLOW_ERROR_MS = 3000;

/** 503 is left out: it is how a server asks for a pause (Retry-After), however slowly it says so. */
function slowServerError(r: TryResult): boolean {
  return r.status >= 500 && r.status !== 503 && (r.answerMs ?? 0) >= SLOW_ERROR_MS;
}

function isRetryable(r: TryResult, tries: number): boolean {
  if (r.reason === 'ok' || r.reason === 'blocked' || PERMANENT_REASONS.has(r.reason)) return false;
  if (slowServerError(r)) return false;
  if (r.reason.startsWith('http_')) return r.status >= 500 || r.status === 429 || r.status === 408;
  // A server that took the connection and then sent nothing in time is slow, not flaky: asking it
  // again would cost the same time again (a header-less server held every check 3 × the timeout).
  // Our own deadline may have fired while connecting (a busy machine, a lost SYN): one more try.
  if (r.reason === 'timeout' && isAnsweredTimeout(r.detail)) return false;
  if (r.reason === 'timeout' && tries >= 2) return false;
  return r.detail !== 'aborted';
}

/** HEAD first; many servers answer HEAD with 405/403/404 or drop it, so fall back to GET. */
async function tryOnce(url: URL, kind: FetchKind, ctx: FetchContext & { dispatcher: Dispatcher }): Promise<TryResult> {
  if (kind === 'page' || kind === 'raw') return followChain(url, 'GET', kind, ctx);
  const head = await followChain(url, 'HEAD', kind, ctx);
  const fallBack =
    (head.status >= 400 && head.status !== 429 && head.reason !== 'blocked' && !slowServerError(head)) ||
    head.reason === 'connection_reset';
  if (!fallBack || ctx.signal?.aborted) return head;
  return followChain(url, 'GET', kind, ctx);
}

export async function fetchUrl(url: string, opts: FetchContext, kind: FetchKind): Promise<FetchResult> {
  const started = Date.now();
  const options = mergeDefined<FetchSettings>(DEFAULT_CRAWL_OPTIONS, opts.options);
  const attempts: FetchAttempt[] = [];
  const done = ({ answerMs: _answerMs, ...r }: TryResult): FetchResult => ({ url, ...r, attempts, elapsedMs: Date.now() - started });

  let parsed: URL;
  try {
    parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`unsupported scheme ${parsed.protocol}`);
  } catch (err) {
    return done(failure(url, 'bad_url', err instanceof Error ? err.message : String(err), []));
  }

  const ownAgent = opts.dispatcher ? undefined : createAgent(options);
  const ctx = { ...opts, options, dispatcher: (opts.dispatcher ?? ownAgent)! };
  try {
    const tries = Math.max(1, options.retries);
    const baseMs = options.retryBaseMs ?? 500;
    for (let n = 1; ; n++) {
      const r = await tryOnce(parsed, kind, ctx);
      if (!isRetryable(r, n) || n >= tries || ctx.signal?.aborted) {
        if (r.reason !== 'ok') attempts.push({ at: new Date().toISOString(), reason: r.reason, message: r.detail });
        return done(r);
      }
      attempts.push({ at: new Date().toISOString(), reason: r.reason, message: r.detail ?? `HTTP ${r.status}` });
      const retryAfter = r.status === 429 || r.status === 503 ? parseRetryAfter(r.headers['retry-after']) : undefined;
      let waitMs: number;
      if (retryAfter !== undefined && ctx.onRetryAfter) {
        ctx.onRetryAfter(new URL(r.finalUrl).origin, retryAfter);
        waitMs = 0;
      } else if (retryAfter !== undefined) {
        waitMs = retryAfter;
      } else {
        const backoff = baseMs * 2 ** (n - 1);
        waitMs = Math.min(backoff + Math.random() * backoff * 0.5, 30_000);
      }
      if (waitMs > 0) {
        try {
          await sleep(waitMs, undefined, { signal: ctx.signal });
        } catch {
          return done(failure(url, 'error', 'aborted', r.redirects));
        }
      }
    }
  } finally {
    if (ownAgent) await ownAgent.close().catch(() => {});
  }
}

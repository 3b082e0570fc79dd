// --at <date>: every fetch of the crawl answered from a web archive's capture nearest the date
// (CDX lookup, then the archived original bytes through the `id_` replay), in the original URL
// space: redirects and links lead to other original URLs, each looked up in turn. Only the archive's
// host is ever contacted. Polite: few requests at once, Retry-After honoured, back-off on errors.
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import PQueue from 'p-queue';
import { Agent, request, type Dispatcher } from 'undici';
import { parseRetryAfter } from '../crawl/retry-after.ts';
import { SourceError, type Transport, type TransportResponse } from '../crawl/transport.ts';
import { cdxQuery, nearestCapture, parseCdx, timestampDate, type CdxCapture } from './cdx.ts';

export const CAPTURES_FILE = 'captures.jsonl';
export const DEFAULT_ARCHIVE = 'https://web.archive.org';

/** One line of `<run>/archive/captures.jsonl`: which capture a URL was read from. */
export interface CaptureNote {
  url: string;
  captureTime: string;
  archiveUrl: string;
  status: string;
}

export interface ArchiveOptions {
  base: string;
  at: Date;
  windowDays: number;
  userAgent: string;
  /** Requests to the archive at once (default 2). */
  concurrency?: number;
  timeoutMs?: number;
  /** Tries per archive request (429, 5xx, network errors); default 4. */
  tries?: number;
  /** First back-off in ms (doubled per try); default 1000. */
  backoffMs?: number;
  /** The run folder's archive/ directory, for captures.jsonl. */
  dir?: string;
}

/** Original headers the archive passes on as `x-archive-orig-*` (not those of its own transfer). */
const TRANSFER = new Set(['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive']);

function flatten(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

export interface ArchiveSource {
  transport: Transport;
  close(): Promise<void>;
  /** Requests sent to the archive so far (CDX and replay), for tests and run.json. */
  requests(): number;
}

export function createArchiveSource(opts: ArchiveOptions): ArchiveSource {
  const base = opts.base.replace(/\/+$/, '');
  const agent: Dispatcher = new Agent({ connections: Math.max(1, opts.concurrency ?? 2), keepAliveTimeout: 10_000 });
  const queue = new PQueue({ concurrency: Math.max(1, opts.concurrency ?? 2) });
  const cdxCache = new Map<string, Promise<CdxCapture[]>>();
  const timeoutMs = opts.timeoutMs ?? 30_000;
  let sent = 0;
  let notes: Promise<void> = opts.dir ? mkdir(opts.dir, { recursive: true }).then(() => {}) : Promise.resolve();

  /** One request to the archive, retried on 429 (after Retry-After), 5xx and network errors. */
  const ask = async (url: string, signal?: AbortSignal) => {
    const tries = opts.tries ?? 4;
    for (let n = 1; ; n++) {
      const res = await queue.add(async () => {
        sent++;
        try {
          return await request(url, {
            method: 'GET', dispatcher: agent, headersTimeout: timeoutMs, bodyTimeout: timeoutMs,
            headers: { 'user-agent': opts.userAgent, accept: '*/*', 'accept-encoding': 'gzip, deflate, br' },
            signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
          });
        } catch (err) {
          if (signal?.aborted || n >= tries) throw err;
          return undefined;
        }
      });
      const retryable = !res || res.statusCode === 429 || res.statusCode >= 500;
      if (!retryable || n >= tries) return res!;
      const wait = (res && parseRetryAfter(flatten(res.headers)['retry-after'])) ?? (opts.backoffMs ?? 1000) * 2 ** (n - 1);
      await res?.body.dump().catch(() => {});
      await sleep(Math.min(wait, 60_000), undefined, { signal });
    }
  };

  const captures = (url: string, signal?: AbortSignal): Promise<CdxCapture[]> => {
    let p = cdxCache.get(url);
    if (!p) {
      p = (async () => {
        const res = await ask(cdxQuery(base, url, opts.at, opts.windowDays), signal);
        const text = await res.body.text();
        if (res.statusCode >= 400) throw new SourceError('error', `the archive's CDX API answered HTTP ${res.statusCode} for ${url}`);
        return parseCdx(text);
      })();
      p.catch(() => cdxCache.delete(url));
      cdxCache.set(url, p);
    }
    return p;
  };

  const note = (n: CaptureNote) => {
    if (!opts.dir) return;
    const file = join(opts.dir, CAPTURES_FILE);
    notes = notes.then(() => appendFile(file, `${JSON.stringify(n)}\n`)).catch(() => {});
  };

  /** An archive URL of a capture (`…/web/<ts>id_/<url>` or `…/web/<ts>/<url>`) back to the original URL. */
  const original = (location: string, from: string): string => {
    const abs = new URL(location, from).href;
    const m = /\/web\/\d{1,14}[a-z_]*\/(.+)$/.exec(abs.startsWith(base) ? abs.slice(base.length) : '');
    return m ? m[1]! : abs;
  };

  /**
   * The captures of a URL; an archive that keys captures by the exact URL is asked again with the
   * other scheme (the Wayback Machine itself does not tell http from https).
   */
  const capturesOf = async (url: URL, signal: AbortSignal): Promise<CdxCapture[]> => {
    const found = await captures(url.href, signal);
    if (found.length > 0) return found;
    const other = new URL(url.href);
    other.protocol = url.protocol === 'https:' ? 'http:' : 'https:';
    return captures(other.href, signal);
  };

  /** The archived answer; a redirect the archive makes to another capture of the same URL is its own and followed here. */
  const replay = async (url: URL, archiveUrl: string, signal: AbortSignal) => {
    let at = archiveUrl;
    for (let hop = 0; ; hop++) {
      const res = await ask(at, signal);
      const loc = flatten(res.headers)['location'];
      if (hop < 3 && loc && res.statusCode >= 300 && res.statusCode < 400 && original(loc, at) === url.href && new URL(loc, at).href !== at) {
        await res.body.dump().catch(() => {});
        at = new URL(loc, at).href;
        continue;
      }
      return res;
    }
  };

  const transport: Transport = async (url, req): Promise<TransportResponse> => {
    try {
      return await answer(url, req.signal);
    } catch (err) {
      if (err instanceof SourceError || req.signal.aborted) throw err;
      // The archive failed us, not the portal: never a verdict on the portal or its applications.
      throw new SourceError('error', `the archive did not answer for ${url.href}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const answer = async (url: URL, signal: AbortSignal): Promise<TransportResponse> => {
    const found = nearestCapture(await capturesOf(url, signal), opts.at, opts.windowDays);
    if (!found) throw new SourceError('no_capture', `no capture of ${url.href} within ${opts.windowDays} days of ${opts.at.toISOString().slice(0, 10)}`);
    const archiveUrl = `${base}/web/${found.timestamp}id_/${found.original && /^https?:/.test(found.original) ? found.original : url.href}`;
    const res = await replay(url, archiveUrl, signal);
    const own = flatten(res.headers);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(own)) if (!k.startsWith('x-archive-orig-')) headers[k] = v;
    for (const [k, v] of Object.entries(own)) {
      const name = k.slice('x-archive-orig-'.length);
      if (k.startsWith('x-archive-orig-') && !TRANSFER.has(name)) headers[name] = v;
    }
    // A redirect points into the archive: the crawl follows it in the original URL space.
    if (headers['location']) headers['location'] = original(headers['location'], archiveUrl);
    note({ url: url.href, captureTime: timestampDate(found.timestamp).toISOString(), archiveUrl, status: String(res.statusCode) });
    return { statusCode: res.statusCode, headers, body: res.body };
  };

  return {
    transport,
    requests: () => sent,
    async close() {
      await notes;
      queue.clear();
      await agent.close().catch(() => {});
    },
  };
}

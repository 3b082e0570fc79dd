// Index of one or more WARC files for replay: for each URL (and method), where its newest answer
// is. Reads WARCs written by egovscan, by wget --warc-file (request/response pairs, `<url>` in angle
// brackets, revisit records) and by Webrecorder / Browsertrix (resource records, `urn:pageinfo:`
// records, which are not HTTP and are passed over).
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { WARCParser, type WARCRecord } from 'warcio';
import { urlKey } from './url-key.ts';
import { FIELD_FAILURE, FIELD_METHOD } from './records.ts';

export type EntryType = 'response' | 'revisit' | 'resource' | 'failure' | 'conversion';

export interface IndexEntry {
  type: EntryType;
  url: string;
  method: string;
  file: string;
  offset: number;
  /** Milliseconds since the epoch (WARC-Date); ties go to the record written later. */
  time: number;
  seq: number;
  id?: string;
  digest?: string;
  refersToUrl?: string;
  refersToDate?: string;
}

export interface ReplayIndex {
  files: string[];
  /** Files read only up to a torn record. */
  torn: string[];
  /** The newest answer for (method, url); HEAD falls back to GET and GET to HEAD. */
  lookup(url: string, method: 'GET' | 'HEAD'): IndexEntry | undefined;
  /** The newest rendered DOM of a URL. */
  dom(url: string): IndexEntry | undefined;
  /** The response a revisit record stands for (same payload digest, else its WARC-Refers-To-*). */
  original(revisit: IndexEntry): IndexEntry | undefined;
  hasDom: boolean;
  /** The reference time of the egovscan run that wrote the WARCs (its warcinfo `egovscan-now`). */
  recordedNow?: Date;
  /** The earliest and newest WARC-Date of the HTTP answers. */
  earliest?: Date;
  newest?: Date;
  size: number;
}

export { urlKey } from './url-key.ts';

/**
 * A looser key for WARCs of other tools: the query's parameters sorted (the crawler asks for URLs
 * in its normalised form; wget or a browser recorded them as the page wrote them).
 */
function looseKey(key: string): string {
  const u = new URL(key);
  u.searchParams.sort();
  return u.href;
}

/** The WARC files of a path: the file itself, or every *.warc / *.warc.gz in a folder (sorted by name). */
export async function warcFiles(path: string): Promise<string[]> {
  const full = resolve(path);
  const s = await stat(full);
  if (s.isFile()) return [full];
  const names = (await readdir(full)).filter((f) => /\.warc(\.gz)?$/i.test(f)).sort();
  return names.map((f) => join(full, f));
}

export async function buildReplayIndex(path: string): Promise<ReplayIndex> {
  const files = await warcFiles(path);
  const answers = new Map<string, IndexEntry>();
  const loose = new Map<string, IndexEntry>();
  const doms = new Map<string, IndexEntry>();
  const byDigest = new Map<string, IndexEntry>();
  const byUrlDate = new Map<string, IndexEntry>();
  /** Request methods by record id, and what each response is concurrent to. */
  const methodById = new Map<string, string>();
  const pending: Array<{ entry: IndexEntry; concurrent: string[] }> = [];
  let earliest = Infinity;
  let newest = -Infinity;
  let seq = 0;
  let recordedNow: Date | undefined;
  const newer = (a: IndexEntry | undefined, b: IndexEntry) => !a || b.time > a.time || (b.time === a.time && b.seq > a.seq);

  /** Files whose end could not be read (a crash tore the last record): what came before it is kept. */
  const torn: string[] = [];
  for (const file of files) {
    const parser = new WARCParser(createReadStream(file));
    let previous: { record: WARCRecord; entry?: IndexEntry } | undefined;
    try {
      for await (const record of parser) {
        const offset = parser.offset;
        const type = record.warcType;
        const url = urlKey(record.warcTargetURI ?? '');
        const time = Date.parse(record.warcDate ?? '') || 0;
        const id = record.warcHeader('WARC-Record-ID') ?? undefined;
        let entry: IndexEntry | undefined;
        if (type === 'warcinfo' && !recordedNow) {
          const m = /^egovscan-now:\s*(\S+)/m.exec(new TextDecoder().decode(await record.readFully(false)));
          if (m && !Number.isNaN(Date.parse(m[1]!))) recordedNow = new Date(m[1]!);
        } else if (type === 'request' && url) {
          const method = record.httpHeaders?.method ?? 'GET';
          if (id) methodById.set(id, method);
          for (const c of record.warcConcurrentTo ?? []) methodById.set(c.trim(), method);
          // wget and Browsertrix write the pair in either order; an adjacent pair of one URL is one exchange.
          if (previous?.entry && previous.entry.url === url && !previous.entry.method) previous.entry.method = method;
        } else if (url && (type === 'response' || type === 'revisit' || type === 'resource' || type === 'conversion' || (type === 'metadata' && record.warcHeader(FIELD_FAILURE)))) {
          const kind: EntryType = type === 'metadata' ? 'failure' : type;
          entry = {
            type: kind, url, method: record.warcHeader(FIELD_METHOD) ?? '', file, offset, time, seq: seq++, id,
            digest: record.warcPayloadDigest ?? undefined,
            refersToUrl: record.warcRefersToTargetURI ? urlKey(record.warcRefersToTargetURI) : undefined,
            refersToDate: record.warcRefersToDate ?? undefined,
          };
          if (!entry.method && previous?.record.warcType === 'request' && urlKey(previous.record.warcTargetURI ?? '') === url) {
            entry.method = previous.record.httpHeaders?.method ?? '';
          }
          pending.push({ entry, concurrent: (record.warcConcurrentTo ?? []).map((c) => c.trim()) });
          if (kind !== 'conversion' && kind !== 'failure') {
            earliest = Math.min(earliest, time);
            newest = Math.max(newest, time);
          }
        }
        previous = { record, entry };
      }
    } catch {
      torn.push(file);
    }
  }
  for (const { entry, concurrent } of pending) {
    if (!entry.method) entry.method = (entry.id && methodById.get(entry.id)) || concurrent.map((c) => methodById.get(c)).find(Boolean) || 'GET';
    entry.method = entry.method.toUpperCase();
    if (entry.type === 'conversion') {
      if (newer(doms.get(entry.url), entry)) doms.set(entry.url, entry);
      continue;
    }
    const key = `${entry.method} ${entry.url}`;
    // A resource record of a URL is an answer only where no response is: responses carry headers.
    const current = answers.get(key);
    if (entry.type === 'resource' && current && current.type !== 'resource') continue;
    if ((current?.type === 'resource' && entry.type !== 'resource') || newer(current, entry)) {
      answers.set(key, entry);
      loose.set(`${entry.method} ${looseKey(entry.url)}`, entry);
    }
    if (entry.type === 'response' || entry.type === 'resource') {
      if (entry.digest && !byDigest.has(entry.digest)) byDigest.set(entry.digest, entry);
      byUrlDate.set(`${entry.url} ${entry.time}`, entry);
    }
  }

  return {
    files,
    torn,
    size: answers.size,
    hasDom: doms.size > 0,
    recordedNow,
    earliest: Number.isFinite(earliest) ? new Date(earliest) : undefined,
    newest: Number.isFinite(newest) ? new Date(newest) : undefined,
    lookup(url, method) {
      const key = urlKey(url);
      if (!key) return undefined;
      const other = method === 'GET' ? 'HEAD' : 'GET';
      return (
        answers.get(`${method} ${key}`) ?? answers.get(`${other} ${key}`) ??
        loose.get(`${method} ${looseKey(key)}`) ?? loose.get(`${other} ${looseKey(key)}`)
      );
    },
    dom(url) {
      const key = urlKey(url);
      return key ? doms.get(key) : undefined;
    },
    original(revisit) {
      if (revisit.digest) {
        const same = byDigest.get(revisit.digest);
        if (same) return same;
      }
      if (revisit.refersToUrl) {
        const t = Date.parse(revisit.refersToDate ?? '');
        const exact = byUrlDate.get(`${revisit.refersToUrl} ${t}`);
        if (exact) return exact;
        const any = answers.get(`GET ${revisit.refersToUrl}`);
        if (any && any.type !== 'revisit') return any;
      }
      return undefined;
    },
  };
}

/** Reads the one record at `offset` of a WARC file (a gzip member or a plain record). */
export async function readRecordAt<R>(file: string, offset: number, use: (record: WARCRecord) => Promise<R>): Promise<R> {
  const stream = createReadStream(file, { start: offset });
  try {
    const record = await WARCParser.parse(stream);
    if (!record) throw new Error(`${file}: no WARC record at offset ${offset}`);
    return await use(record);
  } finally {
    stream.destroy();
  }
}

// Where each page's bytes came from and where they are kept: the WARC record (--warc, or the
// replayed WARC under --from-warc) and the archive capture (--at). Read back from the run folder's
// own lists (warc/records.jsonl, archive/captures.jsonl) so that a resumed run names them too.
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Cell } from '../report/csv.ts';
import type { RecordLocation } from '../warc/writer.ts';
import type { ReplayIndex } from '../warc/replay-index.ts';
import { urlKey } from '../warc/url-key.ts';
import { CAPTURES_FILE, type CaptureNote } from '../archive/transport.ts';

export interface PageProvenance {
  warcFile?: string;
  warcOffset?: number;
  warcRecordId?: string;
  captureTime?: string;
  archiveUrl?: string;
}

export type ProvenanceLookup = (url: string) => PageProvenance;

async function jsonLines<T>(file: string): Promise<T[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const out: T[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      // A line torn by a crash: the record it named is lost with it.
    }
  }
  return out;
}

/** The run's provenance of pages: `replay` is the index of --from-warc, when the run has one. */
export async function loadProvenance(dir: string, replay?: ReplayIndex): Promise<ProvenanceLookup> {
  const newest = new Map<string, RecordLocation>();
  for (const loc of await jsonLines<RecordLocation>(join(dir, 'warc', 'records.jsonl'))) {
    if (loc.type !== 'response' && loc.type !== 'metadata') continue;
    const key = `${loc.method ?? 'GET'} ${urlKey(loc.url) ?? loc.url}`;
    // Written in order: the later line is the newer answer, as in the replay index.
    newest.set(key, loc);
  }
  const captures = new Map<string, CaptureNote>();
  for (const c of await jsonLines<CaptureNote>(join(dir, 'archive', CAPTURES_FILE))) captures.set(c.url, c);

  return (url) => {
    const out: PageProvenance = {};
    const key = urlKey(url) ?? url;
    const own = newest.get(`GET ${key}`) ?? newest.get(`HEAD ${key}`);
    if (own?.type === 'response') {
      Object.assign(out, { warcFile: own.file, warcOffset: own.offset, warcRecordId: own.id, captureTime: new Date(own.date).toISOString() });
    } else if (replay) {
      const e = replay.lookup(url, 'GET');
      if (e && e.type !== 'failure') {
        Object.assign(out, { warcFile: basename(e.file), warcOffset: e.offset, warcRecordId: e.id, captureTime: new Date(e.time).toISOString() });
      }
    }
    const capture = captures.get(key);
    if (capture) Object.assign(out, { captureTime: capture.captureTime, archiveUrl: capture.archiveUrl });
    return out;
  };
}

export function provenanceCells(p: PageProvenance): Record<string, Cell> {
  return {
    warc_file: p.warcFile ?? '',
    warc_offset: p.warcOffset ?? '',
    warc_record_id: p.warcRecordId ?? '',
    capture_time: p.captureTime ?? '',
    archive_url: p.archiveUrl ?? '',
  };
}

/** A city's pages.csv and criteria.csv rows with the columns that name each page's record and capture. */
export function withProvenance<T extends { pages: Array<Record<string, Cell>>; criteria?: Array<Record<string, Cell>> }>(rows: T, lookup?: ProvenanceLookup): T {
  if (!lookup) return rows;
  const pageUrl = (r: Record<string, Cell>) => String(r.final_url || r.url || '');
  return {
    ...rows,
    pages: rows.pages.map((r) => ({ ...r, ...provenanceCells(lookup(pageUrl(r))) })),
    ...(rows.criteria
      ? { criteria: rows.criteria.map((r) => ({ ...r, warc_record_id: r.evidence_url ? (lookup(String(r.evidence_url)).warcRecordId ?? '') : '' })) }
      : {}),
  };
}

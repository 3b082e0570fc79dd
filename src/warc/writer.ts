// Appends WARC records to `<run>/warc/*.warc.gz`, one gzip member per record, from a single queue:
// writes never interleave, a crash leaves whole members behind, and a resumed run starts a new file
// beside the old ones. Every record written is listed in `records.jsonl` (file, offset, record id),
// which is how pages.csv and criteria.csv name the record behind a page.
import { appendFile, mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { WARCSerializer } from 'warcio/node';
import type { WARCRecord } from 'warcio';
import type { CapturedExchange } from '../crawl/transport.ts';
import { domRecord, exchangeRecords, newRecordId, warcInfoRecord, type DomSnapshot } from './records.ts';

/** One line of records.jsonl. */
export interface RecordLocation {
  id: string;
  type: string;
  url: string;
  method?: string;
  kind?: string;
  status?: number;
  date: string;
  file: string;
  offset: number;
  length: number;
}

export const RECORDS_FILE = 'records.jsonl';
/** A new file is begun past this size (the customary 1 GB of web archives). */
const DEFAULT_MAX_FILE_BYTES = 1_000_000_000;
const DIGEST = { algo: 'sha-256', prefix: 'sha256:', base32: false } as const;

export interface WarcWriterOptions {
  /** The run's warc folder. */
  dir: string;
  /** File name prefix, e.g. `egovscan-<run id>`. */
  prefix: string;
  maxFileBytes?: number;
  /** warcinfo fields of each file (software, operator, ...). */
  info?: Record<string, string>;
  /** Told once when a write fails (the crawl goes on without its WARC). */
  onError?: (err: unknown) => void;
}

export class WarcWriter {
  private queue: Promise<void> = Promise.resolve();
  private file = '';
  private size = 0;
  private seq: number;
  private failed = false;
  /** The newest GET response id per URL, for a rendered DOM's WARC-Refers-To. */
  private readonly lastResponse = new Map<string, string>();

  private constructor(private readonly opts: WarcWriterOptions, firstSeq: number) {
    this.seq = firstSeq;
  }

  static async open(opts: WarcWriterOptions): Promise<WarcWriter> {
    await mkdir(opts.dir, { recursive: true });
    // A resumed run appends a new file: the old ones are never reopened (their last member may be torn).
    const existing = (await readdir(opts.dir)).filter((f) => f.endsWith('.warc.gz')).length;
    return new WarcWriter(opts, existing + 1);
  }

  /** The capture hook of the HTTP pool (transport.ts): queued, returns at once. */
  readonly capture = (ex: CapturedExchange): void => {
    const id = newRecordId();
    if (!ex.failure && ex.method === 'GET' && ex.status < 300) this.lastResponse.set(ex.url, id);
    this.enqueue(exchangeRecords(ex, id), { method: ex.method, kind: ex.kind, status: ex.status });
  };

  /** Keeps a rendered DOM as a conversion record of the page's response; returns its record id. */
  dom(snapshot: DomSnapshot): string {
    const id = newRecordId();
    this.enqueue([domRecord(snapshot, id, this.lastResponse.get(snapshot.url))], { status: snapshot.status });
    return id;
  }

  /** Resolves when everything queued so far is on disk. */
  flush(): Promise<void> {
    return this.queue;
  }

  private enqueue(records: WARCRecord[], meta: { method?: string; kind?: string; status?: number }): void {
    this.queue = this.queue.then(async () => {
      if (this.failed) return;
      try {
        for (const record of records) await this.write(record, record === records[0] ? meta : {});
      } catch (err) {
        this.failed = true;
        this.opts.onError?.(err);
      }
    });
  }

  private async write(record: WARCRecord, meta: { method?: string; kind?: string; status?: number }): Promise<void> {
    if (!this.file || this.size >= (this.opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES)) await this.nextFile();
    const bytes = await WARCSerializer.serialize(record, { gzip: true, digest: DIGEST });
    const offset = this.size;
    await appendFile(join(this.opts.dir, this.file), bytes);
    this.size += bytes.length;
    const loc: RecordLocation = {
      id: record.warcHeader('WARC-Record-ID') ?? '',
      type: record.warcType,
      url: record.warcTargetURI ?? '',
      ...meta,
      date: record.warcDate ?? '',
      file: this.file,
      offset,
      length: bytes.length,
    };
    if (loc.type !== 'warcinfo') await appendFile(join(this.opts.dir, RECORDS_FILE), `${JSON.stringify(loc)}\n`);
  }

  private async nextFile(): Promise<void> {
    for (;;) {
      const name = `${this.opts.prefix}-${String(this.seq++).padStart(5, '0')}.warc.gz`;
      const taken = await stat(join(this.opts.dir, name)).then(() => true, () => false);
      if (taken) continue;
      this.file = name;
      this.size = 0;
      break;
    }
    const info = warcInfoRecord(this.file, { software: 'egovscan', format: 'WARC File Format 1.1', ...this.opts.info });
    await this.write(info, {});
  }
}

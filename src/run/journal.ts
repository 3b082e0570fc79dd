// Append-only journal of one city's crawl. It is the run's write-ahead log: a run killed at any
// moment can be resumed from it (the crawl is replayed from the pages and answers already
// journalled, which rebuilds the frontier exactly), and it is where the pages' facts live: the stages after the crawl read them back one
// page at a time instead of holding every page in memory.
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DiscoveredLink } from '../crawl/types.ts';
import type { LinkProblem, CrawlSummary, Outcome } from '../crawl/crawler.ts';
import type { SitemapDiscovery } from '../crawl/sitemap.ts';
import type { RobotsAnswer } from '../crawl/robots.ts';
import type { PageEntry } from '../gather/city-facts.ts';

/**
 * One line of the journal. A resumed crawl replays it: `page` entries stand in for the fetches
 * (with the links and content fingerprint the frontier and the trap guards decide from), `answer`
 * entries for the link checks, `sitemap` for the sitemap files, `robots` for robots.txt; the frontier, depths and trap
 * counters are rebuilt by running the same decisions in the same order.
 */
export type JournalEntry =
  | {
      t: 'page';
      record: PageEntry;
      /**
       * The links the crawl follows from the page. Left out when the page has facts: they are
       * then linksToFollow(record.facts), and writing them twice made every line a sixth longer.
       */
      links?: DiscoveredLink[];
      /** The URL asked for, when a redirect led elsewhere (record.url is the page's own URL). */
      req?: string;
      /** Position in the crawl's admission order. */
      order?: number;
      /** Content fingerprint (trap guards). */
      fp?: string;
    }
  | { t: 'link'; problem: LinkProblem }
  | { t: 'answer'; url: string; outcome: Outcome | null }
  | { t: 'sitemap'; found: SitemapDiscovery }
  | { t: 'robots'; answer: RobotsAnswer }
  | { t: 'done'; summary: CrawlSummary };

export class Journal {
  /** Lines not yet handed to the stream: one write per batch instead of one per page. */
  private batch: Buffer[] = [];
  private batchBytes = 0;
  private timer?: NodeJS.Timeout;
  private drained?: Promise<void>;

  private constructor(private readonly stream: WriteStream) {}

  static async open(file: string): Promise<Journal> {
    await mkdir(dirname(file), { recursive: true });
    // A run killed mid-write leaves a torn last line; end it, so that the next entry starts a line
    // of its own instead of being glued to the torn one and lost with it.
    const torn = await endsTorn(file);
    const journal = new Journal(createWriteStream(file, { flags: 'a' }));
    if (torn) journal.stream.write('\n');
    return journal;
  }

  /**
   * Appends an entry, in call order. Entries are written in batches of about 256 kB, and at the
   * latest 200 ms after they were added (a run killed in between fetches those pages again).
   * Resolves when the disk has caught up, so that a crawl faster than its disk waits instead of
   * piling entries up in memory. `factsJson`: a page entry's facts already as JSON (UTF-8), the
   * same as JSON.stringify(entry.record.facts) would give.
   */
  async write(entry: JournalEntry, factsJson?: Uint8Array): Promise<void> {
    // Encoded line by line and joined as bytes: joining the lines as text and encoding the batch
    // cost ten times as much (most lines hold a non-Latin-1 character, such as the … of a quote,
    // which makes every string they are joined into a two-byte one).
    const line = factsJson && entry.t === 'page' && entry.record.facts ? pageLine(entry, factsJson) : Buffer.from(`${JSON.stringify(entry)}\n`, 'utf8');
    this.batch.push(line);
    this.batchBytes += line.length;
    if (this.batchBytes < BATCH_BYTES) {
      this.timer ??= setTimeout(() => void this.flush(), BATCH_MS);
      return;
    }
    await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.batch.length === 0) return;
    const chunk = Buffer.concat(this.batch, this.batchBytes);
    this.batch = [];
    this.batchBytes = 0;
    if (this.stream.write(chunk)) return;
    this.drained ??= new Promise<void>((resolve) =>
      this.stream.once('drain', () => {
        this.drained = undefined;
        resolve();
      }),
    );
    await this.drained;
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => this.stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}

const BATCH_BYTES = 256 * 1024;

/**
 * A page's line around its facts as JSON already encoded (by the gather worker, off this thread):
 * the same entry as JSON.stringify would write, with `facts` last in the record.
 */
function pageLine(entry: Extract<JournalEntry, { t: 'page' }>, factsJson: Uint8Array): Buffer {
  const { t: _t, record, ...rest } = entry;
  const { facts: _facts, ...plain } = record;
  const head = `{"t":"page","record":${JSON.stringify(plain).slice(0, -1)},"facts":`;
  const more = JSON.stringify(rest);
  const tail = more === '{}' ? '}}\n' : `},${more.slice(1)}\n`;
  return Buffer.concat([Buffer.from(head, 'utf8'), factsJson, Buffer.from(tail, 'utf8')]);
}
const BATCH_MS = 200;

async function endsTorn(file: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    await handle.close();
  }
}

/**
 * Reads a journal entry by entry, without loading the file; a line cut short by a crash is
 * skipped (that page is simply fetched again). A missing journal has no entries. With `only`, the
 * other kinds of entry are passed over without being parsed (every line starts with its `t`).
 *
 * Lines are split on the bytes and each is decoded once: readline and its string decoder took
 * 9 s of a 5,000-page run to read a 157 MB journal, this takes well under one.
 */
export async function* journalEntries(file: string, only?: JournalEntry['t']): AsyncGenerator<JournalEntry> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const prefix = only ? Buffer.from(`{"t":${JSON.stringify(only)}`) : undefined;
  const parse = (buf: Buffer, from: number, to: number): JournalEntry | undefined => {
    if (to <= from) return undefined;
    if (prefix && (to - from < prefix.length || buf.compare(prefix, 0, prefix.length, from, from + prefix.length) !== 0)) return undefined;
    try {
      return JSON.parse(buf.toString('utf8', from, to)) as JournalEntry;
    } catch {
      return undefined; // a torn line
    }
  };
  try {
    let buf = Buffer.allocUnsafe(READ_BYTES);
    /** Unread bytes are buf[start, end). */
    let start = 0;
    let end = 0;
    for (;;) {
      if (start > 0) {
        buf.copy(buf, 0, start, end);
        end -= start;
        start = 0;
      }
      // A line longer than the buffer: make room for it.
      if (end === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, end);
        buf = bigger;
      }
      const { bytesRead } = await handle.read(buf, end, buf.length - end, null);
      end += bytesRead;
      for (;;) {
        const nl = buf.indexOf(0x0a, start);
        if (nl < 0 || nl >= end) break;
        const entry = parse(buf, start, nl);
        start = nl + 1;
        if (entry) yield entry;
      }
      if (bytesRead === 0) {
        const entry = parse(buf, start, end);
        if (entry) yield entry;
        return;
      }
    }
  } finally {
    await handle.close();
  }
}

const READ_BYTES = 1 << 20;

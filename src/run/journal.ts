// Append-only journal of one city's crawl. It is the run's write-ahead log: a run killed at any
// moment can be resumed from it (the frontier is rebuilt from the links of the pages already
// fetched), and the CSV files are derived from it, never the other way round.
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DiscoveredLink } from '../crawl/types.ts';
import type { LinkProblem, CrawlSummary } from '../crawl/crawler.ts';
import type { PageRecord } from '../gather/city-facts.ts';

export type JournalEntry =
  | { t: 'page'; record: PageRecord; links: DiscoveredLink[] }
  | { t: 'link'; problem: LinkProblem }
  | { t: 'done'; summary: CrawlSummary };

export class Journal {
  private constructor(private readonly stream: WriteStream) {}

  static async open(file: string): Promise<Journal> {
    await mkdir(dirname(file), { recursive: true });
    return new Journal(createWriteStream(file, { flags: 'a' }));
  }

  write(entry: JournalEntry): void {
    this.stream.write(`${JSON.stringify(entry)}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}

/** Reads a journal; a line cut short by a crash is ignored (that page is simply fetched again). */
export async function readJournal(file: string): Promise<JournalEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const entries: JournalEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      entries.push(JSON.parse(line) as JournalEntry);
    } catch {
      // a torn last line
    }
  }
  return entries;
}

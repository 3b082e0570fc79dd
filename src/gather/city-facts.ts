// What one city's crawl leaves behind for the stages after it (indicators, applications).
// Every fetched URL keeps a small record in memory; the full facts of its pages stay in the crawl's
// journal and are read back one page at a time, so that a 20,000-page portal is judged without
// holding 20,000 pages of links and text at once.
import type { PageFacts } from './types.ts';
import { quoteOfDate } from './date-context.ts';

/** A fetched URL as the crawl journals it: the response, and the page's facts when it was read. */
export interface PageEntry {
  url: string;
  finalUrl: string;
  depth: number;
  /** HTTP status of the final response; 0 when none arrived. */
  status: number;
  /** Reason word (contract.md): ok, http_404, dns, timeout, ... */
  reason: string;
  contentType: string;
  bytes: number;
  kind: 'page' | 'document';
  rendered: boolean;
  /** Requests the page tried in the browser that the gate refused (pages.csv blocked_requests); absent in journals written before it existed. */
  blockedRequests?: number;
  facts?: PageFacts;
}

/** What is kept in memory for every fetched URL: the response, and what pages.csv shows of its facts. */
export interface PageRecord extends Omit<PageEntry, 'facts'> {
  /** The page was HTML and its facts were gathered (read them with `CityFacts.readPages`). */
  read: boolean;
  title: string;
  /** Newest plausible date on the page, YYYY-MM-DD. */
  newestDate?: string;
  /** What the newest date was read from, as pages.csv newest_date_text shows it. */
  newestDateText?: string;
  /** gambling_spam, defaced, ... */
  flags: string[];
}

/** A read page: its record and its full facts. */
export interface ReadPage {
  record: PageRecord;
  facts: PageFacts;
}

export interface CityFacts {
  cityId: string;
  cityName: string;
  portal: string;
  domains: string[];
  /** The portal's home page answered with an HTML page. */
  reachable: boolean;
  /** Reason word for the portal's home page. */
  portalReason: string;
  /** Reference time of the crawl (freshness windows are measured from it). */
  now: Date;
  /** Every fetched URL, in crawl order. */
  pages: PageRecord[];
  /** The facts of every read page, in the order of `pages`, one page at a time. Can be read again. */
  readPages(): AsyncIterable<ReadPage>;
}

/** The in-memory record of a journalled page. */
export function pageRecord(entry: PageEntry): PageRecord {
  const { facts, ...rest } = entry;
  const record: PageRecord = { ...rest, read: Boolean(facts), title: facts?.meta.title ?? '', flags: facts?.flags ?? [] };
  if (facts?.newestDate) {
    record.newestDate = facts.newestDate;
    const said = quoteOfDate(facts.dates, facts.newestDate);
    if (said) record.newestDateText = said;
  }
  return record;
}

/**
 * A city whose pages' facts are in memory: for library callers and tests that gather pages
 * themselves. A crawl reads them from its journal instead.
 */
export function cityFromEntries(city: Omit<CityFacts, 'pages' | 'readPages'>, entries: readonly PageEntry[]): CityFacts {
  const read: ReadPage[] = [];
  const pages = entries.map((e) => {
    const record = pageRecord(e);
    if (e.facts) read.push({ record, facts: e.facts });
    return record;
  });
  return {
    ...city,
    pages,
    async *readPages() {
      yield* read;
    },
  };
}

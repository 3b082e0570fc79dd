import type { CityFacts, ReadPage } from '../gather/city-facts.ts';
import { IndexCache } from './text.ts';
import type { DetectorContext, FactPage } from './types.ts';

// Content injected by gambling spammers is the attackers', not the city's: it earns nothing.
const COMPROMISED = new Set(['gambling_spam', 'compromised', 'defaced']);

/** A fresh context for one city's detectors; the audits join it at `finish` (see startDetectors). */
export function makeContext(city: CityFacts): DetectorContext {
  return { city, now: city.now, pagesRead: 0, text: new IndexCache() };
}

/** A read page as detectors see it, or undefined when it is not the city's own readable content. */
export function factPage(read: ReadPage): FactPage | undefined {
  const { record, facts } = read;
  if (record.status >= 400 || facts.flags.some((f) => COMPROMISED.has(f))) return undefined;
  return { record, url: record.finalUrl || record.url, facts };
}

function strip(u: string): string {
  try {
    const x = new URL(u);
    return `${x.host}${x.pathname.replace(/\/+$/, '')}`;
  } catch {
    return u;
  }
}

/**
 * Picks the front page while the pages stream past: the page at the portal's address, else the
 * one redirected there, else the crawl's start page, else the first readable page.
 */
export class HomeFinder {
  private readonly want: string;
  private rank = Infinity;
  best?: FactPage;

  constructor(portal: string) {
    this.want = strip(portal);
  }

  offer(p: FactPage): void {
    if (this.rank === 0) return;
    const rank = strip(p.record.url) === this.want ? 0 : strip(p.url) === this.want ? 1 : p.record.depth === 0 ? 2 : 3;
    if (rank < this.rank) {
      this.rank = rank;
      this.best = p;
    }
  }
}

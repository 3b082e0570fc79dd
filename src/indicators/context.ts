import type { CityFacts, ReadPage } from '../gather/city-facts.ts';
import { IndexCache } from './text.ts';
import type { DetectorContext, FactPage } from './types.ts';

// A page that is wholly an attacker's (a gambling doorway, a defacement) earns nothing. A city page
// that merely carries injected spam links is still the city's: the flag stage has removed the
// injected part, and the rest is judged (`gambling_spam` alone).
const ATTACKERS = new Set(['spam_page', 'defacement', 'defaced', 'compromised']);

/** A fresh context for one city's detectors; the audits join it at `finish` (see startDetectors). */
export function makeContext(city: CityFacts): DetectorContext {
  return { city, now: city.now, pagesRead: 0, text: new IndexCache() };
}

/** The page is wholly an attacker's (doorway, defacement), not the city's. */
export const isAttackersPage = (flags: readonly string[]): boolean => flags.some((f) => ATTACKERS.has(f));

/** A read page as detectors see it, or undefined when it is not the city's own readable content. */
export function factPage(read: ReadPage): FactPage | undefined {
  const { record, facts } = read;
  // A page over the reading budget was not read: it has no facts to judge (reason too_complex).
  if (record.status >= 400 || isAttackersPage(facts.flags) || facts.cut?.tooComplexMs !== undefined) return undefined;
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

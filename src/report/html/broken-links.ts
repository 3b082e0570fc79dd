// The report's broken-link section: every city is listed, its dead targets grouped by address with
// the number of its pages that link there (a dead footer link on 300 pages is one row, not 300),
// worst first. The full list, one row per link and page, stays in links.csv.
import type { Row } from '../read-run.ts';

export interface BrokenTarget {
  target: string;
  reason: string;
  http: number | null;
  /** Distinct pages of the city that link to it. */
  pages: number;
  /** One of those pages, for the reader to open. */
  example: string;
}

export interface CityBroken {
  cityId: string;
  targets: BrokenTarget[];
  /** Broken link rows of the city in links.csv. */
  rows: number;
}

/** Broken links of each city (in the order given), grouped by target, most-linked first. */
export function groupBroken(links: readonly Row[], cityIds: readonly string[]): CityBroken[] {
  const byCity = new Map<string, Map<string, { t: BrokenTarget; sources: Set<string> }>>();
  const rows = new Map<string, number>();
  for (const l of links) {
    if (l.status !== 'broken') continue;
    const city = l.city_id ?? '';
    rows.set(city, (rows.get(city) ?? 0) + 1);
    let targets = byCity.get(city);
    if (!targets) byCity.set(city, (targets = new Map()));
    const key = l.target_url ?? '';
    let entry = targets.get(key);
    if (!entry) {
      const http = Number(l.http_status);
      entry = { t: { target: key, reason: l.reason ?? '', http: Number.isFinite(http) && http > 0 ? http : null, pages: 0, example: l.source_url ?? '' }, sources: new Set() };
      targets.set(key, entry);
    }
    entry.sources.add(l.source_url ?? '');
  }
  return cityIds.map((cityId) => {
    const targets = [...(byCity.get(cityId)?.values() ?? [])].map(({ t, sources }) => ({ ...t, pages: sources.size }));
    targets.sort((a, b) => b.pages - a.pages || a.target.localeCompare(b.target));
    return { cityId, targets, rows: rows.get(cityId) ?? 0 };
  });
}

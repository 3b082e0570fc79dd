// Builds a CityFacts from HTML pages with the real gather step, so that fixtures test the whole
// path from markup to indicator.
import { gatherPage } from '../../src/gather/index.ts';
import { cityFromEntries, type CityFacts, type PageEntry } from '../../src/gather/city-facts.ts';

export const FIXTURE_NOW = new Date('2026-03-15T03:00:00Z');
export const FIXTURE_PORTAL = 'https://www.kotacontoh.go.id/';

export interface HtmlPage {
  url: string;
  html: string;
  bytes?: number;
  status?: number;
  /** Flags a later stage would have set (gambling_spam, ...). */
  flags?: string[];
}

export function cityFromHtml(pages: HtmlPage[], opts: { portal?: string; now?: Date; cityId?: string; domains?: string[] } = {}): CityFacts {
  const portal = opts.portal ?? pages[0]?.url ?? FIXTURE_PORTAL;
  const now = opts.now ?? FIXTURE_NOW;
  const portalHost = new URL(portal).hostname;
  const domains = opts.domains ?? [portalHost.replace(/^www\./, '')];
  const isInternal = (u: URL) => u.hostname === portalHost || domains.some((d) => u.hostname === d || u.hostname.endsWith(`.${d}`));
  const entries: PageEntry[] = pages.map((p, i) => ({
    url: p.url,
    finalUrl: p.url,
    depth: i === 0 ? 0 : 1,
    status: p.status ?? 200,
    reason: 'ok',
    contentType: 'text/html; charset=utf-8',
    bytes: p.bytes ?? Buffer.byteLength(p.html),
    kind: 'page',
    rendered: false,
    facts: { ...gatherPage(p.html, { url: p.url, isInternal, now }), flags: p.flags ?? [] },
  }));
  return cityFromEntries(
    { cityId: opts.cityId ?? 'kota-contoh', cityName: 'Kota Contoh', portal, domains, reachable: true, portalReason: 'ok', now },
    entries,
  );
}

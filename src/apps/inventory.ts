// The city's application inventory: what the targets file lists, plus what the portal links to —
// other hosts under the city's domains, entries of "Aplikasi" / "Layanan Online" pages, and
// national platforms. Discovery is deliberately conservative about the portal's own host: its
// links are menus and news, not applications.
import type { CityFacts, ReadPage } from '../gather/city-facts.ts';
import type { LinkFact, PageFacts } from '../gather/types.ts';
import { inferCategory } from './category.ts';
import { appStorePage, inferKind, storeAppName } from './kind.ts';
import { nationalPlatform } from './platforms.ts';
import type { AppEntry, Category } from './types.ts';
import { appKey, bareHost, hostOf, registrableDomain, underDomain } from './url.ts';

/** What the inventory needs of a target (config/targets.ts `Target` fits). */
export interface InventoryTarget {
  id: string;
  name?: string;
  portal: string;
  domains?: string[];
  applications?: Array<{ name: string; url: string; category?: Category }>;
}

/** Titles and headings of pages that list applications. */
export const APP_LIST_WORDS =
  /\b(aplikasi|daftar aplikasi|layanan online|layanan daring|layanan elektronik|e-?services?|online services|link aplikasi|tautan aplikasi|portal layanan|smart city|aplikasi layanan publik)\b/i;

/** Hosts that are never a city application even when an application list links to them. */
const NOT_APPS = /(^|\.)(google\.[a-z.]+|goo\.gl|apple\.com|microsoft\.com|facebook\.com|fb\.com|instagram\.com|twitter\.com|x\.com|youtube\.com|youtu\.be|tiktok\.com|linkedin\.com|wa\.me|whatsapp\.com|t\.me|telegram\.(me|org)|w3\.org|wordpress\.(org|com)|blogger\.com|blogspot\.com|gstatic\.com|googleapis\.com|cloudflare\.com|jquery\.com|jsdelivr\.net|bootstrapcdn\.com|fontawesome\.com|bit\.ly|s\.id|histats\.com|statcounter\.com|addthis\.com|sharethis\.com|creativecommons\.org)$/i;

const LINK_KINDS_CONSIDERED = new Set(['internal', 'external']);

/** Link texts that say nothing about the application. */
const EMPTY_TEXT = /^(klik( di)?( sini)?|click( here)?|here|di ?sini|selengkapnya|lihat|kunjungi|visit|link|tautan|more|read more|baca|buka|open|go|>+|»|→|\W*)$/i;

export function cityDomains(target: InventoryTarget, facts?: Pick<CityFacts, 'domains'>): string[] {
  const listed = target.domains?.length ? target.domains : facts?.domains?.length ? facts.domains : [];
  const portalDomain = registrableDomain(hostOf(target.portal));
  return [...new Set([...listed.map((d) => d.toLowerCase()), portalDomain].filter(Boolean))];
}

function isAppListPage(f: PageFacts): boolean {
  if (APP_LIST_WORDS.test(f.meta.title)) return true;
  return f.headings.some((h) => h.level <= 3 && APP_LIST_WORDS.test(h.text));
}

/** The inventory, page by page: `page` for every page read, then `finish`. */
export interface InventoryRun {
  page(read: ReadPage): void;
  finish(): AppEntry[];
}

/** Starts the inventory. `facts` may be absent (portal unreachable): then only the listed apps. */
export function startInventory(target: InventoryTarget, facts?: CityFacts): InventoryRun {
  const byKey = new Map<string, AppEntry>();
  const portalHost = bareHost(hostOf(target.portal));

  for (const app of target.applications ?? []) {
    const key = appKey(app.url);
    if (byKey.has(key)) continue;
    const guess = app.category ? { category: app.category, reason: 'from targets' } : inferCategory(app.name, app.url);
    const platform = nationalPlatform(bareHost(hostOf(app.url)));
    const kind = inferKind(app.name, app.url, platform);
    byKey.set(key, {
      cityId: target.id, name: app.name, url: app.url, key, source: 'targets',
      category: guess.category, categoryReason: guess.reason,
      platform: platform?.name, kind: kind.kind, kindReason: kind.reason,
    });
  }
  if (!facts) return { page: () => {}, finish: () => [...byKey.values()] };

  const domains = cityDomains(target, facts);
  // Listed apps with a path claim every discovered link under that path.
  const listedWithPath = [...byKey.values()].filter((a) => a.key.includes('/')).map((a) => a.key);

  const candidates = new Map<string, { url: string; texts: string[]; foundOn: string; platform?: string }>();
  return {
    page({ record: page, facts: f }) {
      const listPage = isAppListPage(f);
      for (const link of f.links) {
        const c = candidate(link, listPage, portalHost, domains);
        if (!c) continue;
        const fullKey = appKey(link.href);
        const key = listedWithPath.find((k) => fullKey === k || fullKey.startsWith(`${k}/`)) ?? c.key;
        if (byKey.has(key)) continue;
        let entry = candidates.get(key);
        if (!entry) {
          entry = { url: c.url, texts: [], foundOn: page.finalUrl || page.url, platform: c.platform };
          candidates.set(key, entry);
        }
        if (link.text) entry.texts.push(link.text);
      }
    },
    finish() {
      for (const [key, c] of [...candidates].sort(([a], [b]) => a.localeCompare(b))) {
        const picked = pickName(c.texts);
        const name = storeAppName(picked ?? '', c.url) ?? picked ?? c.platform ?? hostOf(c.url);
        const platform = nationalPlatform(bareHost(hostOf(c.url)));
        const guess = platform
          ? { category: platform.category, reason: `national platform ${platform.name}` }
          : inferCategory(name, c.url);
        const kind = inferKind(name, c.url, platform);
        byKey.set(key, {
          cityId: target.id, name, url: c.url, key, source: 'discovered', foundOn: c.foundOn,
          category: guess.category, categoryReason: guess.reason, platform: platform?.name,
          kind: kind.kind, kindReason: kind.reason,
        });
      }
      return [...byKey.values()];
    },
  };
}

/** startInventory over all of the city's pages at once. */
export async function buildInventory(target: InventoryTarget, facts?: CityFacts): Promise<AppEntry[]> {
  const run = startInventory(target, facts);
  if (facts) for await (const read of facts.readPages()) run.page(read);
  return run.finish();
}

function candidate(
  link: LinkFact,
  onListPage: boolean,
  portalHost: string,
  domains: string[],
): { key: string; url: string; platform?: string } | undefined {
  if (!LINK_KINDS_CONSIDERED.has(link.kind) || link.hidden) return undefined;
  let u: URL;
  try {
    u = new URL(link.href);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  // A mobile app the portal links to is part of the inventory, wherever the link is: its store
  // page is checked like any entry (an app taken off the store answers 404).
  if (appStorePage(link.href)) {
    const url = /^(www\.)?play\.google\.com$/i.test(u.hostname)
      ? `https://play.google.com/store/apps/details?id=${encodeURIComponent(u.searchParams.get('id')!)}`
      : `https://${u.hostname.toLowerCase()}${u.pathname}`;
    return { key: appKey(url), url };
  }
  const host = bareHost(u.hostname);
  // The portal, its www and the bare city domains are the portal itself, not applications.
  if (!host || host === portalHost || domains.includes(host) || NOT_APPS.test(host)) return undefined;
  const platform = nationalPlatform(host);
  const cityHost = domains.some((d) => underDomain(host, d));
  // Elsewhere than an application list, only the city's own hosts and national platforms count:
  // news pages link to every ministry and newspaper.
  if (!cityHost && !platform && !onListPage) return undefined;
  // An application is a host; a link deep inside it names the same application.
  const url = `${u.protocol}//${u.host}/`;
  return { key: appKey(url, false), url, platform: platform?.name };
}

function pickName(texts: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const t of texts) {
    const text = t.replace(/\s+/g, ' ').trim();
    if (!text || text.length > 80 || EMPTY_TEXT.test(text)) continue;
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  let best: string | undefined;
  let n = 0;
  for (const [t, c] of counts) if (c > n) [best, n] = [t, c];
  return best;
}

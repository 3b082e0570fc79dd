import type { DateFact } from './types.ts';
import { findDates, parseDateText, standaloneRelative } from './dates.ts';
import { metaKey } from './meta.ts';
import type { PageScan } from './scan.ts';

const MAX_SOURCE_TEXT = 80;

const META_DATE_KEYS: ReadonlySet<string> = new Set([
  'article:published_time', 'article:modified_time', 'og:updated_time', 'date', 'datepublished', 'datemodified',
  'datecreated', 'pubdate', 'publishdate', 'last-modified',
]);
/** Dublin Core date elements (dcterms.modified, DC.date.issued, ...), not dcterms.title and friends. */
const DUBLIN_CORE_DATE = /^(?:dcterms|dc)\.(?:date|created|modified|issued|available|valid)/;
const JSONLD_DATE_KEYS: ReadonlySet<string> = new Set(['datePublished', 'dateModified', 'dateCreated']);
const MAX_JSONLD_DEPTH = 12;

function isMetaDateKey(key: string): boolean {
  return META_DATE_KEYS.has(key) || DUBLIN_CORE_DATE.test(key);
}

function jsonLdDates(value: unknown, out: string[], depth = 0): void {
  if (depth > MAX_JSONLD_DEPTH || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) jsonLdDates(item, out, depth + 1);
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    if (JSONLD_DATE_KEYS.has(key) && typeof child === 'string') out.push(child);
    else jsonLdDates(child, out, depth + 1);
  }
}

/** /2024/02/12/ (WordPress) or /2024/02/slug.html (Blogger, read as the 1st of the month). */
const URL_DATE = /\/((?:19|20)\d{2})\/(0?[1-9]|1[0-2])(?:\/(?:(0?[1-9]|[12]\d|3[01])(?=\/|$))?|$)/;

function urlDate(pageUrl: string, now: Date): DateFact | null {
  let path: string;
  try {
    path = new URL(pageUrl).pathname;
  } catch {
    return null;
  }
  const m = URL_DATE.exec(path);
  if (!m) return null;
  const day = m[3] ?? '1';
  const iso = parseDateText(`${m[1]}-${m[2]!.padStart(2, '0')}-${day.padStart(2, '0')}`, now);
  return iso ? { iso, text: m[0], source: 'url' } : null;
}

/**
 * The latest calendar date that has begun somewhere on Earth (UTC+14). A page in WIT (UTC+9) may
 * rightly carry "today" while it is still yesterday in UTC.
 */
function latestToday(now: Date): string {
  return new Date(now.getTime() + 14 * 3_600_000).toISOString().slice(0, 10);
}

export interface PageDates {
  dates: DateFact[];
  newestDate?: string;
}

/**
 * Dates from structured sources first (meta, JSON-LD, microdata, `<time>`, the URL), then from the
 * visible text. The first structured date gives the year for year-less datelines ("Kamis (29/11)").
 */
export function collectPageDates(scan: PageScan, fullText: string, pageUrl: string, now: Date): PageDates {
  const facts: DateFact[] = [];
  const add = (raw: string, source: DateFact['source']): void => {
    const iso = parseDateText(raw, now);
    if (iso) facts.push({ iso, text: raw.trim().slice(0, MAX_SOURCE_TEXT), source });
  };

  for (const attribs of scan.metas) {
    if (attribs.content !== undefined && isMetaDateKey(metaKey(attribs))) add(attribs.content, 'meta');
  }
  for (const { value } of scan.microdataDates) add(value, 'meta');
  for (const script of scan.jsonLd) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(script);
    } catch {
      continue; // Broken JSON-LD is common; the page's other dates still count.
    }
    const found: string[] = [];
    jsonLdDates(parsed, found);
    for (const raw of found) add(raw, 'jsonld');
  }
  for (const time of scan.times) {
    if (time.datetime?.trim()) add(time.datetime, 'time');
    else if (time.text) add(time.text, 'time');
  }
  const fromUrl = urlDate(pageUrl, now);
  if (fromUrl) facts.push(fromUrl);

  const pageYear = facts.length > 0 ? Number(facts[0]!.iso.slice(0, 4)) : undefined;
  facts.push(...findDates(fullText, now, { pageYear }));
  // A date label ("post-date") may hold a bare "kemarin" that the running text rightly ignores;
  // its other dates are already in the running text.
  for (const label of scan.dateLabels) {
    const relative = standaloneRelative(label, now);
    if (relative) facts.push(relative);
  }

  const seen = new Set<string>();
  const dates = facts.filter((f) => {
    const key = f.iso + f.source;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const today = latestToday(now);
  let newestDate: string | undefined;
  for (const { iso } of dates) if (iso <= today && (newestDate === undefined || iso > newestDate)) newestDate = iso;
  return newestDate === undefined ? { dates } : { dates, newestDate };
}

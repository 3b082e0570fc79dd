import type { DateFact } from './types.ts';
import { dateKey, dateMatches, findDates, latestToday, parseDateText, standaloneRelative } from './dates.ts';
import { isElement, textOf, type DomElement, type DomNode } from './dom.ts';
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
/** /berita/2024-07-02-wali-kota-… or /berita/20240702-…: a slug that opens with its date. */
const URL_SLUG_DATE = /\/((?:19|20)\d{2})(-?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?=[-_./]|$)/;

function urlDate(pageUrl: string, now: Date): DateFact | null {
  let path: string;
  try {
    path = new URL(pageUrl).pathname;
  } catch {
    return null;
  }
  const m = URL_DATE.exec(path);
  if (m) {
    const day = m[3] ?? '1';
    const iso = parseDateText(`${m[1]}-${m[2]!.padStart(2, '0')}-${day.padStart(2, '0')}`, now);
    return iso ? { iso, text: m[0], source: 'url' } : null;
  }
  const slug = URL_SLUG_DATE.exec(path);
  if (!slug) return null;
  const iso = parseDateText(`${slug[1]}-${slug[3]}-${slug[4]}`, now);
  return iso ? { iso, text: slug[0], source: 'url' } : null;
}

/**
 * A form's own text is not the page's news: a date it offers ("<option>17/08/2024</option>") or
 * shows as an example ("contoh: 01/01/2024") says nothing of upkeep. A form that wraps the page
 * (ASP.NET WebForms wraps everything in one) holds headings, articles or navigation, or a lot of
 * text: it is the page, and is not passed over.
 */
const MAX_FORM_TEXT = 3000;
const PAGE_PARTS: ReadonlySet<string> = new Set(['main', 'article', 'section', 'nav', 'header', 'footer', 'h1', 'h2', 'h3']);
const MAX_FORM_NODES = 5000;

function wrapsPage(el: DomElement): boolean {
  const stack: DomNode[] = [...(el.children ?? [])];
  for (let seen = 0; stack.length > 0; seen++) {
    if (seen > MAX_FORM_NODES) return true;
    const node = stack.pop()!;
    if (!isElement(node)) continue;
    if (PAGE_PARTS.has(node.name)) return true;
    if (node.children) stack.push(...node.children);
  }
  return false;
}

function formDates(scan: PageScan): Map<string, number> {
  const counts = new Map<string, number>();
  const els = [...scan.forms.map((f) => f.el), ...scan.looseControls.map((c) => c.el).filter((el) => el.name === 'select' || el.name === 'textarea')];
  for (const el of els) {
    if (wrapsPage(el)) continue;
    const text = textOf(el, undefined, MAX_FORM_TEXT + 1);
    if (text.length > MAX_FORM_TEXT) continue;
    for (const m of dateMatches(text)) {
      const key = dateKey(m[0]);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

export interface PageDates {
  dates: DateFact[];
  newestDate?: string;
}

/**
 * Dates from structured sources first (meta, JSON-LD, microdata, `<time>`, the URL), then from the
 * visible text. A year-less dateline ("Kamis (29/11)") takes the year of the full date near it or of
 * the structured dates (see findDates); dates inside small forms are passed over.
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

  // The article's own dates date its year-less datelines: meta, JSON-LD and the URL before
  // <time>, which on a list page belongs to one item of many; the newest first, since what an
  // article mentions happened before it was last modified, not only before it was published.
  const newestFirst = (a: DateFact, b: DateFact) => (a.iso < b.iso ? 1 : a.iso > b.iso ? -1 : 0);
  const anchors = [
    ...facts.filter((f) => f.source !== 'time').sort(newestFirst),
    ...facts.filter((f) => f.source === 'time').sort(newestFirst),
  ];
  facts.push(...findDates(fullText, now, { anchors, exclude: formDates(scan), context: true }));
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

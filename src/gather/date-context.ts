// What a date found in running text needs beyond its own characters: the words around it (so a
// researcher reading the evidence sees why it was taken) and, for a date printed without a year
// ("Selasa (02/07)", "Senin, 14 Agustus"), the year of the article it belongs to.
// A year-less date is never given the crawl's year by default: a portal last touched in 2019 that
// prints "Kamis (29/11)" would otherwise look updated last month.

import type { DateFact } from './types.ts';

const DAY_MS = 86_400_000;
/** Characters of surrounding text shown on each side of a date. */
const CONTEXT_SIDE = 40;
/** Evidence stays short enough for a CSV cell and the indicator's 160-character evidence. */
export const MAX_CONTEXT = 110;
/**
 * How far a year-less date may be from the full date that dates it. A byline and the dateline of
 * the same article, or the date of a list item and its teaser, are within a few hundred
 * characters; farther away the full date belongs to another item.
 */
export const NEAR_CHARS = 400;
/**
 * An article may announce an event a little after its own date ("akan digelar Senin (8/1)");
 * a weekday that only fits the next occurrence is accepted within this many days of the anchor.
 */
const AHEAD_DAYS = 62;

const WEEKDAYS: Readonly<Record<string, number>> = {
  minggu: 0, ahad: 0, sunday: 0, senin: 1, monday: 1, selasa: 2, tuesday: 2, rabu: 3, wednesday: 3,
  kamis: 4, thursday: 4, jumat: 5, friday: 5, sabtu: 6, saturday: 6,
};

/** 0 (Sunday) … 6, or undefined for a word that is not a weekday. */
export function weekdayIndex(word: string | undefined): number | undefined {
  if (!word) return undefined;
  return WEEKDAYS[word.toLowerCase().replace(/['`\u2019]/g, '')];
}

/** The text around [start, end), cut at word boundaries, whitespace collapsed, capped. */
export function contextOf(text: string, start: number, end: number, max = MAX_CONTEXT): string {
  let from = Math.max(0, start - CONTEXT_SIDE);
  let to = Math.min(text.length, end + CONTEXT_SIDE);
  if (from > 0) {
    const space = text.indexOf(' ', from);
    if (space !== -1 && space < start) from = space + 1;
  }
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    if (space >= end) to = space;
  }
  let s = text.slice(from, to).replace(/\s+/g, ' ').trim();
  if (from > 0) s = `…${s}`;
  if (to < text.length) s = `${s}…`;
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function utc(year: number, month: number, day: number): number | undefined {
  const t = Date.UTC(year, month - 1, day);
  const d = new Date(t);
  // 29/2 in a common year rolls over to 1 March: that day does not exist.
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? t : undefined;
}

/**
 * The year of day/month as written in an article dated `anchorIso`: the latest such day not after
 * the article's date (plus a day for time zones). When a weekday is printed it must agree; a
 * weekday that only fits the next occurrence (an announced event, shortly after) is taken too.
 * Undefined when no year fits.
 */
export function yearFromAnchor(day: number, month: number, weekday: number | undefined, anchorIso: string): number | undefined {
  const anchorYear = Number(anchorIso.slice(0, 4));
  const anchor = Date.parse(`${anchorIso}T00:00:00Z`);
  if (!Number.isFinite(anchorYear) || Number.isNaN(anchor)) return undefined;
  // Two years back covers 29 February only when the anchor itself is near a leap year; further
  // back is not "the same article" any more.
  for (let year = anchorYear; year >= anchorYear - 1; year--) {
    const t = utc(year, month, day);
    if (t === undefined || t > anchor + DAY_MS) continue;
    if (weekday === undefined || new Date(t).getUTCDay() === weekday) return year;
    break;
  }
  if (weekday === undefined) return undefined;
  for (let year = anchorYear; year <= anchorYear + 1; year++) {
    const t = utc(year, month, day);
    if (t === undefined || t <= anchor + DAY_MS || t > anchor + AHEAD_DAYS * DAY_MS) continue;
    if (new Date(t).getUTCDay() === weekday) return year;
  }
  return undefined;
}

/**
 * The page's words for a date, as evidence shows them: its context in the text, else the value of
 * the tag, JSON-LD or URL it was read from ("meta: 2024-02-19T10:15:00+07:00"). Capped.
 */
export function quoteOf(fact: Pick<DateFact, 'text' | 'source' | 'context'>): string {
  const said = fact.context ?? (fact.source === 'text' || fact.source === 'relative' ? fact.text : `${fact.source}: ${fact.text}`);
  return said.length > MAX_CONTEXT ? `${said.slice(0, MAX_CONTEXT - 1)}…` : said;
}

/** Of the facts for one date, the one a reader learns most from: read from the text, with its words. */
export function quoteOfDate(facts: readonly DateFact[], iso: string): string | undefined {
  let best: DateFact | undefined;
  for (const f of facts) {
    if (f.iso === iso && (!best || (f.context !== undefined && best.context === undefined))) best = f;
  }
  return best && quoteOf(best);
}

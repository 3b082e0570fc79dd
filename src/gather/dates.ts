// Dates as Indonesian and English government pages write them.
// Numeric dates are always read day first: Indonesian pages never use the US order, and a
// "month" above 12 means the string is not a date, not that it should be swapped.

import type { DateFact } from './types.ts';
import { contextOf, MAX_CONTEXT, NEAR_CHARS, weekdayIndex, yearFromAnchor } from './date-context.ts';

const DAY_MS = 86_400_000;
/** Older dates on a city portal are placeholders or typos, not publication dates. */
const MIN_YEAR = 1995;
const MAX_FACTS = 300;
const MAX_FACT_TEXT = 80;

const MONTHS: Readonly<Record<string, number>> = {
  januari: 1, january: 1, jan: 1,
  februari: 2, pebruari: 2, february: 2, feb: 2, peb: 2,
  maret: 3, march: 3, mar: 3,
  april: 4, apr: 4,
  mei: 5, may: 5,
  juni: 6, june: 6, jun: 6,
  juli: 7, july: 7, jul: 7,
  agustus: 8, august: 8, agt: 8, agu: 8, ags: 8, agst: 8, aug: 8,
  september: 9, sept: 9, sep: 9,
  oktober: 10, october: 10, okt: 10, oct: 10,
  november: 11, nopember: 11, nov: 11, nop: 11,
  desember: 12, december: 12, des: 12, dec: 12,
};
// Longest first, so that "Juni" is not read as "Jun" + "i".
const MONTH = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');
const MONTH_BEFORE = new RegExp(`(?<![a-z])(?:${MONTH})\\.?\\s{1,3}$`, 'i');
const WEEKDAY = "senin|selasa|rabu|kamis|jum(?:'|`|\u2019)?at|sabtu|minggu|ahad|monday|tuesday|wednesday|thursday|friday|saturday|sunday";
const ORDINAL = '(?:st|nd|rd|th)?';

const ID_UNITS: Readonly<Record<string, Unit>> = {
  detik: 'second', dtk: 'second', menit: 'minute', mnt: 'minute', jam: 'hour', hari: 'day',
  minggu: 'week', pekan: 'week', bulan: 'month', bln: 'month', tahun: 'year', thn: 'year',
};
type Unit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

export const DATE_RE = new RegExp(
  [
    // 2024-02-12, 2024-02-12T08:00:00+07:00, 2024/02/12
    `(?<![\\d.])(?<isoY>\\d{4})(?<isoS>[-/.])(?<isoM>\\d{1,2})\\k<isoS>(?<isoD>\\d{1,2})(?!\\d)` +
      `(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?`,
    // 12 Februari 2024, 12-Feb-2024, 26th November, 2025
    // 14 Agu 25: a two-digit year (Hugo and Blogger themes), unless a time ("14:05") or the next
    // month of a table ("Jan 25 Feb 26") follows.
    `(?<![\\d.])(?<tD>\\d{1,2})${ORDINAL}[\\s./-]{0,3}(?<tMon>${MONTH})(?![a-z])\\.?[\\s,./-]{0,3}` +
      `(?<tY>\\d{4}(?!\\d)|\\d{2}(?!\\d|[:.]\\d|\\s{0,3}(?:${MONTH})(?![a-z])))`,
    // February 12, 2024
    `(?<![a-z])(?<eMon>${MONTH})(?![a-z])\\.?\\s{0,3}(?<eD>\\d{1,2})${ORDINAL}(?![\\d:.])\\s{0,3},?\\s{0,3}(?<eY>\\d{4})(?!\\d)`,
    // 12/02/2024, 07-05-2018, 19/2/2024
    `(?<![\\d./-])(?<nD>\\d{1,2})(?<nS>[-/.])(?<nM>\\d{1,2})\\k<nS>(?<nY>\\d{4})(?!\\d|[./-]\\d)`,
    // Kamis (29/11): a dateline without a year
    `(?<![a-z])(?<wW>${WEEKDAY})\\s{0,2},?\\s{0,2}\\(\\s{0,2}(?<wD>\\d{1,2})\\s{0,2}/\\s{0,2}(?<wM>\\d{1,2})\\s{0,2}\\)`,
    // Senin, 14 Agustus / 2 Juli: a day and month without a year (none follows)
    `(?:(?<![a-z])(?<yW>${WEEKDAY})\\s{0,2},?\\s{0,2})?(?<![\\d.])(?<yD>\\d{1,2})${ORDINAL}[\\s./-]{0,3}` +
      `(?<yMon>${MONTH})(?![a-z])(?!\\.?[\\s,./-]{0,3}\\d)`,
    // 2 hari yang lalu, sebulan lalu
    `(?<![a-z0-9])(?<iN>\\d{1,3}|se|satu)\\s{0,2}(?<iU>detik|dtk|menit|mnt|jam|hari|minggu|pekan|bulan|bln|tahun|thn)` +
      `\\s{1,3}(?:yang\\s{1,3}|yg\\s{1,3})?lalu(?![a-z])`,
    // 2 days ago, an hour ago
    `(?<![a-z0-9])(?<gN>\\d{1,3}|an?|one)\\s{1,2}(?<gU>sec(?:ond)?s?|min(?:ute)?s?|h(?:ou)?rs?|hour|days?|weeks?|months?|years?)` +
      `\\s{1,2}ago(?![a-z])`,
  ].join('|'),
  'gi',
);

// DATE_RE over a whole page was a tenth of gathering it: its alternatives open with lookbehinds,
// so the engine tries each of them at every character. Every match holds a four-digit year, a
// "(", "lalu", "ago" or a day followed by a month name near its start, so DATE_RE is only tried,
// anchored, at the starts of words a little before each of those.
const DATE_AT = new RegExp(DATE_RE.source, 'iy');
const DATE_ANCHOR = new RegExp(`\\d{4}|\\(|lalu|ago|\\d${ORDINAL}[\\s./-]{0,3}(?:${MONTH})(?![a-z])`, 'gi');
/**
 * How far into a match its anchor can start: "September.   12th   ,   2024" (the English form,
 * longest month name, every optional part at its longest) has its year 24 characters in.
 */
const ANCHOR_REACH = 24;

/** 1 for an ASCII letter, 2 for a digit, 0 else: what DATE_RE's lookbehinds tell apart. */
function charClass(code: number): number {
  if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) return 1;
  return code >= 48 && code <= 57 ? 2 : 0;
}

/**
 * The matches of DATE_RE in the text, exactly as text.matchAll(DATE_RE) gives them. Every
 * alternative starts with a letter or digit that follows a character of another class, and holds
 * an anchor within ANCHOR_REACH characters of its start, so only those positions are tried.
 */
export function* dateMatches(text: string): Generator<RegExpExecArray> {
  let pos = 0;
  let tried = -1;
  while (pos < text.length) {
    DATE_ANCHOR.lastIndex = pos;
    const anchor = DATE_ANCHOR.exec(text);
    if (!anchor) return;
    let found: RegExpExecArray | null = null;
    for (let at = Math.max(pos, anchor.index - ANCHOR_REACH, tried + 1); at <= anchor.index; at++) {
      const cls = charClass(text.charCodeAt(at));
      if (cls === 0 || (at > 0 && charClass(text.charCodeAt(at - 1)) === cls)) continue;
      DATE_AT.lastIndex = at;
      found = DATE_AT.exec(text);
      if (found) break;
    }
    tried = anchor.index;
    if (found) {
      yield found;
      pos = found.index + found[0].length;
    } else pos = anchor.index + 1;
  }
}

/**
 * Words that are a date only when they stand alone (a byline that says just "kemarin"): in running
 * text "kemarin", "baru saja" and "minggu lalu" are ordinary prose and would make every article
 * look fresh on the day it is crawled.
 */
const BARE_RELATIVE: Readonly<Record<string, [number, Unit]>> = {
  'baru saja': [0, 'day'], 'hari ini': [0, 'day'], 'just now': [0, 'day'], today: [0, 'day'],
  kemarin: [1, 'day'], yesterday: [1, 'day'],
  'minggu lalu': [1, 'week'], 'pekan lalu': [1, 'week'], 'last week': [1, 'week'],
  'bulan lalu': [1, 'month'], 'last month': [1, 'month'],
  'tahun lalu': [1, 'year'], 'last year': [1, 'year'],
};
const BYLINE_PREFIX = /^(?:(?:diposting|diposkan|diterbitkan|dipublikasikan|diperbarui|diupdate|posted|published|updated)(?:\s+(?:pada|on))?\s*:?\s*)/i;
const TRAILING_TIME = /[\s,]*(?:(?:pukul|pkl\.?|jam|at)\s*)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:wib|wita|wit|wp)?$/i;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function isoOf(d: Date): string {
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** A calendar date that exists, is not before MIN_YEAR and not after now + 1 day; else null. */
function validIso(year: number, month: number, day: number, now: Date): string | null {
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (Date.UTC(year, month - 1, day) > now.getTime() + DAY_MS) return null;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/**
 * The latest calendar date that has begun somewhere on Earth (UTC+14), YYYY-MM-DD. A page in WIT
 * (UTC+9) may rightly carry "today" while it is still yesterday in UTC; a later date is the future
 * (an agenda, a deadline), not an update.
 */
export function latestToday(now: Date): string {
  return new Date(now.getTime() + 14 * 3_600_000).toISOString().slice(0, 10);
}

function subtract(now: Date, amount: number, unit: Unit): Date {
  const d = new Date(now.getTime());
  switch (unit) {
    case 'second': return new Date(d.getTime() - amount * 1000);
    case 'minute': return new Date(d.getTime() - amount * 60_000);
    case 'hour': return new Date(d.getTime() - amount * 3_600_000);
    case 'day': return new Date(d.getTime() - amount * DAY_MS);
    case 'week': return new Date(d.getTime() - amount * 7 * DAY_MS);
    case 'month':
    case 'year': {
      const months = unit === 'year' ? amount * 12 : amount;
      const total = d.getUTCFullYear() * 12 + d.getUTCMonth() - months;
      const year = Math.floor(total / 12);
      const month = total - year * 12;
      // "6 bulan yang lalu" on 31 August is the end of February, not 3 March.
      const day = Math.min(d.getUTCDate(), daysInMonth(year, month + 1));
      return new Date(Date.UTC(year, month, day));
    }
  }
}

function relativeIso(amount: number, unit: Unit, now: Date): string | null {
  const d = subtract(now, amount, unit);
  return d.getUTCFullYear() < MIN_YEAR ? null : isoOf(d);
}

function countOf(word: string): number {
  const w = word.toLowerCase();
  if (w === 'se' || w === 'satu' || w === 'a' || w === 'an' || w === 'one') return 1;
  return Number(w);
}

function englishUnit(word: string): Unit {
  const w = word.toLowerCase();
  if (w.startsWith('sec')) return 'second';
  if (w.startsWith('min')) return 'minute';
  if (w.startsWith('h')) return 'hour';
  if (w.startsWith('d')) return 'day';
  if (w.startsWith('w')) return 'week';
  if (w.startsWith('mo')) return 'month';
  return 'year';
}

/** "kemarin", "Diperbarui baru saja", "yesterday 14:05": a bare relative word standing alone. */
export function standaloneRelative(text: string, now: Date): DateFact | null {
  if (text.length > 60) return null;
  const core = text
    .trim()
    .replace(BYLINE_PREFIX, '')
    .replace(TRAILING_TIME, '')
    .replace(/^[\s|•·:,-]+|[\s|•·:,.!-]+$/g, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();
  const rule = BARE_RELATIVE[core];
  if (!rule) return null;
  const iso = relativeIso(rule[0], rule[1], now);
  return iso ? { iso, text: text.trim().slice(0, MAX_FACT_TEXT), source: 'relative' } : null;
}

/** A day and month printed without a year, waiting for the year of its article. */
interface Yearless {
  day: number;
  month: number;
  weekday: number | undefined;
}

/** A dated fact, or the day and month of a year-less one; null when the match is not a date. */
function factOf(m: RegExpExecArray, now: Date): DateFact | Yearless | null {
  const g = m.groups!;
  let iso: string | null = null;
  let source: DateFact['source'] = 'text';
  if (g.isoY !== undefined) {
    if (g.isoS === '.' && (g.isoM!.length < 2 || g.isoD!.length < 2)) return null; // 2023.1.2 is a version
    iso = validIso(Number(g.isoY), Number(g.isoM), Number(g.isoD), now);
  } else if (g.tD !== undefined) {
    // "Jan 12 Feb 14": a two-digit "year" after a month and a number is the next cell of a
    // table of months, not a date.
    if (g.tY!.length === 2 && MONTH_BEFORE.test(m.input.slice(Math.max(0, m.index - 12), m.index))) return null;
    iso = validIso(fullYear(g.tY!, now), MONTHS[g.tMon!.toLowerCase()]!, Number(g.tD), now);
  } else if (g.eMon !== undefined) {
    iso = validIso(Number(g.eY), MONTHS[g.eMon.toLowerCase()]!, Number(g.eD), now);
  } else if (g.nD !== undefined) {
    if (g.nS === '.' && (g.nD.length < 2 || g.nM!.length < 2)) return null; // 1.2.2024 is a version
    iso = validIso(Number(g.nY), Number(g.nM), Number(g.nD), now);
  } else if (g.wD !== undefined) {
    const month = Number(g.wM);
    return month >= 1 && month <= 12 ? { day: Number(g.wD), month, weekday: weekdayIndex(g.wW) } : null;
  } else if (g.yD !== undefined) {
    return { day: Number(g.yD), month: MONTHS[g.yMon!.toLowerCase()]!, weekday: weekdayIndex(g.yW) };
  } else if (g.iN !== undefined) {
    iso = relativeIso(countOf(g.iN), ID_UNITS[g.iU!.toLowerCase()]!, now);
    source = 'relative';
  } else if (g.gN !== undefined) {
    iso = relativeIso(countOf(g.gN), englishUnit(g.gU!), now);
    source = 'relative';
  }
  return iso ? { iso, text: m[0].trim().slice(0, MAX_FACT_TEXT), source } : null;
}

/**
 * "25" in "14 Agu 25" is 2025: the century that does not put the date more than a year past the
 * crawl. A two-digit year of a past century is then older than MIN_YEAR or rightly in the 1990s.
 */
function fullYear(digits: string, now: Date): number {
  if (digits.length === 4) return Number(digits);
  const year = 2000 + Number(digits);
  return year > now.getUTCFullYear() + 1 ? year - 100 : year;
}

export interface FindDatesOptions {
  /**
   * The article's own dates from structured sources (meta, JSON-LD, the URL), best first: they
   * date a year-less date that has no full date near it in the text.
   */
  anchors?: readonly DateFact[];
  /**
   * Dates that are not the page's (what a form offers or shows as an example), by their text as
   * matched, lower-cased, whitespace collapsed, with how many times each is to be passed over.
   */
  exclude?: Map<string, number>;
  /** Keep the words around each date on its fact (`context`). */
  context?: boolean;
}

/** The key `exclude` is looked up by. */
export function dateKey(matched: string): string {
  return matched.trim().replace(/\s+/g, ' ').toLowerCase();
}

interface Found {
  start: number;
  end: number;
  fact: DateFact | null;
  yearless?: Yearless;
}

/**
 * Every plausible date in a text, in order of appearance, one fact per (date, source).
 * Bare words such as "kemarin" count only when they are the whole text (see BARE_RELATIVE).
 * A year-less date takes its year from its article (see yearOf) or is left out.
 */
export function findDates(text: string, now: Date, opts: FindDatesOptions = {}): DateFact[] {
  const bare = standaloneRelative(text, now);
  if (bare) return [bare];
  const found: Found[] = [];
  const seen = new Set<string>();
  let distinct = 0;
  for (const m of dateMatches(text)) {
    if (opts.exclude?.size) {
      const key = dateKey(m[0]);
      const left = opts.exclude.get(key);
      if (left !== undefined) {
        if (left <= 1) opts.exclude.delete(key);
        else opts.exclude.set(key, left - 1);
        continue;
      }
    }
    const fact = factOf(m, now);
    if (!fact) continue;
    const start = m.index;
    const end = start + m[0].length;
    if ('iso' in fact) {
      found.push({ start, end, fact });
      const key = fact.iso + fact.source;
      // Only the first fact of a date is kept, so only it needs its words.
      if (!seen.has(key)) {
        seen.add(key);
        if (opts.context) fact.context = contextOf(text, start, end);
        if (++distinct >= MAX_FACTS) break;
      }
    } else if (found.length < MAX_FACTS * 4) {
      found.push({ start, end, fact: null, yearless: fact });
    }
  }
  datePendingYearless(text, found, now, opts);

  const facts: DateFact[] = [];
  seen.clear();
  for (const { fact } of found) {
    if (!fact) continue;
    const key = fact.iso + fact.source;
    if (seen.has(key)) continue;
    seen.add(key);
    facts.push(fact);
    if (facts.length >= MAX_FACTS) break;
  }
  return facts;
}

/**
 * Gives each year-less date the year of, in this order: the full date printed just before it
 * (its article's byline or list item), the article's structured date, the full date just after
 * it, or the one year every dated thing on the page is in. Otherwise it stays undated.
 */
function datePendingYearless(text: string, found: Found[], now: Date, opts: FindDatesOptions): void {
  if (!found.some((f) => f.yearless)) return;
  const full = found.filter((f) => f.fact?.source === 'text');
  const dated = [...full.map((f) => f.fact!), ...(opts.anchors ?? [])];
  const pageWide = new Set(dated.map((f) => f.iso.slice(0, 4))).size === 1 ? latest(dated) : undefined;
  let next = 0;
  let before: Found | undefined;
  for (const item of found) {
    if (item.fact?.source === 'text') before = item;
    if (!item.yearless) continue;
    while (next < full.length && full[next]!.start < item.end) next++;
    const after = full[next];
    const anchor =
      (before && item.start - before.end <= NEAR_CHARS ? before.fact! : undefined) ??
      opts.anchors?.[0] ??
      (after && after.start - item.end <= NEAR_CHARS ? after.fact! : undefined) ??
      pageWide;
    if (!anchor) continue;
    const { day, month, weekday } = item.yearless;
    const year = yearFromAnchor(day, month, weekday, anchor.iso);
    const iso = year === undefined ? null : validIso(year, month, day, now);
    if (!iso) continue;
    const matched = text.slice(item.start, item.end).trim();
    const fact: DateFact = { iso, text: matched.slice(0, MAX_FACT_TEXT), source: 'text' };
    if (opts.context) {
      // The note on the year is kept whole; the words around the date make room for it.
      const note = `[year from ${anchor.source === 'text' ? '' : `${anchor.source} `}${anchor.text.slice(0, 30)}]`;
      fact.context = `${contextOf(text, item.start, item.end, MAX_CONTEXT - note.length - 1)} ${note}`;
    }
    item.fact = fact;
  }
}

function latest(facts: readonly DateFact[]): DateFact | undefined {
  let best: DateFact | undefined;
  for (const f of facts) if (!best || f.iso > best.iso) best = f;
  return best;
}

/**
 * One date string (a meta content, a datetime attribute, a byline) → YYYY-MM-DD, or null. Also
 * takes the compact YYYYMMDD that some Dublin Core tags carry.
 */
export function parseDateText(s: string, now: Date): string | null {
  const trimmed = s.trim();
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(trimmed);
  if (compact) return validIso(Number(compact[1]), Number(compact[2]), Number(compact[3]), now);
  return findDates(trimmed, now)[0]?.iso ?? null;
}

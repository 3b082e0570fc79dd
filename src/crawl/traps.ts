// Crawler traps: endless calendars (?bulan=7&tahun=2031, /agenda/2031/07/), listings paged past
// their end, session ids and random tokens that make every link a new URL for the same page, and
// relative links that pile up path segments (/berita/berita/berita/...).
//
// A real archive (/berita/1234, ?page=87, thousands of articles) looks like a trap to a guard that
// only counts URLs per pattern, so the guards here judge a URL family by what its pages contain:
// a family whose pages keep repeating content it has already shown is closed, one whose pages are
// all different stays open however large it grows. What is decided from URLs alone is what no
// real site needs: a calendar years ahead, the same segment three times in a path, a URL longer
// than any real page's, the same page under a second session token.
import { createHash } from 'node:crypto';

export interface TrapOptions {
  /**
   * Pages of one URL family (path pattern) whose content repeats a page the family already had,
   * before the family is closed. Default 10.
   */
  trapLimit?: number;
  /** Hard cap on URLs per path pattern; 0 (the default) means none. */
  maxPerPattern?: number;
  /** Hard cap on URLs per calendar-like family; 0 (the default) means none. */
  maxPerCalendar?: number;
  maxUrlLength?: number;
  now?: Date;
}

export type TrapWhy = 'pattern' | 'calendar' | 'repeating_segment' | 'too_long' | 'session' | 'duplicate_content';
/**
 * `wait`: the URL belongs to a family named by random tokens whose pages have not been read yet;
 * it is kept aside until they have, and then admitted or refused (see Frontier).
 */
export type TrapVerdict = { ok: true } | { ok: false; why: TrapWhy } | { ok: false; why: 'wait' };

const CALENDAR_KEYS = new Set([
  'month', 'year', 'day', 'date', 'week', 'bulan', 'tahun', 'tanggal', 'tgl', 'hari', 'minggu', 'cal', 'calendar', 'ical',
]);

/**
 * Query keys that carry a per-visit token rather than naming a resource (CSRF tokens, nonces,
 * session keys under other names). Session ids under their usual names never get this far:
 * normalizeUrl drops them.
 */
const TOKEN_KEY = /(?:^|[_-])(?:token|csrf|xsrf|nonce|sess|session|sessid|sesskey)(?:$|[_-])|^(?:token|csrf\w*|xsrf\w*|nonce|_?sess\w*|auth_?key)$/i;

/**
 * A random-looking token: a UUID, 16+ hex digits with letters and digits, or 20+ base64 characters
 * mixing upper case, lower case and digits. Slugs (lower case words and dashes) are not tokens.
 */
export function isTokenLike(v: string): boolean {
  if (v.length < 16 || v.length > 512) return false;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)) return true;
  if (/^[0-9a-f]+$/i.test(v)) return /\d/.test(v) && /[a-f]/i.test(v);
  return v.length >= 20 && /^[A-Za-z0-9+/_-]+={0,2}$/.test(v) && /[A-Z]/.test(v) && /[a-z]/.test(v) && /\d/.test(v);
}

function shapeOf(v: string): string {
  if (isTokenLike(v)) return '*';
  const shape = v.replace(/\d+/g, '#');
  return shape.length > 24 ? '~' : shape;
}

/**
 * Path with digit runs as '#' and random tokens as '*', plus the sorted query keys. A value is kept
 * only in its shape (digits as '#', tokens as '*', other long values as '~'), because PHP portals route
 * everything through one script (index.php?page=berita&id=12): dropping values would make the
 * whole site one pattern.
 */
export function pathPattern(url: URL): string {
  const params = [...new Set([...url.searchParams].map(([k, v]) => `${k.toLowerCase()}=${shapeOf(v)}`))].sort();
  const path = url.pathname
    .split('/')
    .map((seg) => (isTokenLike(safeDecode(seg)) ? '*' : seg.replace(/\d+/g, '#')))
    .join('/');
  return `${url.host}${path}${params.length > 0 ? `?${params.join('&')}` : ''}`;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * The URL without the values of its token keys, or null when it has none: two URLs with the same
 * key are the same page asked for with two tokens.
 */
export function withoutTokens(url: URL): string | null {
  let found = false;
  const kept: string[] = [];
  for (const [k, v] of url.searchParams) {
    if (TOKEN_KEY.test(k)) found = true;
    else kept.push(`${k}=${v}`);
  }
  return found ? tokenKey(url, kept) : null;
}

function tokenKey(url: URL, params: string[]): string {
  return `${url.host}${url.pathname}${params.length > 0 ? `?${params.join('&')}` : ''}`;
}

/** Years named by a calendar-like URL, or null when it is not one. */
function calendarYears(url: URL): number[] | null {
  const years: number[] = [];
  let calendar = false;
  for (const [k, v] of url.searchParams) {
    if (!CALENDAR_KEYS.has(k.toLowerCase())) continue;
    calendar = true;
    const y = /(?:^|\D)((?:19|20|21)\d\d)(?:\D|$)/.exec(v);
    if (y) years.push(Number(y[1]));
  }
  // A path that *ends* in a date (/agenda/2031/07/ or /kalender/2031-07-15) is a calendar page;
  // a dated article (/berita/2024/05/judul) is not, and news archives must stay crawlable.
  // A bare number (/berita/2045) is an id, not a year, so a month must follow.
  const tail = /\/((?:19|20|21)\d\d)[/-](\d{1,2})(?:[/-](\d{1,2}))?\/?$/.exec(url.pathname);
  if (tail) {
    calendar = true;
    years.push(Number(tail[1]));
  }
  return calendar ? years : null;
}

function hasRepeatingSegment(path: string): boolean {
  const counts = new Map<string, number>();
  for (const seg of path.split('/')) {
    if (seg === '') continue;
    const n = (counts.get(seg) ?? 0) + 1;
    if (n >= 3) return true;
    counts.set(seg, n);
  }
  return false;
}

const NAMES_OF_DATES = new RegExp(
  `\\b(?:${[
    'januari', 'februari', 'maret', 'april', 'mei', 'juni', 'juli', 'agustus', 'september', 'oktober', 'november', 'desember',
    'january', 'february', 'march', 'may', 'june', 'july', 'august', 'october', 'december',
    'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'agu', 'agt', 'aug', 'sep', 'okt', 'oct', 'nov', 'des', 'dec',
    'senin', 'selasa', 'rabu', 'kamis', 'jumat', "jum'at", 'sabtu', 'minggu', 'ahad',
    'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  ].join('|')})\\b`,
  'g',
);

/**
 * What a page says, as two short hashes joined by '.': the text itself (case and spacing aside),
 * and the text without numbers and names of months and days. The first tells one page under two
 * session tokens, or a listing that answers every out-of-range parameter with the same page; two
 * articles differ in it even when they differ only in a number ("Berita 5" is not "Berita 6").
 * The second is for calendars, whose empty days and months differ only in their dates.
 */
export function contentFingerprint(text: string): string {
  const norm = text.replace(/\s+/g, ' ').trim().toLowerCase();
  // The head of the page is enough to tell one empty calendar page from another (and the date
  // names' pattern is the costly part): at most LOOSE_CHARS of it.
  const loose = norm.slice(0, LOOSE_CHARS).replace(/\d+/g, '').replace(NAMES_OF_DATES, '').replace(/ +/g, ' ');
  return `${hash(norm)}.${hash(loose)}`;
}

const LOOSE_CHARS = 1500;

function hash(s: string): string {
  return createHash('sha1').update(s).digest('base64').slice(0, 16);
}

/** HTML read for a rough fingerprint: a page's first megabyte tells it from its neighbours. */
const ROUGH_HTML_CHARS = 1 << 20;

/**
 * The visible text of an HTML page, roughly (for a fingerprint when the caller gives none). Read
 * from the first megabyte only: three passes over a 5 MB page made three more copies of it, which
 * took a capped giant page's memory 40 MB past what reading it needs.
 */
export function roughText(html: string): string {
  return (html.length > ROUGH_HTML_CHARS ? html.slice(0, ROUGH_HTML_CHARS) : html)
    .replace(/<(script|style|noscript|template)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ');
}

interface Family {
  /** URLs of the pattern admitted. */
  admitted: number;
  /** Admitted URLs of the pattern whose pages have been read (committed). */
  read: number;
  /** The pattern has a random token in it (a '*' that stands for one). */
  tokened: boolean;
  /** Fingerprints of the family's pages read so far. */
  prints: Set<string>;
  /** Pages read whose fingerprint the family already had. */
  repeats: number;
  /** The same, by the fingerprint without dates (calendars). */
  loosePrints: Set<string>;
  looseRepeats: number;
}

/** Calendar years older than this many years before now are not followed. */
const MAX_YEARS_BACK = 30;

/** Most fingerprints remembered per family: past that, a family is judged by the ones it has. */
const MAX_PRINTS = 20_000;

export class TrapGuard {
  private readonly families = new Map<string, Family>();
  private readonly calendars = new Map<string, number>();
  private readonly tokens = new Set<string>();
  private readonly trapLimit: number;
  private readonly maxPerPattern: number;
  private readonly maxPerCalendar: number;
  private readonly maxUrlLength: number;
  private readonly thisYear: number;

  constructor(options: TrapOptions = {}) {
    this.trapLimit = Math.max(0, options.trapLimit ?? 10);
    this.maxPerPattern = options.maxPerPattern ?? 0;
    this.maxPerCalendar = options.maxPerCalendar ?? 0;
    this.maxUrlLength = options.maxUrlLength ?? 2000;
    this.thisYear = (options.now ?? new Date()).getUTCFullYear();
  }

  private family(pattern: string): Family {
    let f = this.families.get(pattern);
    if (!f) {
      f = { admitted: 0, read: 0, tokened: hasToken(pattern), prints: new Set(), repeats: 0, loosePrints: new Set(), looseRepeats: 0 };
      this.families.set(pattern, f);
    }
    return f;
  }

  /** Decide whether the URL may be fetched; an admitted URL is counted. */
  admit(url: URL): TrapVerdict {
    if (url.href.length > this.maxUrlLength) return { ok: false, why: 'too_long' };
    if (hasRepeatingSegment(url.pathname)) return { ok: false, why: 'repeating_segment' };
    const tokenless = withoutTokens(url);
    if (tokenless !== null && this.tokens.has(tokenless)) return { ok: false, why: 'session' };
    const pattern = pathPattern(url);
    const family = this.family(pattern);
    if (this.maxPerPattern > 0 && family.admitted >= this.maxPerPattern) return { ok: false, why: 'pattern' };
    const years = calendarYears(url);
    if (years !== null) {
      // Calendars page forward (and back) forever; a year well past this one, or before the web
      // had Indonesian portals, is never a real event page. Within those years a calendar is
      // judged by its pages, like any family: a monthly news archive has new articles every
      // month, an empty calendar repeats itself but for the dates.
      if (years.some((y) => y > this.thisYear + 1 || y < this.thisYear - MAX_YEARS_BACK)) return { ok: false, why: 'calendar' };
      if (this.trapLimit > 0 && family.looseRepeats >= this.trapLimit) return { ok: false, why: 'calendar' };
      if (this.maxPerCalendar > 0) {
        const c = this.calendars.get(pattern) ?? 0;
        if (c >= this.maxPerCalendar) return { ok: false, why: 'calendar' };
        this.calendars.set(pattern, c + 1);
      }
    }
    if (this.trapLimit > 0 && family.repeats >= this.trapLimit) return { ok: false, why: 'duplicate_content' };
    // A family named by random tokens (a fresh one in every link) is taken a few at a time: a
    // breadth-first crawl would otherwise admit a whole level of it before reading one page, and
    // only its pages can tell an archive keyed by hashes from the same page under new tokens.
    if (family.tokened && this.trapLimit > 0 && family.admitted - family.read >= this.trapLimit) return { ok: false, why: 'wait' };
    if (tokenless !== null) this.tokens.add(tokenless);
    this.remember(url);
    family.admitted++;
    return { ok: true };
  }

  /**
   * A URL the crawl fetches (admitted, or the seed): the same page asked for again with a token
   * added is not a new page.
   */
  remember(url: URL): void {
    if (url.search === '' || withoutTokens(url) === null) this.tokens.add(tokenKey(url, [...url.searchParams].map(([k, v]) => `${k}=${v}`)));
  }

  /**
   * Tell the guard that an admitted URL's page was read, and what it contains (its
   * contentFingerprint; absent for an error page). Called in the crawl's own order, so the guard's
   * state, and every later decision, does not depend on the order responses arrived in.
   */
  learn(admitted: URL, fingerprint?: string): void {
    const family = this.family(pathPattern(admitted));
    family.read++;
    if (fingerprint === undefined) return;
    const [exact = fingerprint, loose = fingerprint] = fingerprint.split('.');
    if (family.prints.has(exact)) family.repeats++;
    else if (family.prints.size < MAX_PRINTS) family.prints.add(exact);
    if (family.loosePrints.has(loose)) family.looseRepeats++;
    else if (family.loosePrints.size < MAX_PRINTS) family.loosePrints.add(loose);
  }
}

function hasToken(pattern: string): boolean {
  return /[/=]\*(?:[/&]|$)/.test(pattern);
}

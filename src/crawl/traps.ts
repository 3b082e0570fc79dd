// Crawler traps: endless calendars (?bulan=7&tahun=2031, /agenda/2031/07/), faceted listings that
// differ only in an id or page number, and relative links that pile up path segments
// (/berita/berita/berita/...). Each guard lets a sample through, so the facts are still seen.

export interface TrapOptions {
  /** URLs allowed per path pattern. */
  maxPerPattern?: number;
  /** URLs allowed per calendar-like family. */
  maxPerCalendar?: number;
  maxUrlLength?: number;
  now?: Date;
}

export type TrapVerdict = { ok: true } | { ok: false; why: 'pattern' | 'calendar' | 'repeating_segment' | 'too_long' };

const CALENDAR_KEYS = new Set([
  'month', 'year', 'day', 'date', 'week', 'bulan', 'tahun', 'tanggal', 'tgl', 'hari', 'minggu', 'cal', 'calendar', 'ical',
]);

/**
 * Path with digit runs as '#', plus the sorted query keys. A value is kept only in its shape (digits
 * as '#', long values as '*'), because PHP portals route everything through one script
 * (index.php?page=berita&id=12): dropping values would make the whole site one pattern.
 */
export function pathPattern(url: URL): string {
  const params = [...new Set([...url.searchParams].map(([k, v]) => {
    const shape = v.replace(/\d+/g, '#');
    return `${k.toLowerCase()}=${shape.length > 24 ? '*' : shape}`;
  }))].sort();
  return `${url.host}${url.pathname.replace(/\d+/g, '#')}${params.length > 0 ? `?${params.join('&')}` : ''}`;
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

export class TrapGuard {
  private readonly patterns = new Map<string, number>();
  private readonly calendars = new Map<string, number>();
  private readonly maxPerPattern: number;
  private readonly maxPerCalendar: number;
  private readonly maxUrlLength: number;
  private readonly thisYear: number;

  constructor(options: TrapOptions = {}) {
    this.maxPerPattern = options.maxPerPattern ?? 50;
    this.maxPerCalendar = options.maxPerCalendar ?? 10;
    this.maxUrlLength = options.maxUrlLength ?? 2000;
    this.thisYear = (options.now ?? new Date()).getUTCFullYear();
  }

  /** Decide whether the URL may be fetched; an admitted URL is counted. */
  admit(url: URL): TrapVerdict {
    if (url.href.length > this.maxUrlLength) return { ok: false, why: 'too_long' };
    if (hasRepeatingSegment(url.pathname)) return { ok: false, why: 'repeating_segment' };
    const pattern = pathPattern(url);
    const years = calendarYears(url);
    if (years !== null) {
      // Calendars page forward forever; a year well past this one is never a real event page.
      if (years.some((y) => y > this.thisYear + 1)) return { ok: false, why: 'calendar' };
      const c = this.calendars.get(pattern) ?? 0;
      if (c >= this.maxPerCalendar) return { ok: false, why: 'calendar' };
      this.calendars.set(pattern, c + 1);
    }
    const n = this.patterns.get(pattern) ?? 0;
    if (n >= this.maxPerPattern) return { ok: false, why: 'pattern' };
    this.patterns.set(pattern, n + 1);
    return { ok: true };
  }
}

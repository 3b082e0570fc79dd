// The CDX API of a web archive (Wayback Machine, pywb, OpenWayback): the captures of one URL
// within a window around a date, and the one nearest the date.

/** One capture: when, of what, with which status. */
export interface CdxCapture {
  /** 14-digit capture timestamp, YYYYMMDDhhmmss (UTC). */
  timestamp: string;
  original: string;
  status: string;
  mime: string;
}

/** A Date as a 14-digit archive timestamp. */
export function archiveTimestamp(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** A 14-digit (or shorter, padded) archive timestamp as a Date. */
export function timestampDate(ts: string): Date {
  // A shorter timestamp is the start of its period: 2015 is 2015-01-01, 201506 is 2015-06-01.
  const part = (from: number, to: number, missing: number) => (ts.length >= to ? Number(ts.slice(from, to)) : missing);
  return new Date(Date.UTC(part(0, 4, 1970), part(4, 6, 1) - 1, part(6, 8, 1), part(8, 10, 0), part(10, 12, 0), part(12, 14, 0)));
}

export function cdxQuery(base: string, url: string, at: Date, windowDays: number): string {
  const span = windowDays * 86_400_000;
  const q = new URLSearchParams({
    url,
    output: 'json',
    from: archiveTimestamp(new Date(at.getTime() - span)),
    to: archiveTimestamp(new Date(at.getTime() + span)),
  });
  return `${base.replace(/\/+$/, '')}/cdx/search/cdx?${q}`;
}

const DEFAULT_FIELDS = ['urlkey', 'timestamp', 'original', 'mimetype', 'statuscode', 'digest', 'length'];

/** Parses a CDX answer: JSON (a header row, then rows; the Wayback Machine), one JSON object per line (pywb), or plain space-separated lines. */
export function parseCdx(text: string): CdxCapture[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  if (trimmed.startsWith('{')) {
    const out: CdxCapture[] = [];
    for (const line of trimmed.split('\n')) {
      try {
        const o = JSON.parse(line) as Record<string, unknown>;
        const ts = String(o.timestamp ?? '');
        if (!/^\d{4,14}$/.test(ts)) continue;
        out.push({ timestamp: ts, original: String(o.url ?? o.original ?? ''), status: String(o.status ?? o.statuscode ?? ''), mime: String(o.mime ?? o.mimetype ?? '') });
      } catch {
        // A line that is not JSON is not a capture.
      }
    }
    return out;
  }
  let rows: string[][];
  let fields = DEFAULT_FIELDS;
  if (trimmed.startsWith('[')) {
    const parsed = JSON.parse(trimmed) as unknown;
    if (!Array.isArray(parsed) || parsed.length === 0) return [];
    rows = parsed.filter((r): r is string[] => Array.isArray(r)).map((r) => r.map(String));
    if (rows[0]?.includes('timestamp')) fields = rows.shift()!;
  } else {
    rows = trimmed.split('\n').map((l) => l.trim().split(/\s+/));
  }
  const at = (name: string) => fields.indexOf(name);
  const [ts, orig, status, mime] = [at('timestamp'), at('original'), at('statuscode'), at('mimetype')];
  return rows
    .filter((r) => /^\d{4,14}$/.test(r[ts] ?? ''))
    .map((r) => ({ timestamp: r[ts]!, original: r[orig] ?? '', status: r[status] ?? '', mime: r[mime] ?? '' }));
}

/**
 * The capture to read: within the window, nearest the date; a capture that is a revisit or a
 * server error of the archive's crawler only when there is no other.
 */
export function nearestCapture(captures: readonly CdxCapture[], at: Date, windowDays: number): CdxCapture | undefined {
  const span = windowDays * 86_400_000;
  const distance = (c: CdxCapture) => Math.abs(timestampDate(c.timestamp).getTime() - at.getTime());
  const inWindow = captures.filter((c) => distance(c) <= span);
  const good = inWindow.filter((c) => /^[1-4]\d\d$/.test(c.status));
  const pool = good.length ? good : inWindow.filter((c) => /^\d{3}$/.test(c.status));
  // Nearest first; at equal distance the earlier capture (what the portal already showed that day).
  return [...pool].sort((a, b) => distance(a) - distance(b) || (a.timestamp < b.timestamp ? -1 : 1))[0];
}

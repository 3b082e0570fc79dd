// A small newest-date reader for application pages. Gather has the full date reader for portal
// pages; an application's front page needs only the plain forms (ISO, d/m/y, "12 Februari 2024",
// "February 12, 2024", <time datetime>, article meta), and the liveness check can be handed
// gather's reader instead (LivenessContext.newestDate).

const MONTHS: Record<string, number> = {
  jan: 1, januari: 1, january: 1,
  feb: 2, februari: 2, pebruari: 2, february: 2, peb: 2,
  mar: 3, maret: 3, march: 3,
  apr: 4, april: 4,
  mei: 5, may: 5,
  jun: 6, juni: 6, june: 6,
  jul: 7, juli: 7, july: 7,
  agu: 8, ags: 8, agt: 8, agustus: 8, aug: 8, august: 8,
  sep: 9, sept: 9, september: 9,
  okt: 10, oktober: 10, oct: 10, october: 10,
  nov: 11, nop: 11, november: 11, nopember: 11,
  des: 12, desember: 12, dec: 12, december: 12,
};
const MONTH_RE = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');

function iso(y: number, m: number, d: number): string | undefined {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1995) return undefined;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return undefined;
  return dt.toISOString().slice(0, 10);
}

/** Newest plausible date (YYYY-MM-DD) in the HTML, not after `now` (+1 day for time zones). */
export function newestDateIn(html: string, now: Date): string | undefined {
  const limit = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
  // Scripts carry build dates and library copyright years that say nothing about the content.
  const text = html.replace(/<script\b[\s\S]*?<\/script>|<style\b[\s\S]*?<\/style>/gi, ' ');
  const found: string[] = [];
  const push = (d: string | undefined) => {
    if (d && d <= limit) found.push(d);
  };
  for (const m of text.matchAll(/\b(\d{4})-(\d{2})-(\d{2})(?!\d)/g)) push(iso(+m[1], +m[2], +m[3]));
  for (const m of text.matchAll(/\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b/g)) push(iso(+m[3], +m[2], +m[1]));
  for (const m of text.matchAll(new RegExp(`\\b(\\d{1,2})\\s+(${MONTH_RE})\\.?,?\\s+(\\d{4})\\b`, 'gi'))) {
    push(iso(+m[3], MONTHS[m[2].toLowerCase()]!, +m[1]));
  }
  for (const m of text.matchAll(new RegExp(`\\b(${MONTH_RE})\\.?\\s+(\\d{1,2}),?\\s+(\\d{4})\\b`, 'gi'))) {
    push(iso(+m[3], MONTHS[m[1].toLowerCase()]!, +m[2]));
  }
  return found.sort().at(-1);
}

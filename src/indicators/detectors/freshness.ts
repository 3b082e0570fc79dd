// How recently the portal said something new, measured from the crawl's `now`. `tiers` give part
// of the points to a portal updated in the last quarter or year; the "menu lengkap tapi update
// terakhir 4 tahun lalu" portals get none. `min_dates` asks for several distinct recent dates
// (a news list with three posts this quarter), which tells regular publishing from one lucky post.
// A date printed without a year counts only when gather could date it from its article, and a date
// later than the latest day begun anywhere on Earth (an agenda, a deadline) is not upkeep. The
// evidence quotes the page's own words around each date, so a reader sees what was read.
import { z } from 'zod';
import { latestToday } from '../../gather/dates.ts';
import { quoteOf } from '../../gather/date-context.ts';
import type { DateFact } from '../../gather/types.ts';
import type { DetectorKind, DetectorOutcome, FactPage } from '../types.ts';

const DAY = 86_400_000;
const schema = z.strictObject({
  kind: z.literal('freshness'),
  within_days: z.number().int().positive(),
  min_dates: z.number().int().positive().optional(),
  tiers: z.array(z.strictObject({ days: z.number().int().positive(), value: z.number().gt(0).lt(1) })).min(1).optional(),
});
export type FreshnessConfig = z.infer<typeof schema>;

interface Dated {
  url: string;
  iso: string;
  /** What the page says there: the words around the date, or the structured value it came from. */
  quote: string;
  age: number;
}

/** Per date, the fact a reader learns most from: one read from the text, with its words. */
function bestFacts(facts: readonly DateFact[]): Map<string, DateFact> {
  const best = new Map<string, DateFact>();
  for (const f of facts) {
    const held = best.get(f.iso);
    if (!held || (f.context !== undefined && held.context === undefined)) best.set(f.iso, f);
  }
  return best;
}

export const freshness: DetectorKind<FreshnessConfig> = {
  kind: 'freshness',
  schema,
  start(c, ctx) {
    const now = ctx.now.getTime();
    const today = latestToday(ctx.now);
    const byDate = new Map<string, Dated>();
    const consider = (url: string, fact: DateFact | undefined, iso: string) => {
      const t = Date.parse(`${iso}T00:00:00Z`);
      // Agenda pages announce future events; only what already happened shows upkeep.
      if (Number.isNaN(t) || iso > today || byDate.has(iso)) return;
      byDate.set(iso, { url, iso, quote: fact ? quoteOf(fact) : iso, age: Math.max(0, Math.floor((now - t) / DAY)) });
    };
    const page = (p: FactPage) => {
      const best = bestFacts(p.facts.dates);
      const newest = p.facts.newestDate;
      if (newest) consider(p.url, best.get(newest), newest);
      if ((c.min_dates ?? 1) > 1) for (const [iso, fact] of best) consider(p.url, fact, iso);
    };
    return { page, finish: () => judge(c, byDate) };
  },
  summary: (c) =>
    `${c.min_dates && c.min_dates > 1 ? `${c.min_dates} distinct dates` : 'newest date'} within ${c.within_days} days` +
    (c.tiers ? `; partial: ${c.tiers.map((t) => `≤ ${t.days} d → ${t.value}`).join(', ')}` : ''),
};

function judge(c: FreshnessConfig, byDate: Map<string, Dated>): DetectorOutcome {
  const dated = [...byDate.values()].sort((a, b) => a.age - b.age);
  const need = c.min_dates ?? 1;
  // With min_dates 3 the third newest date decides.
  const decisive = dated[need - 1];
  // The date and its age first: a long quote is what gets cut at 160 characters.
  const evidence = dated.slice(0, Math.min(need, 3)).map((d) => ({
    url: d.url,
    text: cap(`${d.iso}, ${d.age} days before the crawl: "${d.quote}"`, 160),
  }));
  if (!decisive) {
    return { met: false, value: 0, evidence, note: dated.length ? `only ${dated.length} distinct dates` : 'no dated page' };
  }
  if (decisive.age <= c.within_days) return { met: true, value: 1, evidence };
  const tier = (c.tiers ?? []).filter((t) => decisive.age <= t.days).sort((a, b) => b.value - a.value)[0];
  return {
    met: false,
    value: tier?.value ?? 0,
    evidence,
    note: `${need > 1 ? `oldest of the ${need} newest dates` : 'newest date'} ${decisive.age} days old (window ${c.within_days})`,
  };
}

function cap(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

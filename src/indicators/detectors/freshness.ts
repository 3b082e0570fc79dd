// How recently the portal said something new, measured from the crawl's `now`. `tiers` give part
// of the points to a portal updated in the last quarter or year; the "menu lengkap tapi update
// terakhir 4 tahun lalu" portals get none. `min_dates` asks for several distinct recent dates
// (a news list with three posts this quarter), which tells regular publishing from one lucky post.
import { z } from 'zod';
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
  text: string;
  age: number;
}

export const freshness: DetectorKind<FreshnessConfig> = {
  kind: 'freshness',
  schema,
  start(c, ctx) {
    const now = ctx.now.getTime();
    const byDate = new Map<string, Dated>();
    const consider = (url: string, iso: string, text: string) => {
      const t = Date.parse(`${iso}T00:00:00Z`);
      // Agenda pages announce future events; only what already happened shows upkeep.
      if (Number.isNaN(t) || t > now + DAY || byDate.has(iso)) return;
      byDate.set(iso, { url, iso, text, age: Math.max(0, Math.floor((now - t) / DAY)) });
    };
    const page = (p: FactPage) => {
      const newest = p.facts.newestDate;
      if (newest) consider(p.url, newest, p.facts.dates.find((d) => d.iso === newest)?.text ?? newest);
      if ((c.min_dates ?? 1) > 1) for (const d of p.facts.dates) consider(p.url, d.iso, d.text);
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
  const evidence = dated.slice(0, Math.min(need, 3)).map((d) => ({
    url: d.url,
    text: `${d.text} (${d.iso}, ${d.age} days before the crawl)`.slice(0, 160),
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

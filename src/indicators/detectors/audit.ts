// Measured audits (Lighthouse, axe) when the run made them. Without them the indicator is not
// assessed rather than failed: a missing measurement says nothing about the portal.
import { z } from 'zod';
import type { AuditRecord, DetectorKind, DetectorOutcome } from '../types.ts';

const METRICS = ['performance', 'accessibility', 'best_practices', 'seo', 'lcp_ms', 'cls', 'tbt_ms', 'axe_violations'] as const;

const schema = z
  .strictObject({
    kind: z.literal('audit'),
    metric: z.enum(METRICS),
    /** Lighthouse scores are 0..100. */
    min: z.number().optional(),
    max: z.number().optional(),
  })
  .refine((c) => c.min !== undefined || c.max !== undefined, { error: 'needs min or max' });
export type AuditConfig = z.infer<typeof schema>;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const audit: DetectorKind<AuditConfig> = {
  kind: 'audit',
  schema,
  start: (c, ctx) => ({ settled: true, finish: () => judge(c, ctx.audits ?? []) }),
  summary: (c) => `audit ${c.metric}${c.min !== undefined ? ` ≥ ${c.min}` : ''}${c.max !== undefined ? ` ≤ ${c.max}` : ''} (not assessed without audits)`,
};

function judge(c: AuditConfig, audits: AuditRecord[]): DetectorOutcome {
  const rows = audits.filter((a: AuditRecord) => typeof a[c.metric] === 'number');
  if (rows.length === 0) return { met: null, evidence: [], note: 'not measured (run with --lighthouse)' };
  const value = median(rows.map((a) => a[c.metric] as number));
  const met = (c.min === undefined || value >= c.min) && (c.max === undefined || value <= c.max);
  const first = rows[0]!;
  return {
    met,
    value: met ? 1 : 0,
    evidence: [{ url: first.url, text: `${c.metric} ${value} (median of ${rows.length} audited pages)` }],
  };
}

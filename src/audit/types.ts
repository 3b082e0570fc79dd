// What the audit stage produces. `AuditRow` is one row of audits.csv (contract.md) and is, field for
// field, the `AuditRecord` the rubric's `audit` detector reads (src/indicators/types.ts): the run
// hands `rows` straight to evaluateCity(rubric, facts, rows).
import type { LighthouseMetrics } from './lighthouse.ts';

/** audits.csv, in contract order. */
export const AUDIT_COLUMNS = [
  'run_id',
  'city_id',
  'url',
  'performance',
  'accessibility',
  'best_practices',
  'seo',
  'lcp_ms',
  'cls',
  'tbt_ms',
  'axe_violations',
] as const;

/**
 * Columns a run may append after the contract ones (contract changes are additive): the violated
 * axe rule ids, the form factor Lighthouse emulated, and why a measurement is missing.
 */
export const AUDIT_EXTRA_COLUMNS = ['axe_rules', 'form_factor', 'audit_error'] as const;

/** Lighthouse category scores 0..100, LCP and TBT in ms, CLS unitless; null when not measured or the run failed. */
export interface AuditRow extends LighthouseMetrics {
  run_id: string;
  city_id: string;
  url: string;
  /** Number of axe rules the page violates (WCAG 2.x A/AA tags); null when axe did not run. */
  axe_violations: number | null;
  /** The violated axe rule ids, space-separated (e.g. "image-alt label"). */
  axe_rules: string;
  form_factor: 'mobile' | 'desktop';
  /** Empty when both measurements worked; else e.g. "lighthouse: ERRORED_DOCUMENT_REQUEST; axe: timeout". */
  audit_error: string;
}

/** Per city: the audited rows (what the audit detector gets) and a few figures for logs and run.json. */
export interface AuditSummary {
  cityId: string;
  /** Same objects as audits.csv rows; pass as `audits` to evaluateCity / runIndicators. */
  rows: AuditRow[];
  /** Pages attempted; pages with a Lighthouse score; pages axe checked. */
  attempted: number;
  lighthouseOk: number;
  axeOk: number;
  /** Median performance and accessibility over the audited pages (what the detector computes too). */
  medianPerformance: number | null;
  medianAccessibility: number | null;
  elapsedMs: number;
}

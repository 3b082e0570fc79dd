// What an indicator sees and what it returns. Indicators are pure: same facts, same result.
import type { z } from 'zod';
import type { CityFacts, PageRecord } from '../gather/city-facts.ts';
import type { PageFacts } from '../gather/types.ts';
import type { IndexCache } from './text.ts';

export interface Evidence {
  url: string;
  /** What matched, at most 160 characters. */
  text: string;
}

/** One measured page (audits.csv). Lighthouse category scores are 0..100, like the report shows them. */
export interface AuditRecord {
  url: string;
  performance?: number | null;
  accessibility?: number | null;
  best_practices?: number | null;
  seo?: number | null;
  lcp_ms?: number | null;
  cls?: number | null;
  tbt_ms?: number | null;
  axe_violations?: number | null;
}

/** What a detector returns before the rubric's points are applied. */
export interface DetectorOutcome {
  /** null = not assessed (manual, or no data to judge from); never a guess. */
  met: boolean | null;
  /** 0..1 share of the points earned; defaults to 1 when met, 0 when not. */
  value?: number;
  evidence: Evidence[];
  /** Why it was not assessed, or what was missing; shown when there is no evidence. */
  note?: string;
}

export interface IndicatorResult {
  id: string;
  criterion: string;
  met: boolean | null;
  value: number | null;
  points: number | null;
  maxPoints: number;
  evidence: Evidence[];
  note?: string;
}

/** A readable page of the city: its record and facts. */
export interface FactPage {
  record: PageRecord;
  url: string;
  facts: PageFacts;
}

export interface DetectorContext {
  city: CityFacts;
  audits?: AuditRecord[];
  now: Date;
  /** HTML pages with facts, answered without error and not flagged as compromised. */
  pages: FactPage[];
  /** The portal's front page, when it was read. */
  home?: FactPage;
  text: IndexCache;
}

/** A detector kind: its YAML config schema, the pure function and a one-line summary for docs. */
export interface DetectorKind<C extends { kind: string } = { kind: string } & Record<string, unknown>> {
  kind: string;
  schema: z.ZodType<C>;
  run(config: C, ctx: DetectorContext): DetectorOutcome;
  summary(config: C): string;
}

export const MAX_EVIDENCE = 3;

// What an indicator sees and what it returns. Indicators are pure: same facts, same result. A
// detector sees a city's pages one at a time (they are streamed from the crawl's journal) and
// keeps only what its outcome needs: counts, the groups found, three rows of evidence.
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
  /**
   * The portal's front page, when it was read. Known when `finish` is called, not before: the
   * pages arrive in crawl order and the front page is not always the first.
   */
  home?: FactPage;
  /** Readable pages seen so far (all of them by `finish`). */
  pagesRead: number;
  text: IndexCache;
}

/**
 * One detector's pass over one city. `page` sees every readable page (HTML with facts, answered
 * without error, not flagged as compromised), in crawl order, each once; `finish` gives the outcome.
 */
export interface DetectorPass {
  page?(p: FactPage): void;
  /** True once further pages cannot change the outcome, so they need not be shown. */
  readonly settled?: boolean;
  finish(): DetectorOutcome;
}

/** A detector kind: its YAML config schema, the pass over a city's pages and a one-line summary for docs. */
export interface DetectorKind<C extends { kind: string } = { kind: string } & Record<string, unknown>> {
  kind: string;
  schema: z.ZodType<C>;
  start(config: C, ctx: DetectorContext): DetectorPass;
  summary(config: C): string;
}

export const MAX_EVIDENCE = 3;

// Rubric + one city's facts → indicator results, criterion scores, total and phase.
import type { CityFacts, ReadPage } from '../gather/city-facts.ts';
import { isAttackersPage, startIndicators } from '../indicators/index.ts';
import type { AuditRecord, IndicatorResult } from '../indicators/types.ts';
import { assignPhase, type SiteNotes } from './phase.ts';
import type { Phase, Rubric } from './rubric.ts';

export interface CriterionScore {
  id: string;
  weight: number;
  /** 0..100 with one decimal; null when none of its indicators could be assessed. */
  score: number | null;
  assessed: number;
  indicators: number;
}

export interface CityEvaluation {
  rubricId: string;
  indicators: IndicatorResult[];
  criteria: CriterionScore[];
  total: number | null;
  phase: Phase;
  phaseReason: string;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * A criterion's score is the share of points earned over the indicators that were assessed:
 * a manual or unmeasured indicator neither helps nor hurts. The total is the weighted mean of the
 * criteria that have a score.
 */
export function scoreCriteria(rubric: Rubric, results: IndicatorResult[]): { criteria: CriterionScore[]; total: number | null } {
  const criteria = rubric.criteria.map((c) => {
    const mine = results.filter((r) => r.criterion === c.id);
    const assessed = mine.filter((r) => r.met !== null);
    const max = assessed.reduce((s, r) => s + r.maxPoints, 0);
    const got = assessed.reduce((s, r) => s + (r.points ?? 0), 0);
    return { id: c.id, weight: c.weight, score: max > 0 ? round1((100 * got) / max) : null, assessed: assessed.length, indicators: mine.length };
  });
  const scored = criteria.filter((c) => c.score !== null);
  const w = scored.reduce((s, c) => s + c.weight, 0);
  const total = w > 0 ? round1(scored.reduce((s, c) => s + c.weight * (c.score as number), 0) / w) : null;
  return { criteria, total };
}

/** A city's evaluation, page by page: `page` for every page read, then `finish` with the audits. */
export interface EvaluationRun {
  page(read: ReadPage): void;
  /** No more pages (see DetectorRun.endPages). */
  endPages(): void;
  finish(audits?: AuditRecord[]): CityEvaluation;
}

export function startEvaluation(rubric: Rubric, city: CityFacts): EvaluationRun {
  const run = startIndicators(rubric.indicators, city);
  const site: SiteNotes = { pagesRead: 0, ownText: 0, spamPages: 0, injectedPages: 0 };
  const note = (read: ReadPage) => {
    if (read.record.status >= 400) return;
    site.pagesRead++;
    const url = read.record.finalUrl || read.record.url;
    if (isAttackersPage(read.facts.flags)) {
      site.spamPages++;
      site.spamExample ??= url;
      return;
    }
    site.ownText += read.facts.textLength;
    if (read.record.depth === 0 && read.facts.appShell && !read.record.rendered) site.unrenderedShell ??= read.facts.appShell;
    if (read.facts.flags.includes('gambling_spam')) {
      site.injectedPages++;
      site.injectedExample ??= url;
    }
  };
  return {
    page: (read) => {
      note(read);
      run.page(read);
    },
    endPages: () => run.endPages(),
    finish(audits) {
      const indicators = run.finish(audits);
      const { criteria, total } = scoreCriteria(rubric, indicators);
      const { phase, reason } = assignPhase(rubric, indicators, city.reachable, city.portalReason, site);
      return { rubricId: rubric.id, indicators, criteria, total, phase, phaseReason: reason };
    },
  };
}

/** startEvaluation over all of the city's pages at once. */
export async function evaluateCity(rubric: Rubric, city: CityFacts, audits?: AuditRecord[]): Promise<CityEvaluation> {
  const run = startEvaluation(rubric, city);
  for await (const read of city.readPages()) run.page(read);
  return run.finish(audits);
}

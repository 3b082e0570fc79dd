// Rows for criteria.csv and the score cells of cities.csv (contract.md).
import type { CityEvaluation } from './evaluate.ts';
import type { Rubric } from './rubric.ts';

/**
 * A value of one cell, as the report's CSV writer takes it (the same union as report/csv.ts's Cell,
 * spelled here so that scoring does not depend on the report stage that comes after it).
 */
export type Cell = string | number | boolean | null | undefined;

export const CRITERIA_COLUMNS = [
  'run_id',
  'city_id',
  'criterion',
  'indicator',
  'met',
  'points',
  'max_points',
  'evidence_url',
  'evidence_text',
  // Added at the end (contract.md): the WARC record of the evidence page, filled by the run under --warc.
  'warc_record_id',
] as const;

export type CriteriaRow = Record<(typeof CRITERIA_COLUMNS)[number], Cell>;

/** One row per indicator; the first evidence in the columns, or the reason it was not met/assessed. */
export function criteriaRows(runId: string, cityId: string, evaluation: CityEvaluation): CriteriaRow[] {
  return evaluation.indicators.map((r) => {
    const first = r.evidence[0];
    return {
      run_id: runId,
      city_id: cityId,
      criterion: r.criterion,
      indicator: r.id,
      met: r.met === null ? '' : r.met,
      points: r.points ?? '',
      max_points: r.maxPoints,
      evidence_url: first?.url ?? '',
      evidence_text: first?.text ?? r.note ?? '',
      warc_record_id: '',
    };
  });
}

/** `score_<criterion>` column names in rubric order, then `score_total`. */
export function scoreColumns(rubric: Rubric): string[] {
  return [...rubric.criteria.map((c) => `score_${c.id}`), 'score_total'];
}

/** The cities.csv cells that come from the evaluation: scores (empty when not assessed), phase, reason. */
export function cityScoreCells(evaluation: CityEvaluation): Record<string, Cell> {
  const cells: Record<string, Cell> = {};
  for (const c of evaluation.criteria) cells[`score_${c.id}`] = c.score ?? '';
  cells.score_total = evaluation.total ?? '';
  cells.phase = evaluation.phase;
  cells.phase_reason = evaluation.phaseReason;
  return cells;
}

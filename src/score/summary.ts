// The terminal summary after a crawl: cities × criteria, total and phase.
import type { CityEvaluation } from './evaluate.ts';
import type { Rubric } from './rubric.ts';

export function summaryTable(rubric: Rubric, rows: Array<{ cityId: string; evaluation: CityEvaluation }>): string {
  const head = ['city', ...rubric.criteria.map((c) => c.id.slice(0, 12)), 'total', 'phase'];
  const body = rows.map(({ cityId, evaluation }) => [
    cityId,
    ...evaluation.criteria.map((c) => (c.score === null ? '–' : c.score.toFixed(1))),
    evaluation.total === null ? '–' : evaluation.total.toFixed(1),
    evaluation.phase,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((x, i) => (i === 0 || i === r.length - 1 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

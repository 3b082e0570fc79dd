// Terminal tables: the summary of scores after a crawl, and the plain-text table layout the
// command line uses for its own summary (no colours: output is often piped into logs).
import type { CityEvaluation } from './evaluate.ts';
import type { Rubric } from './rubric.ts';

export function formatTable(headers: string[], rows: Array<Array<string | number>>, rightAlign: Set<number> = new Set()): string {
  const cells = rows.map((r) => r.map((c) => String(c)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r.map((c, i) => (rightAlign.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

export function summaryTable(rubric: Rubric, rows: Array<{ cityId: string; evaluation: CityEvaluation }>): string {
  const head = ['city', ...rubric.criteria.map((c) => c.id.slice(0, 12)), 'total', 'phase'];
  const body = rows.map(({ cityId, evaluation }) => [
    cityId,
    ...evaluation.criteria.map((c) => (c.score === null ? '–' : c.score.toFixed(1))),
    evaluation.total === null ? '–' : evaluation.total.toFixed(1),
    evaluation.phase,
  ]);
  // Scores are right-aligned; the city and the phase are words.
  const numeric = new Set(head.map((_, i) => i).filter((i) => i > 0 && i < head.length - 1));
  return formatTable(head, body, numeric);
}

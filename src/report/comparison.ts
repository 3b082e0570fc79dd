// comparison.csv: one row per city, wide, ready for a pivot table or a regression — scores, the
// phase as a word and as a rank, application counts, broken links, and every indicator as 0/1.
import type { Cell } from './csv.ts';
import { comparisonColumns, PHASE_WORDS, type ColumnDef } from './columns.ts';
import { num, type RunData } from './read-run.ts';

/** 0 none … 4 transformation; null for an empty or unknown phase. */
export function phaseRank(phase: string | undefined): number | null {
  const i = (PHASE_WORDS as readonly string[]).indexOf(phase ?? '');
  return i < 0 ? null : i;
}

/** The cells comparison.csv and history.csv share: scores, phase and its rank, application counts. */
export function cityCells(run: Pick<RunData, 'applications'>, criteriaIds: readonly string[], c: Record<string, string | undefined>): Record<string, Cell> & AppCounts {
  const row: Record<string, Cell> = {};
  for (const k of criteriaIds) row[`score_${k}`] = num(c[`score_${k}`]);
  row.score_total = num(c.score_total);
  row.phase = c.phase ?? '';
  row.phase_rank = phaseRank(c.phase);
  return Object.assign(row, appCounts(run, c.city_id ?? '', c));
}

export function comparisonTable(run: RunData): { columns: ColumnDef[]; rows: Array<Record<string, Cell>> } {
  const columns = comparisonColumns(run.criteriaIds, run.indicatorIds);
  const rows = run.cities.map((c) => {
    const id = c.city_id ?? '';
    const counts = cityCells(run, run.criteriaIds, c);
    const row: Record<string, Cell> = { run_id: c.run_id || run.runId, city_id: id, city_name: c.city_name ?? '', ...counts };
    const judged = counts.apps_total - counts.apps_unknown;
    row.apps_inactive_share = judged > 0 ? Math.round((counts.apps_inactive / judged) * 1000) / 1000 : null;
    row.broken_links = num(c.broken_links) ?? run.links.filter((l) => l.city_id === id && l.status === 'broken').length;
    row.pages_crawled = num(c.pages_crawled) ?? run.pages.filter((p) => p.city_id === id && p.kind === 'page').length;
    const mine = run.criteria.filter((r) => r.city_id === id);
    row.indicators_met = mine.filter((r) => r.met === 'true').length;
    row.indicators_assessed = mine.filter((r) => r.met === 'true' || r.met === 'false').length;
    for (const ind of run.indicatorIds) {
      const r = mine.find((x) => x.indicator === ind);
      row[`ind_${ind}`] = r?.met === 'true' ? 1 : r?.met === 'false' ? 0 : null;
    }
    return row;
  });
  return { columns, rows };
}

export interface AppCounts {
  apps_total: number;
  apps_active: number;
  apps_stale: number;
  apps_inactive: number;
  apps_unknown: number;
}

/** From cities.csv when it has them, else counted from applications.csv. */
export function appCounts(run: Pick<RunData, 'applications'>, cityId: string, city: Record<string, string | undefined>): AppCounts {
  // Older applications.csv files have no kind: every row of theirs is an application.
  const apps = run.applications.filter((a) => a.city_id === cityId && (a.kind || 'application') === 'application');
  const n = (s: string) => apps.filter((a) => a.status === s).length;
  return {
    apps_total: num(city.apps_total) ?? apps.length,
    apps_active: num(city.apps_active) ?? n('active'),
    apps_stale: num(city.apps_stale) ?? n('stale'),
    apps_inactive: num(city.apps_inactive) ?? n('inactive'),
    apps_unknown: num(city.apps_unknown) ?? n('unknown'),
  };
}

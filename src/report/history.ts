// history.csv: one row per city and run, over every finished run in `<out>` (and the run being
// reported, finished or not), oldest first — the long format that spreadsheets and plotting
// tools pivot into trends.
import { join } from 'node:path';
import type { Cell } from './csv.ts';
import { historyColumns, type ColumnDef } from './columns.ts';
import { cityCells } from './comparison.ts';
import { listRunFolders, num, readCsvFile, readRun, type RunData, type RunMeta } from './read-run.ts';

export interface HistoryPoint {
  runId: string;
  startedAt: string;
  finishedAt: string;
  cityId: string;
  cityName: string;
  scoreTotal: number | null;
  appsInactive: number;
  phase: string;
}

export interface History {
  columns: ColumnDef[];
  rows: Array<Record<string, Cell>>;
  /** Run ids in order, oldest first. */
  runs: string[];
}

/** Finished runs in `out` plus `current` (replacing its folder's entry), oldest first. */
export async function buildHistory(out: string, current: RunData): Promise<History> {
  // A run's history is what was known when it ran: rewriting an older run's report must not pull
  // later runs into it (history.csv of a run folder stays the same whenever it is rewritten).
  // An archive-based run (--at, `egovscan history`) stands at the date it describes, not the day it ran.
  const when = (m: RunMeta) => ((m.source as { at?: string } | undefined)?.at ?? m.started_at ?? '');
  const key = (m: RunMeta, id: string) => `${when(m)}\u0000${id}`;
  const upTo = key(current.meta, current.runId);
  const folders = (await listRunFolders(out)).filter(
    (f) => f.meta.status === 'finished' && f.runId !== current.runId && key(f.meta, f.runId) <= upTo,
  );
  const runs: Array<{ runId: string; meta: RunMeta; data: () => Promise<Pick<RunData, 'cities' | 'applications' | 'links'>> }> = folders.map((f) => ({
    runId: f.runId,
    meta: f.meta,
    data: () => loadCities(f.dir),
  }));
  runs.push({ runId: current.runId, meta: current.meta, data: async () => current });
  runs.sort((a, b) => when(a.meta).localeCompare(when(b.meta)) || a.runId.localeCompare(b.runId));

  const columns = historyColumns(current.criteriaIds);
  const rows: Array<Record<string, Cell>> = [];
  for (const r of runs) {
    const data = await r.data();
    for (const c of data.cities) {
      const id = c.city_id ?? '';
      const row: Record<string, Cell> = {
        run_id: r.runId,
        started_at: r.meta.started_at ?? '',
        finished_at: r.meta.finished_at ?? '',
        rubric: r.meta.settings?.criteria ?? '',
        city_id: id,
        city_name: c.city_name ?? '',
      };
      Object.assign(row, cityCells(data, current.criteriaIds, c));
      row.broken_links = num(c.broken_links) ?? data.links.filter((l) => l.city_id === id && l.status === 'broken').length;
      row.pages_crawled = num(c.pages_crawled);
      rows.push(row);
    }
  }
  return { columns, rows, runs: runs.map((r) => r.runId) };
}

/** cities.csv alone when it is there (cheap); the whole run only when it is missing. */
async function loadCities(dir: string): Promise<Pick<RunData, 'cities' | 'applications' | 'links'>> {
  const cities = await readCsvFile(join(dir, 'cities.csv'));
  if (cities && cities.columns.includes('apps_total') && cities.columns.includes('broken_links')) {
    return { cities: cities.rows, applications: [], links: [] };
  }
  return readRun(dir);
}

/** The history rows as points for the trend charts. */
export function historyPoints(h: History): HistoryPoint[] {
  return h.rows.map((r) => ({
    runId: String(r.run_id ?? ''),
    startedAt: String(r.started_at ?? ''),
    finishedAt: String(r.finished_at ?? ''),
    cityId: String(r.city_id ?? ''),
    cityName: String(r.city_name ?? ''),
    scoreTotal: typeof r.score_total === 'number' ? r.score_total : null,
    appsInactive: typeof r.apps_inactive === 'number' ? r.apps_inactive : 0,
    phase: String(r.phase ?? ''),
  }));
}

// What changed between two runs, from the history store: applications that died, recovered,
// appeared, disappeared or went stale; broken links that appeared or were fixed; scores and
// phase per city. One row per change, for a terminal table and diff.csv.
import { join } from 'node:path';
import { isAlive } from '../apps/types.ts';
import type { Store, StoredApp } from '../store/types.ts';
import { CITY_ID, type ColumnDef } from './columns.ts';
import { writeCsv, type Cell, type CsvOptions } from './csv.ts';

export type DiffKind = 'app' | 'link' | 'score' | 'phase' | 'city';

export interface DiffRow {
  cityId: string;
  kind: DiffKind;
  /** app: died, recovered, new, gone, went_stale; link: new, fixed; score: up, down; phase: changed; city: added, removed. */
  change: string;
  /** The application URL, the link target, the criterion (or `total`), `phase`, or the city id. */
  item: string;
  before: string;
  after: string;
  /** Application name, the page a broken link is on, or the score difference. */
  detail: string;
}

export interface RunDiff {
  runA: string;
  runB: string;
  rows: DiffRow[];
}

export const DIFF_COLUMNS: readonly ColumnDef[] = [
  { name: 'run_a', type: 'string', description: 'The earlier run (as given on the command line).' },
  { name: 'run_b', type: 'string', description: 'The later run.' },
  CITY_ID,
  { name: 'kind', type: 'string', values: ['app', 'link', 'score', 'phase', 'city'], description: 'What changed.' },
  { name: 'change', type: 'string', values: ['died', 'recovered', 'new', 'gone', 'went_stale', 'fixed', 'up', 'down', 'changed', 'added', 'removed'], description: 'app: died / recovered / new / gone / went_stale; link: new / fixed (broken links); score: up / down; phase: changed; city: added / removed (crawled in only one of the runs).' },
  { name: 'item', type: 'string', description: 'Application URL, broken link target, criterion name (or total), "phase", or the city id.' },
  { name: 'before', type: 'string', description: 'Value in run_a: "status reason" for applications, the reason for links, the score, the phase.' },
  { name: 'after', type: 'string', description: 'Value in run_b, in the same form.' },
  { name: 'detail', type: 'string', description: 'Application name, the page the broken link is on, or the score difference (after - before).' },
];

/** Scores closer than this are the same score (rounding in the rubric). */
const SCORE_EPSILON = 0.05;

const CHANGE_ORDER = ['city', 'app', 'link', 'phase', 'score'];

export class UnknownRunError extends Error {
  constructor(
    readonly runIds: string[],
    readonly known: string[],
  ) {
    super(`unknown run${runIds.length > 1 ? 's' : ''} ${runIds.join(', ')}`);
  }
}

export async function diffRuns(store: Store, runA: string, runB: string): Promise<RunDiff> {
  const missing: string[] = [];
  for (const r of [runA, runB]) if (!(await store.getRun(r))) missing.push(r);
  if (missing.length > 0) throw new UnknownRunError(missing, (await store.listRuns()).map((r) => r.runId));

  const rows: DiffRow[] = [];
  const citiesA = new Map((await store.cities(runA)).map((c) => [c.cityId, c]));
  const citiesB = new Map((await store.cities(runB)).map((c) => [c.cityId, c]));
  for (const id of citiesB.keys()) if (!citiesA.has(id)) rows.push(row(id, 'city', 'added', id, '', 'crawled', ''));
  for (const id of citiesA.keys()) if (!citiesB.has(id)) rows.push(row(id, 'city', 'removed', id, 'crawled', '', ''));
  // Only cities present in both runs can be compared; the others are listed above.
  const common = [...citiesA.keys()].filter((id) => citiesB.has(id)).sort();

  for (const cityId of common) {
    rows.push(...diffApps(await store.apps(runA, cityId), await store.apps(runB, cityId), cityId));
    rows.push(...(await diffLinks(store, runA, runB, cityId)));
    const a = citiesA.get(cityId)!.scores;
    const b = citiesB.get(cityId)!.scores;
    if (a && b) {
      if ((a.phase || '') !== (b.phase || '')) rows.push(row(cityId, 'phase', 'changed', 'phase', a.phase, b.phase, b.phaseReason ?? ''));
      const names = [...new Set([...Object.keys(a.criteria), ...Object.keys(b.criteria)])].sort();
      for (const [name, x, y] of [...names.map((n) => [n, a.criteria[n], b.criteria[n]] as const), ['total', a.total, b.total] as const]) {
        if (typeof x !== 'number' || typeof y !== 'number' || Math.abs(y - x) < SCORE_EPSILON) continue;
        const delta = y - x;
        rows.push(row(cityId, 'score', delta > 0 ? 'up' : 'down', name, fmt(x), fmt(y), `${delta > 0 ? '+' : ''}${fmt(delta)}`));
      }
    }
  }
  rows.sort((p, q) => p.cityId.localeCompare(q.cityId) || CHANGE_ORDER.indexOf(p.kind) - CHANGE_ORDER.indexOf(q.kind) || p.change.localeCompare(q.change) || p.item.localeCompare(q.item));
  return { runA, runB, rows };
}

function diffApps(a: StoredApp[], b: StoredApp[], cityId: string): DiffRow[] {
  const out: DiffRow[] = [];
  const before = new Map(a.map((x) => [x.key, x]));
  const after = new Map(b.map((x) => [x.key, x]));
  const label = (x: StoredApp) => `${x.status} ${x.reason}`;
  for (const [key, y] of after) {
    const x = before.get(key);
    if (!x) {
      out.push(row(cityId, 'app', 'new', y.url, '', label(y), y.name));
      continue;
    }
    let change = '';
    if (isAlive(x.status) && y.status === 'inactive') change = 'died';
    else if (x.status === 'inactive' && isAlive(y.status)) change = 'recovered';
    else if (x.status === 'active' && y.status === 'stale') change = 'went_stale';
    if (change) out.push(row(cityId, 'app', change, y.url, label(x), label(y), y.name));
  }
  for (const [key, x] of before) if (!after.has(key)) out.push(row(cityId, 'app', 'gone', x.url, label(x), '', x.name));
  return out;
}

async function diffLinks(store: Store, runA: string, runB: string, cityId: string): Promise<DiffRow[]> {
  // A dead target linked from every page's footer is one finding, not hundreds.
  const linksA = await store.links(runA, cityId);
  const linksB = await store.links(runB, cityId);
  const broken = (links: typeof linksA) => {
    const m = new Map<string, { reason: string; source: string }>();
    for (const l of links) if (l.status === 'broken' && !m.has(l.targetUrl)) m.set(l.targetUrl, { reason: l.reason, source: l.sourceUrl });
    return m;
  };
  const a = broken(linksA);
  const b = broken(linksB);
  const pagesB = await store.pageUrls(runB, cityId);
  const out: DiffRow[] = [];
  for (const [target, y] of b) if (!a.has(target)) out.push(row(cityId, 'link', 'new', target, '', y.reason, y.source));
  for (const [target, x] of a) {
    if (b.has(target)) continue;
    // Fixed only if run B looked again: the target was fetched, or the page that linked it was.
    if (pagesB.has(target) || pagesB.has(x.source) || linksB.some((l) => l.targetUrl === target)) {
      out.push(row(cityId, 'link', 'fixed', target, x.reason, '', x.source));
    }
  }
  return out;
}

function row(cityId: string, kind: DiffKind, change: string, item: string, before: string, after: string, detail: string): DiffRow {
  return { cityId, kind, change, item, before, after, detail };
}

function fmt(n: number): string {
  return String(Math.round(n * 10) / 10);
}

export function diffCsvRows(d: RunDiff): Array<Record<string, Cell>> {
  return d.rows.map((r) => ({
    run_a: d.runA, run_b: d.runB, city_id: r.cityId, kind: r.kind, change: r.change, item: r.item,
    before: r.before, after: r.after, detail: r.detail,
  }));
}

/** `<out>/<run-b>/diff-<run-a>.csv`: the later run's folder holds its comparisons with earlier ones. */
export function diffCsvPath(outDir: string, runA: string, runB: string): string {
  return join(outDir, runB, `diff-${runA}.csv`);
}

export async function writeDiffCsv(file: string, d: RunDiff, opts: CsvOptions = {}): Promise<void> {
  await writeCsv(file, DIFF_COLUMNS.map((c) => c.name), diffCsvRows(d), opts);
}

/** A plain-text table for the terminal, with a one-line count per kind of change first. */
export function renderDiffTable(d: RunDiff, maxWidth = 60): string {
  const lines: string[] = [];
  const counts = new Map<string, number>();
  for (const r of d.rows) counts.set(`${r.kind} ${r.change}`, (counts.get(`${r.kind} ${r.change}`) ?? 0) + 1);
  lines.push(`Changes from ${d.runA} to ${d.runB}: ${d.rows.length === 0 ? 'none' : [...counts].map(([k, n]) => `${n} ${k}`).join(', ')}`);
  if (d.rows.length === 0) return lines.join('\n');
  const cut = (s: string) => (s.length > maxWidth ? `${s.slice(0, maxWidth - 1)}…` : s);
  const table = [['CITY', 'KIND', 'CHANGE', 'ITEM', 'BEFORE', 'AFTER', 'DETAIL'], ...d.rows.map((r) => [r.cityId, r.kind, r.change, cut(r.item), r.before, r.after, cut(r.detail)])];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((t) => t[i]!.length)));
  for (const t of table) lines.push(t.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
  return lines.join('\n');
}

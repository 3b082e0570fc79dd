// The files of a run written from the store alone (`egovscan report --store … --run-id X`): a
// distributed run's cities were crawled on several machines and none of them holds its files, so
// run.json and the CSV files are rebuilt from the rows each city saved, then the comparison files,
// workbook and HTML as after any crawl.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { summariseApps, summariseKinds, type AppResult } from '../apps/index.ts';
import { loadRubric, type Rubric } from '../score/index.ts';
import type { KyselyStore } from '../store/index.ts';
import { jobRows } from '../queue/run-jobs.ts';
import { writeReport, type WriteReportResult } from '../report/write-report.ts';
import { pointLatest, writeRunJson, type RunJson } from './run-dir.ts';
import { writeRunFilesFromRows, type CityFileRows } from './run-files.ts';
import { DEFAULT_CRITERIA, VERSION } from './settings.ts';
import { rubricOf, specOf } from './worker-spec.ts';

export class MissingRunError extends Error {}

export async function writeRunFromStore(
  store: KyselyStore,
  runId: string,
  out: string,
  opts: { lang?: 'id' | 'en'; bom?: boolean } = {},
): Promise<WriteReportResult & { failed: string[] }> {
  const run = await store.getRun(runId);
  if (!run) throw new MissingRunError(`no run "${runId}" in ${store.file}; known runs: ${(await store.listRuns()).map((r) => r.runId).join(', ') || 'none'}`);
  const spec = specOf(run.settings);
  const settings = (spec?.settings ?? run.settings ?? {}) as { criteria?: string; bom?: boolean; lang?: 'id' | 'en'; lighthouse?: boolean };
  const rubric: Rubric = spec ? rubricOf(spec) : await loadRubric(settings.criteria ?? DEFAULT_CRITERIA);
  const bom = opts.bom ?? settings.bom ?? true;
  const lang = opts.lang ?? settings.lang ?? 'id';
  const jobs = await jobRows(store, runId);
  const order = new Map(jobs.map((j) => [j.cityId, j.position]));
  const files = await store.cityFiles(runId);
  // The targets file's order, as an in-process run writes it.
  const ids = [...files.keys()].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0) || a.localeCompare(b));
  const cities = ids.map((id) => files.get(id) as CityFileRows);
  // What the store says of each application wins over the rows kept with its city: the end of a
  // distributed run may have rewritten some (vantage_disagrees), and the city's counts follow.
  const stored = new Map((await store.apps(runId)).map((a) => [`${a.cityId}\n${a.key}`, a]));
  for (const c of cities) {
    c.apps = c.apps.map((a) => {
      const s = stored.get(`${a.cityId}\n${a.key}`);
      return s && (s.status !== a.status || s.reason !== a.reason) ? { ...a, status: s.status as AppResult['status'], reason: s.reason, detail: s.detail } : a;
    });
    Object.assign(c.city, summariseApps(c.apps), summariseKinds(c.apps));
  }
  const dir = join(out, runId);
  await mkdir(dir, { recursive: true });
  const failed = jobs.filter((j) => j.state === 'failed').map((j) => j.cityId);
  const meta: RunJson = {
    tool: 'egovscan',
    version: VERSION,
    run_id: runId,
    status: run.status === 'finished' ? 'finished' : 'unfinished',
    started_at: run.started,
    finished_at: run.finished ?? undefined,
    settings: { ...settings, criteria: rubric.file, rubric: { id: rubric.id, file: rubric.file }, store: store.file },
    versions: { egovscan: VERSION, node: process.versions.node },
    counts: { cities: cities.length, cities_failed: failed.length, pages: cities.reduce((n, c) => n + c.pages.length, 0) },
    cities: cities.map((c) => ({ city_id: c.city.city_id, phase: c.city.phase, total: c.city.score_total })),
    ...(failed.length ? { notes: [`cities failed on every attempt: ${failed.join(', ')}`] } : {}),
  };
  await writeRunJson(dir, meta);
  await writeRunFilesFromRows(dir, { runId, bom, lighthouse: Boolean(settings.lighthouse) }, rubric, cities, [], store);
  if (run.status === 'finished') await pointLatest(out, runId);
  const result = await writeReport(dir, { lang, bom, out });
  return { ...result, failed };
}

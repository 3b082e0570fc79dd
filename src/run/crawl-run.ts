// A whole run: every target city crawled through one shared politeness pool, then the run's
// files written. The CLI is a thin layer over this function; library users call it directly.
import PQueue from 'p-queue';
import { join } from 'node:path';
import { createHttpPool, type LinkProblem } from '../crawl/index.ts';
import type { Target } from '../config/targets.ts';
import type { PageRecord } from '../gather/city-facts.ts';
import { writeCsv } from '../report/csv.ts';
import { LINKS_COLUMNS, PAGES_COLUMNS, columnNames } from '../report/columns.ts';
import { crawlCity, type CityCrawl, type CityProgress } from './crawl-city.ts';
import { pointLatest, prepareRunDir, readRunJson, writeRunJson, type RunJson } from './run-dir.ts';
import { VERSION, type RunSettings } from './settings.ts';

export interface CityOutcome extends CityCrawl {
  target: Target;
  crawledAt: string;
}

export interface RunResult {
  runId: string;
  dir: string;
  status: 'finished' | 'unfinished';
  cities: CityOutcome[];
  startedAt: string;
  finishedAt: string;
}

export interface RunHooks {
  signal?: AbortSignal;
  onProgress?: (p: CityProgress) => void;
  onCityDone?: (city: CityOutcome) => void;
  log?: (line: string) => void;
}

export async function runCrawl(targets: Target[], settings: RunSettings, hooks: RunHooks = {}): Promise<RunResult> {
  const dir = await prepareRunDir(settings.out, settings.runId, settings.resume);
  const startedAt = new Date().toISOString();
  const prior = settings.resume ? await readRunJson(dir) : undefined;
  const now = settings.now ?? new Date();
  const run: RunJson = {
    tool: 'egovscan',
    version: VERSION,
    run_id: settings.runId,
    status: 'running',
    started_at: prior?.started_at ?? startedAt,
    resumed_at: prior ? [...(prior.resumed_at ?? []), startedAt] : undefined,
    settings: publicSettings(settings, now),
    versions: { egovscan: VERSION, node: process.versions.node },
  };
  await writeRunJson(dir, run);

  const pool = createHttpPool(settings.crawl);
  const cities: CityOutcome[] = [];
  const queue = new PQueue({ concurrency: Math.max(1, settings.cityConcurrency) });
  try {
    await Promise.all(
      targets.map((target) =>
        queue.add(async () => {
          if (hooks.signal?.aborted) return;
          const crawl = await crawlCity(target, settings, dir, pool, now, hooks.signal, hooks.onProgress);
          const outcome: CityOutcome = { ...crawl, target, crawledAt: new Date().toISOString() };
          cities.push(outcome);
          hooks.onCityDone?.(outcome);
        }),
      ),
    );
  } finally {
    await pool.close();
  }
  // Keep the targets file's order in every output, whatever order the cities finished in.
  const order = new Map(targets.map((t, i) => [t.id, i]));
  cities.sort((a, b) => (order.get(a.target.id) ?? 0) - (order.get(b.target.id) ?? 0));

  const interrupted = Boolean(hooks.signal?.aborted) || cities.length < targets.length;
  await writeRunFiles(dir, settings, cities);
  const finishedAt = new Date().toISOString();
  run.status = interrupted ? 'unfinished' : 'finished';
  run.finished_at = finishedAt;
  run.counts = {
    cities: cities.length,
    pages: cities.reduce((n, c) => n + c.facts.pages.length, 0),
    link_problems: cities.reduce((n, c) => n + c.links.length, 0),
  };
  run.cities = cities.map((c) => ({ city_id: c.target.id, ...c.summary }));
  await writeRunJson(dir, run);
  if (!interrupted) await pointLatest(settings.out, settings.runId);
  return { runId: settings.runId, dir, status: run.status, cities, startedAt: run.started_at, finishedAt };
}

function publicSettings(settings: RunSettings, now: Date): Record<string, unknown> {
  const { crawl, ...rest } = settings;
  return { ...rest, now: now.toISOString(), crawl };
}

async function writeRunFiles(dir: string, settings: RunSettings, cities: CityOutcome[]): Promise<void> {
  const opts = { bom: settings.bom };
  await writeCsv(join(dir, 'pages.csv'), columnNames(PAGES_COLUMNS), cities.flatMap((c) => c.facts.pages.map((p) => pageRow(settings.runId, c.target.id, p))), opts);
  await writeCsv(join(dir, 'links.csv'), columnNames(LINKS_COLUMNS), cities.flatMap((c) => c.links.map((l) => linkRow(settings.runId, c.target.id, l))), opts);
}

function pageRow(runId: string, cityId: string, p: PageRecord) {
  return {
    run_id: runId,
    city_id: cityId,
    url: p.url,
    http_status: p.status,
    content_type: p.contentType,
    bytes: p.bytes,
    rendered: p.rendered,
    title: p.facts?.meta.title ?? '',
    newest_date: p.facts?.newestDate ?? '',
    flags: p.facts?.flags.join(' ') ?? '',
    depth: p.depth,
    reason: p.reason,
    final_url: p.finalUrl !== p.url ? p.finalUrl : '',
    kind: p.kind,
  };
}

function linkRow(runId: string, cityId: string, l: LinkProblem) {
  return {
    run_id: runId,
    city_id: cityId,
    source_url: l.sourceUrl,
    target_url: l.targetUrl,
    status: l.status,
    reason: l.reason,
    http_status: l.httpStatus,
  };
}

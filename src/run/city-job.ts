// The work of one city, shared by the in-process run (crawl-run.ts) and the distributed worker
// (worker.ts): crawl the portal, read every page once for the inventory and the rubric, check the
// applications; then judge the city and turn it into what the store keeps.
import type { HttpPool } from '../crawl/index.ts';
import type { Target } from '../config/targets.ts';
import { checkApplications, recheckInactive, startInventory, type AppResult } from '../apps/index.ts';
import { startEvaluation, type EvaluationRun, type Rubric } from '../score/index.ts';
import type { CityRecord } from '../store/index.ts';
import type { Renderer } from '../render/types.ts';
import type { AuditRow } from '../audit/types.ts';
import { crawlCity, type CityCrawl, type CityProgress } from './crawl-city.ts';
import type { CityOutcome } from './city-outcome.ts';
import { cityFileRows } from './run-files.ts';
import type { RunSettings } from './settings.ts';

export interface CityWorkContext {
  settings: RunSettings;
  /** The run folder on this machine (journals). */
  dir: string;
  pool: HttpPool;
  rubric: Rubric;
  now: Date;
  signal?: AbortSignal;
  renderer?: Renderer;
  /** Milliseconds between the two checks of a dead application (0: once). */
  recheckMs: number;
  /** Awaited before the first application is judged (the vantage check again). */
  beforeApps: () => Promise<void>;
  onProgress?: (p: CityProgress) => void;
  onStage?: (s: { stage: 'crawl' | 'applications'; cityId: string; done: number; total: number }) => void;
}

/** A city crawled and checked, waiting for its audits; or stopped mid-crawl (`apps` undefined). */
export interface CheckedCity {
  target: Target;
  crawl: CityCrawl;
  apps?: AppResult[];
  evaluation?: EvaluationRun;
}

export async function crawlAndCheck(target: Target, ctx: CityWorkContext): Promise<CheckedCity> {
  const { settings, pool, now, signal } = ctx;
  const crawl = await crawlCity(target, settings, ctx.dir, pool, now, signal, ctx.renderer, ctx.onProgress);
  ctx.onStage?.({ stage: 'crawl', cityId: target.id, done: crawl.summary.pagesFetched, total: crawl.summary.pagesFetched });
  if (signal?.aborted && !crawl.fromJournal && crawl.summary.stoppedBy === 'signal') {
    // Interrupted mid-crawl: what was fetched is written (and journalled for --resume), but
    // judging half a portal would store a misleading score.
    return { target, crawl };
  }
  // One pass over the journal feeds the application inventory and the rubric; the rubric's
  // outcome waits for the application checks and the audits.
  const inventory = startInventory(target, crawl.facts);
  const evaluation = startEvaluation(ctx.rubric, crawl.facts);
  for await (const read of crawl.facts.readPages()) {
    inventory.page(read);
    evaluation.page(read);
  }
  evaluation.endPages();
  await ctx.beforeApps();
  const appCtx = { portal: target.portal, pool, now, signal, ...(ctx.settings.appBudgetMs ? { budgetMs: ctx.settings.appBudgetMs } : {}) };
  const entries = inventory.finish();
  ctx.onStage?.({ stage: 'applications', cityId: target.id, done: 0, total: entries.length });
  const firstCheck = await checkApplications(entries, appCtx);
  // Two checks minutes apart before a death is written (fixtures on this machine: one).
  const apps = ctx.recheckMs > 0 ? await recheckInactive(firstCheck, appCtx, ctx.recheckMs) : firstCheck;
  ctx.onStage?.({ stage: 'applications', cityId: target.id, done: apps.length, total: entries.length });
  return { target, crawl, apps, evaluation };
}

export function judgeCity(target: Target, crawl: CityCrawl, apps: AppResult[], audits: AuditRow[], evaluation: EvaluationRun): CityOutcome {
  return {
    ...crawl,
    target,
    crawledAt: new Date().toISOString(),
    apps,
    audits,
    evaluation: evaluation.finish(audits.length ? audits : undefined),
    brokenLinks: new Set(crawl.links.filter((l) => l.status === 'broken').map((l) => l.targetUrl)).size,
    flaggedPages: crawl.facts.pages.filter((p) => p.flags.length > 0).length,
  };
}

/** What the store keeps of a judged city, its CSV rows included (for `report --store`). */
export function cityRecord(runId: string, outcome: CityOutcome): CityRecord {
  return {
    cityId: outcome.target.id,
    cityName: outcome.target.name,
    portal: outcome.target.portal,
    reachable: outcome.facts.reachable,
    pages: outcome.facts.pages,
    links: outcome.links,
    apps: outcome.apps,
    scores: {
      criteria: Object.fromEntries(outcome.evaluation.criteria.map((c) => [c.id, c.score])),
      total: outcome.evaluation.total,
      phase: outcome.evaluation.phase,
      phaseReason: outcome.evaluation.phaseReason,
    },
    extra: { broken_links: outcome.brokenLinks, flagged_pages: outcome.flaggedPages },
    files: cityFileRows(runId, outcome),
  };
}

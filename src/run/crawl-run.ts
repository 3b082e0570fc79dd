// A whole run: every target city crawled through one shared politeness pool, its applications
// checked and its portal scored, each city stored in the history as it finishes, then the run's
// files written. The CLI is a thin layer over this function; library users call it directly.
import PQueue from 'p-queue';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createHttpPool, type LinkProblem } from '../crawl/index.ts';
import type { Target } from '../config/targets.ts';
import { checkApplications, recheckInactive, startInventory, type AppResult } from '../apps/index.ts';
import { loadRubric, startEvaluation, type CityEvaluation, type EvaluationRun, type Rubric } from '../score/index.ts';
import { openStore, redactUrl, type Store } from '../store/index.ts';
import { writeReport } from '../report/write-report.ts';
// Playwright and Lighthouse are loaded only when a run renders or audits (they cost ~180 MB).
import { checkChromePath, chromiumOrSayWhy } from '../render/chromium.ts';
import type { Renderer } from '../render/types.ts';
import type { AuditRow } from '../audit/types.ts';
import type { Auditor } from '../audit/index.ts';
import type { CityCrawl, CityProgress } from './crawl-city.ts';
import { cityRecord, crawlAndCheck, judgeCity, type CityWorkContext } from './city-job.ts';
import type { CityOutcome } from './city-outcome.ts';
import { writeRunFiles } from './run-files.ts';
import { openRunSources, type RunSources } from './sources.ts';
import { loadProvenance } from './provenance.ts';
import { pathForRunJson, pointLatest, prepareRunDir, readRunJson, runDir, writeRunJson, type PreparedRun, type RunJson } from './run-dir.ts';
import { lockRunDir, type RunLock } from './lock.ts';
import { checkVantage, targetsNeedOutside, vantageWarning, type VantageResult } from './vantage.ts';
import { VERSION, type RunSettings } from './settings.ts';

export type { CityOutcome } from './city-outcome.ts';

export interface RunResult {
  runId: string;
  dir: string;
  status: 'finished' | 'unfinished';
  rubric: Rubric;
  cities: CityOutcome[];
  startedAt: string;
  finishedAt: string;
}

/**
 * What a stage of the run has done, for progress displays: with `cityId`, that city's count in the
 * stage (pages crawled when its crawl ends, applications checked, pages audited); without, the
 * whole run's (the Lighthouse total once every crawl is over; the report written).
 */
export interface StageEvent {
  stage: 'crawl' | 'applications' | 'lighthouse' | 'report';
  cityId?: string;
  done: number;
  /** How many there are, when known. */
  total?: number;
}

export interface RunHooks {
  signal?: AbortSignal;
  onProgress?: (p: CityProgress) => void;
  onCityDone?: (city: CityOutcome) => void;
  onStage?: (e: StageEvent) => void;
  /** The run folder is ready and locked: the run has begun (not called when it cannot start). */
  onStart?: (run: { runId: string; dir: string }) => void;
  log?: (line: string) => void;
}

export async function runCrawl(targets: Target[], asked: RunSettings, hooks: RunHooks = {}): Promise<RunResult> {
  // A bad rubric, or a CHROME_PATH that names no browser, is bad input: find out before a single
  // request is sent and before a run folder exists.
  const rubric = await loadRubric(asked.criteria);
  if (asked.render !== 'never' || asked.lighthouse) checkChromePath(process.env);
  const { dir, lock, runId } = await openRunDir(asked);
  // Another run may have taken the default id in the same second: this one is `<id>-2`.
  const settings = runId === asked.runId ? asked : { ...asked, runId };
  try {
    hooks.onStart?.({ runId, dir });
    return await runLocked(targets, settings, hooks, rubric, dir);
  } finally {
    await lock.release();
  }
}

/**
 * The run folder, locked for this process. A folder that exists is locked before it is looked at,
 * so that a second process on a run in progress hears who holds it (and not "add --resume").
 */
async function openRunDir(settings: RunSettings): Promise<PreparedRun & { lock: RunLock }> {
  const autoId = settings.autoRunId === true && !settings.resume;
  const existing = runDir(settings.out, settings.runId);
  const exists = await stat(existing).then((s) => s.isDirectory(), () => false);
  if (exists && !autoId && RUN_ID_SHAPE.test(settings.runId)) {
    const lock = await lockRunDir(existing, settings.runId);
    try {
      return { ...(await prepareRunDir(settings.out, settings.runId, settings.resume)), lock };
    } catch (err) {
      await lock.release();
      throw err;
    }
  }
  const made = await prepareRunDir(settings.out, settings.runId, settings.resume, autoId);
  return { ...made, lock: await lockRunDir(made.dir, made.runId) };
}

const RUN_ID_SHAPE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

async function runLocked(targets: Target[], settings: RunSettings, hooks: RunHooks, rubric: Rubric, dir: string): Promise<RunResult> {
  const startedAt = new Date().toISOString();
  const prior = settings.resume ? await readRunJson(dir) : undefined;
  // Where the answers come from (--from-warc, --at) and where they are kept (--warc): sources.ts.
  const sources = await openRunSources(settings, dir, hooks.log ?? ((line: string) => process.stderr.write(`${line}\n`)));
  settings = sources.settings;
  const now = settings.now ?? new Date();
  const run: RunJson = {
    tool: 'egovscan',
    version: VERSION,
    run_id: settings.runId,
    status: 'running',
    started_at: prior?.started_at ?? startedAt,
    resumed_at: prior ? [...(prior.resumed_at ?? []), startedAt] : undefined,
    settings: runJsonSettings(settings, dir, now, rubric.id),
    versions: { egovscan: VERSION, node: process.versions.node },
  };
  await writeRunJson(dir, run);

  const store = await openStore(settings.out, { store: settings.store });
  // An archive-based run stands in the history at the date it describes, not the day it was made.
  await store.beginRun(settings.runId, run.settings, settings.at ?? new Date(run.started_at));
  const pool = createHttpPool(settings.crawl, sources.pool);
  const say = hooks.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const netSettings = { resolve: settings.crawl.resolve, onlyResolved: settings.crawl.onlyResolved };
  /** Vantage checks of this run; any that found the network down makes the run degraded. */
  const vantage: VantageResult[] = [];
  const noteVantage = (v: VantageResult) => {
    vantage.push(v);
    if (!v.ok && !pool.networkDown) {
      // Said once, at once; from here on what needs the outside network is written unknown / network.
      say(vantageWarning(v));
      pool.setNetworkDown(true);
    }
  };
  noteVantage(await checkVantage(settings.vantage, targets, netSettings));
  const recheckMs = !settings.crawl.onlyResolved && targetsNeedOutside(targets, settings.crawl.resolve) ? settings.recheckAfterMs : 0;
  /** Checked again before the first application is judged: an outage may begin mid-run. */
  let beforeApps: Promise<void> | undefined;
  const vantageBeforeApps = () =>
    (beforeApps ??= vantage[0]?.checked && !pool.networkDown
      ? checkVantage(settings.vantage, targets, netSettings).then(noteVantage)
      : Promise.resolve());
  const browser = await startBrowserWork(settings, dir, hooks.log);
  const cities: CityOutcome[] = [];
  const crawled: Array<{ target: Target; crawl: CityCrawl; apps: AppResult[]; evaluation: EvaluationRun }> = [];
  /** Cities stopped mid-crawl: their pages and links are written, but they are not judged. */
  const partial: Array<{ target: Target; crawl: CityCrawl }> = [];
  const finishCity = async (target: Target, crawl: CityCrawl, apps: AppResult[], evaluation: EvaluationRun) => {
    const auditPages = browser.auditor ? browser.pickAuditPages(crawl.facts.pages, settings.lighthousePages) : [];
    // A page's audit takes up to a minute: each one is told as it ends.
    const audited = (done: number) => hooks.onStage?.({ stage: 'lighthouse', cityId: target.id, done, total: auditPages.length });
    const audits = browser.auditor ? (await browser.auditor.audit(target.id, auditPages, audited)).rows : [];
    if (browser.auditor && auditPages.length === 0) audited(0);
    const outcome = judgeCity(target, crawl, apps, audits, evaluation);
    await store.saveCity(settings.runId, cityRecord(settings.runId, outcome));
    hooks.onCityDone?.(outcome);
    cities.push(outcome);
  };
  const cityWork: CityWorkContext = {
    settings, dir, pool, rubric, now, signal: hooks.signal, renderer: sources.renderer(browser.renderer), recheckMs,
    beforeApps: vantageBeforeApps, onProgress: hooks.onProgress, onStage: hooks.onStage,
  };
  const queue = new PQueue({ concurrency: Math.max(1, settings.cityConcurrency) });
  try {
    try {
      await Promise.all(
        targets.map((target) =>
          queue.add(async () => {
            if (hooks.signal?.aborted) return;
            const checked = await crawlAndCheck(target, cityWork);
            const { crawl, apps, evaluation } = checked;
            if (!apps || !evaluation) {
              partial.push({ target, crawl });
              return;
            }
            // Lighthouse measures after every crawl is over: crawling on the same two cores would
            // skew its timings.
            if (browser.auditor) crawled.push({ target, crawl, apps, evaluation });
            else await finishCity(target, crawl, apps, evaluation);
          }),
        ),
      );
      // The renderer's browser is not needed for the audits, which use their own.
      await browser.renderer?.close();
      if (browser.auditor && !hooks.signal?.aborted) {
        const total = crawled.reduce((n, c) => n + browser.pickAuditPages(c.crawl.facts.pages, settings.lighthousePages).length, 0);
        hooks.onStage?.({ stage: 'lighthouse', done: 0, total });
      }
      for (const c of crawled) if (!hooks.signal?.aborted) await finishCity(c.target, c.crawl, c.apps, c.evaluation);
    } finally {
      await pool.close();
      await sources.close();
      await browser.close();
    }
    // Keep the targets file's order in every output, whatever order the cities finished in.
    const order = new Map(targets.map((t, i) => [t.id, i]));
    const byTargetOrder = (a: { target: Target }, b: { target: Target }) => (order.get(a.target.id) ?? 0) - (order.get(b.target.id) ?? 0);
    cities.sort(byTargetOrder);
    partial.sort(byTargetOrder);
    const crawls: CityCrawl[] = [...cities, ...partial.map((p) => p.crawl)];

    const interrupted = Boolean(hooks.signal?.aborted) || cities.length < targets.length;
    const degraded = vantage.some((v) => !v.ok);
    for (const c of cities) c.degraded = degraded;
    hooks.onStage?.({ stage: 'report', done: 0, total: 1 });
    await writeRunFiles(dir, settings, rubric, cities, partial, store, await loadProvenance(dir, sources.replay));
    const finishedAt = new Date().toISOString();
    run.status = interrupted ? 'unfinished' : 'finished';
    run.degraded = degraded;
    run.source = relativeSource(sources.describe(), dir);
    run.vantage = vantage;
    run.finished_at = finishedAt;
    run.counts = {
      cities: cities.length,
      pages: crawls.reduce((n, c) => n + c.facts.pages.length, 0),
      link_problems: crawls.reduce((n, c) => n + c.links.length, 0),
      cities_unfinished: partial.length,
      applications: cities.reduce((n, c) => n + c.apps.length, 0),
    };
    run.cities = cities.map((c) => ({ city_id: c.target.id, phase: c.evaluation.phase, total: c.evaluation.total, ...c.summary }));
    await writeRunJson(dir, run);
    if (!interrupted) {
      // A degraded run is stored (its pages, its unknowns) but history does not take it as a judgement.
      await store.finishRun(settings.runId, degraded ? { ...run.counts, degraded: true } : run.counts);
      await pointLatest(settings.out, settings.runId);
      await writeReport(dir, { lang: settings.lang, bom: settings.bom, out: settings.out });
    }
    hooks.onStage?.({ stage: 'report', done: 1, total: 1 });
    return { runId: settings.runId, dir, status: run.status, rubric, cities, startedAt: run.started_at, finishedAt };
  } finally {
    await store.close();
  }
}

/** The replayed WARC files, as run.json keeps paths: relative to the run folder. */
function relativeSource(source: ReturnType<RunSources['describe']>, dir: string): ReturnType<RunSources['describe']> {
  if (!('from_warc' in source) || !Array.isArray(source.from_warc)) return source;
  return { ...source, from_warc: source.from_warc.map((f: string) => pathForRunJson(dir, f)) };
}

/** The settings as run.json keeps them: paths relative to the run folder (contract.md). */
function runJsonSettings(settings: RunSettings, dir: string, now: Date, rubricId: string): Record<string, unknown> {
  const criteria = pathForRunJson(dir, settings.criteria);
  // A PostgreSQL URL may carry a password: run.json is shared, so it keeps the URL without it.
  const store = settings.store ? { store: redactUrl(settings.store) } : {};
  const fromWarc = settings.fromWarc ? { fromWarc: pathForRunJson(dir, settings.fromWarc) } : {};
  return { ...settings, ...store, ...fromWarc, out: pathForRunJson(dir, settings.out), criteria, now: now.toISOString(), rubric: { id: rubricId, file: criteria } };
}

interface BrowserWork {
  renderer?: Renderer;
  auditor?: Auditor;
  pickAuditPages: (typeof import('../audit/index.ts'))['pickAuditPages'];
  close(): Promise<void>;
}

/** The narrow browser pool: one renderer for --render, one auditor for --lighthouse, both lazy. */
async function startBrowserWork(settings: RunSettings, dir: string, log?: (line: string) => void): Promise<BrowserWork> {
  const wanted = settings.render !== 'never' || settings.lighthouse;
  const exe = wanted ? chromiumOrSayWhy(process.env, undefined, (m) => (log ?? ((l) => process.stderr.write(`${l}\n`)))(`egovscan: ${m}`)) : undefined;
  if (!exe) return { pickAuditPages: () => [], close: async () => {} };
  const { createRenderer } = await import('../render/renderer.ts');
  const audit = settings.lighthouse ? await import('../audit/index.ts') : undefined;
  const net = { resolve: settings.crawl.resolve, onlyResolved: settings.crawl.onlyResolved, allowPrivate: settings.crawl.allowPrivate };
  const renderer =
    settings.render !== 'never'
      ? createRenderer({ executablePath: exe, ...net, timeoutMs: settings.crawl.timeoutMs, userAgent: settings.crawl.userAgent })
      : undefined;
  const auditor = audit
    ? audit.createAuditor({
        runId: settings.runId,
        executablePath: exe,
        ...net,
        desktop: settings.lighthouseDesktop,
        jsonDir: settings.lighthouseJson ? join(dir, 'lighthouse') : undefined,
        userAgent: settings.crawl.userAgent,
      })
    : undefined;
  return {
    renderer,
    auditor,
    pickAuditPages: audit?.pickAuditPages ?? (() => []),
    close: async () => {
      await renderer?.close();
      await auditor?.close();
    },
  };
}

export type { LinkProblem, Store };

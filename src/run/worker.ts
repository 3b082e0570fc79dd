// A worker of distributed runs: takes city jobs from the queue, crawls, checks and judges each city
// with the same code as an in-process run (city-job.ts), and saves it once, in one transaction,
// keyed by the job attempt. While it works on a city it extends the city's lease; if it dies, the
// lease runs out and another worker redoes the city from the start.
import { rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createHttpPool, type HttpPool } from '../crawl/index.ts';
import type { Target } from '../config/targets.ts';
import type { Rubric } from '../score/index.ts';
import { openStore, type KyselyStore } from '../store/index.ts';
import { CITY_QUEUE, openCityQueue, type CityJobData, type CityQueue } from '../queue/boss.ts';
import { finishIfComplete, markEnded, markRunning, reconcile } from '../queue/run-jobs.ts';
import { chromiumOrSayWhy } from '../render/chromium.ts';
import type { Renderer } from '../render/types.ts';
import type { AuditCandidate, Auditor } from '../audit/index.ts';
import { cityRecord, crawlAndCheck, judgeCity } from './city-job.ts';
import { journalFile } from './crawl-city.ts';
import { checkVantage, targetsNeedOutside } from './vantage.ts';
import { rubricOf, settingsOf, specOf } from './worker-spec.ts';
import { withSharedChecks } from './worker-shared.ts';
import type { RunSettings } from './settings.ts';

export interface WorkerOptions {
  store: string;
  /** Local folder for the journals of the cities this worker crawls (default `output`). */
  out?: string;
  /** Cities worked on at the same time (default 1). */
  concurrency?: number;
  /** Where this worker is on the network, e.g. `jakarta-1`: recorded with every city it saves. */
  vantage?: string;
  /** This worker's name in `status` (default `<host>-<pid>`). */
  name?: string;
  /** Stop when no city job is waiting or running (tests, benchmarks, one-shot batch machines). */
  exitWhenDone?: boolean;
  pollMs?: number;
  leaseSeconds?: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export interface WorkerResult {
  cities: number;
  failed: number;
}

/** Per run, on this worker: its settings, rubric and politeness pool (one pool: one set of per-host limits). */
interface RunContext {
  settings: RunSettings;
  rubric: Rubric;
  pool: HttpPool;
  renderer?: Renderer;
  /** --lighthouse: audits each city's home page and key pages once the city is crawled. */
  auditor?: Auditor;
  pickAuditPages: (pages: readonly AuditCandidate[], n?: number) => string[];
  dir: string;
}

export async function runWorker(opts: WorkerOptions): Promise<WorkerResult> {
  const name = opts.name ?? `${hostname()}-${process.pid}`;
  const vantage = opts.vantage ?? '';
  const out = opts.out ?? 'output';
  const say = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const store = await openStore(out, { store: opts.store });
  const queue = await openCityQueue(opts.store, { leaseSeconds: opts.leaseSeconds });
  const runs = new Map<string, Promise<RunContext>>();
  const seenRuns = new Set<string>();
  const result: WorkerResult = { cities: 0, failed: 0 };
  const pollMs = opts.pollMs ?? 2000;
  try {
    const slot = async () => {
      while (!opts.signal?.aborted) {
        const job = await queue.take();
        if (!job) {
          // Idle: take back the cities of dead workers, and finish runs whose last city is in.
          await queue.expire();
          // Every unfinished distributed run, not only this worker's: a run whose last city ran out
          // of attempts while nobody was looking is finished by whoever looks next.
          const open = (await store.listRuns()).filter((r) => r.status === 'unfinished' && specOf(r.settings)).map((r) => r.runId);
          for (const runId of new Set([...seenRuns, ...open])) {
            await reconcile(store, queue, runId);
            await finishIfComplete(store, runId);
          }
          if (opts.exitWhenDone && (await queue.boss.getQueueSize(CITY_QUEUE, { before: 'completed' })) === 0) return;
          await sleep(pollMs, undefined, { signal: opts.signal }).catch(() => {});
          continue;
        }
        seenRuns.add(job.data.runId);
        const ok = await workOn(job.id, job.retryCount, job.data);
        if (ok) result.cities++;
        else result.failed++;
      }
    };

    const workOn = async (id: string, retryCount: number, data: CityJobData): Promise<boolean> => {
      const attempt = `${id}#${retryCount}`;
      const { runId, cityId } = data;
      await markRunning(store, runId, cityId, name, vantage);
      const lease = opts.leaseSeconds ?? (await store.getRun(runId).then((r) => (r ? specOf(r.settings)?.leaseSeconds : undefined))) ?? queue.leaseSeconds;
      const beat = setInterval(() => void queue.heartbeat(id, retryCount, lease).catch(() => {}), Math.max(500, (lease * 1000) / 4));
      try {
        let ctx = runs.get(runId);
        if (!ctx) runs.set(runId, (ctx = openRun(store, runId, out, vantage, say)));
        const c = await ctx;
        const target = data.target as Target;
        // A redo starts from the start: what a dead attempt journalled here is not trusted.
        await rm(journalFile(c.dir, cityId), { force: true });
        const netSettings = { resolve: c.settings.crawl.resolve, onlyResolved: c.settings.crawl.onlyResolved };
        const recheckMs = !c.settings.crawl.onlyResolved && targetsNeedOutside([target], c.settings.crawl.resolve) ? c.settings.recheckAfterMs : 0;
        const checked = await crawlAndCheck(target, {
          // Not opts.signal: a stop lets the cities in hand finish (a second Ctrl-C exits at once,
          // and the lease hands the city to another worker).
          settings: c.settings, dir: c.dir, pool: c.pool, rubric: c.rubric, now: c.settings.now ?? new Date(),
          renderer: c.renderer, recheckMs,
          beforeApps: async () => {
            const v = await checkVantage(c.settings.vantage, [target], netSettings);
            if (!v.ok) c.pool.setNetworkDown(true);
          },
        });
        if (!checked.apps || !checked.evaluation) throw new Error('stopped before the city was crawled');
        const audits = c.auditor ? (await c.auditor.audit(cityId, c.pickAuditPages(checked.crawl.facts.pages, c.settings.lighthousePages))).rows : [];
        const outcome = judgeCity(target, checked.crawl, checked.apps, audits, checked.evaluation);
        outcome.degraded = c.pool.networkDown;
        const saved = await store.saveCityOnce(runId, cityRecord(runId, outcome), { jobAttempt: attempt, worker: name, vantage });
        if (!saved) say(`egovscan worker ${name}: ${runId}/${cityId} was already saved by another attempt; this one is dropped`);
        // The store holds the city now; its journal (the pages' facts) would only fill this disk.
        await rm(journalFile(c.dir, cityId), { force: true });
        await markEnded(store, runId, cityId, 'done');
        await queue.complete(id).catch(() => {});
        await finishIfComplete(store, runId);
        return true;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        say(`egovscan worker ${name}: ${runId}/${cityId} failed: ${message}`);
        await queue.fail(id, message).catch(() => {});
        await reconcile(store, queue, runId).catch(() => {});
        await markEnded(store, runId, cityId, (await queue.states([id])).get(id) === 'failed' ? 'failed' : 'queued', message).catch(() => {});
        await finishIfComplete(store, runId).catch(() => {});
        return false;
      } finally {
        clearInterval(beat);
      }
    };

    await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 1) }, slot));
    return result;
  } finally {
    for (const ctx of runs.values()) {
      const c = await ctx.catch(() => undefined);
      await c?.pool.close();
      await c?.renderer?.close();
      await c?.auditor?.close();
    }
    await queue.close();
    await store.close();
  }
}

async function openRun(store: KyselyStore, runId: string, out: string, vantage: string, say: (l: string) => void): Promise<RunContext> {
  const run = await store.getRun(runId);
  const spec = run ? specOf(run.settings) : undefined;
  if (!spec) throw new Error(`run ${runId} in ${store.file} was not enqueued (no distributed settings)`);
  const settings = settingsOf(spec, out);
  const rubric = rubricOf(spec);
  // Links to other sites are checked once per run over all workers, at one pace per origin.
  const pool = withSharedChecks(createHttpPool(settings.crawl), store, { runId, vantage, delayMs: settings.crawl.delayMs });
  const v = await checkVantage(settings.vantage, [], { resolve: settings.crawl.resolve, onlyResolved: settings.crawl.onlyResolved });
  if (!v.ok) pool.setNetworkDown(true);
  let renderer: Renderer | undefined;
  let auditor: Auditor | undefined;
  let pickAuditPages: RunContext['pickAuditPages'] = () => [];
  const exe = settings.render !== 'never' || settings.lighthouse ? chromiumOrSayWhy(process.env, undefined, (m) => say(`egovscan worker: ${m}`)) : undefined;
  if (exe && settings.lighthouse) {
    // Lighthouse times what it measures: give audit workers --concurrency 1, so that no other
    // city's crawl shares their cores while they audit.
    const audit = await import('../audit/index.ts');
    pickAuditPages = audit.pickAuditPages;
    auditor = audit.createAuditor({
      runId, executablePath: exe, resolve: settings.crawl.resolve, onlyResolved: settings.crawl.onlyResolved, allowPrivate: settings.crawl.allowPrivate,
      desktop: settings.lighthouseDesktop, jsonDir: settings.lighthouseJson ? join(out, runId, 'lighthouse') : undefined, userAgent: settings.crawl.userAgent,
    });
  }
  if (settings.render !== 'never') {
    if (exe) {
      const { createRenderer } = await import('../render/renderer.ts');
      renderer = createRenderer({
        executablePath: exe, resolve: settings.crawl.resolve, onlyResolved: settings.crawl.onlyResolved, allowPrivate: settings.crawl.allowPrivate,
        timeoutMs: settings.crawl.timeoutMs, userAgent: settings.crawl.userAgent,
      });
    }
  }
  return { settings, rubric, pool, renderer, auditor, pickAuditPages, dir: join(out, runId) };
}

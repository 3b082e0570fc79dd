// The shared body of `crawl`, `demo` and each scheduled run: progress while it runs, a summary
// table at the end, SIGINT handled (stop, write what we have, mark the run unfinished, say how to
// continue it).
import { isApplication, summariseKinds } from '../apps/index.ts';
import type { Target } from '../config/targets.ts';
import { runCrawl, type CityOutcome, type RunResult } from '../run/crawl-run.ts';
import type { RunSettings } from '../run/settings.ts';
import { createProgress, type ProgressDisplay } from './progress.ts';
import { formatTable } from '../score/summary.ts';

export interface ExecutedRun extends RunResult {
  /** The signal that stopped the run, when one did (SIGINT: exit 130). */
  stoppedBy?: 'SIGINT' | 'SIGTERM';
}

export interface ExecuteOptions {
  /** Where the summary table goes (stdout). */
  out?: NodeJS.WriteStream;
  /** The command that continues this run, printed when it is stopped (e.g. `egovscan crawl --targets t.yaml --resume --run-id X`). */
  resumeCommand?: (runId: string) => string;
}

export async function executeRun(targets: Target[], settings: RunSettings, opts: ExecuteOptions = {}): Promise<ExecutedRun> {
  const out = opts.out ?? process.stdout;
  // Made when the run has begun: a run that cannot start (bad input) says one line and draws no bars.
  let display: ProgressDisplay | undefined;
  const progress = () => (display ??= createProgress({ cities: targets.length, maxPages: settings.crawl.maxPages, lighthouse: settings.lighthouse }));
  const controller = new AbortController();
  let stoppedBy: ExecutedRun['stoppedBy'];
  let done = 0;
  /** The run's id once its folder is made (a second run in the same second gets `<id>-2`). */
  let runId = settings.runId;
  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => {
    if (controller.signal.aborted) {
      // A second Ctrl-C: quit now. The run stays unfinished and --resume continues it.
      display?.end();
      process.stderr.write(`egovscan: run ${runId} abandoned; ${resumeWords(runId, opts)}\n`);
      process.exit(130);
    }
    stoppedBy = signal;
    progress().log('Stopping: finishing requests in flight and writing what has been fetched (Ctrl-C again to quit at once)');
    controller.abort();
  };
  const onSigint = () => onSignal('SIGINT');
  const onSigterm = () => onSignal('SIGTERM');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  let result: RunResult;
  try {
    result = await runCrawl(targets, settings, {
      signal: controller.signal,
      // Said once the run folder is ours: a run that cannot start says only why.
      onStart: (run) => {
        runId = run.runId;
        progress().log(`egovscan: run ${run.runId}, ${targets.length} ${targets.length === 1 ? 'city' : 'cities'} → ${run.dir}/`);
      },
      onProgress: (p) => progress().update(p),
      onStage: (e) => progress().stage(e),
      onCityDone: (c) => progress().cityDone(c.target.id, cityLine(c), ++done),
      log: (line) => progress().log(line),
    });
  } finally {
    display?.end();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
  }
  out.write(`\n${summaryTable(result)}\n\n`);
  const state = result.status === 'finished' ? 'finished' : `unfinished — ${resumeWords(result.runId, opts)}`;
  out.write(`Run ${result.runId} ${state}. Files: ${result.dir}/\n`);
  if (result.status !== 'finished' && stoppedBy) process.stderr.write(`egovscan: stopped by ${stoppedBy}; ${resumeWords(result.runId, opts)}\n`);
  return { ...result, ...(stoppedBy ? { stoppedBy } : {}) };
}

function resumeWords(runId: string, opts: ExecuteOptions): string {
  return opts.resumeCommand ? `continue with: ${opts.resumeCommand(runId)}` : `continue with: --resume --run-id ${runId}`;
}

/** The exit code of a run: 0 finished, 130 stopped by Ctrl-C, 1 otherwise unfinished. */
export function runExitCode(result: ExecutedRun): number {
  if (result.status === 'finished') return 0;
  return result.stoppedBy === 'SIGINT' ? 130 : 1;
}

function cityLine(c: CityOutcome): string {
  const s = c.summary;
  const portal = c.facts.reachable
    ? 'portal ok'
    : `portal ${c.facts.portalReason}${c.facts.portalReason === 'private_address' ? ' (a loopback or private address: add --allow-private to crawl it)' : ''}`;
  const limit = s.stoppedBy === 'max_pages' ? ' (page limit reached)' : '';
  return `${c.target.id}: ${s.pagesFetched} pages, ${c.brokenLinks} broken links, ${inventoryWords(c)}, ${portal}, phase ${c.evaluation.phase}${limit}`;
}

/** "12 applications (+ 5 websites, 2 national platforms, 1 mobile app)": the kinds counted apart. */
function inventoryWords(c: CityOutcome): string {
  const apps = c.apps.filter(isApplication).length;
  const k = summariseKinds(c.apps);
  const others = [
    [k.websites_total, 'website', 'websites'],
    [k.platforms_total, 'national platform', 'national platforms'],
    [k.mobile_apps_total, 'mobile app', 'mobile apps'],
  ].filter(([n]) => Number(n) > 0).map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
  return `${apps} application${apps === 1 ? '' : 's'}${others.length > 0 ? ` (+ ${others.join(', ')})` : ''}`;
}

export function summaryTable(result: RunResult): string {
  const criteria = result.rubric.criteria.map((c) => c.id);
  const headers = ['city', ...criteria.map((id) => id.slice(0, 8)), 'total', 'phase', 'apps a/s/i/u', 'broken', 'pages'];
  const score = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x.toFixed(1));
  const rows = result.cities.map((c) => {
    const byId = new Map(c.evaluation.criteria.map((k) => [k.id, k.score]));
    const n = (s: string) => c.apps.filter((a) => a.status === s && isApplication(a)).length;
    return [
      c.target.id,
      ...criteria.map((id) => score(byId.get(id))),
      score(c.evaluation.total),
      c.evaluation.phase,
      `${n('active')}/${n('stale')}/${n('inactive')}/${n('unknown')}`,
      c.brokenLinks,
      c.facts.pages.filter((p) => p.kind === 'page').length,
    ];
  });
  const numeric = new Set([...criteria.map((_, i) => i + 1), criteria.length + 1, criteria.length + 4, criteria.length + 5]);
  return formatTable(headers, rows, numeric);
}

// The shared body of `crawl`, `demo` and each scheduled run: progress while it runs, a summary
// table at the end, SIGINT handled (stop, write what we have, mark the run unfinished).
import { isApplication, summariseKinds } from '../apps/index.ts';
import type { Target } from '../config/targets.ts';
import { runCrawl, type CityOutcome, type RunResult } from '../run/crawl-run.ts';
import type { RunSettings } from '../run/settings.ts';
import { ProgressReporter } from './progress.ts';
import { formatTable } from '../score/summary.ts';

export async function executeRun(targets: Target[], settings: RunSettings, out: NodeJS.WriteStream = process.stdout): Promise<RunResult> {
  const progress = new ProgressReporter(targets.length);
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\nStopping: finishing requests in flight and writing what has been fetched (Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  try {
    process.stderr.write(`egovscan: run ${settings.runId}, ${targets.length} ${targets.length === 1 ? 'city' : 'cities'} → ${settings.out}/${settings.runId}/\n`);
    const result = await runCrawl(targets, settings, {
      signal: controller.signal,
      onProgress: (p) => progress.update(p),
      onCityDone: (c) => progress.cityDone(c.target.id, cityLine(c)),
    });
    progress.end();
    out.write(`\n${summaryTable(result)}\n\n`);
    const state = result.status === 'finished' ? 'finished' : `unfinished — continue with: --resume --run-id ${result.runId}`;
    out.write(`Run ${result.runId} ${state}. Files: ${result.dir}/\n`);
    return result;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
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

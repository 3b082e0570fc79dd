// The shared body of `crawl`, `demo` and each scheduled run: progress while it runs, a summary
// table at the end, SIGINT handled (stop, write what we have, mark the run unfinished).
import type { Target } from '../config/targets.ts';
import { runCrawl, type CityOutcome, type RunResult } from '../run/crawl-run.ts';
import type { RunSettings } from '../run/settings.ts';
import { ProgressReporter } from './progress.ts';
import { formatTable } from './table.ts';

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
  const portal = c.facts.reachable ? 'portal ok' : `portal ${c.facts.portalReason}`;
  return `${c.target.id}: ${s.pagesFetched} pages, ${c.links.length} link problems, ${portal}${s.stoppedBy === 'max_pages' ? ' (page limit reached)' : ''}`;
}

export function summaryTable(result: RunResult): string {
  const headers = ['city', 'pages', 'failed', 'docs', 'broken', 'redirected', 'blocked', 'portal'];
  const rows = result.cities.map((c) => {
    const count = (status: string) => c.links.filter((l) => l.status === status).length;
    return [
      c.target.id,
      c.facts.pages.filter((p) => p.kind === 'page').length,
      c.facts.pages.filter((p) => p.status === 0 || p.status >= 400).length,
      c.facts.pages.filter((p) => p.kind === 'document').length,
      count('broken'),
      count('redirected'),
      count('blocked'),
      c.facts.reachable ? 'ok' : c.facts.portalReason,
    ];
  });
  return formatTable(headers, rows, new Set([1, 2, 3, 4, 5, 6]));
}

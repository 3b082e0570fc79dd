// `egovscan enqueue --targets F --store postgres://… [--run-id X] [crawl flags]`: creates a run in
// the shared store and one job per city in its queue; `egovscan worker` on any machine does them.
import { Command } from 'commander';
import { filterTargets, loadTargets } from '../../config/targets.ts';
import { InputError } from '../../config/input-error.ts';
import { isPostgresUrl, openStore } from '../../store/index.ts';
import { enqueueRun, specOf } from '../../run/worker-spec.ts';
import { addCrawlFlags, settingsFromFlags, type CrawlFlags } from '../options.ts';

export type EnqueueFlags = CrawlFlags & { targets: string; store?: string; leaseSeconds?: string };

/** A postgres:// URL from --store or EGOVSCAN_STORE, else exit 2 naming the flag. */
export function sharedStore(flag: string | undefined, command: string): string {
  const url = flag ?? process.env.EGOVSCAN_STORE;
  if (!isPostgresUrl(url)) {
    throw new InputError('--store', [{ file: '--store', message: `egovscan ${command} needs a shared store: --store postgres://user@host/db (or EGOVSCAN_STORE)${url ? `, got "${url}"` : ''}` }]);
  }
  return url;
}

export function leaseFlag(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 2 || n > 86_000) throw new InputError('--lease-seconds', [{ file: '--lease-seconds', message: `--lease-seconds must be a whole number from 2 to 86000, got "${raw}"` }]);
  return n;
}

export async function enqueueFromFlags(flags: EnqueueFlags, print: (s: string) => void = (s) => process.stdout.write(`${s}\n`)): Promise<number> {
  const url = sharedStore(flags.store, 'enqueue');
  const settings = settingsFromFlags(flags);
  const targets = filterTargets(await loadTargets(flags.targets), settings.only, flags.targets);
  const r = await enqueueRun(targets, settings, url, { leaseSeconds: leaseFlag(flags.leaseSeconds) });
  print(`Enqueued run ${r.runId}: ${r.jobs} city job${r.jobs === 1 ? '' : 's'} in ${r.store}`);
  print(`Start workers with: egovscan worker --store <url>; follow with: egovscan status --run-id ${r.runId} --store <url>`);
  return 0;
}

export function registerEnqueue(program: Command): void {
  addCrawlFlags(
    program
      .command('enqueue')
      .description('create a distributed run in a shared PostgreSQL store: one job per city, done by `egovscan worker` on any machine')
      .requiredOption('--targets <file>', 'targets file (YAML or JSON)')
      .option('--lease-seconds <n>', 'a city job stays with a worker this long without a heartbeat before another worker may take it', '120'),
  ).action(async (flags: EnqueueFlags) => {
    process.exitCode = await enqueueFromFlags(flags);
  });
}

/**
 * One scheduled run on a shared store: enqueued, then awaited until its workers finish it, so
 * that the scheduler's own rule (never two runs at once) holds for distributed runs too. A run
 * of the store still unfinished (an earlier scheduler's) also refuses a new one.
 */
export async function enqueueAndWait(flags: EnqueueFlags & { runId: string }, opts: { pollMs?: number; log?: (s: string) => void } = {}): Promise<number> {
  const url = sharedStore(flags.store, 'schedule');
  const say = opts.log ?? ((s: string) => process.stderr.write(`${s}\n`));
  const store = await openStore(flags.out ?? 'output', { store: url });
  try {
    const going = (await store.listRuns()).filter((r) => r.status === 'unfinished' && specOf(r.settings));
    if (going.length) {
      say(`egovscan schedule: run ${going.at(-1)!.runId} is still going in ${store.file}; ${flags.runId} is not enqueued`);
      return 1;
    }
    await enqueueFromFlags(flags, say);
    for (;;) {
      const run = await store.getRun(flags.runId);
      if (run && run.status !== 'unfinished') return run.status === 'finished' ? 0 : 1;
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 10_000));
    }
  } finally {
    await store.close();
  }
}

/** What `schedule` runs each time: an in-process crawl, or with a shared store, an enqueued run. */
export function scheduledRun(crawl: (flags: EnqueueFlags) => Promise<number>) {
  return (flags: EnqueueFlags & { runId: string }): Promise<number> =>
    isPostgresUrl(flags.store ?? process.env.EGOVSCAN_STORE) ? enqueueAndWait(flags) : crawl(flags);
}

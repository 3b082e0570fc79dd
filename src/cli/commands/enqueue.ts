// `egovscan enqueue --targets F --store postgres://… [--run-id X] [crawl flags]`: creates a run in
// the shared store and one job per city in its queue; `egovscan worker` on any machine does them.
import { Command } from 'commander';
import { filterTargets, loadTargets } from '../../config/targets.ts';
import { InputError } from '../../config/input-error.ts';
import { isPostgresUrl } from '../../store/index.ts';
import { enqueueRun } from '../../run/worker-spec.ts';
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
      .option('--store <url>', 'the shared store, postgres://user@host/db (default: EGOVSCAN_STORE)')
      .option('--lease-seconds <n>', 'a city job stays with a worker this long without a heartbeat before another worker may take it', '120'),
  ).action(async (flags: EnqueueFlags) => {
    process.exitCode = await enqueueFromFlags(flags);
  });
}

// `egovscan worker --store postgres://… [--concurrency n] [--vantage NAME]`: takes city jobs of
// distributed runs and does them, until stopped (Ctrl-C finishes the cities in hand) or, with
// --exit-when-done, until the queue is empty.
import { Command } from 'commander';
import { InputError } from '../../config/input-error.ts';
import { runWorker } from '../../run/worker.ts';
import { leaseFlag, sharedStore } from './enqueue.ts';

export interface WorkerFlags {
  store?: string;
  out: string;
  concurrency: string;
  vantage?: string;
  name?: string;
  exitWhenDone?: boolean;
  leaseSeconds?: string;
  pollMs?: string;
}

export async function workerFromFlags(flags: WorkerFlags): Promise<number> {
  const url = sharedStore(flags.store, 'worker');
  const concurrency = Number(flags.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
    throw new InputError('--concurrency', [{ file: '--concurrency', message: `--concurrency must be a whole number from 1 to 256, got "${flags.concurrency}"` }]);
  }
  if (flags.vantage !== undefined && !/^[A-Za-z0-9._-]{1,64}$/.test(flags.vantage)) {
    throw new InputError('--vantage', [{ file: '--vantage', message: `--vantage takes a short name (letters, digits, . _ -), got "${flags.vantage}"` }]);
  }
  const pollMs = flags.pollMs === undefined ? undefined : Number(flags.pollMs);
  if (pollMs !== undefined && (!Number.isInteger(pollMs) || pollMs < 100)) {
    throw new InputError('--poll-ms', [{ file: '--poll-ms', message: `--poll-ms must be a whole number of at least 100, got "${flags.pollMs}"` }]);
  }
  const stop = new AbortController();
  let stops = 0;
  const onSignal = () => {
    if (++stops > 1) process.exit(130);
    process.stderr.write('egovscan worker: stopping after the cities in hand (Ctrl-C again to quit at once; their leases then run out and another worker redoes them)\n');
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const r = await runWorker({
      store: url, out: flags.out, concurrency, vantage: flags.vantage, name: flags.name, exitWhenDone: flags.exitWhenDone,
      leaseSeconds: leaseFlag(flags.leaseSeconds), pollMs, signal: stop.signal,
    });
    process.stderr.write(`egovscan worker: ${r.cities} cit${r.cities === 1 ? 'y' : 'ies'} done, ${r.failed} attempt${r.failed === 1 ? '' : 's'} failed\n`);
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('take city jobs of distributed runs from a shared PostgreSQL store and crawl, judge and store them')
    .option('--store <url>', 'the shared store, postgres://user@host/db (default: EGOVSCAN_STORE)')
    .option('--out <dir>', 'local folder for the journals of the cities in hand', 'output')
    .option('--concurrency <n>', 'cities worked on at the same time', '1')
    .option('--vantage <name>', 'where this worker is on the network (e.g. jakarta-1), recorded with every city it saves')
    .option('--name <name>', 'this worker\'s name in `egovscan status` (default <host>-<pid>)')
    .option('--exit-when-done', 'stop when no city job is waiting or running', false)
    .option('--lease-seconds <n>', 'lease of a city job without a heartbeat (the run\'s queue setting when it was created)')
    .option('--poll-ms <n>', 'pause between two looks at an empty queue', '2000')
    .action(async (flags: WorkerFlags) => {
      process.exitCode = await workerFromFlags(flags);
    });
}

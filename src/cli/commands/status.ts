// `egovscan status --run-id X [--store postgres://…]`: a distributed run's city jobs queued,
// running, done and failed, per worker, with the pace and an ETA.
import { Command, CommanderError } from 'commander';
import { openStore } from '../../store/index.ts';
import { openCityQueue } from '../../queue/boss.ts';
import { renderStatus, runStatus } from '../../queue/status.ts';
import { sharedStore } from './enqueue.ts';

export async function statusFromFlags(flags: { runId: string; store?: string; json?: boolean }, print = (s: string) => process.stdout.write(`${s}\n`)): Promise<number> {
  const url = sharedStore(flags.store, 'status');
  const store = await openStore('output', { store: url });
  const queue = await openCityQueue(url);
  try {
    const s = await runStatus(store, queue, flags.runId);
    if (!s) {
      const known = (await store.listRuns()).map((r) => r.runId);
      process.stderr.write(`egovscan status: no run "${flags.runId}" in ${store.file}; known runs: ${known.length ? known.join(', ') : 'none'}\n`);
      return 2;
    }
    print(flags.json ? JSON.stringify({ ...s, jobs: undefined }, null, 2) : renderStatus(s));
    return 0;
  } finally {
    await queue.close();
    await store.close();
  }
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('where a distributed run stands: city jobs queued, running, done and failed per worker, and an ETA')
    .requiredOption('--run-id <id>', 'the run')
    .option('--store <url>', 'the shared store, postgres://user@host/db (default: EGOVSCAN_STORE)')
    .option('--json', 'print the status as JSON', false)
    .action(async (flags: { runId: string; store?: string; json: boolean }) => {
      const code = await statusFromFlags(flags);
      process.exitCode = code;
      if (code !== 0) throw new CommanderError(code, 'egovscan.status', 'egovscan status failed');
    });
}

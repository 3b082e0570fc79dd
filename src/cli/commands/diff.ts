// `egovscan diff <run-a> <run-b> [--out <dir>]`: what changed between two runs kept in the history
// store — applications, broken links, scores and phase — as a table and as diff.csv.
import { CommanderError, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { diffCsvPath, diffRuns, renderDiffTable, UnknownRunError, writeDiffCsv } from '../../report/diff.ts';
import { openStore, storeLocation } from '../../store/index.ts';

export interface DiffCommandOptions {
  out?: string;
  /** A postgres:// URL (else EGOVSCAN_STORE, else `<out>/egovscan.sqlite`). */
  store?: string;
  bom?: boolean;
  stdout?: (s: string) => void;
  stderr?: (s: string) => void;
}

/** Runs the command; returns the exit code (0 done, 2 bad input: no store or unknown run). */
export async function runDiffCommand(runA: string, runB: string, opts: DiffCommandOptions = {}): Promise<number> {
  const out = opts.out ?? 'output';
  const print = opts.stdout ?? ((s: string) => process.stdout.write(`${s}\n`));
  const warn = opts.stderr ?? ((s: string) => process.stderr.write(`${s}\n`));
  const loc = storeLocation(out, opts.store);
  const file = loc.label;
  if (loc.dialect === 'sqlite' && !existsSync(loc.file)) {
    warn(`egovscan diff: no run history at ${file} (run \`egovscan crawl --out ${out}\` first, or pass --out)`);
    return 2;
  }
  const store = await openStore(out, { store: opts.store });
  try {
    let d;
    try {
      d = await diffRuns(store, runA, runB);
    } catch (err) {
      if (err instanceof UnknownRunError) {
        const known = err.known.length ? err.known.join(', ') : 'none';
        warn(`egovscan diff: ${err.message} in ${file}; known runs: ${known}`);
        return 2;
      }
      throw err;
    }
    for (const id of [runA, runB]) {
      const run = (await store.getRun(id))!;
      if (run.status !== 'finished') warn(`egovscan diff: warning: run ${id} is ${run.status}; its data may be incomplete`);
    }
    print(renderDiffTable(d));
    const csv = diffCsvPath(out, runA, runB);
    await writeDiffCsv(csv, d, { bom: opts.bom });
    print(`Written: ${csv}`);
    return 0;
  } finally {
    await store.close();
  }
}

export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description('what changed between two runs: applications (died, recovered, new, gone, went stale), broken links (new, fixed), scores and phase')
    .argument('<run-a>', 'the earlier run id')
    .argument('<run-b>', 'the later run id')
    .option('--out <dir>', 'output folder holding egovscan.sqlite and the runs', 'output')
    .option('--no-bom', 'write diff.csv without the UTF-8 byte-order mark')
    .option('--store <url>', 'the history store: a postgres:// URL shared by several machines (default: EGOVSCAN_STORE, else <out>/egovscan.sqlite)')
    .action(async (runA: string, runB: string, options: { out: string; bom: boolean; store?: string }) => {
      const code = await runDiffCommand(runA, runB, { out: options.out, bom: options.bom, store: options.store });
      process.exitCode = code;
      // main() turns a CommanderError into its exit code without printing again (the message is out).
      if (code !== 0) throw new CommanderError(code, 'egovscan.diff', 'egovscan diff failed');
    });
}

import { Command } from 'commander';
import { loadTargets, filterTargets } from '../../config/targets.ts';
import { InputError } from '../../config/input-error.ts';
import { checkOutFolder, newestUnfinishedRun } from '../../run/run-dir.ts';
import { addCrawlFlags, settingsFromFlags, type CrawlFlags } from '../options.ts';
import { executeRun, runExitCode } from '../run-command.ts';

export type CrawlCommandFlags = CrawlFlags & { targets: string };

/** What `crawl` does, shared with each run of `schedule`. Returns the exit code. */
export async function crawlFromFlags(given: CrawlCommandFlags): Promise<number> {
  const flags = given.resume && !given.runId ? { ...given, runId: await newestToResume(given.out ?? 'output') } : given;
  const settings = settingsFromFlags(flags);
  const targets = filterTargets(await loadTargets(flags.targets), settings.only, flags.targets);
  const result = await executeRun(targets, settings, { resumeCommand: (runId) => resumeCommand(flags, runId) });
  return runExitCode(result);
}

/** `--resume` without `--run-id`: the newest unfinished run in --out, said on stderr. */
export async function newestToResume(out: string): Promise<string> {
  await checkOutFolder(out);
  const runId = await newestUnfinishedRun(out);
  if (!runId) {
    throw new InputError('--resume', [{ file: '--resume', message: `no unfinished run in ${out} to resume; start a new run without --resume` }]);
  }
  process.stderr.write(`egovscan: resuming run ${runId}, the newest unfinished run in ${out}\n`);
  return runId;
}

export function registerCrawl(program: Command): void {
  addCrawlFlags(
    program
      .command('crawl')
      .description('crawl the portals of a targets file, score them and check their applications')
      .requiredOption('--targets <file>', 'targets file (YAML or JSON), see targets/example.yaml'),
  ).action(async (flags: CrawlCommandFlags) => {
    process.exitCode = await crawlFromFlags(flags);
  });
}

/**
 * The command that continues a stopped run: the user's own `crawl` command line (the same flags,
 * so that the rest of the run is crawled as its start was) with `--resume --run-id <id>`.
 */
export function resumeCommand(flags: Pick<CrawlCommandFlags, 'targets' | 'out'>, runId: string, argv: readonly string[] = process.argv): string {
  const args = argv.slice(2);
  let kept: string[];
  if (args[0] === 'crawl') {
    kept = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--resume' || a.startsWith('--run-id=')) continue;
      if (a === '--run-id') {
        i += 1;
        continue;
      }
      kept.push(a);
    }
  } else {
    // A scheduled run: its own flags are schedule's; these two are what a crawl needs.
    kept = ['crawl', '--targets', flags.targets, ...(flags.out && flags.out !== 'output' ? ['--out', flags.out] : [])];
  }
  return ['egovscan', ...kept, '--resume', '--run-id', runId].map(shellWord).join(' ');
}

function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:=,@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

// Entry point of the `egovscan` command. Commands stay thin: they parse flags and call the library.
import { Command, CommanderError } from 'commander';
import { InputError } from '../config/input-error.ts';
import { VERSION } from '../run/settings.ts';
import { tuneHeapForCrawling } from '../run/heap.ts';
import { registerAgree } from './commands/agree.ts';
import { crawlFromFlags, registerCrawl, type CrawlCommandFlags } from './commands/crawl.ts';
import { registerDemo } from './commands/demo.ts';
import { registerDiff } from './commands/diff.ts';
import { registerEnqueue, scheduledRun, type EnqueueFlags } from './commands/enqueue.ts';
import { registerStatus } from './commands/status.ts';
import { registerWorker } from './commands/worker.ts';
import { registerReport } from './commands/report.ts';
import { registerSchedule } from './commands/schedule.ts';
import { registerHistory } from './commands/history.ts';
import { addCrawlFlags, settingsFromFlags, type CrawlFlags } from './options.ts';
import { loadRubric } from '../score/index.ts';
import { checkOutFolder } from '../run/run-dir.ts';
import { checkChromePath } from '../render/chromium.ts';

export function buildProgram(): Command {
  const program = new Command('egovscan')
    .description(
      'Evaluates government web portals the way public-administration researchers do: the seven Sitokdana ' +
        'criteria with evidence, the World Bank e-government phase, and the liveness of every application, ' +
        'run after run. Start with `egovscan demo`.',
    )
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerCrawl(program);
  registerDemo(program);
  registerReport(program);
  registerDiff(program);
  registerAgree(program);
  registerEnqueue(program);
  registerWorker(program);
  registerStatus(program);
  registerHistory(program);
  // With a shared store (--store postgres://… or EGOVSCAN_STORE) each scheduled run is enqueued for workers.
  const scheduled = scheduledRun((flags) => crawlFromFlags(flags as unknown as CrawlCommandFlags));
  registerSchedule(program, (opts) => scheduled(opts as unknown as EnqueueFlags & { runId: string }), addCrawlFlags, checkScheduledFlags);
  for (const cmd of program.commands) cmd.exitOverride();
  program.addHelpText(
    'after',
    '\nExit codes: 0 the run finished (unreachable portals are findings, not failures), 2 bad input, 130 stopped by\n' +
      'Ctrl-C (continue it with --resume), 1 anything else.\n' +
      'Documentation: README.md; output columns: docs/contract.md and dictionary.csv in each run folder.',
  );
  return program;
}

/** What a scheduled run would refuse days from now, refused at start: flag values, the rubric, --out, CHROME_PATH. */
async function checkScheduledFlags(opts: Record<string, unknown>): Promise<void> {
  const settings = settingsFromFlags(opts as CrawlFlags);
  await loadRubric(settings.criteria);
  await checkOutFolder(settings.out);
  if (settings.render !== 'never' || settings.lighthouse) checkChromePath(process.env);
}

export async function main(argv: string[]): Promise<number> {
  tuneHeapForCrawling();
  const program = buildProgram();
  try {
    if (argv.length <= 2) {
      program.outputHelp();
      return 0;
    }
    process.exitCode = undefined;
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      return 2; // commander already printed the message
    }
    if (err instanceof InputError) {
      // One mistake is one line (it names the file, the entry and the field); several get a heading.
      const n = err.problems.length;
      process.stderr.write(n === 1 ? `egovscan: ${err.message}\n` : `egovscan: ${n} problems in the input, nothing was done:\n${err.message}\n`);
      return 2;
    }
    const e = err as Error;
    process.stderr.write(`egovscan: ${e.stack ?? e.message}\n`);
    return 1;
  }
}

// `egovscan schedule --targets <file> --cron "<expr>" [crawl flags]`: runs crawls on a schedule in
// one long-lived process. The crawl itself is the lead's `runCrawl`, handed in, so a scheduled run
// is exactly an `egovscan crawl` with a fresh run id.
import { loadTargets } from '../../config/targets.ts';
import { InputError } from '../../config/input-error.ts';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_TIMEZONE, ScheduleInputError, startScheduler } from '../../schedule/scheduler.ts';

/** What runCrawl receives: the crawl flags as commander parsed them (camelCase keys), and the run id. */
export type ScheduledCrawlOptions = Record<string, unknown> & { targets: string; runId: string };

export type RunCrawl = (opts: ScheduledCrawlOptions) => Promise<number>;

/** Checks the crawl flags at start (throws InputError), so that a bad value fails now and not at the first run. */
export type CheckFlags = (opts: Record<string, unknown>) => void | Promise<void>;

/** Crawl flags a scheduled run cannot take: each run gets its own id and starts afresh. */
const REFUSED = ['--run-id', '--resume'];

const SCHEDULE_KEYS = new Set(['cron', 'timezone', 'runNow', 'maxRuns']);

function int(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number`);
    return n;
  };
}

/** The contract's crawl flags (used when the caller does not hand in its own definitions). */
export function addContractCrawlFlags(cmd: Command): Command {
  return cmd
    .option('--out <dir>', 'output folder', 'output')
    .option('--max-pages <n>', 'pages per city', int('--max-pages'))
    .option('--max-depth <n>', 'link depth', int('--max-depth'))
    .option('--concurrency <n>', 'requests at once, in total', int('--concurrency'))
    .option('--per-host <n>', 'requests at once per host', int('--per-host'))
    .option('--delay-ms <n>', 'pause between requests to one host', int('--delay-ms'))
    .option('--timeout-ms <n>', 'per request', int('--timeout-ms'))
    .addOption(new Option('--render <mode>', 'browser rendering').choices(['never', 'auto', 'always']))
    .option('--lighthouse', 'run Lighthouse and axe audits')
    .option('--allow-private', 'allow loopback/private targets')
    .option('--only <ids>', 'only these city ids (comma-separated)')
    .option('--criteria <rubric>', 'rubric file')
    .option('--no-bom', 'CSV without byte-order mark');
}

/**
 * Registers `schedule`. `addCrawlFlags` lets the crawl command's own flag definitions be reused
 * (it may or may not define --targets; --run-id and --resume are refused for scheduled runs).
 */
export function registerSchedule(
  program: Command,
  runCrawl: RunCrawl,
  addCrawlFlags: (cmd: Command) => Command = addContractCrawlFlags,
  checkFlags?: CheckFlags,
): void {
  const cmd = program
    .command('schedule')
    .description('run crawls on a schedule (one process; never two runs at once; a failed run waits for the next)');
  addCrawlFlags(cmd);
  // Still parsed, so that giving one is answered with why it cannot be used, but not offered in --help.
  for (const o of cmd.options) if (REFUSED.includes(o.long ?? '')) o.hideHelp();
  if (!cmd.options.some((o) => o.long === '--targets')) cmd.requiredOption('--targets <file>', 'targets file (YAML or JSON)');
  cmd
    .requiredOption('--cron <expr>', 'when to run, e.g. "0 2 * * 1" (Mondays 02:00); 6 fields add seconds')
    .option('--timezone <zone>', 'IANA time zone of the cron expression, or "system"', DEFAULT_TIMEZONE)
    .option('--run-now', 'also run once at start')
    .option('--max-runs <n>', 'stop after this many runs', int('--max-runs'))
    .action(async (options: Record<string, unknown>) => {
      const code = await runScheduleCommand(options, runCrawl, { checkFlags });
      process.exitCode = code;
      if (code !== 0) throw new CommanderError(code, 'egovscan.schedule', 'egovscan schedule failed');
    });
}

export async function runScheduleCommand(
  options: Record<string, unknown>,
  runCrawl: RunCrawl,
  extra: { log?: (line: string) => void; handleSignals?: boolean; checkFlags?: CheckFlags } = {},
): Promise<number> {
  const warn = (s: string) => process.stderr.write(`${s}\n`);
  for (const flag of ['runId', 'resume'] as const) {
    if (options[flag] !== undefined && options[flag] !== false) {
      warn(`egovscan schedule: --${flag === 'runId' ? 'run-id' : 'resume'} cannot be used: every scheduled run gets its own run id`);
      return 2;
    }
  }
  // A targets file that is missing or wrong would fail days later, at the first run: check it now.
  const targetsFile = String(options.targets);
  try {
    await loadTargets(targetsFile);
  } catch (err) {
    const first = err instanceof InputError ? err.message.split('\n')[0] : err instanceof Error ? err.message : String(err);
    const why = (err as { code?: string }).code === 'ENOENT' ? 'no such file' : first;
    warn(`egovscan schedule: targets file ${targetsFile} cannot be used: ${why}`);
    return 2;
  }
  const crawlOptions: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) if (!SCHEDULE_KEYS.has(k)) crawlOptions[k] = v;
  // The flags too: a --max-pages of "banyak" or a CHROME_PATH that names no browser is said now.
  try {
    await extra.checkFlags?.(crawlOptions);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    warn(`egovscan schedule: ${err.message.split('\n')[0]}`);
    return 2;
  }
  try {
    const scheduler = startScheduler(
      (runId) => runCrawl({ ...crawlOptions, targets: String(options.targets), runId }),
      {
        cron: String(options.cron),
        timezone: options.timezone === undefined ? undefined : String(options.timezone),
        runNow: options.runNow === true,
        maxRuns: typeof options.maxRuns === 'number' ? options.maxRuns : undefined,
        log: extra.log,
        handleSignals: extra.handleSignals,
      },
    );
    await scheduler.done;
    return 0;
  } catch (err) {
    if (err instanceof ScheduleInputError) {
      warn(`egovscan schedule: ${err.message}`);
      return 2;
    }
    throw err;
  }
}

// `egovscan history`: the portals as a web archive captured them at a series of dates, one --at run
// per date into the same store (run ids `at-YYYY-MM-DD`), so that history.csv, `diff` and the
// report's trend charts show each city's trajectory. A date whose run already finished is skipped,
// so an interrupted history is continued by running the same command again.
import { Command, Option } from 'commander';
import { filterTargets, loadTargets } from '../../config/targets.ts';
import { InputError, type InputProblem } from '../../config/input-error.ts';
import { readRunJson, runDir } from '../../run/run-dir.ts';
import { addCrawlFlags, settingsFromFlags, type CrawlFlags } from '../options.ts';
import { executeRun, runExitCode } from '../run-command.ts';
import { parseAtDate } from '../source-flags.ts';

export type HistoryFlags = CrawlFlags & { targets: string; from: string; to: string; every: string };

/** `1y`, `6m`, `14d`: a step between two dates. */
export function parseStep(raw: string): { n: number; unit: 'y' | 'm' | 'd' } | undefined {
  const m = /^(\d{1,4})([ymd])$/.exec(raw.trim());
  if (!m || Number(m[1]) < 1) return undefined;
  return { n: Number(m[1]), unit: m[2] as 'y' | 'm' | 'd' };
}

/** The dates from `from` to `to` (both included when reached), `step` apart. */
export function historyDates(from: Date, to: Date, step: { n: number; unit: 'y' | 'm' | 'd' }): Date[] {
  const out: Date[] = [];
  for (let i = 0; out.length < 1000; i++) {
    const d = new Date(from);
    if (step.unit === 'y') d.setUTCFullYear(from.getUTCFullYear() + i * step.n);
    else if (step.unit === 'm') d.setUTCMonth(from.getUTCMonth() + i * step.n);
    else d.setUTCDate(from.getUTCDate() + i * step.n);
    if (d > to) break;
    out.push(d);
  }
  return out;
}

export const historyRunId = (d: Date) => `at-${d.toISOString().slice(0, 10)}`;

export async function historyFromFlags(flags: HistoryFlags, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<number> {
  const problems: InputProblem[] = [];
  const from = parseAtDate(flags.from);
  const to = parseAtDate(flags.to);
  const step = parseStep(flags.every);
  if (!from) problems.push({ file: '--from', message: `takes a date (YYYY, YYYY-MM or YYYY-MM-DD), got "${flags.from}"` });
  if (!to) problems.push({ file: '--to', message: `takes a date (YYYY, YYYY-MM or YYYY-MM-DD), got "${flags.to}"` });
  if (!step) problems.push({ file: '--every', message: `takes a number and y, m or d (1y, 6m, 30d), got "${flags.every}"` });
  if (from && to && from > to) problems.push({ file: '--to', message: `${flags.to} is before --from ${flags.from}` });
  for (const f of ['at', 'fromWarc', 'runId', 'resume'] as const) {
    if (flags[f] !== undefined && flags[f] !== false) problems.push({ file: `--${f.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, message: 'is set by history for each date; leave it out' });
  }
  if (problems.length) throw new InputError('command line', problems);
  const dates = historyDates(from!, to!, step!);
  // Every flag is checked (and the targets file read) before the first date is crawled.
  const base = settingsFromFlags({ ...flags, at: dates[0]!.toISOString().slice(0, 10) });
  const targets = filterTargets(await loadTargets(flags.targets), base.only, flags.targets);
  let code = 0;
  for (const date of dates) {
    const runId = historyRunId(date);
    const prior = await readRunJson(runDir(base.out, runId));
    if (prior?.status === 'finished') {
      log(`egovscan: ${runId} already finished, skipped`);
      continue;
    }
    const settings = settingsFromFlags({ ...flags, at: date.toISOString().slice(0, 10), runId, resume: prior !== undefined });
    const result = await executeRun(targets, settings);
    code = runExitCode(result);
    if (code !== 0) return code;
  }
  return code;
}

export function registerHistory(program: Command): void {
  addCrawlFlags(
    program
      .command('history')
      .description('score the portals as a web archive captured them at a series of dates (one --at run per date, into the same history)')
      .requiredOption('--targets <file>', 'targets file (YAML or JSON)')
      .requiredOption('--from <date>', 'first date (YYYY, YYYY-MM or YYYY-MM-DD)')
      .requiredOption('--to <date>', 'last date')
      .addOption(new Option('--every <step>', 'time between two dates: 1y, 6m, 30d').default('1y')),
  ).action(async (flags: HistoryFlags) => {
    process.exitCode = await historyFromFlags(flags);
  });
}

// A long-running scheduler for crawls. croner decides when; `protect` keeps a second run from
// starting while one is still going (a crawl of 500 cities can outlast its interval), a failed run
// is logged and the next one still comes, and SIGINT/SIGTERM let the current run finish first.
import { Cron } from 'croner';

/** The crawls are of Indonesian servers: "0 2 * * *" should mean their night, not the host's. */
export const DEFAULT_TIMEZONE = 'Asia/Jakarta';

export type Job = (runId: string) => Promise<number>;

export interface SchedulerOptions {
  cron: string;
  /** IANA zone the cron expression is read in; 'system' for the machine's zone. Default Asia/Jakarta. */
  timezone?: string;
  /** Also run once right away. */
  runNow?: boolean;
  /** Stop after this many runs (default: until stopped). */
  maxRuns?: number;
  /** One line per event (default: stdout). */
  log?: (line: string) => void;
  /** Handle SIGINT and SIGTERM (default true). */
  handleSignals?: boolean;
  /** Run id for a start time (default: the contract's UTC timestamp, 2026-11-23T02-00-00Z). */
  runIdFor?: (start: Date) => string;
  /** Clock, for tests. */
  now?: () => Date;
}

export interface Scheduler {
  nextRun(): Date | null;
  /** Stops scheduling; resolves when the current run (if any) has ended. */
  stop(reason?: string): Promise<void>;
  /** Resolves when the scheduler has stopped (after stop(), a signal, or maxRuns). */
  readonly done: Promise<void>;
  readonly runs: number;
}

export class ScheduleInputError extends Error {}

export function defaultRunId(start: Date): string {
  return start.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
}

/** Validates the expression and zone; throws ScheduleInputError with a message for the user. */
export function validateSchedule(cron: string, timezone: string = DEFAULT_TIMEZONE): string | undefined {
  const tz = timezone === 'system' ? undefined : timezone;
  if (tz) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
    } catch {
      throw new ScheduleInputError(`--timezone: unknown time zone "${timezone}" (use an IANA name such as Asia/Jakarta, or "system")`);
    }
  }
  try {
    const probe = new Cron(cron, { paused: true, timezone: tz });
    const next = probe.nextRun();
    probe.stop();
    if (!next) throw new Error('it never fires');
  } catch (err) {
    throw new ScheduleInputError(`--cron: "${cron}" is not a usable cron expression (${err instanceof Error ? err.message : String(err)})`);
  }
  return tz;
}

export function startScheduler(job: Job, opts: SchedulerOptions): Scheduler {
  const tz = validateSchedule(opts.cron, opts.timezone ?? DEFAULT_TIMEZONE);
  const now = opts.now ?? (() => new Date());
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const say = (event: string, fields: Record<string, string | number | undefined>) => {
    const kv = Object.entries(fields)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => `${k}=${typeof v === 'string' && /\s/.test(v) ? JSON.stringify(v) : v}`);
    log([now().toISOString(), 'schedule', event, ...kv].join(' '));
  };
  const runIdFor = opts.runIdFor ?? defaultRunId;

  let runs = 0;
  const usedIds = new Set<string>();
  let current: Promise<void> | undefined;
  let stopping = false;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));

  const runOnce = async (): Promise<void> => {
    const started = now();
    let runId = runIdFor(started);
    // Two starts in one second (--run-now and the first tick) must not share a run id.
    if (usedIds.has(runId)) runId = `${runId}-${usedIds.size + 1}`;
    usedIds.add(runId);
    say('start', { run: runId });
    let outcome = 'ok';
    let exit: number | undefined;
    let error: string | undefined;
    try {
      exit = await job(runId);
      if (exit !== 0) outcome = 'failed';
    } catch (err) {
      // A failed run is logged; the scheduler lives on for the next one.
      outcome = 'failed';
      error = err instanceof Error ? err.message : String(err);
    }
    runs++;
    const seconds = Math.round((now().getTime() - started.getTime()) / 100) / 10;
    say('end', { run: runId, outcome, exit, seconds, error: error?.split('\n')[0] });
  };

  const trigger = (): Promise<void> => {
    // One run at a time, whoever triggers it (the timer, or --run-now).
    if (current || stopping) {
      say('skipped', { reason: 'previous run still going' });
      return current ?? Promise.resolve();
    }
    current = runOnce().finally(() => {
      current = undefined;
      if (opts.maxRuns !== undefined && runs >= opts.maxRuns) void stop('max-runs');
      else if (!stopping) say('next', { at: cron.nextRun()?.toISOString() ?? 'never' });
    });
    return current;
  };

  const cron = new Cron(opts.cron, {
    timezone: tz,
    protect: () => say('skipped', { reason: 'previous run still going' }),
    catch: (err) => say('error', { error: err instanceof Error ? err.message : String(err) }),
  }, () => trigger());

  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      say('exit', { signal, reason: 'second signal; the current run is abandoned (it stays unfinished)' });
      process.exit(130);
    }
    void stop(signal);
  };
  const handleSignals = opts.handleSignals ?? true;
  if (handleSignals) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }

  async function stop(reason = 'stop'): Promise<void> {
    if (!stopping) {
      stopping = true;
      cron.stop();
      say('stopping', { reason, waiting: current ? 'for the current run' : undefined });
      const wait = current;
      void (async () => {
        await wait;
        if (handleSignals) {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
        }
        say('stopped', { runs });
        resolveDone();
      })();
    }
    return done;
  }

  say('ready', { cron: opts.cron, timezone: tz ?? `system (${Intl.DateTimeFormat().resolvedOptions().timeZone})`, next: cron.nextRun()?.toISOString() ?? 'never' });
  if (opts.runNow) void trigger();

  return {
    nextRun: () => cron.nextRun(),
    stop,
    done,
    get runs() {
      return runs;
    },
  };
}

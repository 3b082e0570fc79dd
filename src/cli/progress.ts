// Progress on long runs, on stderr so that stdout stays clean for tables and pipes. A terminal gets
// bars per stage redrawn in place (progress-tty.ts); a log file (cron, CI) gets timestamped lines
// (progress-lines.ts). Both read the same counts (progress-state.ts).
import type { CityProgress } from '../run/crawl-city.ts';
import type { StageEvent } from '../run/crawl-run.ts';
import { LineProgress } from './progress-lines.ts';
import { TtyProgress } from './progress-tty.ts';

/** The stream progress is written to: stderr, or in tests an object with `isTTY` and `columns`. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): boolean;
}

export interface ProgressOptions {
  /** Cities in the run. */
  cities: number;
  /** --max-pages: no city's crawl is longer. */
  maxPages: number;
  /** The run audits with Lighthouse (its bar is shown from the start). */
  lighthouse?: boolean;
  stream: ProgressStream & NodeJS.WritableStream;
  /** Clock, for tests. */
  now?: () => number;
  /** Log lines only: the least time between two status lines (default 15 s). */
  statusEveryMs?: number;
}

export interface ProgressDisplay {
  update(p: CityProgress): void;
  stage(e: StageEvent): void;
  /** A city's result line; `n` is how many cities are done with it. */
  cityDone(cityId: string, text: string, n: number): void;
  /** A message of the run, printed so that it does not break the display. */
  log(text: string): void;
  /** Stops redrawing; what stays on screen is the messages and the stages' end lines. */
  end(): void;
}

export type ProgressInput = Omit<ProgressOptions, 'stream'> & { stream?: ProgressStream };

/** Bars on a terminal, timestamped lines elsewhere. */
export function createProgress(opts: ProgressInput): ProgressDisplay {
  const stream = (opts.stream ?? process.stderr) as ProgressOptions['stream'];
  const full = { ...opts, stream };
  return stream.isTTY ? new TtyProgress(full) : new LineProgress(full);
}

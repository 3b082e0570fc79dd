// Progress for a log file (cron, CI, `2> run.log`): plain lines, each with its UTC time, never a
// control character. A line when a stage starts and when it ends, a city's result when it is done,
// and between them a status line at most every `statusEveryMs` (15 s): enough to see a run is
// alive, few enough to read a week of logs.
import type { CityProgress } from '../run/crawl-city.ts';
import type { StageEvent } from '../run/crawl-run.ts';
import { countWords, etaWords, formatSeconds, ProgressState, STAGES, type StageName } from './progress-state.ts';
import type { ProgressDisplay, ProgressOptions } from './progress.ts';

export class LineProgress implements ProgressDisplay {
  private readonly state: ProgressState;
  private readonly now: () => number;
  private lastStatus: number;
  private readonly every: number;
  /** Says the status even when no event comes (a Lighthouse audit can take a minute). */
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: ProgressOptions) {
    this.now = opts.now ?? Date.now;
    this.state = new ProgressState(opts.cities, opts.maxPages, this.now);
    this.every = opts.statusEveryMs ?? 15_000;
    this.lastStatus = this.now();
    if (opts.now === undefined) {
      this.timer = setInterval(() => this.maybeStatus(), Math.max(1000, this.every / 3));
      // Progress never keeps a process alive.
      this.timer.unref();
    }
  }

  update(p: CityProgress): void {
    if (this.state.crawlProgress(p)) this.started('crawl');
    this.maybeStatus();
  }

  stage(e: StageEvent): void {
    const { started, ended } = this.state.stage(e);
    for (const s of started) this.started(s);
    for (const s of ended) this.ended(s);
    this.maybeStatus();
  }

  cityDone(_cityId: string, text: string, n: number): void {
    this.line(`[${n}/${this.opts.cities}] ${text}`);
  }

  log(text: string): void {
    this.line(text);
  }

  end(): void {
    if (this.timer) clearInterval(this.timer);
    // A run that stopped early leaves stages open: say where each stopped.
    for (const s of this.state.open()) {
      this.state.close(s);
      this.line(`${s} stopped: ${countWords(this.state.counts(s))}`);
    }
  }

  /** The status line, now (also what the periodic line says). */
  status(): string {
    const parts: string[] = [];
    for (const s of STAGES) {
      if (!this.state.isStarted(s) || this.state.isEnded(s) || s === 'report') continue;
      const c = this.state.counts(s);
      const eta = etaWords(c);
      let part = `${s} ${countWords(c)}${eta ? `, ${eta}` : ''}`;
      if (s === 'crawl' && this.state.active.size > 0) {
        const cities = [...this.state.active.values()].map((a) => `${a.cityId} ${a.fetched} fetched / ${a.fetched + a.queued} found${a.failed ? `, ${a.failed} failed` : ''}`);
        part += ` (${cities.join('; ')})`;
      }
      parts.push(part);
    }
    return `status: ${parts.length ? parts.join(' · ') : 'writing the files'}`;
  }

  private maybeStatus(): void {
    const t = this.now();
    if (t - this.lastStatus < this.every || this.state.open().length === 0) return;
    this.lastStatus = t;
    this.line(this.status());
  }

  private started(s: StageName): void {
    const c = this.state.counts(s);
    const what = s === 'crawl' ? `${c.total} ${c.unit}` : s === 'lighthouse' && c.total !== undefined ? `${c.total} pages to audit` : s === 'report' ? 'writing the files' : 'each city\'s applications are checked when its crawl ends';
    this.line(`${s} started: ${what}`);
  }

  private ended(s: StageName): void {
    const c = this.state.counts(s);
    const took = c.startedAt !== undefined && c.endedAt !== undefined ? ` in ${formatSeconds((c.endedAt - c.startedAt) / 1000)}` : '';
    const extra = s === 'crawl' ? `, ${this.state.pagesFetched()} pages` : '';
    this.line(`${s} done: ${s === 'report' ? 'files written' : `${countWords(c)}${extra}`}${took}`);
  }

  private line(text: string): void {
    const at = new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    this.opts.stream.write(`${at} ${text}\n`);
  }
}

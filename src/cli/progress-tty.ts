// Progress for a terminal: one bar per stage (crawl, applications, and Lighthouse when the run
// audits) with counts, totals where known and an ETA, and below them one bar per city being
// crawled (pages fetched out of the pages found so far). cli-progress draws and redraws them in
// place; results and messages are printed above the bars, where they stay.
import cliProgress from 'cli-progress';
import type { CityProgress } from '../run/crawl-city.ts';
import type { StageEvent } from '../run/crawl-run.ts';
import { cityFraction, countWords, etaWords, formatSeconds, ProgressState, type StageName } from './progress-state.ts';
import type { ProgressDisplay, ProgressOptions } from './progress.ts';

/** Bars count in thousandths: cli-progress draws the bar from value/total, the words are ours. */
const SCALE = 1000;
const LABEL = 14;

type Bar = cliProgress.SingleBar;

export class TtyProgress implements ProgressDisplay {
  private readonly state: ProgressState;
  private readonly multi: cliProgress.MultiBar;
  private readonly stageBars = new Map<StageName, Bar>();
  private readonly cityBars = new Map<string, Bar>();
  private stopped = false;

  constructor(private readonly opts: ProgressOptions) {
    this.state = new ProgressState(opts.cities, opts.maxPages, opts.now ?? Date.now);
    const columns = opts.stream.columns ?? 80;
    this.multi = new cliProgress.MultiBar({
      stream: opts.stream,
      fps: 5,
      barsize: Math.max(10, Math.min(30, columns - 70)),
      barCompleteChar: '█',
      barIncompleteChar: '░',
      clearOnComplete: true,
      hideCursor: false,
      // The run handles Ctrl-C itself (it stops, writes what it has and says how to resume).
      gracefulExit: false,
      format: (options, params, payload: { text?: string; label?: string }) =>
        `${(payload.label ?? '').padEnd(LABEL)} ${cliProgress.Format.BarFormat(params.progress, options)} ${payload.text ?? ''}`,
    });
    // The words (an ETA, above all) are worked out again at each redraw, not only when an event
    // comes: a Lighthouse audit can take a minute.
    this.multi.on('redraw-pre', () => {
      for (const s of this.stageBars.keys()) this.refresh(s);
    });
    // Stage bars first, so that they keep their place above the cities' bars.
    this.stageBar('crawl');
    this.stageBar('applications');
    if (opts.lighthouse) this.stageBar('lighthouse');
  }

  update(p: CityProgress): void {
    if (this.stopped) return;
    this.state.crawlProgress(p);
    const a = this.state.active.get(p.cityId)!;
    const text = `${a.fetched} fetched / ${a.fetched + a.queued} found${a.failed ? `, ${a.failed} failed` : ''}`;
    const fraction = cityFraction(a, this.opts.maxPages);
    let bar = this.cityBars.get(p.cityId);
    if (!bar) {
      bar = this.multi.create(SCALE, 0, { label: `  ${p.cityId}`.slice(0, LABEL), text });
      this.cityBars.set(p.cityId, bar);
    }
    bar.update(Math.round(fraction * SCALE), { label: `  ${p.cityId}`.slice(0, LABEL), text });
    this.refresh('crawl');
  }

  stage(e: StageEvent): void {
    if (this.stopped) return;
    const { ended } = this.state.stage(e);
    if (e.stage === 'crawl' && e.cityId !== undefined) {
      const bar = this.cityBars.get(e.cityId);
      if (bar) this.multi.remove(bar);
      this.cityBars.delete(e.cityId);
    }
    if (e.stage === 'lighthouse' && !this.stageBars.has('lighthouse')) this.stageBar('lighthouse');
    for (const s of ['crawl', 'applications', 'lighthouse'] as const) this.refresh(s);
    for (const s of ended) this.say(this.endLine(s));
  }

  cityDone(_cityId: string, text: string, n: number): void {
    this.say(`[${n}/${this.opts.cities}] ${text}`);
  }

  log(text: string): void {
    this.say(text);
  }

  /** Redraws now (cli-progress also redraws by itself, five times a second). */
  render(): void {
    if (!this.stopped) this.multi.update();
  }

  end(): void {
    if (this.stopped) return;
    for (const s of this.state.open()) {
      if (s === 'report') continue;
      this.state.close(s);
      this.multi.log(`${s} stopped: ${countWords(this.state.counts(s))}\n`);
    }
    this.multi.update();
    this.stopped = true;
    this.multi.stop();
  }

  private say(text: string): void {
    if (this.stopped) this.opts.stream.write(`${text}\n`);
    else this.multi.log(`${text}\n`);
  }

  private endLine(s: StageName): string {
    const c = this.state.counts(s);
    const took = c.startedAt !== undefined && c.endedAt !== undefined ? ` in ${formatSeconds((c.endedAt - c.startedAt) / 1000)}` : '';
    const extra = s === 'crawl' ? `, ${this.state.pagesFetched()} pages` : '';
    return `${s} done: ${s === 'report' ? 'files written' : `${countWords(c)}${extra}`}${took}`;
  }

  private stageBar(s: StageName): void {
    this.stageBars.set(s, this.multi.create(SCALE, 0, { label: s, text: this.stageText(s) }));
  }

  private refresh(s: StageName): void {
    const bar = this.stageBars.get(s);
    if (!bar) return;
    const c = this.state.counts(s);
    const fraction = Math.min(1, c.fraction ?? (c.total ? c.done / c.total : 0));
    bar.update(Math.round(fraction * SCALE), { label: s, text: this.stageText(s) });
  }

  private stageText(s: StageName): string {
    if (!this.state.isStarted(s)) return s === 'crawl' ? `0/${this.opts.cities} ${this.opts.cities === 1 ? 'city' : 'cities'}` : 'waiting';
    const c = this.state.counts(s);
    const pages = s === 'crawl' ? ` · ${this.state.pagesFetched()} pages` : '';
    const eta = etaWords(c);
    return `${countWords(c)}${pages}${eta ? ` · ${eta}` : ' · done'}`;
  }
}

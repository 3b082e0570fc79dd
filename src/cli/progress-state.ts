// What a run has done so far, stage by stage, for the two progress displays (a terminal's bars and
// a log's timestamped lines): counts, totals where they are known, and an ETA from the rate so far.
// It holds no output of its own, so both displays say the same numbers.
import type { CityProgress } from '../run/crawl-city.ts';
import type { StageEvent } from '../run/crawl-run.ts';

export type StageName = StageEvent['stage'];

export const STAGES: readonly StageName[] = ['crawl', 'applications', 'lighthouse', 'report'];

/** One stage: what is done, out of how many (undefined: not known yet), since when. */
export interface StageCounts {
  stage: StageName;
  done: number;
  total: number | undefined;
  /** More may be added to total (cities not yet this far). */
  totalGrows: boolean;
  startedAt: number | undefined;
  endedAt: number | undefined;
  /** Seconds left at the rate so far; undefined when there is no rate or no total yet. */
  etaSeconds: number | undefined;
  /** Share of the stage done (0..1), counting the crawls under way for their part; undefined when unknown. */
  fraction: number | undefined;
  unit: string;
}

export interface CityCrawlState {
  cityId: string;
  fetched: number;
  queued: number;
  failed: number;
}

export class ProgressState {
  /** Cities whose crawl is under way (between their first page and the end of their crawl). */
  readonly active = new Map<string, CityCrawlState>();
  private crawled = 0;
  private crawlPages = 0;
  private readonly apps = new Map<string, { done: number; total: number }>();
  private lighthouseTotal: number | undefined;
  /** Pages audited, by city (a city's events count up its pages). */
  private readonly audited = new Map<string, number>();
  private reportDone = 0;
  private readonly started = new Map<StageName, number>();
  private readonly ended = new Map<StageName, number>();

  constructor(
    readonly cities: number,
    /** --max-pages: a city's crawl is never longer, whatever its queue says. */
    private readonly maxPages: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** A page of a city was fetched. Returns true when this was the crawl stage's first event. */
  crawlProgress(p: CityProgress): boolean {
    const first = this.begin('crawl');
    this.active.set(p.cityId, { cityId: p.cityId, fetched: p.fetched, queued: p.queued, failed: p.failed });
    return first;
  }

  /** A stage event of the run. Returns the stages it started and ended. */
  stage(e: StageEvent): { started: StageName[]; ended: StageName[] } {
    const started: StageName[] = [];
    const ended: StageName[] = [];
    if (this.begin(e.stage)) started.push(e.stage);
    if (e.stage === 'crawl' && e.cityId !== undefined) {
      this.active.delete(e.cityId);
      this.crawled += 1;
      this.crawlPages += e.done;
    } else if (e.stage === 'applications' && e.cityId !== undefined) {
      this.apps.set(e.cityId, { done: e.done, total: e.total ?? e.done });
    } else if (e.stage === 'lighthouse') {
      if (e.cityId === undefined) this.lighthouseTotal = e.total;
      else this.audited.set(e.cityId, e.done);
    } else if (e.stage === 'report') {
      this.reportDone = e.done;
    }
    for (const s of STAGES) if (!this.ended.has(s) && this.started.has(s) && this.complete(s)) {
      this.ended.set(s, this.now());
      ended.push(s);
    }
    return { started, ended };
  }

  /** Stages that began and have not ended (for the final flush). */
  open(): StageName[] {
    return STAGES.filter((s) => this.started.has(s) && !this.ended.has(s));
  }

  /** Marks a stage ended now (a run that stopped early). */
  close(s: StageName): void {
    if (this.started.has(s) && !this.ended.has(s)) this.ended.set(s, this.now());
  }

  isStarted(s: StageName): boolean {
    return this.started.has(s);
  }

  isEnded(s: StageName): boolean {
    return this.ended.has(s);
  }

  counts(s: StageName): StageCounts {
    const base = { stage: s, startedAt: this.started.get(s), endedAt: this.ended.get(s) };
    let c: Omit<StageCounts, 'etaSeconds' | 'fraction' | 'stage' | 'startedAt' | 'endedAt'>;
    let fraction: number | undefined;
    if (s === 'crawl') {
      c = { done: this.crawled, total: this.cities, totalGrows: false, unit: this.cities === 1 ? 'city' : 'cities' };
      // The cities under way count for the part of their crawl they have done, but never as done:
      // what a crawl has found so far is a floor of what it will find.
      const partial = [...this.active.values()].reduce((n, a) => n + Math.min(0.9, cityFraction(a, this.maxPages)), 0);
      fraction = this.cities > 0 ? (this.crawled + partial) / this.cities : undefined;
    } else if (s === 'applications') {
      const all = [...this.apps.values()];
      const done = all.reduce((n, a) => n + a.done, 0);
      const total = all.reduce((n, a) => n + a.total, 0);
      // Cities still crawling will add their applications to the total.
      const grows = this.crawled < this.cities;
      c = { done, total: all.length ? total : undefined, totalGrows: grows, unit: 'applications' };
      fraction = !grows && total > 0 ? done / total : undefined;
    } else if (s === 'lighthouse') {
      c = { done: this.lighthouseDone(), total: this.lighthouseTotal, totalGrows: false, unit: 'pages' };
      fraction = this.lighthouseTotal ? this.lighthouseDone() / this.lighthouseTotal : undefined;
    } else {
      c = { done: this.reportDone, total: 1, totalGrows: false, unit: 'files written' };
      fraction = this.reportDone;
    }
    const eta = s === 'report' ? undefined : this.eta(base.startedAt, base.endedAt, fraction);
    return { ...base, ...c, fraction, etaSeconds: eta };
  }

  /** Pages fetched so far: the finished cities' and the ones under way. */
  pagesFetched(): number {
    return this.crawlPages + [...this.active.values()].reduce((n, a) => n + a.fetched, 0);
  }

  private lighthouseDone(): number {
    return [...this.audited.values()].reduce((n, d) => n + d, 0);
  }

  private eta(startedAt: number | undefined, endedAt: number | undefined, fraction: number | undefined): number | undefined {
    if (endedAt !== undefined) return 0;
    if (startedAt === undefined || fraction === undefined || fraction <= 0) return undefined;
    const elapsed = (this.now() - startedAt) / 1000;
    // A rate from under two seconds of work says more about start-up than about the run.
    if (elapsed < 2) return undefined;
    return Math.max(0, Math.round((elapsed * (1 - Math.min(1, fraction))) / fraction));
  }

  private complete(s: StageName): boolean {
    if (s === 'crawl') return this.crawled >= this.cities;
    if (s === 'applications') return this.crawled >= this.cities && [...this.apps.values()].every((a) => a.done >= a.total);
    if (s === 'lighthouse') return this.lighthouseTotal !== undefined && this.lighthouseDone() >= this.lighthouseTotal;
    return this.reportDone >= 1;
  }

  private begin(s: StageName): boolean {
    if (this.started.has(s)) return false;
    this.started.set(s, this.now());
    return true;
  }
}

/**
 * How far a city's crawl is: its pages fetched out of what it will fetch, which is what it has
 * found so far (fetched + queued) but never more than --max-pages.
 */
export function cityFraction(a: CityCrawlState, maxPages: number): number {
  const expected = Math.max(1, Math.min(maxPages, a.fetched + a.queued));
  return Math.min(1, a.fetched / expected);
}

/** "1h 05m", "4m 10s", "35s": a duration people read at a glance. */
export function formatSeconds(s: number): string {
  const t = Math.max(0, Math.round(s));
  if (t >= 3600) return `${Math.floor(t / 3600)}h ${String(Math.floor((t % 3600) / 60)).padStart(2, '0')}m`;
  if (t >= 60) return `${Math.floor(t / 60)}m ${String(t % 60).padStart(2, '0')}s`;
  return `${t}s`;
}

/** "3/9 cities", "40/52+ applications", "12 applications": counts with their total where known. */
export function countWords(c: StageCounts): string {
  const total = c.total === undefined ? '' : `/${c.total}${c.totalGrows ? '+' : ''}`;
  return `${c.done}${total} ${c.unit}`;
}

export function etaWords(c: StageCounts): string {
  if (c.endedAt !== undefined) return '';
  return c.etaSeconds === undefined ? 'ETA –' : `ETA ${formatSeconds(c.etaSeconds)}`;
}

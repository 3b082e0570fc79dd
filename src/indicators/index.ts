// Indicators: one city's gathered facts → met / not met / not assessed, points and evidence.
import type { CityFacts, ReadPage } from '../gather/city-facts.ts';
import { factPage, HomeFinder, makeContext } from './context.ts';
import { startDetector, type DetectorConfig } from './registry.ts';
import type { AuditRecord, DetectorContext, DetectorOutcome, IndicatorResult } from './types.ts';
import { clip, IndexCache } from './text.ts';
import { describeCut } from '../gather/types.ts';

export { isAttackersPage, makeContext } from './context.ts';
export { parseDetector, registerDetector, startDetector, summarise, detectorKinds, type DetectorConfig } from './registry.ts';
export type { AuditRecord, DetectorContext, DetectorKind, DetectorOutcome, DetectorPass, Evidence, FactPage, IndicatorResult } from './types.ts';

/** The part of a rubric indicator the engine needs. */
export interface IndicatorSpec {
  id: string;
  criterion: string;
  points: number;
  detect: DetectorConfig;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Pages whose facts were cut (too long, nested too deep, over the time budget): how many, one example. */
interface CutPages {
  count: number;
  example?: string;
}

/**
 * An indicator that found nothing says when some of its input was cut, so that a reader knows the
 * "not met" may come from a page that was not read in full.
 */
function cutNote(o: DetectorOutcome, cut: CutPages | undefined): DetectorOutcome {
  if (!cut || cut.count === 0 || o.met === true) return o;
  const said = `input cut on ${cut.count} page${cut.count === 1 ? '' : 's'} (${cut.example})`;
  // First: a long note is clipped, and this is what a reader must not miss.
  return { ...o, note: o.note ? `${said}; ${o.note}` : said };
}

function indicatorResult(spec: IndicatorSpec, o: DetectorOutcome): IndicatorResult {
  const value = o.met === null ? null : Math.min(1, Math.max(0, o.value ?? (o.met ? 1 : 0)));
  const result: IndicatorResult = {
    id: spec.id,
    criterion: spec.criterion,
    met: o.met,
    value,
    points: value === null ? null : round2(value * spec.points),
    maxPoints: spec.points,
    evidence: o.evidence.map((e) => ({ url: e.url, text: clip(e.text) })),
  };
  if (o.note) result.note = clip(o.note);
  return result;
}

/** A rubric's detectors over one city, page by page: `page` for every page read, then `finish`. */
export interface DetectorRun {
  page(read: ReadPage): void;
  /** No more pages: lets the page pass's text indexes go (a run may wait long for its audits). */
  endPages(): void;
  /** Audits are needed only here: Lighthouse runs after the crawl. */
  finish(audits?: AuditRecord[]): DetectorOutcome[];
  /** Read pages whose facts were cut, so far. */
  readonly cut?: CutPages;
}

/**
 * Shows every readable page of the city to every detector, one page at a time; the caller streams
 * the pages (from the journal), so other work can read the same pass.
 */
export function startDetectors(configs: readonly DetectorConfig[], city: CityFacts): DetectorRun {
  const ctx: DetectorContext = makeContext(city);
  const passes = configs.map((c) => startDetector(c, ctx));
  const home = new HomeFinder(city.portal);
  const cut: CutPages = { count: 0 };
  const endPages = () => {
    ctx.text = new IndexCache();
    if (home.best) ctx.home = home.best;
  };
  return {
    cut,
    page(read) {
      const c = read.facts.cut;
      if (c) {
        cut.count++;
        cut.example ??= `${read.record.finalUrl || read.record.url}: ${describeCut(c, read.facts.textLength)}`;
      }
      const page = factPage(read);
      if (!page) return;
      home.offer(page);
      ctx.pagesRead++;
      ctx.text.nextPage();
      for (const pass of passes) if (!pass.settled) pass.page?.(page);
    },
    endPages,
    finish(audits) {
      endPages();
      if (audits) ctx.audits = audits;
      return passes.map((pass) => pass.finish());
    },
  };
}

/** startDetectors over all of the city's pages at once. */
export async function runDetectors(configs: readonly DetectorConfig[], city: CityFacts, audits?: AuditRecord[]): Promise<DetectorOutcome[]> {
  const run = startDetectors(configs, city);
  for await (const read of city.readPages()) run.page(read);
  return run.finish(audits);
}

/** A rubric's indicators over one city, page by page (see startDetectors). */
export interface IndicatorRun {
  page(read: ReadPage): void;
  endPages(): void;
  finish(audits?: AuditRecord[]): IndicatorResult[];
}

/**
 * Runs every indicator over a city. An unreachable portal leaves nothing to judge: every
 * indicator is reported as not assessed, with the reason, rather than as failed.
 */
export function startIndicators(specs: readonly IndicatorSpec[], city: CityFacts): IndicatorRun {
  if (!city.reachable) {
    const results = specs.map((s) => ({
      id: s.id,
      criterion: s.criterion,
      met: null,
      value: null,
      points: null,
      maxPoints: s.points,
      evidence: [],
      note: `not assessed: portal unreachable (${city.portalReason})`,
    }));
    return { page: () => {}, endPages: () => {}, finish: () => results };
  }
  const run = startDetectors(specs.map((s) => s.detect), city);
  return {
    page: (read) => run.page(read),
    endPages: () => run.endPages(),
    finish: (audits) => {
      const outcomes = run.finish(audits);
      return specs.map((s, i) => indicatorResult(s, cutNote(outcomes[i]!, run.cut)));
    },
  };
}

/** startIndicators over all of the city's pages at once. */
export async function runIndicators(specs: readonly IndicatorSpec[], city: CityFacts, audits?: AuditRecord[]): Promise<IndicatorResult[]> {
  const run = startIndicators(specs, city);
  for await (const read of city.readPages()) run.page(read);
  return run.finish(audits);
}

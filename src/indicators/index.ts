// Indicators: one city's gathered facts → met / not met / not assessed, points and evidence.
import type { CityFacts } from '../gather/city-facts.ts';
import { factPage, HomeFinder, makeContext } from './context.ts';
import { startDetector, type DetectorConfig } from './registry.ts';
import type { AuditRecord, DetectorContext, DetectorOutcome, IndicatorResult } from './types.ts';
import { clip } from './text.ts';

export { makeContext } from './context.ts';
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

/**
 * Shows every readable page of the city to every detector, one page at a time, then collects the
 * outcomes. One pass however many indicators the rubric has: the pages come from the journal.
 */
export async function runDetectors(configs: readonly DetectorConfig[], city: CityFacts, audits?: AuditRecord[]): Promise<DetectorOutcome[]> {
  const ctx: DetectorContext = makeContext(city, audits);
  const passes = configs.map((c) => startDetector(c, ctx));
  const home = new HomeFinder(city.portal);
  for await (const read of city.readPages()) {
    const page = factPage(read);
    if (!page) continue;
    home.offer(page);
    ctx.pagesRead++;
    ctx.text.nextPage();
    for (const pass of passes) if (!pass.settled) pass.page?.(page);
  }
  if (home.best) ctx.home = home.best;
  return passes.map((pass) => pass.finish());
}

/**
 * Runs every indicator over a city. An unreachable portal leaves nothing to judge: every
 * indicator is reported as not assessed, with the reason, rather than as failed.
 */
export async function runIndicators(specs: readonly IndicatorSpec[], city: CityFacts, audits?: AuditRecord[]): Promise<IndicatorResult[]> {
  if (!city.reachable) {
    return specs.map((s) => ({
      id: s.id,
      criterion: s.criterion,
      met: null,
      value: null,
      points: null,
      maxPoints: s.points,
      evidence: [],
      note: `not assessed: portal unreachable (${city.portalReason})`,
    }));
  }
  const outcomes = await runDetectors(specs.map((s) => s.detect), city, audits);
  return specs.map((s, i) => indicatorResult(s, outcomes[i]!));
}

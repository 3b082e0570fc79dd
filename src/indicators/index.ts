// Indicators: one city's gathered facts → met / not met / not assessed, points and evidence.
import type { CityFacts } from '../gather/city-facts.ts';
import { makeContext } from './context.ts';
import { runDetector, type DetectorConfig } from './registry.ts';
import type { AuditRecord, DetectorContext, IndicatorResult } from './types.ts';
import { clip } from './text.ts';

export { makeContext } from './context.ts';
export { parseDetector, registerDetector, runDetector, summarise, detectorKinds, type DetectorConfig } from './registry.ts';
export type { AuditRecord, DetectorContext, DetectorKind, DetectorOutcome, Evidence, IndicatorResult } from './types.ts';

/** The part of a rubric indicator the engine needs. */
export interface IndicatorSpec {
  id: string;
  criterion: string;
  points: number;
  detect: DetectorConfig;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function runIndicator(spec: IndicatorSpec, ctx: DetectorContext): IndicatorResult {
  const o = runDetector(spec.detect, ctx);
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
 * Runs every indicator over a city. An unreachable portal leaves nothing to judge: every
 * indicator is reported as not assessed, with the reason, rather than as failed.
 */
export function runIndicators(specs: readonly IndicatorSpec[], city: CityFacts, audits?: AuditRecord[]): IndicatorResult[] {
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
  const ctx = makeContext(city, audits);
  return specs.map((s) => runIndicator(s, ctx));
}

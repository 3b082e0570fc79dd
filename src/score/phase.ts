// The World Bank / Inpres 3/2003 ladder: the highest rung whose requirements hold, every lower rung
// holding too, so that a portal with online payment but no way to read its profile is not called
// "transaction".
import type { IndicatorResult } from '../indicators/types.ts';
import { PHASES, type Phase, type Requirement, type Rubric } from './rubric.ts';

type MetMap = Map<string, IndicatorResult>;

export function holds(r: Requirement, met: MetMap): boolean {
  if (typeof r === 'string') return met.get(r)?.met === true;
  if (r.all_of && !r.all_of.every((x) => holds(x, met))) return false;
  if (r.any_of && !r.any_of.some((x) => holds(x, met))) return false;
  if (r.at_least && r.at_least.of.filter((x) => holds(x, met)).length < r.at_least.n) return false;
  return true;
}

/** Indicator ids in a requirement that are met (what earned the rung). */
function found(r: Requirement, met: MetMap, out: Set<string>): void {
  if (typeof r === 'string') {
    if (met.get(r)?.met === true) out.add(r);
    return;
  }
  for (const x of [...(r.all_of ?? []), ...(r.any_of ?? []), ...(r.at_least?.of ?? [])]) found(x, met, out);
}

/** What is missing for a requirement to hold, in words. */
function missing(r: Requirement, met: MetMap, label: (id: string) => string): string[] {
  if (holds(r, met)) return [];
  if (typeof r === 'string') return [label(r)];
  const out: string[] = [];
  for (const x of r.all_of ?? []) out.push(...missing(x, met, label));
  if (r.any_of && !r.any_of.some((x) => holds(x, met))) {
    const alts = r.any_of.map((x) => missing(x, met, label).join(' + ')).filter(Boolean);
    out.push(alts.length > 1 ? `one of (${alts.join(' | ')})` : (alts[0] ?? ''));
  }
  if (r.at_least) {
    const have = r.at_least.of.filter((x) => holds(x, met)).length;
    if (have < r.at_least.n) {
      const alts = r.at_least.of.filter((x) => !holds(x, met)).map((x) => missing(x, met, label).join(' + '));
      out.push(`${r.at_least.n - have} more of (${alts.join(' | ')})`);
    }
  }
  return out.filter(Boolean);
}

export interface PhaseResult {
  phase: Phase;
  reason: string;
}

export function assignPhase(rubric: Rubric, results: IndicatorResult[], reachable: boolean, portalReason: string): PhaseResult {
  if (!reachable) return { phase: 'none', reason: `portal unreachable (${portalReason})` };
  const met: MetMap = new Map(results.map((r) => [r.id, r]));
  const names = new Map(rubric.indicators.map((i) => [i.id, i.name]));
  const label = (id: string) => names.get(id) ?? id;

  let phase: Phase = 'none';
  for (const p of PHASES) {
    if (!holds(rubric.phases[p].requires, met)) break;
    phase = p;
  }
  const next = phase === 'none' ? PHASES[0] : PHASES[PHASES.indexOf(phase) + 1];
  const parts: string[] = [];
  if (phase === 'none') parts.push('reachable but below presence');
  else {
    const earned = new Set<string>();
    found(rubric.phases[phase].requires, met, earned);
    parts.push(`${phase}: ${[...earned].map(label).join(', ')}`);
  }
  if (next) parts.push(`missing for ${next}: ${missing(rubric.phases[next].requires, met, label).join(', ')}`);
  return { phase, reason: parts.join('; ') };
}

// The World Bank / Inpres 3/2003 ladder: the highest rung whose requirements hold, every lower rung
// holding too, so that a portal with online payment but no way to read its profile is not called
// "transaction".
import type { IndicatorResult } from '../indicators/types.ts';
import { isPartly, PHASES, type Phase, type Requirement, type Rubric } from './rubric.ts';

type MetMap = Map<string, IndicatorResult>;

/** Met, or (for `{ partly: id }`) earned any credit at all. */
function earned(r: string | { partly: string }, met: MetMap): boolean {
  if (typeof r === 'string') return met.get(r)?.met === true;
  const x = met.get(r.partly);
  return x?.met === true || (x?.value ?? 0) > 0;
}

export function holds(r: Requirement, met: MetMap): boolean {
  if (typeof r === 'string' || isPartly(r)) return earned(r, met);
  if (r.all_of && !r.all_of.every((x) => holds(x, met))) return false;
  if (r.any_of && !r.any_of.some((x) => holds(x, met))) return false;
  if (r.at_least && r.at_least.of.filter((x) => holds(x, met)).length < r.at_least.n) return false;
  return true;
}

/** Indicator ids in a requirement that are met (what earned the rung). */
function found(r: Requirement, met: MetMap, out: Set<string>): void {
  if (typeof r === 'string' || isPartly(r)) {
    if (earned(r, met)) out.add(typeof r === 'string' ? r : r.partly);
    return;
  }
  for (const x of [...(r.all_of ?? []), ...(r.any_of ?? []), ...(r.at_least?.of ?? [])]) found(x, met, out);
}

/** What is missing for a requirement to hold, in words. */
function missing(r: Requirement, met: MetMap, label: (id: string) => string): string[] {
  if (holds(r, met)) return [];
  if (typeof r === 'string') return [label(r)];
  if (isPartly(r)) return [label(r.partly)];
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

/** What the crawl saw of the site as a whole, for the words of `phase_reason`. */
export interface SiteNotes {
  /** Pages read (HTML with facts). */
  pagesRead: number;
  /** Visible characters over every read page that is the city's own (not a spam page). */
  ownText: number;
  /** Pages wholly an attacker's (gambling doorways, defacements): not judged. */
  spamPages: number;
  /** The city's pages with injected gambling links: judged without the injected part. */
  injectedPages: number;
  /** The front page is an app shell read without a browser (why it looks like one). */
  unrenderedShell?: string;
  /** One URL of each kind, for the reader to open. */
  spamExample?: string;
  injectedExample?: string;
}

/** The `compromised: …` note, or undefined when nothing was found. */
export function compromiseNote(site: SiteNotes): string | undefined {
  const parts: string[] = [];
  if (site.injectedPages > 0) {
    parts.push(`${site.injectedPages} page${site.injectedPages === 1 ? '' : 's'} with injected gambling links, judged without them${site.injectedExample ? ` (e.g. ${site.injectedExample})` : ''}`);
  }
  if (site.spamPages > 0) {
    parts.push(`${site.spamPages} spam or defaced page${site.spamPages === 1 ? '' : 's'} not judged${site.spamExample ? ` (e.g. ${site.spamExample})` : ''}`);
  }
  return parts.length > 0 ? `compromised: ${parts.join('; ')}` : undefined;
}

/** Why a reachable portal is below presence, in words a reader can check. */
function belowPresence(site: SiteNotes | undefined): string {
  if (!site) return 'reachable but shows no government content of its own';
  if (site.pagesRead === 0) return 'reachable but no page could be read';
  if (site.spamPages >= site.pagesRead) return `reachable but every page read (${site.pagesRead}) is spam or defaced: no government content of its own`;
  // An app shell fetched without a browser, a placeholder, a parked or default page: almost no text.
  if (site.ownText < 200 * site.pagesRead) {
    return `reachable but shows no government content of its own (${site.pagesRead} page${site.pagesRead === 1 ? '' : 's'} read, ${site.ownText} characters of text: a placeholder, default page or empty app shell; --render always shows a client-rendered portal)`;
  }
  return `reachable but shows no government content of its own (${site.pagesRead} page${site.pagesRead === 1 ? '' : 's'} read)`;
}

export function assignPhase(
  rubric: Rubric,
  results: IndicatorResult[],
  reachable: boolean,
  portalReason: string,
  site?: SiteNotes,
): PhaseResult {
  const note = site ? compromiseNote(site) : undefined;
  const withNote = (r: PhaseResult): PhaseResult => (note ? { ...r, reason: `${r.reason}; ${note}` } : r);
  if (!reachable) return withNote({ phase: 'none', reason: `portal unreachable (${portalReason})` });
  const met: MetMap = new Map(results.map((r) => [r.id, r]));
  const names = new Map(rubric.indicators.map((i) => [i.id, i.name]));
  const label = (id: string) => names.get(id) ?? id;

  // The portal is drawn by scripts and was not rendered: what was read is the empty shell, and
  // judging it would publish a phase for a page nobody sees. Say so instead.
  if (site?.unrenderedShell) {
    return withNote({
      phase: 'none',
      reason: `reachable but the front page is an empty app shell that was not rendered (${site.unrenderedShell}): not judged; crawl with --render auto and Chromium installed`,
    });
  }
  let phase: Phase = 'none';
  for (const p of PHASES) {
    if (!holds(rubric.phases[p].requires, met)) break;
    phase = p;
  }
  const next = phase === 'none' ? PHASES[0] : PHASES[PHASES.indexOf(phase) + 1];
  const parts: string[] = [];
  if (phase === 'none') parts.push(belowPresence(site));
  else {
    const got = new Set<string>();
    found(rubric.phases[phase].requires, met, got);
    parts.push(`${phase}: ${[...got].map(label).join(', ')}`);
  }
  if (next) parts.push(`missing for ${next}: ${missing(rubric.phases[next].requires, met, label).join(', ')}`);
  return withNote({ phase, reason: parts.join('; ') });
}

// egovscan's side of the comparison, read back from a finished run folder (cities.csv,
// criteria.csv, run.json) so that `agree` works on any deposited run, not only on this machine's.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listRunFolders, num, readRun, resolveLatest, type RunData } from '../report/read-run.ts';
import { loadRubric } from '../score/rubric.ts';

/** Rungs in order; "within one rung" counts steps on this ladder. */
export const PHASE_LADDER = ['none', 'presence', 'interaction', 'transaction', 'transformation'] as const;
export type PhaseWord = (typeof PHASE_LADDER)[number];

/** At or above this share of an indicator's points, partial credit counts as met. */
export const PARTIAL_MET_THRESHOLD = 0.5;

export interface Verdict {
  cityId: string;
  criterion: string;
  indicator: string;
  /** false when egovscan did not assess the indicator (criteria.csv `met` empty). */
  assessed: boolean;
  /** egovscan's met for the comparison: value ≥ 0.5 (see `value`). */
  met: boolean;
  /** points / max_points, or 1/0 from `met` for a points-free indicator; null when not assessed. */
  value: number | null;
  points: string;
  maxPoints: string;
  evidenceUrl: string;
  evidenceText: string;
}

export interface IndicatorInfo {
  id: string;
  criterion: string;
  name: string;
  description: string;
}

export interface CityInfo {
  id: string;
  name: string;
  portalUrl: string;
  phase: string;
  phaseReason: string;
}

export interface RunVerdicts {
  dir: string;
  runId: string;
  cities: Map<string, CityInfo>;
  /** Indicators in criteria.csv order, with names from the run's rubric when it can be read. */
  indicators: Map<string, IndicatorInfo>;
  /** `<city>\u0000<indicator>` → verdict. */
  verdicts: Map<string, Verdict>;
  /** Where names and descriptions came from (a rubric file), or undefined. */
  rubricFile?: string;
}

export function verdictKey(cityId: string, indicator: string): string {
  return `${cityId}\u0000${indicator}`;
}

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export class RunNotFoundError extends Error {
  override name = 'RunNotFoundError';
}

/**
 * `--run` is a run id (looked up in the output folder), a path to a run folder, or absent (the
 * output folder's `latest`).
 */
export async function locateRun(run: string | undefined, out: string): Promise<string> {
  if (run && existsSync(join(run, 'run.json'))) return run;
  const id = run ?? (await resolveLatest(out));
  if (!id) throw new RunNotFoundError(`no finished run in ${out} (no ${join(out, 'latest')}); pass --run <run-id or run folder> or --out`);
  const dir = join(out, id);
  if (!existsSync(join(dir, 'run.json'))) {
    const known = (await listRunFolders(out)).map((r) => r.runId);
    throw new RunNotFoundError(`no run "${id}" in ${out} and no run folder at that path; known runs: ${known.length ? known.join(', ') : 'none'}`);
  }
  return dir;
}

export async function readRunVerdicts(dir: string): Promise<RunVerdicts> {
  const data = await readRun(dir);
  if (!data.tables.has('criteria.csv')) throw new RunNotFoundError(`${join(dir, 'criteria.csv')} is missing: the run was not scored`);
  const cities = new Map<string, CityInfo>();
  for (const c of data.cities) {
    cities.set(c.city_id ?? '', {
      id: c.city_id ?? '',
      name: c.city_name ?? c.city_id ?? '',
      portalUrl: c.portal_url ?? '',
      phase: c.phase ?? '',
      phaseReason: c.phase_reason ?? '',
    });
  }
  const rubric = await rubricNames(data, dir);
  const indicators = new Map<string, IndicatorInfo>();
  const verdicts = new Map<string, Verdict>();
  for (const r of data.criteria) {
    const cityId = r.city_id ?? '';
    const id = r.indicator ?? '';
    if (!indicators.has(id)) {
      const named = rubric?.indicators.get(id);
      indicators.set(id, { id, criterion: r.criterion ?? '', name: named?.name ?? '', description: named?.description ?? '' });
    }
    if (!cities.has(cityId)) cities.set(cityId, { id: cityId, name: cityId, portalUrl: '', phase: '', phaseReason: '' });
    const assessed = (r.met ?? '') !== '';
    const value = assessed ? verdictValue(r.met ?? '', r.points, r.max_points) : null;
    verdicts.set(verdictKey(cityId, id), {
      cityId,
      criterion: r.criterion ?? '',
      indicator: id,
      assessed,
      met: value !== null && value >= PARTIAL_MET_THRESHOLD,
      value,
      points: r.points ?? '',
      maxPoints: r.max_points ?? '',
      evidenceUrl: r.evidence_url ?? '',
      evidenceText: r.evidence_text ?? '',
    });
  }
  return { dir, runId: data.runId, cities, indicators, verdicts, rubricFile: rubric?.file };
}

/**
 * The share of an indicator's points the city earned: partial credit (a_channels with one contact
 * channel of two) is a value between 0 and 1 that counts as met from 0.5. A points-free signal of
 * the phase ladder (max_points 0) has only its `met`.
 */
export function verdictValue(met: string, points: string | undefined, maxPoints: string | undefined): number {
  const p = num(points);
  const max = num(maxPoints);
  if (p !== null && max !== null && max > 0) return Math.min(1, Math.max(0, p / max));
  return met === 'true' ? 1 : 0;
}

interface RubricNames {
  file: string;
  indicators: Map<string, { name: string; description: string }>;
}

/** The rubric named in run.json, tried as written, from here, and inside the package. */
async function rubricNames(data: RunData, dir: string): Promise<RubricNames | undefined> {
  const rubricMeta = data.meta.rubric as { file?: unknown } | undefined;
  const named = [typeof rubricMeta?.file === 'string' ? rubricMeta.file : undefined, data.meta.settings?.criteria].filter(
    (f): f is string => typeof f === 'string' && f !== '',
  );
  const candidates: string[] = [];
  for (const f of named) {
    if (isAbsolute(f)) candidates.push(f, join(PACKAGE_ROOT, 'criteria', f.split(/[\\/]/).pop()!));
    // run.json keeps paths relative to the run folder (older runs: as given on the command line).
    else candidates.push(resolve(dir, f), resolve(f), join(PACKAGE_ROOT, f), join(PACKAGE_ROOT, 'criteria', f.split(/[\\/]/).pop()!));
  }
  for (const f of candidates) {
    if (!existsSync(f)) continue;
    try {
      const r = await loadRubric(f);
      return { file: f, indicators: new Map(r.indicators.map((i) => [i.id, { name: i.name, description: i.description }])) };
    } catch {
      // a run copied from elsewhere may name a rubric that is not here; the sheet is still usable without names
    }
  }
  return undefined;
}

// A rubric file (criteria/*.yaml): criteria with weights, indicators with points, sources and
// detectors, and the phase ladder. The rubric is data; this module only checks that it is sound.
import { z } from 'zod';
import { parseDataText, readInputFile } from '../config/data-file.ts';
import { InputError, validateInput, type InputProblem } from '../config/input-error.ts';
import { parseDetector, type DetectorConfig } from '../indicators/registry.ts';

export const PHASES = ['presence', 'interaction', 'transaction', 'transformation'] as const;
export type Phase = (typeof PHASES)[number] | 'none';

/**
 * An indicator id (the indicator is met), `{ partly: id }` (it earned any credit: one contact
 * channel of the two a_channels asks for still shows that the city publishes its contacts), or a
 * nested requirement.
 */
export type Requirement =
  | string
  | { partly: string }
  | { all_of?: Requirement[]; any_of?: Requirement[]; at_least?: { n: number; of: Requirement[] } };

export function isPartly(r: Requirement): r is { partly: string } {
  return typeof r === 'object' && 'partly' in r;
}

const RequirementSchema: z.ZodType<Requirement> = z.lazy(() =>
  z.union([
    z.string().min(1),
    z.strictObject({ partly: z.string().min(1) }),
    z
      .strictObject({
        all_of: z.array(RequirementSchema).min(1).optional(),
        any_of: z.array(RequirementSchema).min(1).optional(),
        at_least: z.strictObject({ n: z.number().int().positive(), of: z.array(RequirementSchema).min(1) }).optional(),
      })
      .refine((r) => r.all_of || r.any_of || r.at_least, { error: 'needs all_of, any_of or at_least' }),
  ]),
);

const text = () => z.string().regex(/\S/, { error: 'must not be empty' });
const idPattern = /^[a-z0-9_-]+$/;

const CriterionSchema = z.strictObject({
  id: z.string().regex(idPattern),
  name: z.strictObject({ id: text(), en: text() }),
  description: text(),
  weight: z.number().positive(),
});

const IndicatorSchema = z.strictObject({
  id: z.string().regex(idPattern),
  criterion: z.string().min(1),
  /** Short label used in phase_reason, e.g. "complaint form". */
  name: text(),
  /** The label in Indonesian, for the report in Bahasa Indonesia (the English name when absent). */
  name_id: text().optional(),
  description: text(),
  /** 0 = a signal of the phase ladder only: it is reported with its evidence but scores nothing. */
  points: z.number().nonnegative(),
  /** The study, law or standard the indicator comes from. */
  source: text(),
  detect: z.unknown(),
});

const PhaseSchema = z.strictObject({
  description: text(),
  requires: RequirementSchema,
});

const RubricSchema = z.strictObject({
  id: z.string().regex(idPattern),
  name: text(),
  /** The name in Indonesian, for the report in Bahasa Indonesia. */
  name_id: text().optional(),
  description: text(),
  source: text(),
  criteria: z.array(CriterionSchema).min(1),
  indicators: z.array(IndicatorSchema).min(1),
  phases: z.strictObject({
    presence: PhaseSchema,
    interaction: PhaseSchema,
    transaction: PhaseSchema,
    transformation: PhaseSchema,
  }),
});

export type Criterion = z.output<typeof CriterionSchema>;
export type Indicator = Omit<z.output<typeof IndicatorSchema>, 'detect'> & { detect: DetectorConfig };
export interface Rubric extends Omit<z.output<typeof RubricSchema>, 'indicators'> {
  indicators: Indicator[];
  /** The file it was read from. */
  file: string;
}

function requirementIds(r: Requirement, out: string[] = []): string[] {
  if (typeof r === 'string') out.push(r);
  else if (isPartly(r)) out.push(r.partly);
  else {
    for (const x of r.all_of ?? []) requirementIds(x, out);
    for (const x of r.any_of ?? []) requirementIds(x, out);
    for (const x of r.at_least?.of ?? []) requirementIds(x, out);
  }
  return out;
}

function atLeastTooBig(r: Requirement, path: string, out: Array<{ path: string; message: string }>): void {
  if (typeof r === 'string' || isPartly(r)) return;
  if (r.at_least && r.at_least.n > r.at_least.of.length) {
    out.push({ path: `${path}.at_least.n`, message: `asks for ${r.at_least.n} of a list of ${r.at_least.of.length}` });
  }
  r.all_of?.forEach((x, i) => atLeastTooBig(x, `${path}.all_of[${i}]`, out));
  r.any_of?.forEach((x, i) => atLeastTooBig(x, `${path}.any_of[${i}]`, out));
  r.at_least?.of.forEach((x, i) => atLeastTooBig(x, `${path}.at_least.of[${i}]`, out));
}

/** Validates parsed rubric data; every problem is reported at once, naming the indicator and field. */
export function parseRubric(data: unknown, file: string): Rubric {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new InputError(file, [{ file, message: 'must be a mapping with id, name, criteria, indicators and phases' }]);
  }
  // Top-level `x-...` keys hold YAML anchors shared by indicators (e.g. a list of staff words);
  // they are the author's, not the rubric's, so they are dropped before the strict check.
  const stripped = Object.fromEntries(Object.entries(data).filter(([k]) => !k.startsWith('x-')));
  const base = validateInput(RubricSchema, stripped, file);
  const problems: InputProblem[] = [];
  const entry = (i: number, id: string) => `indicators[${i}] (id "${id}")`;

  const criterionIds = new Set<string>();
  base.criteria.forEach((c, i) => {
    if (criterionIds.has(c.id)) problems.push({ file, entry: `criteria[${i}] (id "${c.id}")`, field: 'id', message: `duplicate criterion id "${c.id}"` });
    criterionIds.add(c.id);
  });

  const indicatorIds = new Set<string>();
  const indicators: Indicator[] = [];
  base.indicators.forEach((ind, i) => {
    if (indicatorIds.has(ind.id)) problems.push({ file, entry: entry(i, ind.id), field: 'id', message: `duplicate indicator id "${ind.id}"` });
    indicatorIds.add(ind.id);
    if (!criterionIds.has(ind.criterion)) {
      problems.push({ file, entry: entry(i, ind.id), field: 'criterion', message: `unknown criterion "${ind.criterion}"; the rubric defines ${[...criterionIds].join(', ')}` });
    }
    const parsed = parseDetector(ind.detect);
    for (const issue of parsed.issues) {
      const field = ['detect', ...issue.path].map((k, j) => (typeof k === 'number' ? `[${k}]` : j === 0 ? k : `.${k}`)).join('');
      problems.push({ file, entry: entry(i, ind.id), field, message: issue.message });
    }
    if (parsed.config) indicators.push({ ...ind, detect: parsed.config });
  });

  for (const c of base.criteria) {
    if (!base.indicators.some((ind) => ind.criterion === c.id)) {
      problems.push({ file, entry: `criteria (id "${c.id}")`, message: 'has no indicator' });
    }
  }

  for (const phase of PHASES) {
    const req = base.phases[phase].requires;
    for (const id of requirementIds(req)) {
      if (!indicatorIds.has(id)) problems.push({ file, entry: `phases.${phase}`, field: 'requires', message: `unknown indicator "${id}"` });
    }
    const big: Array<{ path: string; message: string }> = [];
    atLeastTooBig(req, 'requires', big);
    for (const b of big) problems.push({ file, entry: `phases.${phase}`, field: b.path, message: b.message });
  }

  if (problems.length > 0) throw new InputError(file, problems);
  return { ...base, indicators, file };
}

export async function loadRubric(file: string): Promise<Rubric> {
  const data = parseDataText(await readInputFile(file), file);
  return parseRubric(data, file);
}

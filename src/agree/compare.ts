// The comparison itself: the coder's met/not met against egovscan's, per indicator, per criterion
// and overall, and the coder's phase against egovscan's. Items egovscan did not assess (a
// Lighthouse indicator without --lighthouse) are left out of every figure and listed instead.
import type { CodingSheet } from './coding-sheet.ts';
import { addPair, binaryAgreement, cohenKappa, emptyConfusion, linearWeights, type BinaryAgreement, type Confusion, type KappaResult } from './kappa.ts';
import { PHASE_LADDER, verdictKey, type RunVerdicts, type Verdict } from './run-verdicts.ts';

export interface AgreementRow extends BinaryAgreement {
  level: 'indicator' | 'criterion' | 'overall';
  criterion: string;
  indicator: string;
  name: string;
}

export interface Disagreement {
  kind: 'indicator' | 'phase';
  cityId: string;
  cityName: string;
  criterion: string;
  indicator: string;
  coder: string;
  egovscan: string;
  /** egovscan's value 0..1 (partial credit), empty for phase rows. */
  egovscanValue: number | null;
  evidenceUrl: string;
  evidenceText: string;
  coderNote: string;
  line: number;
}

export interface PhaseAgreement {
  n: number;
  exact: number;
  withinOne: number;
  percentExact: number | null;
  percentWithinOne: number | null;
  /** Rows: the coder's phase, columns: egovscan's, both in PHASE_LADDER order. */
  matrix: number[][];
  kappa: KappaResult;
  /** Linear weights 1 − |i − j| / 4 over the five rungs. */
  weightedKappa: KappaResult;
  /** Coded phases of cities whose egovscan phase is not a ladder word (a run without scores). */
  skipped: number;
}

export interface NotAssessed {
  indicator: string;
  criterion: string;
  /** Coded rows left out because egovscan has no verdict for them. */
  coded: number;
}

export interface AgreementResult {
  runId: string;
  codingFile: string;
  rows: AgreementRow[];
  overall: AgreementRow;
  disagreements: Disagreement[];
  phase: PhaseAgreement;
  notAssessed: NotAssessed[];
  notCoded: number;
}

export function compareCoding(run: RunVerdicts, sheet: CodingSheet): AgreementResult {
  const perIndicator = new Map<string, Confusion>();
  const perCriterion = new Map<string, Confusion>();
  const overall = emptyConfusion();
  const notAssessed = new Map<string, NotAssessed>();
  const disagreements: Disagreement[] = [];
  for (const item of sheet.items) {
    const v = run.verdicts.get(verdictKey(item.cityId, item.indicator));
    const info = run.indicators.get(item.indicator)!;
    if (!v || !v.assessed) {
      const entry = notAssessed.get(item.indicator) ?? { indicator: item.indicator, criterion: info.criterion, coded: 0 };
      entry.coded++;
      notAssessed.set(item.indicator, entry);
      continue;
    }
    const ci = perIndicator.get(item.indicator) ?? emptyConfusion();
    perIndicator.set(item.indicator, ci);
    const cc = perCriterion.get(v.criterion) ?? emptyConfusion();
    perCriterion.set(v.criterion, cc);
    for (const c of [ci, cc, overall]) addPair(c, item.met, v.met);
    if (item.met !== v.met) disagreements.push(indicatorDisagreement(run, v, item.met, item.note, item.line));
  }

  const rows: AgreementRow[] = [];
  const criteriaOrder: string[] = [];
  for (const info of run.indicators.values()) if (!criteriaOrder.includes(info.criterion)) criteriaOrder.push(info.criterion);
  for (const info of run.indicators.values()) {
    const c = perIndicator.get(info.id);
    if (c) rows.push({ level: 'indicator', criterion: info.criterion, indicator: info.id, name: info.name, ...binaryAgreement(c) });
  }
  for (const criterion of criteriaOrder) {
    const c = perCriterion.get(criterion);
    if (c) rows.push({ level: 'criterion', criterion, indicator: '', name: '', ...binaryAgreement(c) });
  }
  const overallRow: AgreementRow = { level: 'overall', criterion: '', indicator: '', name: '', ...binaryAgreement(overall) };
  rows.push(overallRow);

  const phase = comparePhases(run, sheet, disagreements);
  disagreements.sort((a, b) => a.line - b.line);
  return {
    runId: run.runId,
    codingFile: sheet.file,
    rows,
    overall: overallRow,
    disagreements,
    phase,
    notAssessed: [...notAssessed.values()],
    notCoded: sheet.notCoded,
  };
}

function indicatorDisagreement(run: RunVerdicts, v: Verdict, coder: boolean, note: string, line: number): Disagreement {
  return {
    kind: 'indicator',
    cityId: v.cityId,
    cityName: run.cities.get(v.cityId)?.name ?? v.cityId,
    criterion: v.criterion,
    indicator: v.indicator,
    coder: coder ? 'met' : 'not met',
    egovscan: v.met ? 'met' : 'not met',
    egovscanValue: v.value,
    evidenceUrl: v.evidenceUrl,
    evidenceText: v.evidenceText,
    coderNote: note,
    line,
  };
}

function comparePhases(run: RunVerdicts, sheet: CodingSheet, out: Disagreement[]): PhaseAgreement {
  const k = PHASE_LADDER.length;
  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let n = 0;
  let exact = 0;
  let withinOne = 0;
  let skipped = 0;
  for (const coded of sheet.phases) {
    const city = run.cities.get(coded.cityId)!;
    const j = (PHASE_LADDER as readonly string[]).indexOf(city.phase);
    if (j < 0) {
      skipped++;
      continue;
    }
    const i = PHASE_LADDER.indexOf(coded.phase);
    matrix[i]![j]!++;
    n++;
    if (i === j) exact++;
    if (Math.abs(i - j) <= 1) withinOne++;
    if (i !== j) {
      out.push({
        kind: 'phase',
        cityId: city.id,
        cityName: city.name,
        criterion: '',
        indicator: 'phase',
        coder: coded.phase,
        egovscan: city.phase,
        egovscanValue: null,
        evidenceUrl: city.portalUrl,
        evidenceText: city.phaseReason,
        coderNote: '',
        line: coded.line,
      });
    }
  }
  return {
    n,
    exact,
    withinOne,
    percentExact: n === 0 ? null : (100 * exact) / n,
    percentWithinOne: n === 0 ? null : (100 * withinOne) / n,
    matrix,
    kappa: cohenKappa(matrix),
    weightedKappa: cohenKappa(matrix, linearWeights(k)),
    skipped,
  };
}

// Output of `egovscan agree`: agreement.csv (one row per indicator, criterion, overall and phase),
// disagreements.csv (each item the two sides judged differently, with egovscan's evidence beside
// the coder's value and note), agreement.json (everything, unrounded) and a short terminal table.
import { join } from 'node:path';
import { writeCsv, writeFileAtomic, type Cell } from '../report/csv.ts';
import { formatTable } from '../score/summary.ts';
import type { AgreementResult, AgreementRow } from './compare.ts';
import { PARTIAL_MET_THRESHOLD, PHASE_LADDER } from './run-verdicts.ts';
import type { KappaResult } from './kappa.ts';

export const AGREEMENT_COLUMNS = [
  'run_id',
  'level',
  'criterion',
  'indicator',
  'indicator_name',
  'n',
  'agree',
  'percent_agreement',
  'kappa',
  'kappa_se',
  'kappa_ci_low',
  'kappa_ci_high',
  'both_met',
  'coder_only',
  'egovscan_only',
  'neither',
  'percent_within_one_rung',
  'weighted_kappa',
  'note',
] as const;

export const DISAGREEMENT_COLUMNS = [
  'run_id',
  'kind',
  'city_id',
  'city_name',
  'criterion',
  'indicator',
  'coder',
  'egovscan',
  'egovscan_value',
  'evidence_url',
  'evidence_text',
  'coder_note',
  'sheet_line',
] as const;

/** Percentages to 1 decimal, κ, its SE and interval to 3: the precision a paper reports. JSON keeps every digit. */
export const round1 = (x: number | null): number | '' => (x === null ? '' : Math.round(x * 10) / 10);
export const round3 = (x: number | null): number | '' => (x === null ? '' : Math.round(x * 1000) / 1000);

function kappaCells(k: KappaResult): Record<string, Cell> {
  return { kappa: round3(k.kappa), kappa_se: round3(k.se), kappa_ci_low: round3(k.ciLow), kappa_ci_high: round3(k.ciHigh) };
}

function agreementRow(runId: string, r: AgreementRow): Record<string, Cell> {
  return {
    run_id: runId,
    level: r.level,
    criterion: r.criterion,
    indicator: r.indicator,
    indicator_name: r.name,
    n: r.n,
    agree: r.agree,
    percent_agreement: round1(r.percent),
    ...kappaCells(r),
    both_met: r.confusion.bothMet,
    coder_only: r.confusion.coderOnly,
    egovscan_only: r.confusion.egovscanOnly,
    neither: r.confusion.neither,
    percent_within_one_rung: '',
    weighted_kappa: '',
    note: r.undefinedReason ? `kappa undefined: ${r.undefinedReason}` : '',
  };
}

export function agreementCsvRows(result: AgreementResult): Array<Record<string, Cell>> {
  const rows = result.rows.map((r) => agreementRow(result.runId, r));
  for (const na of result.notAssessed) {
    rows.push({
      run_id: result.runId,
      level: 'indicator',
      criterion: na.criterion,
      indicator: na.indicator,
      n: 0,
      note: `not assessed by egovscan in this run: ${na.coded} coded row${na.coded === 1 ? '' : 's'} left out of every figure`,
    });
  }
  const p = result.phase;
  rows.push({
    run_id: result.runId,
    level: 'phase',
    n: p.n,
    agree: p.exact,
    percent_agreement: round1(p.percentExact),
    ...kappaCells(p.kappa),
    percent_within_one_rung: round1(p.percentWithinOne),
    weighted_kappa: round3(p.weightedKappa.kappa),
    note: p.kappa.undefinedReason ? `kappa undefined: ${p.kappa.undefinedReason}` : '',
  });
  return rows;
}

export function disagreementCsvRows(result: AgreementResult): Array<Record<string, Cell>> {
  return result.disagreements.map((d) => ({
    run_id: result.runId,
    kind: d.kind,
    city_id: d.cityId,
    city_name: d.cityName,
    criterion: d.criterion,
    indicator: d.indicator,
    coder: d.coder,
    egovscan: d.egovscan,
    egovscan_value: d.egovscanValue === null ? '' : Math.round(d.egovscanValue * 1000) / 1000,
    evidence_url: d.evidenceUrl,
    evidence_text: d.evidenceText,
    coder_note: d.coderNote,
    sheet_line: d.line,
  }));
}

export function agreementJson(result: AgreementResult): unknown {
  const k = (x: KappaResult) => ({ n: x.n, po: x.po, pe: x.pe, kappa: x.kappa, se: x.se, ci95: [x.ciLow, x.ciHigh], undefined_reason: x.undefinedReason ?? null });
  const row = (r: AgreementRow) => ({
    level: r.level,
    criterion: r.criterion || null,
    indicator: r.indicator || null,
    name: r.name || null,
    agree: r.agree,
    percent_agreement: r.percent,
    ...k(r),
    confusion: { both_met: r.confusion.bothMet, coder_only: r.confusion.coderOnly, egovscan_only: r.confusion.egovscanOnly, neither: r.confusion.neither },
  });
  const p = result.phase;
  return {
    run_id: result.runId,
    coding_file: result.codingFile,
    method: {
      met: `egovscan's indicator counts as met when its value (points / max_points; met for points-free indicators) is at least ${PARTIAL_MET_THRESHOLD}`,
      kappa: "Cohen's kappa = (po - pe) / (1 - pe)",
      se: 'Fleiss, Cohen & Everitt (1969) large-sample standard error (non-null); 95 % interval kappa ± 1.96 se, clipped to [-1, 1]',
      weighted_kappa: 'phase only: linear agreement weights 1 - |i - j| / 4 over none, presence, interaction, transaction, transformation',
      rounding: 'agreement.csv rounds percentages to 1 decimal and kappa, se and interval to 3 decimals (Math.round: halves round up); this file is unrounded',
    },
    overall: row(result.overall),
    criteria: result.rows.filter((r) => r.level === 'criterion').map(row),
    indicators: result.rows.filter((r) => r.level === 'indicator').map(row),
    phase: {
      n: p.n,
      exact: p.exact,
      within_one_rung: p.withinOne,
      percent_exact: p.percentExact,
      percent_within_one_rung: p.percentWithinOne,
      ladder: [...PHASE_LADDER],
      matrix_rows_coder_columns_egovscan: p.matrix,
      kappa: k(p.kappa),
      weighted_kappa: k(p.weightedKappa),
      skipped_without_egovscan_phase: p.skipped,
    },
    not_assessed: result.notAssessed,
    not_coded_rows: result.notCoded,
    disagreements: result.disagreements,
  };
}

export async function writeAgreementFiles(result: AgreementResult, dir: string, opts: { bom?: boolean } = {}): Promise<string[]> {
  const files = [join(dir, 'agreement.csv'), join(dir, 'disagreements.csv'), join(dir, 'agreement.json')];
  await writeCsv(files[0]!, AGREEMENT_COLUMNS, agreementCsvRows(result), opts);
  await writeCsv(files[1]!, DISAGREEMENT_COLUMNS, disagreementCsvRows(result), opts);
  await writeFileAtomic(files[2]!, `${JSON.stringify(agreementJson(result), null, 2)}\n`);
  return files;
}

/** The terminal summary: criteria, overall and phase; indicators are in agreement.csv. */
export function agreementTable(result: AgreementResult): string {
  const fmt = (x: number | '') => (x === '' ? '–' : String(x));
  const ci = (k: KappaResult) => (k.kappa === null ? '–' : `${fmt(round3(k.ciLow))}..${fmt(round3(k.ciHigh))}`);
  const rows = result.rows
    .filter((r) => r.level !== 'indicator')
    .map((r) => [
      r.level === 'overall' ? 'overall' : r.criterion,
      r.n,
      fmt(round1(r.percent)),
      fmt(round3(r.kappa)),
      ci(r),
      `${r.confusion.bothMet}/${r.confusion.coderOnly}/${r.confusion.egovscanOnly}/${r.confusion.neither}`,
    ]);
  const p = result.phase;
  rows.push(['phase (exact)', p.n, fmt(round1(p.percentExact)), fmt(round3(p.kappa.kappa)), ci(p.kappa), '']);
  const lines = [formatTable(['', 'n', '% agree', 'kappa', '95% CI', 'both/coder/egov/neither'], rows, new Set([1, 2, 3]))];
  if (p.n > 0) lines.push(`phase within one rung: ${fmt(round1(p.percentWithinOne))} % of ${p.n}; weighted kappa ${fmt(round3(p.weightedKappa.kappa))}`);
  const undef = result.rows.filter((r) => r.level !== 'indicator' && r.undefinedReason && r.n > 0);
  for (const r of undef) lines.push(`kappa undefined for ${r.level === 'overall' ? 'overall' : r.criterion}: ${r.undefinedReason}`);
  if (result.notAssessed.length) {
    lines.push(`left out (not assessed by egovscan in this run): ${result.notAssessed.map((x) => `${x.indicator} (${x.coded})`).join(', ')}`);
  }
  if (result.notCoded) lines.push(`rows with met left blank (not coded): ${result.notCoded}`);
  lines.push(`disagreements: ${result.disagreements.filter((d) => d.kind === 'indicator').length} indicator, ${result.disagreements.filter((d) => d.kind === 'phase').length} phase`);
  return lines.join('\n');
}

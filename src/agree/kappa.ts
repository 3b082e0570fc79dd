// Cohen's κ over a k×k table of counts (rows: the researcher's coding, columns: egovscan), with the
// large-sample standard error of Fleiss, Cohen & Everitt (1969) — the "ASE" SAS PROC FREQ prints and
// the one statsmodels and psych use — and a 95 % Wald interval κ ± 1.959964·SE. Weighted κ (Cohen
// 1968) uses the same formulas with agreement weights; unweighted κ is weighted κ with the identity.

export interface KappaResult {
  /** Items in the table. */
  n: number;
  /** Observed agreement (weighted when weights are given), 0..1. */
  po: number;
  /** Agreement expected by chance from the two raters' marginals, 0..1. */
  pe: number;
  /** null when undefined: no items, or pe = 1 (both raters put every item in one category). */
  kappa: number | null;
  /** Fleiss, Cohen & Everitt (1969) asymptotic standard error under κ ≠ 0; null with kappa. */
  se: number | null;
  /** κ ± 1.959964·se, clipped to [−1, 1]; null with kappa. */
  ciLow: number | null;
  ciHigh: number | null;
  /** Why kappa is null, in words for the output files. */
  undefinedReason?: string;
}

/** z for a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;

/** Agreement weights 1 − |i − j| / (k − 1) (Cicchetti & Allison 1971; SAS's default for weighted κ). */
export function linearWeights(k: number): number[][] {
  return Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (k === 1 ? 1 : 1 - Math.abs(i - j) / (k - 1))));
}

export function identityWeights(k: number): number[][] {
  return Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? 1 : 0)));
}

/**
 * κ = (po − pe) / (1 − pe) with po = Σ w_ij p_ij and pe = Σ w_ij p_i· p_·j, and
 * var(κ) = [Σ_ij p_ij (w_ij − (w̄_i· + w̄_·j)(1 − κ))² − (κ − pe(1 − κ))²] / (n (1 − pe)²)
 * where w̄_i· = Σ_j p_·j w_ij and w̄_·j = Σ_i p_i· w_ij (Fleiss, Cohen & Everitt 1969, eq. 11; with
 * identity weights this is their eq. 13 for unweighted κ).
 */
export function cohenKappa(table: readonly (readonly number[])[], weights?: readonly (readonly number[])[]): KappaResult {
  const k = table.length;
  const w = weights ?? identityWeights(k);
  let n = 0;
  for (const row of table) for (const c of row) n += c;
  if (n === 0) return { n, po: 0, pe: 0, kappa: null, se: null, ciLow: null, ciHigh: null, undefinedReason: 'no items' };
  const p = table.map((row) => row.map((c) => c / n));
  const rowM = p.map((row) => row.reduce((a, b) => a + b, 0));
  const colM = Array.from({ length: k }, (_, j) => p.reduce((a, row) => a + row[j]!, 0));
  let po = 0;
  let pe = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      po += w[i]![j]! * p[i]![j]!;
      pe += w[i]![j]! * rowM[i]! * colM[j]!;
    }
  }
  // Floating sums of marginals that are all in one category give 1 ± 1e-16; treat those as 1.
  if (1 - pe < 1e-12) {
    return {
      n,
      po,
      pe: 1,
      kappa: null,
      se: null,
      ciLow: null,
      ciHigh: null,
      undefinedReason: `pe = 1: both sides put all ${n} items in the same category, so agreement beyond chance cannot be measured`,
    };
  }
  const kappa = (po - pe) / (1 - pe);
  const wRow = Array.from({ length: k }, (_, i) => colM.reduce((a, pj, j) => a + pj * w[i]![j]!, 0));
  const wCol = Array.from({ length: k }, (_, j) => rowM.reduce((a, pi, i) => a + pi * w[i]![j]!, 0));
  let sum = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const d = w[i]![j]! - (wRow[i]! + wCol[j]!) * (1 - kappa);
      sum += p[i]![j]! * d * d;
    }
  }
  const last = kappa - pe * (1 - kappa);
  // Rounding can push a variance that is exactly 0 (perfect agreement) a hair below it.
  const variance = Math.max(0, (sum - last * last) / (n * (1 - pe) ** 2));
  const se = Math.sqrt(variance);
  return {
    n,
    po,
    pe,
    kappa,
    se,
    ciLow: Math.max(-1, kappa - Z95 * se),
    ciHigh: Math.min(1, kappa + Z95 * se),
  };
}

/** The 2×2 counts of a met / not-met comparison. */
export interface Confusion {
  /** Both the coder and egovscan say met. */
  bothMet: number;
  /** The coder says met, egovscan not (a miss of egovscan's). */
  coderOnly: number;
  /** egovscan says met, the coder not (false credit). */
  egovscanOnly: number;
  /** Neither says met. */
  neither: number;
}

export function emptyConfusion(): Confusion {
  return { bothMet: 0, coderOnly: 0, egovscanOnly: 0, neither: 0 };
}

export function addPair(c: Confusion, coder: boolean, egovscan: boolean): void {
  if (coder && egovscan) c.bothMet++;
  else if (coder) c.coderOnly++;
  else if (egovscan) c.egovscanOnly++;
  else c.neither++;
}

/** Rows: coder met / not met; columns: egovscan met / not met. */
export function confusionTable(c: Confusion): number[][] {
  return [
    [c.bothMet, c.coderOnly],
    [c.egovscanOnly, c.neither],
  ];
}

export interface BinaryAgreement extends KappaResult {
  confusion: Confusion;
  /** Items both sides judged alike. */
  agree: number;
  /** agree / n × 100, or null when n = 0. */
  percent: number | null;
}

export function binaryAgreement(c: Confusion): BinaryAgreement {
  const k = cohenKappa(confusionTable(c));
  const agree = c.bothMet + c.neither;
  return { ...k, confusion: { ...c }, agree, percent: k.n === 0 ? null : (100 * agree) / k.n };
}

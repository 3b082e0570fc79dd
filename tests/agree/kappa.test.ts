// κ, its standard error and interval against values worked out by hand and against a published
// printout (SAS PROC FREQ, whose ASE is the Fleiss, Cohen & Everitt 1969 standard error).
import { describe, expect, it } from 'vitest';
import { binaryAgreement, cohenKappa, linearWeights } from '../../src/agree/kappa.ts';

describe("Cohen's kappa", () => {
  it('matches a 2×2 table worked by hand', () => {
    // 50 items: both yes 20, rater A yes / B no 5, A no / B yes 10, both no 15.
    // po = 35/50 = 0.7; marginals A .5/.5, B .6/.4; pe = .5·.6 + .5·.4 = 0.5; κ = 0.2/0.5 = 0.4.
    // FCE 1969: diagonal .4(1 − 1.1·.6)² + .3(1 − .9·.6)² = .04624 + .06348; off-diagonal
    // .36·(.1·1.1² + .2·.9²) = .10188; minus (.4 − .5·.6)² = .01 → .2016; / (50·.25) → var .016128.
    const k = cohenKappa([
      [20, 5],
      [10, 15],
    ]);
    expect(k.n).toBe(50);
    expect(k.po).toBeCloseTo(0.7, 12);
    expect(k.pe).toBeCloseTo(0.5, 12);
    expect(k.kappa).toBeCloseTo(0.4, 12);
    expect(k.se).toBeCloseTo(Math.sqrt(0.016128), 12);
    expect(k.ciLow).toBeCloseTo(0.4 - 1.959964 * Math.sqrt(0.016128), 5);
    expect(k.ciHigh).toBeCloseTo(0.4 + 1.959964 * Math.sqrt(0.016128), 5);
  });

  it('reproduces the SAS PROC FREQ example (3 categories), unweighted and with linear weights', () => {
    const table = [
      [0, 4, 1],
      [0, 8, 0],
      [0, 1, 5],
    ];
    const k = cohenKappa(table);
    expect(k.kappa).toBeCloseTo(0.4842, 4);
    expect(k.se).toBeCloseTo(0.138, 4);
    expect(k.ciLow).toBeCloseTo(0.2137, 4);
    expect(k.ciHigh).toBeCloseTo(0.7547, 4);
    const w = cohenKappa(table, linearWeights(3));
    expect(w.kappa).toBeCloseTo(0.4701, 4);
    expect(w.se).toBeCloseTo(0.1457, 4);
    expect(w.ciLow).toBeCloseTo(0.1845, 4);
    expect(w.ciHigh).toBeCloseTo(0.7558, 4);
  });

  it('gives 1 with a zero-width interval for perfect agreement and −1 for perfect disagreement', () => {
    const perfect = cohenKappa([
      [6, 0],
      [0, 4],
    ]);
    expect(perfect.kappa).toBe(1);
    expect(perfect.se).toBe(0);
    expect([perfect.ciLow, perfect.ciHigh]).toEqual([1, 1]);
    const opposite = cohenKappa([
      [0, 5],
      [5, 0],
    ]);
    expect(opposite.kappa).toBeCloseTo(-1, 12);
    expect(opposite.ciLow).toBeGreaterThanOrEqual(-1);
  });

  it('leaves kappa undefined when pe = 1 (both sides put everything in one category) and when there is nothing', () => {
    const one = cohenKappa([
      [12, 0],
      [0, 0],
    ]);
    expect(one.kappa).toBeNull();
    expect(one.se).toBeNull();
    expect(one.ciLow).toBeNull();
    expect(one.undefinedReason).toMatch(/pe = 1.*all 12 items/);
    expect(one.po).toBe(1);
    const none = cohenKappa([
      [0, 0],
      [0, 0],
    ]);
    expect(none.kappa).toBeNull();
    expect(none.undefinedReason).toBe('no items');
  });

  it('is not undefined when only one side uses a single category', () => {
    // The coder says met for all 10, egovscan for 7: pe = 1·.7 + 0·.3 = .7 < 1, po = .7, κ = 0.
    const k = cohenKappa([
      [7, 3],
      [0, 0],
    ]);
    expect(k.kappa).toBeCloseTo(0, 12);
    expect(k.pe).toBeCloseTo(0.7, 12);
  });
});

describe('the worked example of docs/agreement.md', () => {
  it('gives the figures the document prints', () => {
    const a = binaryAgreement({ bothMet: 20, coderOnly: 3, egovscanOnly: 1, neither: 12 });
    expect(a.percent!.toFixed(1)).toBe('88.9');
    expect(a.pe).toBeCloseTo(0.5231, 4);
    expect(a.kappa!.toFixed(3)).toBe('0.767');
    expect(a.se!.toFixed(4)).toBe('0.1090');
    expect([a.ciLow!.toFixed(3), a.ciHigh!.toFixed(3)]).toEqual(['0.553', '0.981']);
  });
});

describe('binary agreement', () => {
  it('counts the confusion cells and the percentage from the coder/egovscan pairs', () => {
    const a = binaryAgreement({ bothMet: 20, coderOnly: 5, egovscanOnly: 10, neither: 15 });
    expect(a.n).toBe(50);
    expect(a.agree).toBe(35);
    expect(a.percent).toBeCloseTo(70, 12);
    expect(a.kappa).toBeCloseTo(0.4, 12);
    expect(binaryAgreement({ bothMet: 0, coderOnly: 0, egovscanOnly: 0, neither: 0 }).percent).toBeNull();
  });
});

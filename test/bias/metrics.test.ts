/**
 * Every metric but FT on hand-computed counts.
 *
 * The main example (no group variable), s = 1 the disadvantaged (selected) facet:
 *
 * | side | TP | FN | FP | TN | n  | label 1 | predicted 1 |
 * |------|----|----|----|----|----|---------|-------------|
 * | a    | 5  | 1  | 2  | 2  | 10 | 6       | 7           |
 * | d    | 1  | 1  | 1  | 2  | 5  | 2       | 2           |
 */
import { describe, expect, it } from 'vitest';
import * as m from '../../src/bias/metrics.js';
import { facetCounts, type HandCells } from './helpers/counts.js';

// s l p: TP = l1 p1, FN = l1 p0, FP = l0 p1, TN = l0 p0.
const EXAMPLE: HandCells = { '011': 5, '010': 1, '001': 2, '000': 2, '111': 1, '110': 1, '101': 1, '100': 2 };
const c = facetCounts([EXAMPLE]);
const noFacet = facetCounts([{ '011': 5, '010': 1, '001': 2, '000': 2 }]);
const onlyFacet = facetCounts([{ '111': 1, '110': 1, '101': 1, '100': 2 }]);

function failure(f: () => number): string {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(m.MetricFailure);
    return (err as Error).message;
  }
  throw new Error('expected a MetricFailure');
}

describe('divide (smclarify)', () => {
  it('0/0 is 0, x/0 is ±Infinity, else a/b', () => {
    expect(m.divide(0, 0)).toBe(0);
    expect(m.divide(3, 0)).toBe(Infinity);
    expect(m.divide(-3, 0)).toBe(-Infinity);
    expect(m.divide(3, 4)).toBe(0.75);
  });
});

describe('CI', () => {
  it('(n_a − n_d) / n = (10 − 5) / 15', () => expect(m.classImbalance(c)).toBeCloseTo(1 / 3, 15));
  it('reports an empty facet and an empty complement with smclarify’s messages', () => {
    expect(failure(() => m.classImbalance(noFacet))).toBe('CI: facet set is empty. Check that x[facet] has non-zero length.');
    expect(failure(() => m.classImbalance(onlyFacet))).toBe('CI: negated facet set is empty. Check that x[~facet] has non-zero length.');
  });
});

describe('DPL', () => {
  it('q_a − q_d = 6/10 − 2/5', () => expect(m.differenceInPositiveProportionsInLabels(c)).toBeCloseTo(0.2, 15));
  it('errors on an empty side', () => {
    expect(failure(() => m.differenceInPositiveProportionsInLabels(noFacet))).toBe('Facet set is empty.');
    expect(failure(() => m.differenceInPositiveProportionsInLabels(onlyFacet))).toBe('Negative facet set is empty.');
  });
});

describe('KL', () => {
  it('Σ Pa log(Pa/Pd) with Pa = [0.4, 0.6], Pd = [0.6, 0.4] = 0.2 ln 1.5', () =>
    expect(m.kullbackLeibler(c)).toBeCloseTo(0.2 * Math.log(1.5), 14));
  it('keeps only outcomes non-zero on both sides, unrenormalised: negative when one side has one outcome', () => {
    // a: 3 positive, 1 negative; d: 2 positive → only "positive" is common: Pa = [0.75], Pd = [1].
    const one = facetCounts([{ '010': 3, '000': 1, '110': 2 }]);
    expect(m.kullbackLeibler(one)).toBeCloseTo(0.75 * Math.log(0.75), 15);
    expect(m.kullbackLeibler(one)).toBeLessThan(0);
  });
  it('errors when no outcome is common to both sides', () => {
    const disjoint = facetCounts([{ '010': 3, '100': 2 }]);
    expect(failure(() => m.kullbackLeibler(disjoint))).toBe('No instance of common facet found, dataset may be too small');
    expect(failure(() => m.kullbackLeibler(noFacet))).toBe('No instance of common facet found, dataset may be too small');
  });
});

describe('JS', () => {
  it('½ [KL(Pa, P) + KL(Pd, P)], P = [0.5, 0.5]: 0.4 ln 0.8 + 0.6 ln 1.2', () =>
    expect(m.jensenShannon(c)).toBeCloseTo(0.4 * Math.log(0.8) + 0.6 * Math.log(1.2), 14));
  it('errors when no outcome is common', () => {
    expect(failure(() => m.jensenShannon(facetCounts([{ '010': 3, '100': 2 }])))).toMatch(/No instance of common facet/);
  });
});

describe('LP', () => {
  it('‖[−0.2, 0.2]‖₂ = 0.2√2', () => expect(m.lpNorm(c)).toBeCloseTo(0.2 * Math.SQRT2, 15));
  it('errors when no outcome is common', () => expect(failure(() => m.lpNorm(onlyFacet))).toMatch(/No instance/));
});

describe('TVD', () => {
  it('½ ‖[−0.2, 0.2]‖₁ = 0.2', () => expect(m.totalVariationDistance(c)).toBeCloseTo(0.2, 15));
  it('on one common outcome: ½ |0.75 − 1|', () =>
    expect(m.totalVariationDistance(facetCounts([{ '010': 3, '000': 1, '110': 2 }]))).toBeCloseTo(0.125, 15));
});

describe('KS', () => {
  it('max |Pa − Pd| = 0.2', () => expect(m.kolmogorovSmirnov(c)).toBeCloseTo(0.2, 15));
  it('errors when no outcome is common', () => expect(failure(() => m.kolmogorovSmirnov(noFacet))).toMatch(/No instance/));
});

describe('CDDL', () => {
  // Group x: facet has 1 of 3 positives, 2 of 3 negatives → D − A = 1/3 (size 6).
  // Group y: facet has 1 of 2 positives, 0 of 3 negatives → −1/2 (size 5).
  // Group z: no positives (A = 0), facet has 1 of 2 negatives → 1/2 (size 2).
  // CDD = (6/3 − 5/2 + 2/2) / 13 = 1/26.
  const groups = facetCounts([
    { '110': 1, '100': 2, '010': 2, '000': 1 },
    { '110': 1, '010': 1, '000': 3 },
    { '100': 1, '000': 1 },
  ]);
  it('weights each group’s D − A by its size: 1/26', () => expect(m.conditionalDemographicDisparityInLabels(groups)).toBeCloseTo(1 / 26, 15));
  it('needs a group variable', () =>
    expect(failure(() => m.conditionalDemographicDisparityInLabels(c))).toBe('Group variable is empty or not provided'));
  it('needs a positive and a negative label overall', () => {
    expect(failure(() => m.conditionalDemographicDisparityInLabels(facetCounts([{ '100': 1 }, { '000': 2 }])))).toBe('No positive labels in set');
    expect(failure(() => m.conditionalDemographicDisparityInLabels(facetCounts([{ '110': 1 }, { '010': 2 }])))).toBe('No negative labels in set');
  });
  it('is 0 for an empty facet', () =>
    expect(m.conditionalDemographicDisparityInLabels(facetCounts([{ '010': 1, '000': 1 }, { '000': 2 }]))).toBe(0));
  it('reports groups Python cannot sort', () => {
    const mixed = { ...groups, groupOrderError: "'<' not supported between instances of 'int' and 'str'" };
    expect(failure(() => m.conditionalDemographicDisparityInLabels(mixed))).toMatch(/not supported/);
  });
});

describe('DPPL', () => {
  it('q̂_a − q̂_d = 7/10 − 2/5', () => expect(m.differenceInPositiveProportionsInPredictedLabels(c)).toBeCloseTo(0.3, 15));
  it('errors on an empty facet', () => expect(failure(() => m.differenceInPositiveProportionsInPredictedLabels(noFacet))).toBe('Facet set is empty.'));
});

describe('DI', () => {
  it('q̂_d / q̂_a = 0.4 / 0.7', () => expect(m.disparateImpact(c)).toBeCloseTo(4 / 7, 15));
  it('is +Infinity when the advantaged side has no positive prediction, 0 when neither has', () => {
    expect(m.disparateImpact(facetCounts([{ '000': 2, '101': 1, '100': 1 }]))).toBe(Infinity);
    expect(m.disparateImpact(facetCounts([{ '000': 2, '100': 1 }]))).toBe(0);
  });
  it('errors on an empty side', () => {
    expect(failure(() => m.disparateImpact(onlyFacet))).toBe('Negated facet set is empty');
    expect(failure(() => m.disparateImpact(noFacet))).toBe('Facet set is empty');
  });
});

describe('DCA', () => {
  it('n_a(1)/n̂_a(1) − n_d(1)/n̂_d(1) = 6/7 − 2/2', () => expect(m.differenceInConditionalAcceptance(c)).toBeCloseTo(-1 / 7, 15));
  it('turns +Infinity − +Infinity into 0, keeps a single infinity', () => {
    // No positive prediction on either side, positive labels on both: ∞ − ∞ → 0.
    expect(m.differenceInConditionalAcceptance(facetCounts([{ '010': 1, '110': 1 }]))).toBe(0);
    // Only the disadvantaged side has no positive prediction: 1 − ∞.
    expect(m.differenceInConditionalAcceptance(facetCounts([{ '011': 1, '110': 1 }]))).toBe(-Infinity);
  });
  it('errors on an empty side with the DCO prefix', () => {
    expect(failure(() => m.differenceInConditionalAcceptance(noFacet))).toBe('DCO: Facet set is empty');
    expect(failure(() => m.differenceInConditionalAcceptance(onlyFacet))).toBe('DCO: Negated Facet set is empty');
  });
});

describe('DCR', () => {
  it('n_d(0)/n̂_d(0) − n_a(0)/n̂_a(0) = 3/3 − 4/3', () => expect(m.differenceInConditionalRejection(c)).toBeCloseTo(-1 / 3, 15));
  it('turns +Infinity − +Infinity into 0', () => expect(m.differenceInConditionalRejection(facetCounts([{ '001': 1, '101': 1 }]))).toBe(0));
});

describe('DAR', () => {
  it('TP_a/n̂_a(1) − TP_d/n̂_d(1) = 5/7 − 1/2', () => expect(m.differenceInAcceptanceRates(c)).toBeCloseTo(3 / 14, 15));
  it('errors on an empty side with the DLR prefix', () => expect(failure(() => m.differenceInAcceptanceRates(noFacet))).toBe('DLR: Facet set is empty'));
});

describe('DRR', () => {
  it('TN_d/n̂_d(0) − TN_a/n̂_a(0) = 2/3 − 2/3', () => expect(m.differenceInRejectionRates(c)).toBe(0));
  it('uses TN over negative predictions', () =>
    // a: TN 1, FN 1 → 1/2; d: TN 3, FN 1 → 3/4.
    expect(m.differenceInRejectionRates(facetCounts([{ '000': 1, '010': 1, '100': 3, '110': 1 }]))).toBeCloseTo(0.25, 15));
  it('errors on an empty complement with the DLR prefix', () =>
    expect(failure(() => m.differenceInRejectionRates(onlyFacet))).toBe('DLR: Negated Facet set is empty'));
});

describe('RD', () => {
  it('recall_a − recall_d = 5/6 − 1/2', () => expect(m.recallDifference(c)).toBeCloseTo(1 / 3, 15));
  it('errors on an empty side with the DLA prefix', () => expect(failure(() => m.recallDifference(noFacet))).toBe('DLA: Facet set is empty'));
});

describe('SD', () => {
  it('specificity_d − specificity_a = 2/3 − 2/4', () => expect(m.specificityDifference(c)).toBeCloseTo(1 / 6, 15));
  it('errors on an empty complement with the DLA prefix', () =>
    expect(failure(() => m.specificityDifference(onlyFacet))).toBe('DLA: Negated Facet set is empty'));
});

describe('AD', () => {
  it('accuracy_a − accuracy_d = 7/10 − 3/5', () => expect(m.accuracyDifference(c)).toBeCloseTo(0.1, 15));
  it('errors on an empty side', () => {
    expect(failure(() => m.accuracyDifference(noFacet))).toBe('Facet set is empty');
    expect(failure(() => m.accuracyDifference(onlyFacet))).toBe('Negated Facet set is empty');
  });
});

describe('TE', () => {
  it('FN_d/FP_d − FN_a/FP_a = 1/1 − 1/2', () => expect(m.treatmentEquality(c)).toBeCloseTo(0.5, 15));
  it('is ±Infinity when one side has no false positive, 0 when neither has', () => {
    expect(m.treatmentEquality(facetCounts([{ '010': 1, '001': 1, '110': 1 }]))).toBe(Infinity);
    expect(m.treatmentEquality(facetCounts([{ '010': 1, '110': 1, '101': 1 }]))).toBe(-Infinity);
    expect(m.treatmentEquality(facetCounts([{ '010': 1, '110': 1 }]))).toBe(0);
  });
  it('errors on an empty side', () => expect(failure(() => m.treatmentEquality(noFacet))).toBe('Facet set is empty'));
});

describe('CDDPL', () => {
  // The CDDL example with predictions standing in for labels (labels all negative).
  const groups = facetCounts([
    { '101': 1, '100': 2, '001': 2, '000': 1 },
    { '101': 1, '001': 1, '000': 3 },
    { '100': 1, '000': 1 },
  ]);
  it('is CDD on predicted labels: 1/26', () => expect(m.conditionalDemographicDisparityInPredictedLabels(groups)).toBeCloseTo(1 / 26, 15));
  it('needs a negative prediction', () =>
    expect(failure(() => m.conditionalDemographicDisparityInPredictedLabels(facetCounts([{ '101': 1 }, { '001': 1 }])))).toBe(
      'No negative labels in set',
    ));
});

describe('GE', () => {
  // Benefits: 2 false negatives (0), 3 false positives (2), 10 others (1); mean 16/15.
  // Σ((b/mean)² − 1) = −2 + 10((15/16)² − 1) + 3((30/16)² − 1) = 4.3359375; GE = that / (2·15).
  it('Σ((b/mean b)² − 1) / (2N) = 0.14453125', () => expect(m.generalizedEntropy(c)).toBeCloseTo(0.14453125, 15));
  it('does not depend on the facet', () => {
    const swapped = facetCounts([{ '111': 5, '110': 1, '101': 2, '100': 2, '011': 1, '010': 1, '001': 1, '000': 2 }]);
    expect(m.generalizedEntropy(swapped)).toBe(m.generalizedEntropy(c));
  });
  it('errors when every prediction is a false negative', () =>
    expect(failure(() => m.generalizedEntropy(facetCounts([{ '010': 2, '110': 1 }])))).toMatch(/All predicted labels are false negatives/));
});

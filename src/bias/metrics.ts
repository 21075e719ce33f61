/**
 * Every bias metric but FT, computed from a facet entry's {@link FacetCounts} with
 * smclarify's formulas, guards and messages (`test/fixtures/bias/README.md`).
 *
 * A metric that smclarify cannot compute throws {@link MetricFailure}; the report turns it
 * into an error entry (`value: null`, `error: message`).
 *
 * Conventions: `a` is the advantaged side (facet not selected), `d` the disadvantaged one
 * (facet selected); `1` a positive label or prediction.
 *
 * @packageDocumentation
 */
import { countOf, quadrants, type FacetCounts } from './facet-counts.js';

/** A metric that cannot be computed; its message becomes the error entry's `error`. */
export class MetricFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetricFailure';
  }
}

/** smclarify's `divide`: 0/0 → 0, x/0 → ±Infinity. */
export function divide(a: number, b: number): number {
  if (b === 0 && a === 0) return 0;
  if (b === 0) return a < 0 ? -Infinity : Infinity;
  return a / b;
}

function require(condition: boolean, message: string): void {
  if (!condition) throw new MetricFailure(message);
}

/** `x − y`, except that two equal +Infinity give 0 (smclarify's rule for DCA, DCR, RD, SD, DAR, DRR, AD, TE). */
function differenceOf(x: number, y: number, minuend: number, subtrahend: number): number {
  return x === y && x === Infinity ? 0 : minuend - subtrahend;
}

/** CI = (n_a − n_d) / n. */
export function classImbalance(c: FacetCounts): number {
  const nd = countOf(c, [1]);
  const na = countOf(c, [0]);
  require(na !== 0, 'CI: negated facet set is empty. Check that x[~facet] has non-zero length.');
  require(nd !== 0, 'CI: facet set is empty. Check that x[facet] has non-zero length.');
  return (na - nd) / (na + nd);
}

/** q_a − q_d, the positive proportions of labels (`predicted = false`) or predictions (`true`). */
function positiveProportionDifference(c: FacetCounts, predicted: boolean): number {
  const na = countOf(c, [0]);
  const nd = countOf(c, [1]);
  const naPos = predicted ? countOf(c, [0, undefined, 1]) : countOf(c, [0, 1]);
  const ndPos = predicted ? countOf(c, [1, undefined, 1]) : countOf(c, [1, 1]);
  require(na !== 0, 'Negative facet set is empty.');
  require(nd !== 0, 'Facet set is empty.');
  return naPos / na - ndPos / nd;
}

/** DPL = q_a − q_d on labels. */
export function differenceInPositiveProportionsInLabels(c: FacetCounts): number {
  return positiveProportionDifference(c, false);
}

/** DPPL = q̂_a − q̂_d on predictions. */
export function differenceInPositiveProportionsInPredictedLabels(c: FacetCounts): number {
  return positiveProportionDifference(c, true);
}

/**
 * The label-outcome distributions of both sides over {False, True}, restricted to the
 * outcomes non-zero on both sides and not renormalised (smclarify's `pdfs_aligned_nonzero`).
 */
export function alignedOutcomeDistributions(c: FacetCounts): { pa: number[]; pd: number[] } {
  const na = countOf(c, [0]);
  const nd = countOf(c, [1]);
  const pa: number[] = [];
  const pd: number[] = [];
  for (const outcome of [0, 1] as const) {
    const a = countOf(c, [0, outcome]);
    const d = countOf(c, [1, outcome]);
    if (a !== 0 && d !== 0) {
      pa.push(a / na);
      pd.push(d / nd);
    }
  }
  if (pa.length === 0) throw new MetricFailure('No instance of common facet found, dataset may be too small');
  return { pa, pd };
}

/** KL = Σ Pa·log(Pa/Pd). */
export function kullbackLeibler(c: FacetCounts): number {
  const { pa, pd } = alignedOutcomeDistributions(c);
  let sum = 0;
  for (let i = 0; i < pa.length; i++) sum += pa[i]! * Math.log(pa[i]! / pd[i]!);
  return sum;
}

/** JS = ½ [KL(Pa, P) + KL(Pd, P)], P = ½ (Pa + Pd). */
export function jensenShannon(c: FacetCounts): number {
  const { pa, pd } = alignedOutcomeDistributions(c);
  let ka = 0;
  let kd = 0;
  for (let i = 0; i < pa.length; i++) {
    const p = 0.5 * (pa[i]! + pd[i]!);
    ka += pa[i]! * Math.log(pa[i]! / p);
    kd += pd[i]! * Math.log(pd[i]! / p);
  }
  return 0.5 * (ka + kd);
}

/** LP = ‖Pa − Pd‖₂. */
export function lpNorm(c: FacetCounts): number {
  const { pa, pd } = alignedOutcomeDistributions(c);
  let sum = 0;
  for (let i = 0; i < pa.length; i++) sum += (pa[i]! - pd[i]!) * (pa[i]! - pd[i]!);
  return Math.sqrt(sum);
}

/** TVD = ½ ‖Pa − Pd‖₁. */
export function totalVariationDistance(c: FacetCounts): number {
  const { pa, pd } = alignedOutcomeDistributions(c);
  let sum = 0;
  for (let i = 0; i < pa.length; i++) sum += Math.abs(pa[i]! - pd[i]!);
  return 0.5 * sum;
}

/** KS = max |Pa − Pd|. */
export function kolmogorovSmirnov(c: FacetCounts): number {
  const { pa, pd } = alignedOutcomeDistributions(c);
  let max = 0;
  for (let i = 0; i < pa.length; i++) max = Math.max(max, Math.abs(pa[i]! - pd[i]!));
  return max;
}

/**
 * CDD: per group, D − A (the facet's share of the group's negatives minus its share of the
 * group's positives, a share 0 when its denominator is), weighted by group size.
 */
function conditionalDemographicDisparity(c: FacetCounts, predicted: boolean): number {
  require(c.hasGroupVariable, 'Group variable is empty or not provided');
  const outcome = (cells: FacetCounts | Float64Array, s: 0 | 1 | undefined, positive: 0 | 1): number =>
    predicted ? countOf(cells, [s, undefined, positive]) : countOf(cells, [s, positive]);
  if (c.groupOrderError !== undefined) throw new MetricFailure(c.groupOrderError); // np.unique raises first
  require(outcome(c, undefined, 1) !== 0, 'No positive labels in set');
  require(outcome(c, undefined, 0) !== 0, 'No negative labels in set');
  let weighted = 0;
  let total = 0;
  for (const cells of c.groups) {
    const size = countOf(cells, []);
    const denomA = outcome(cells, undefined, 1);
    const denomD = outcome(cells, undefined, 0);
    const a = denomA !== 0 ? outcome(cells, 1, 1) / denomA : 0;
    const d = denomD !== 0 ? outcome(cells, 1, 0) / denomD : 0;
    weighted += size * (d - a);
    total += size;
  }
  return divide(weighted, total);
}

/** CDDL: CDD on labels. */
export function conditionalDemographicDisparityInLabels(c: FacetCounts): number {
  return conditionalDemographicDisparity(c, false);
}

/** CDDPL: CDD on predictions. */
export function conditionalDemographicDisparityInPredictedLabels(c: FacetCounts): number {
  return conditionalDemographicDisparity(c, true);
}

/** DI = q̂_d / q̂_a. */
export function disparateImpact(c: FacetCounts): number {
  const na = countOf(c, [0]);
  require(na !== 0, 'Negated facet set is empty');
  const qa = countOf(c, [0, undefined, 1]) / na;
  const nd = countOf(c, [1]);
  require(nd !== 0, 'Facet set is empty');
  const qd = countOf(c, [1, undefined, 1]) / nd;
  return divide(qd, qa);
}

function requireBothSides(c: FacetCounts, prefix: string): void {
  require(countOf(c, [1]) !== 0, `${prefix}Facet set is empty`);
  require(countOf(c, [0]) !== 0, `${prefix}Negated Facet set is empty`);
}

/** DCA = c_a − c_d, c = n(label 1) / n(predicted 1). */
export function differenceInConditionalAcceptance(c: FacetCounts): number {
  requireBothSides(c, 'DCO: ');
  const ca = divide(countOf(c, [0, 1]), countOf(c, [0, undefined, 1]));
  const cd = divide(countOf(c, [1, 1]), countOf(c, [1, undefined, 1]));
  return differenceOf(ca, cd, ca, cd);
}

/** DCR = r_d − r_a, r = n(label 0) / n(predicted 0). */
export function differenceInConditionalRejection(c: FacetCounts): number {
  requireBothSides(c, 'DCO: ');
  const ra = divide(countOf(c, [0, 0]), countOf(c, [0, undefined, 0]));
  const rd = divide(countOf(c, [1, 0]), countOf(c, [1, undefined, 0]));
  return differenceOf(ra, rd, rd, ra);
}

/** DAR = TP_a / n̂_a(1) − TP_d / n̂_d(1). */
export function differenceInAcceptanceRates(c: FacetCounts): number {
  requireBothSides(c, 'DLR: ');
  const a = quadrants(c, 0);
  const d = quadrants(c, 1);
  const ara = divide(a.TP, a.TP + a.FP);
  const ard = divide(d.TP, d.TP + d.FP);
  return differenceOf(ara, ard, ara, ard);
}

/** DRR = TN_d / n̂_d(0) − TN_a / n̂_a(0). */
export function differenceInRejectionRates(c: FacetCounts): number {
  requireBothSides(c, 'DLR: ');
  const a = quadrants(c, 0);
  const d = quadrants(c, 1);
  const rra = divide(a.TN, a.TN + a.FN);
  const rrd = divide(d.TN, d.TN + d.FN);
  return differenceOf(rra, rrd, rrd, rra);
}

/** RD = recall_a − recall_d. */
export function recallDifference(c: FacetCounts): number {
  requireBothSides(c, 'DLA: ');
  const a = quadrants(c, 0);
  const d = quadrants(c, 1);
  const reca = divide(a.TP, a.TP + a.FN);
  const recd = divide(d.TP, d.TP + d.FN);
  return differenceOf(reca, recd, reca, recd);
}

/** SD = specificity_d − specificity_a. */
export function specificityDifference(c: FacetCounts): number {
  requireBothSides(c, 'DLA: ');
  const a = quadrants(c, 0);
  const d = quadrants(c, 1);
  const spa = divide(a.TN, a.TN + a.FP);
  const spd = divide(d.TN, d.TN + d.FP);
  return differenceOf(spa, spd, spd, spa);
}

/** AD = accuracy_a − accuracy_d. */
export function accuracyDifference(c: FacetCounts): number {
  requireBothSides(c, '');
  const a = quadrants(c, 0);
  const d = quadrants(c, 1);
  const acca = divide(a.TP + a.TN, a.TP + a.TN + a.FP + a.FN);
  const accd = divide(d.TP + d.TN, d.TP + d.TN + d.FP + d.FN);
  return differenceOf(acca, accd, acca, accd);
}

/** TE = FN_d/FP_d − FN_a/FP_a. */
export function treatmentEquality(c: FacetCounts): number {
  requireBothSides(c, '');
  const a = quadrants(c, 0);
  const d = quadrants(c, 1);
  const taua = divide(a.FN, a.FP);
  const taud = divide(d.FN, d.FP);
  return differenceOf(taua, taud, taud, taua);
}

/**
 * GE with α = 2 over benefits b = prediction − label + 1: Σ((b / mean b)² − 1) / (2N).
 * It does not depend on the facet.
 */
export function generalizedEntropy(c: FacetCounts): number {
  const n = countOf(c, []);
  require(n > 0, 'dataset must be non-empty');
  const n0 = countOf(c, [undefined, 1, 0]); // false negatives: benefit 0
  const n2 = countOf(c, [undefined, 0, 1]); // false positives: benefit 2
  const n1 = n - n0 - n2;
  const mean = (n1 + 2 * n2) / n;
  require(
    mean !== 0,
    'All predicted labels are false negatives. There should be at least one prediction that is not false negative.',
  );
  const r1 = 1 / mean;
  const r2 = 2 / mean;
  const sum = n0 * -1 + n1 * (r1 * r1 - 1) + n2 * (r2 * r2 - 1);
  return sum / (n * 2 * 1);
}

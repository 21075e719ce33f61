/**
 * From a plan and its counts to analysis.json's `pre_training_bias_metrics` and
 * `post_training_bias_metrics`, in Clarify's layout: per facet, one entry per
 * `value_or_threshold`, its metrics sorted by name, each `{name, description, value}` or
 * `{name, description, value: null, error}`; ±Infinity as the strings `"Infinity"` /
 * `"-Infinity"` (smclarify's `inf_as_str`), NaN as NaN.
 *
 * @packageDocumentation
 */
import type { BiasFacetRecord, BiasMetricRecord, BiasMetricsSection } from '../analysis/tabular-document.js';
import type { BiasCounts, FlipTestRows } from './counts.js';
import { BiasDataError } from '../errors.js';
import { countOf, type FacetCounts } from './facet-counts.js';
import { flipTest } from './flip-test.js';
import { METRIC_DESCRIPTIONS, type BiasMetricName } from './metric-names.js';
import * as m from './metrics.js';
import type { BiasPlan } from './plan.js';
import { pythonSortOrder, type PyValue } from './python-values.js';

/** The metrics computed from counts alone (all but FT). */
export const METRICS_FROM_COUNTS: Readonly<Record<Exclude<BiasMetricName, 'FT'>, (c: FacetCounts) => number>> = {
  CDDL: m.conditionalDemographicDisparityInLabels,
  CI: m.classImbalance,
  DPL: m.differenceInPositiveProportionsInLabels,
  JS: m.jensenShannon,
  KL: m.kullbackLeibler,
  KS: m.kolmogorovSmirnov,
  LP: m.lpNorm,
  TVD: m.totalVariationDistance,
  AD: m.accuracyDifference,
  CDDPL: m.conditionalDemographicDisparityInPredictedLabels,
  DAR: m.differenceInAcceptanceRates,
  DCA: m.differenceInConditionalAcceptance,
  DCR: m.differenceInConditionalRejection,
  DI: m.disparateImpact,
  DPPL: m.differenceInPositiveProportionsInPredictedLabels,
  DRR: m.differenceInRejectionRates,
  GE: m.generalizedEntropy,
  RD: m.recallDifference,
  SD: m.specificityDifference,
  TE: m.treatmentEquality,
};

/** The two sections of analysis.json a bias analysis writes (each only when requested). */
export interface BiasReport {
  readonly pre_training_bias_metrics?: BiasMetricsSection;
  readonly post_training_bias_metrics?: BiasMetricsSection;
}

/** A metric value as analysis.json holds it. */
export function metricValue(value: number): number | 'Infinity' | '-Infinity' {
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

function typeName(v: PyValue): string {
  return v.type;
}

/** The groups' order as `np.unique` sorts them, or the TypeError Python raises for mixed types. */
function groupOrder(counts: BiasCounts): { order: number[]; error?: string } {
  const values = counts.groups.map((g) => g.value);
  if (values.some((v) => v === null)) return { order: values.map((_, i) => i) };
  const typed = values as PyValue[];
  const order = pythonSortOrder(typed);
  if (order !== undefined) return { order };
  const str = typed.find((v) => v.type === 'str') as PyValue;
  const other = typed.find((v) => v.type !== 'str') as PyValue;
  return { order: typed.map((_, i) => i), error: `'<' not supported between instances of '${typeName(other)}' and '${typeName(str)}'` };
}

/** One facet entry's counts: each group's 8 cells, `sensitive` meaning the entry's code. */
export function facetEntryCounts(plan: BiasPlan, counts: BiasCounts, facet: number, code: number): FacetCounts {
  const { order, error } = groupOrder(counts);
  const codes = (plan.facets[facet] as { codes: number }).codes;
  const groups = order.map((g) => {
    const source = ((counts.groups[g] as { cells: readonly (readonly number[])[] }).cells[facet] ?? []) as readonly number[];
    const cells = new Float64Array(8);
    for (let c = 0; c < codes; c++) {
      const s = c === code ? 4 : 0;
      for (let j = 0; j < 4; j++) cells[s + j] = (cells[s + j] as number) + ((source[c * 4 + j] as number | undefined) ?? 0);
    }
    return cells;
  });
  return { groups, hasGroupVariable: plan.group !== undefined, ...(error !== undefined ? { groupOrderError: error } : {}) };
}

function record(name: BiasMetricName, compute: () => number): BiasMetricRecord {
  const description = METRIC_DESCRIPTIONS[name];
  try {
    return { name, description, value: metricValue(compute()) };
  } catch (err) {
    if (err instanceof m.MetricFailure) return { name, description, value: null, error: err.message };
    throw err;
  }
}

/**
 * The report sections, from a plan, its (possibly merged) counts and, when FT is
 * requested, the flip test's rows.
 *
 * @throws {@link BiasDataError} when post-training finds no positive prediction (smclarify
 *   refuses to compute any post-training metric then).
 */
export function biasReport(plan: BiasPlan, counts: BiasCounts, flipTestRows?: FlipTestRows): BiasReport {
  const { settings } = plan;
  const section = (metrics: readonly BiasMetricName[]): BiasMetricsSection => {
    const facets: Record<string, BiasFacetRecord[]> = {};
    plan.facets.forEach((facet, f) => {
      facets[facet.column] = facet.entries.map((entry): BiasFacetRecord => {
        const c = facetEntryCounts(plan, counts, f, entry.code);
        return {
          value_or_threshold: entry.text,
          metrics: metrics.map((name) =>
            name === 'FT' ? record(name, () => flipTestOf(plan, f, entry.code, c, flipTestRows)) : record(name, () => METRICS_FROM_COUNTS[name](c)),
          ),
        };
      });
    });
    return { label: plan.columns.label, label_value_or_threshold: plan.label.text, facets };
  };
  let post: BiasMetricsSection | undefined;
  if (settings.postTraining !== undefined) {
    const anyFacet = facetEntryCounts(plan, counts, 0, -1);
    if (countOf(anyFacet, [undefined, undefined, 1]) === 0) {
      throw new BiasDataError(
        'No Label values are present in the predicted Label Column,Positive Predicted Index Series contains all False values',
      );
    }
    post = section(settings.postTraining);
  }
  return {
    ...(settings.preTraining !== undefined ? { pre_training_bias_metrics: section(settings.preTraining) } : {}),
    ...(post !== undefined ? { post_training_bias_metrics: post } : {}),
  };
}

function flipTestOf(plan: BiasPlan, facet: number, code: number, c: FacetCounts, rows: FlipTestRows | undefined): number {
  if (countOf(c, [1]) === 0) throw new m.MetricFailure('Facet set is empty');
  if (countOf(c, [0]) === 0) throw new m.MetricFailure('Negated Facet set is empty');
  const perFacet = plan.flipTest?.perFacet[facet];
  if (perFacet === undefined) throw new m.MetricFailure('FlipTest: no features');
  if ('error' in perFacet) throw new m.MetricFailure(perFacet.error);
  if (perFacet.dims.length === 0) {
    const advantaged = countOf(c, [0]);
    throw new m.MetricFailure(
      `Found array with 0 feature(s) (shape=(${advantaged}, 0)) while a minimum of 1 is required by KNeighborsClassifier.`,
    );
  }
  if (rows === undefined) throw new m.MetricFailure('FlipTest needs the rows of its feature columns');
  const codes = rows.codes[facet] as Int32Array;
  return flipTest({
    features: rows.features,
    rows: rows.rows,
    stride: rows.stride,
    dims: perFacet.dims,
    sensitive: (r) => codes[r] === code,
    predicted: rows.predicted,
  });
}

/**
 * What both tabular reports show of a run's `explanations`, taken from the document
 * once so that report.html and report.pdf cannot disagree: per label its global SHAP
 * values, largest |value| first (the top {@link SHAP_FEATURES}, the rest counted), and
 * per partial dependence plot its grid, the model's mean output per label and the data's
 * distribution, or the error it failed with. The words are ASCII: the PDF shows them too.
 *
 * @packageDocumentation
 */
import { type GlobalShapStandardErrors, type TabularExplanationsSection, defaultLabelNames } from '../../analysis/tabular-explanations.js';
import type { Rgb } from '../../explain/image/heatmap.js';
import { barColor } from '../legend.js';

/** Features in a label's bar chart; the rest are counted under it. */
export const SHAP_FEATURES = 20;

/** One feature's global SHAP value. */
export interface ShapFeatureValue {
  /** The feature's name. */
  readonly feature: string;
  /** Its global SHAP value (NaN when the document says so). */
  readonly value: number;
  /** The value's standard error (`global_shap_standard_errors`), when the document has one for it. */
  readonly se?: number;
}

/** One label's global explanation, ready to show. */
export interface ShapLabelView {
  /** The label's key, e.g. `label0`. */
  readonly label: string;
  /** The explanation's base value. */
  readonly expectedValue: number;
  /** The top {@link SHAP_FEATURES} features by |value| (ties in the document's order). */
  readonly top: readonly ShapFeatureValue[];
  /** The features left out of the chart. */
  readonly more: number;
  /** All the label's features. */
  readonly features: number;
  /** Whether the document gives standard errors for this label (`global_shap_standard_errors`). */
  readonly withErrors?: boolean;
}

/** A partial dependence plot, ready to draw. */
export interface PdpPlotView {
  readonly kind: 'plot';
  /** The feature's name. */
  readonly feature: string;
  /** `numerical` (a line over the grid) or `categorical` (bars per value). */
  readonly dataType: 'numerical' | 'categorical';
  /** The grid: bucket centres, or the categories. */
  readonly values: readonly (number | string | boolean)[];
  /** The mean model output, `[label][value]`. */
  readonly predictions: readonly (readonly number[])[];
  /** The share of the data per grid value. */
  readonly distribution: readonly number[];
  /** One name per list of `predictions`. */
  readonly labels: readonly string[];
}

/** A feature Clarify could not plot. */
export interface PdpErrorView {
  readonly kind: 'error';
  /** The feature's name. */
  readonly feature: string;
  /** Its detected type, e.g. `free_text`. */
  readonly dataType: string;
  /** Why there is no plot. */
  readonly error: string;
}

/** What the reports show of `explanations`. */
export interface ExplanationsView {
  /** Per label of `kernel_shap`, in the document's order; empty without it. */
  readonly shap: readonly ShapLabelView[];
  /** Per `pdp` entry, in the document's order; empty without it. */
  readonly pdp: readonly (PdpPlotView | PdpErrorView)[];
}

/** How to read the SHAP charts. */
export const SHAP_GUIDE =
  'Each bar is a feature\'s global SHAP value for the label: an aggregate of the SHAP values of the explained records ' +
  '(analysis.json does not say which; Clarify\'s default is the mean of their absolute values), in the units of the ' +
  'model\'s output. A longer bar, a feature that moves the output more; blue: a positive value, red: a negative one. ' +
  'The expected value is the model\'s mean output over the baseline, from which every record\'s SHAP values start. ' +
  `Features are sorted by |value|; the top ${SHAP_FEATURES} are shown. Values have 3 significant digits.`;

/**
 * The line under {@link SHAP_GUIDE} when some global value has a standard error (ASCII; the
 * report writes its own mark: `†` in report.html, `*` in report.pdf).
 */
export function shapErrorsGuide(mark: string, plusMinus: string): string {
  return `A global SHAP value is shown ${plusMinus} its standard error (se), the error of sampling coalitions (not of sampling the records); ` +
    `${mark} marks a feature whose value is at most 1.96 se: indistinguishable from sampling noise.`;
}

/** Whether a global value is within 1.96 standard errors of 0: indistinguishable from sampling noise. */
export function withinNoise(f: ShapFeatureValue): boolean {
  return f.se !== undefined && Math.abs(f.value) <= 1.96 * f.se;
}

/** How to read the partial dependence plots. */
export const PDP_GUIDE =
  'Each plot shows the model\'s mean output, per label, when the feature is set to each value of its grid in every record ' +
  '(the centres of equal-width buckets of a numerical feature, the values of a categorical one); the grey bars under it ' +
  'are the share of the data in each bucket or category.';

/** The line of a report with neither bias metrics nor explanations. */
export const NOTHING_TO_SHOW = 'The document has no bias metrics and no explanations: there is nothing to show.';

/** The colour of a label's line or bars in a partial dependence plot: the first the reports' blue, then Okabe and Ito's colour-blind safe palette. */
export function pdpColor(label: number): Rgb {
  const palette: readonly Rgb[] = [barColor(1), [230, 159, 0], [0, 158, 115], [204, 121, 167], [86, 180, 233], [213, 94, 0], [240, 228, 66], [0, 0, 0]];
  return palette[label % palette.length] as Rgb;
}

/**
 * The reports' view of a document's `explanations` (empty lists when it has none), with the
 * global values' standard errors when the document has them (`global_shap_standard_errors`).
 */
export function explanationsView(explanations: TabularExplanationsSection | undefined, standardErrors?: GlobalShapStandardErrors): ExplanationsView {
  const shap = Object.entries(explanations?.kernel_shap ?? {}).map(([label, record]): ShapLabelView => {
    const errors = standardErrors !== undefined && Object.prototype.hasOwnProperty.call(standardErrors, label) ? standardErrors[label] : undefined;
    const all = Object.entries(record.global_shap_values).map(([feature, value]): ShapFeatureValue => {
      const se = errors !== undefined && Object.prototype.hasOwnProperty.call(errors, feature) ? errors[feature] : undefined;
      return typeof se === 'number' ? { feature, value, se } : { feature, value };
    });
    const magnitude = (v: number) => (Number.isNaN(v) ? -1 : Math.abs(v));
    const sorted = all.map((f, i) => ({ f, i })).sort((a, b) => magnitude(b.f.value) - magnitude(a.f.value) || a.i - b.i).map((x) => x.f);
    const view = { label, expectedValue: record.expected_value, top: sorted.slice(0, SHAP_FEATURES), more: Math.max(0, all.length - SHAP_FEATURES), features: all.length };
    return all.some((f) => f.se !== undefined) ? { ...view, withErrors: true } : view;
  });
  const pdp = (explanations?.pdp ?? []).map((entry): PdpPlotView | PdpErrorView => {
    if ('error' in entry) return { kind: 'error', feature: entry.feature_name, dataType: entry.data_type, error: entry.error };
    if (entry.feature_values.length === 0) return { kind: 'error', feature: entry.feature_name, dataType: entry.data_type, error: 'The grid has no values.' };
    const labels = (entry as { label_headers?: string[] }).label_headers ?? defaultLabelNames(entry.model_predictions.length);
    return {
      kind: 'plot',
      feature: entry.feature_name,
      dataType: entry.data_type,
      values: entry.feature_values,
      predictions: entry.model_predictions,
      distribution: entry.data_distribution,
      labels,
    };
  });
  return { shap, pdp };
}

/** `and 3 more features` under a chart; empty when every feature is shown. */
export function moreFeaturesText(view: ShapLabelView): string {
  return view.more === 0 ? '' : `and ${view.more} more ${view.more === 1 ? 'feature' : 'features'} with a smaller |global SHAP value|, not shown.`;
}

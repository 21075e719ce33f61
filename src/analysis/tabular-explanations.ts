/**
 * The explanations of a tabular run in Clarify's layout: `analysis.json`'s
 * `explanations.kernel_shap` (global SHAP values per label) and `explanations.pdp`
 * (partial dependence plots), and the rows of `explanations_shap/out.csv` (local SHAP
 * values per record). Plain inputs in (numbers and names, as `explain/tabular/`
 * computes them), Clarify's keys out.
 *
 * Sources: the developer guide's "Get the Analysis Results" / "Analysis results" page
 * (`explanations.kernel_shap.label0.global_shap_values` and `expected_value`, and
 * `explanations_shap/out.csv`, "SHAP values for each feature" per row), its "Partial
 * Dependence Plots: Analysis Configuration and Output" page (the `pdp` list), the
 * SageMaker Python SDK's model-card parser of Clarify's explainability output (which
 * reads `label_headers` from every PDP entry), and AWS's "Fairness and Explainability"
 * example notebook (which reads `out.csv` with a header row of `<feature>_label0`).
 *
 * @packageDocumentation
 */
import { ValidationError } from '../errors.js';
import { pythonFloatRepr } from '../python/float.js';

/** `explanations.kernel_shap.<label>`: one output's global explanation. */
export interface KernelShapLabelRecord {
  /** The global SHAP value of each feature, by feature name, in the dataset's feature order. */
  readonly global_shap_values: { [feature: string]: number };
  /** The base of the explanation: the (linked) mean model output over the baseline. */
  readonly expected_value: number;
}

/** `explanations.kernel_shap`: by label (`label0`, `label1`, … when no label headers are configured). */
export interface KernelShapSection {
  readonly [label: string]: KernelShapLabelRecord;
}

/** One `explanations.pdp` entry of a feature Clarify could plot. */
export interface PdpFeatureRecord {
  /** The feature's name. */
  readonly feature_name: string;
  /** How the feature was treated. */
  readonly data_type: 'numerical' | 'categorical';
  /** The grid: bucket centres of a numerical feature, distinct values of a categorical one. */
  readonly feature_values: (number | string | boolean)[];
  /** The mean model output at each grid value: one list per label, `[label][value]`. */
  readonly model_predictions: number[][];
  /** The share of the data in each bucket or category. */
  readonly data_distribution: number[];
  /** The labels of `model_predictions`' lists, in order. */
  readonly label_headers: string[];
}

/** One `explanations.pdp` entry of a feature Clarify could not plot: an `error` instead of the grid. */
export interface PdpErrorRecord {
  /** The feature's name. */
  readonly feature_name: string;
  /** The detected type (e.g. `free_text`). */
  readonly data_type: string;
  /** Why there is no plot. */
  readonly error: string;
}

/** One `explanations.pdp` entry. */
export type PdpRecord = PdpFeatureRecord | PdpErrorRecord;

/** `explanations` of a tabular run: the sections its config asked for. */
export interface TabularExplanationsSection {
  /** Global SHAP values, when `methods.shap` is configured. */
  readonly kernel_shap?: KernelShapSection;
  /** Partial dependence plots, when `methods.pdp` is configured. */
  readonly pdp?: PdpRecord[];
}

/** Clarify's label keys when no label headers are configured: `label0`, `label1`, … */
export function defaultLabelNames(count: number): string[] {
  return Array.from({ length: count }, (_, d) => `label${d}`);
}

/** Inputs of {@link kernelShapSection}. */
export interface KernelShapSectionInput {
  /** The features' names, in order. */
  readonly featureNames: readonly string[];
  /** One name per explained output (see {@link defaultLabelNames}). */
  readonly labels: readonly string[];
  /** Global SHAP values, `[output][feature]`. */
  readonly globalShapValues: readonly ArrayLike<number>[];
  /** The expected value per output. */
  readonly expectedValue: ArrayLike<number>;
}

/**
 * `explanations.kernel_shap` from global SHAP values and expected values.
 *
 * @example
 * ```ts
 * kernelShapSection({ featureNames: ['age', 'income'], labels: ['label0'], globalShapValues: [[0.02, 0.007]], expectedValue: [0.51] });
 * // { label0: { global_shap_values: { age: 0.02, income: 0.007 }, expected_value: 0.51 } }
 * ```
 */
export function kernelShapSection(input: KernelShapSectionInput): KernelShapSection {
  const { featureNames, labels, globalShapValues, expectedValue } = input;
  checkLengths('globalShapValues', globalShapValues.length, labels.length, 'one per label');
  checkLengths('expectedValue', expectedValue.length, labels.length, 'one per label');
  const section: { [label: string]: KernelShapLabelRecord } = {};
  labels.forEach((label, d) => {
    checkLengths(`globalShapValues[${d}]`, globalShapValues[d].length, featureNames.length, 'one per feature');
    const global_shap_values: { [feature: string]: number } = {};
    featureNames.forEach((name, j) => (global_shap_values[name] = globalShapValues[d][j]));
    section[label] = { global_shap_values, expected_value: expectedValue[d] };
  });
  return section;
}

/** `global_shap_standard_errors` (an addition): by label, then by feature, the standard error of its global SHAP value. */
export interface GlobalShapStandardErrors {
  readonly [label: string]: { readonly [feature: string]: number };
}

/** Inputs of {@link globalShapStandardErrorsSection}. */
export interface GlobalShapStandardErrorsInput {
  /** The features' names, in order. */
  readonly featureNames: readonly string[];
  /** One name per explained output. */
  readonly labels: readonly string[];
  /** The global SHAP values' standard errors, `[output][feature]`. */
  readonly standardErrors: readonly ArrayLike<number>[];
}

/**
 * `global_shap_standard_errors` (an addition of clarify-ts, beside Clarify's keys): by label
 * and feature, laid out as `explanations.kernel_shap.<label>.global_shap_values`.
 *
 * @example
 * ```ts
 * globalShapStandardErrorsSection({ featureNames: ['age', 'income'], labels: ['label0'], standardErrors: [[0.001, 0.0004]] });
 * // { label0: { age: 0.001, income: 0.0004 } }
 * ```
 */
export function globalShapStandardErrorsSection(input: GlobalShapStandardErrorsInput): GlobalShapStandardErrors {
  const { featureNames, labels, standardErrors } = input;
  checkLengths('standardErrors', standardErrors.length, labels.length, 'one per label');
  const section: { [label: string]: { [feature: string]: number } } = {};
  labels.forEach((label, d) => {
    checkLengths(`standardErrors[${d}]`, standardErrors[d].length, featureNames.length, 'one per feature');
    const errors: { [feature: string]: number } = {};
    featureNames.forEach((name, j) => (errors[name] = standardErrors[d][j]));
    section[label] = errors;
  });
  return section;
}

/** Inputs of {@link pdpFeatureRecord}. */
export interface PdpFeatureInput {
  /** The feature's name. */
  readonly featureName: string;
  /** How it was treated. */
  readonly dataType: 'numerical' | 'categorical';
  /** The grid values. */
  readonly featureValues: readonly (number | string | boolean)[];
  /** Mean model output, `[output][value]`. */
  readonly modelPredictions: readonly (readonly number[])[];
  /** Share of the data per grid value. */
  readonly dataDistribution: readonly number[];
  /** One name per output. */
  readonly labels: readonly string[];
}

/** One `explanations.pdp` entry from a feature's grid and partial dependence. */
export function pdpFeatureRecord(input: PdpFeatureInput): PdpFeatureRecord {
  const G = input.featureValues.length;
  checkLengths('dataDistribution', input.dataDistribution.length, G, 'one per grid value');
  checkLengths('modelPredictions', input.modelPredictions.length, input.labels.length, 'one list per label');
  input.modelPredictions.forEach((values, d) => checkLengths(`modelPredictions[${d}]`, values.length, G, 'one per grid value'));
  return {
    feature_name: input.featureName,
    data_type: input.dataType,
    feature_values: [...input.featureValues],
    model_predictions: input.modelPredictions.map((values) => [...values]),
    data_distribution: [...input.dataDistribution],
    label_headers: [...input.labels],
  };
}

/** Inputs of {@link localShapCsvHeader}. */
export interface LocalShapCsvLayout {
  /** The features' names, in order. */
  readonly featureNames: readonly string[];
  /** One name per explained output. */
  readonly labels: readonly string[];
  /**
   * The name of the config's `joinsource_name_or_index` column, written first so that
   * rows can be joined back to the data set (Clarify requires that column when a data set
   * of several files has its local values saved).
   * @default undefined (no such column)
   */
  readonly joinSource?: string | undefined;
}

/**
 * The header line of `explanations_shap/out.csv` (no line ending): `<feature>_<label>`
 * for every label and feature, label after label (`age_label0,income_label0,age_label1,…`),
 * after the join-source column when there is one. The single-label form is what AWS's
 * example notebook reads; the order of several labels' columns is this module's choice.
 *
 * @example
 * ```ts
 * localShapCsvHeader({ featureNames: ['age', 'city'], labels: ['label0'] }); // 'age_label0,city_label0'
 * ```
 */
export function localShapCsvHeader(layout: LocalShapCsvLayout): string {
  const columns = layout.labels.flatMap((label) => layout.featureNames.map((name) => `${name}_${label}`));
  return (layout.joinSource !== undefined ? [layout.joinSource, ...columns] : columns).map(csvText).join(',');
}

/**
 * One record's line of `explanations_shap/out.csv` (no line ending), in the header's
 * order: its local SHAP values `[output][feature]` in Python's float repr (`0.0`,
 * `-0.125`, `1e-05`, as pandas' `to_csv` writes a float column), after its join-source
 * value when the layout has one (an integer as an integer, a string quoted only when it
 * holds a comma, a quote or a line break).
 *
 * @example
 * ```ts
 * localShapCsvLine({ featureNames: ['age', 'city'], labels: ['label0'] }, [[0.25, 0]]); // '0.25,0.0'
 * ```
 */
export function localShapCsvLine(layout: LocalShapCsvLayout, shapValues: readonly ArrayLike<number>[], joinValue?: string | number | boolean): string {
  checkLengths('shapValues', shapValues.length, layout.labels.length, 'one row per label');
  const cells: string[] = [];
  if (layout.joinSource !== undefined) {
    if (joinValue === undefined) throw new ValidationError('joinValue', joinValue, `the record's ${layout.joinSource} value (the layout has that column)`);
    cells.push(pandasCsvCell(joinValue));
  }
  shapValues.forEach((values, d) => {
    checkLengths(`shapValues[${d}]`, values.length, layout.featureNames.length, 'one per feature');
    for (let j = 0; j < values.length; j++) cells.push(pythonFloatRepr(values[j]));
  });
  return cells.join(',');
}

/**
 * A cell as pandas' `to_csv` writes it by default: an integral number as an int, another in
 * Python's float repr, a boolean as `True` / `False`, text quoted only when it must be.
 */
export function pandasCsvCell(value: string | number | boolean): string {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value) : pythonFloatRepr(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return csvText(value);
}

/** A text cell as Python's csv module writes it by default: quoted only when it must be. */
function csvText(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function checkLengths(field: string, got: number, expected: number, what: string): void {
  if (got !== expected) throw new ValidationError(field, `${got} entries`, `${expected} entries (${what})`);
}

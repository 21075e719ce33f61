/**
 * The explanation settings of a tabular analysis config (`methods.shap`, `methods.pdp`), with
 * Clarify's defaults, checked before any data is read.
 *
 * @packageDocumentation
 */
import type { AnalysisConfig, BaselineRow } from '../clarify/analysis-config.js';
import { ValidationError } from '../errors.js';
import { MAX_NUM_SAMPLES } from '../explain/shap/kernel-shap-sampler.js';
import { SHAP_AGG_METHODS, type ShapAggMethod } from '../explain/tabular/shap-aggregate.js';

/**
 * Clusters of the computed baseline when `num_clusters` is not given. Clarify documents "a
 * default value" without saying which; this is the engine's choice.
 */
export const DEFAULT_NUM_CLUSTERS = 10;

/** `methods.shap` of a tabular config, resolved. */
export interface TabularShapSettings {
  /** `num_samples`; absent: shap's `2M + 2048`. */
  readonly numSamples?: number;
  /** `agg_method` (default `mean_abs`). */
  readonly aggMethod: ShapAggMethod;
  /** `use_logit` (default false). */
  readonly useLogit: boolean;
  /** `seed`; absent: one is drawn and recorded. */
  readonly seed?: number;
  /** `tolerance` and `relative_tolerance` (clarify-ts additions); absent: sample to `num_samples`. */
  readonly tolerance?: number;
  readonly relativeTolerance?: number;
  /** `save_local_shap_values` (default true): write `explanations_shap/out.csv`. */
  readonly saveLocal: boolean;
  /** `baseline` given as rows in the config. */
  readonly baselineRows?: readonly BaselineRow[];
  /** `baseline` given as a file: a local path, `file://` or `s3://` URI of a CSV of feature rows. */
  readonly baselineUri?: string;
  /** `num_clusters` for the computed baseline (default {@link DEFAULT_NUM_CLUSTERS}). */
  readonly numClusters: number;
}

/** `methods.pdp`, resolved. */
export interface TabularPdpSettings {
  /** `features` (names or indices); absent: the `topK` features of the SHAP ranking. */
  readonly features?: readonly (string | number)[];
  /** `grid_resolution` (default 15). */
  readonly gridResolution: number;
  /** `top_k_features` (default 10). */
  readonly topK: number;
}

/** The explanations a tabular config asks for. */
export interface TabularExplainSettings {
  readonly shap?: TabularShapSettings;
  readonly pdp?: TabularPdpSettings;
}

const num = (value: unknown): number | undefined => (value === undefined || value === null ? undefined : Number(value));

/** `{ [key]: value }` for a tolerance the config sets (a finite number > 0), else nothing. */
function positiveTolerance(field: string, key: 'tolerance' | 'relativeTolerance', value: unknown): { tolerance?: number; relativeTolerance?: number } {
  if (value === undefined || value === null) return {};
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new ValidationError(field, value, 'a finite number > 0');
  return { [key]: n };
}

function positiveInt(field: string, value: unknown, max = Number.MAX_SAFE_INTEGER): number {
  const n = num(value);
  if (n === undefined || !Number.isSafeInteger(n) || n < 1 || n > max) throw new ValidationError(field, value, `an integer from 1 to ${max}`);
  return n;
}

/**
 * Reads `methods.shap` and `methods.pdp` of a tabular config.
 *
 * @throws {@link ValidationError} naming the key: text or image settings on tabular data,
 *   `asymmetric_shapley_value`, an unknown `agg_method`, a baseline object, PDP without
 *   `features` when no SHAP runs, numbers out of range.
 */
export function tabularExplainSettings(config: AnalysisConfig): TabularExplainSettings {
  const methods = config.methods;
  if (methods.asymmetric_shapley_value !== undefined) {
    throw new ValidationError('$.methods.asymmetric_shapley_value', methods.asymmetric_shapley_value, 'absent: asymmetric Shapley values are for time series, which the engine does not read');
  }
  const shap = methods.shap;
  let shapSettings: TabularShapSettings | undefined;
  if (shap !== undefined) {
    if (shap.image_config !== undefined) throw new ValidationError('$.methods.shap.image_config', shap.image_config, 'absent for tabular data');
    if (shap.text_config !== undefined) throw new ValidationError('$.methods.shap.text_config', shap.text_config, 'absent: the engine does not explain text features');
    if (shap.features_to_explain !== undefined) {
      throw new ValidationError('$.methods.shap.features_to_explain', shap.features_to_explain, 'absent: features_to_explain is for time series');
    }
    const aggMethod = (shap.agg_method ?? 'mean_abs') as ShapAggMethod;
    if (!SHAP_AGG_METHODS.includes(aggMethod)) throw new ValidationError('$.methods.shap.agg_method', shap.agg_method, SHAP_AGG_METHODS.map((m) => `'${m}'`).join(', '));
    const seed = num(shap.seed);
    if (seed !== undefined && (!Number.isSafeInteger(seed) || seed < 0)) throw new ValidationError('$.methods.shap.seed', shap.seed, 'an integer >= 0');
    const baseline = shap.baseline;
    if (baseline !== undefined && typeof baseline !== 'string' && !Array.isArray(baseline)) {
      throw new ValidationError('$.methods.shap.baseline', baseline, 'a list of feature rows, or the URI of a CSV file of feature rows');
    }
    if (Array.isArray(baseline)) {
      if (baseline.length === 0) throw new ValidationError('$.methods.shap.baseline', baseline, 'at least one row');
      baseline.forEach((row, i) => {
        if (!Array.isArray(row)) throw new ValidationError(`$.methods.shap.baseline[${i}]`, row, 'a list of feature values (JSON objects as baseline rows are not supported)');
      });
    }
    if (shap.num_clusters !== undefined && baseline !== undefined) {
      throw new ValidationError('$.methods.shap.num_clusters', shap.num_clusters, 'absent when a baseline is given');
    }
    shapSettings = {
      aggMethod,
      useLogit: shap.use_logit ?? false,
      saveLocal: shap.save_local_shap_values ?? true,
      numClusters: shap.num_clusters === undefined ? DEFAULT_NUM_CLUSTERS : positiveInt('$.methods.shap.num_clusters', shap.num_clusters),
      ...(shap.num_samples !== undefined ? { numSamples: positiveInt('$.methods.shap.num_samples', shap.num_samples, MAX_NUM_SAMPLES) } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...positiveTolerance('$.methods.shap.tolerance', 'tolerance', shap.tolerance),
      ...positiveTolerance('$.methods.shap.relative_tolerance', 'relativeTolerance', shap.relative_tolerance),
      ...(typeof baseline === 'string' ? { baselineUri: baseline } : {}),
      ...(Array.isArray(baseline) ? { baselineRows: baseline as BaselineRow[] } : {}),
    };
  }
  const pdp = methods.pdp;
  let pdpSettings: TabularPdpSettings | undefined;
  if (pdp !== undefined) {
    if (pdp.features === undefined && shap === undefined) {
      throw new ValidationError('$.methods.pdp.features', undefined, 'the features to plot (required when methods.shap is absent: the top features come from SHAP)');
    }
    if (pdp.features !== undefined && (!Array.isArray(pdp.features) || pdp.features.length === 0)) {
      throw new ValidationError('$.methods.pdp.features', pdp.features, 'a non-empty list of feature names or indices');
    }
    pdpSettings = {
      gridResolution: pdp.grid_resolution === undefined ? 15 : positiveInt('$.methods.pdp.grid_resolution', pdp.grid_resolution),
      topK: pdp.top_k_features === undefined ? 10 : positiveInt('$.methods.pdp.top_k_features', pdp.top_k_features),
      ...(pdp.features !== undefined ? { features: pdp.features.map((f) => (typeof f === 'number' ? f : String(f))) } : {}),
    };
  }
  return { ...(shapSettings ? { shap: shapSettings } : {}), ...(pdpSettings ? { pdp: pdpSettings } : {}) };
}

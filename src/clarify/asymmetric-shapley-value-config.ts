import { ValidationError } from '../errors.js';
import type { AsymmetricShapleyValueBaseline, AsymmetricShapleyValueMethodConfig, PythonInt } from './analysis-config.js';
import { checkInt, checkOneOf, checkOptions, isSet, refuseIf } from './check.js';
import { cloneConfig } from './clone.js';
import {
  ASYM_SHAP_VAL_DEFAULT_EXPLANATION_DIRECTION,
  ASYM_SHAP_VAL_DEFAULT_EXPLANATION_GRANULARITY,
  ASYM_SHAP_VAL_EXPLANATION_DIRECTIONS,
  ASYM_SHAP_VAL_GRANULARITIES,
  type AsymmetricShapleyValueDirection,
  type AsymmetricShapleyValueGranularity,
  TEMPORAL_BASELINES,
} from './constants.js';
import { ExplainabilityConfig } from './explainability-config.js';

/** Options of {@link AsymmetricShapleyValueConfig} (Python parameters, camelCased). */
export interface AsymmetricShapleyValueConfigOptions {
  /**
   * Which way through time coalitions are built.
   * @default 'chronological'
   */
  readonly direction?: AsymmetricShapleyValueDirection;
  /**
   * `'timewise'` explains time steps; `'fine_grained'` explains each series at each step
   * (needs `numSamples` and the chronological direction).
   * @default 'timewise'
   */
  readonly granularity?: AsymmetricShapleyValueGranularity;
  /**
   * Samples for fine-grained explanations (refused with `'timewise'`). An integer.
   * @default undefined (omitted)
   */
  readonly numSamples?: PythonInt;
  /**
   * An S3 URI of a baseline, or per-series baselines: `'zero'` / `'mean'` for the temporal
   * series, and per-item lists for static covariates.
   * @default undefined (omitted; service default 'zero')
   */
  readonly baseline?: AsymmetricShapleyValueBaseline;
}

/**
 * Asymmetric Shapley values for time-series forecasting models
 * (Python `sagemaker.clarify.AsymmetricShapleyValueConfig`).
 *
 * @example
 * ```ts
 * const asv = new AsymmetricShapleyValueConfig({ direction: 'chronological', granularity: 'fine_grained', numSamples: 10 });
 * ```
 */
export class AsymmetricShapleyValueConfig extends ExplainabilityConfig {
  readonly #config: AsymmetricShapleyValueMethodConfig;

  constructor(options: AsymmetricShapleyValueConfigOptions = {}) {
    super();
    const owner = 'AsymmetricShapleyValueConfig';
    checkOptions(owner, options);
    const direction = checkOneOf(owner, 'direction', options.direction ?? ASYM_SHAP_VAL_DEFAULT_EXPLANATION_DIRECTION,
      ASYM_SHAP_VAL_EXPLANATION_DIRECTIONS);
    const granularity = checkOneOf(owner, 'granularity', options.granularity ?? ASYM_SHAP_VAL_DEFAULT_EXPLANATION_GRANULARITY,
      ASYM_SHAP_VAL_GRANULARITIES);
    const { numSamples, baseline } = options;
    const fineGrained = granularity === 'fine_grained';
    refuseIf(owner, 'numSamples', numSamples, fineGrained && !isSet(numSamples), 'an integer', 'required for fine_grained granularity');
    refuseIf(owner, 'direction', direction, fineGrained && direction !== 'chronological', 'chronological',
      'fine_grained granularity explains chronologically only');
    refuseIf(owner, 'numSamples', numSamples, !fineGrained && Boolean(numSamples), 'undefined',
      'numSamples is only used for fine_grained granularity');
    const config: AsymmetricShapleyValueMethodConfig = { direction, granularity };
    if (isSet(numSamples)) config.num_samples = checkInt(owner, 'numSamples', numSamples, 1);
    if (isSet(baseline)) {
      if (typeof baseline === 'object') {
        for (const key of ['target_time_series', 'related_time_series'] as const) {
          if (isSet(baseline[key])) checkOneOf(owner, `baseline.${key}`, baseline[key], TEMPORAL_BASELINES);
        }
      } else if (typeof baseline !== 'string') {
        throw new ValidationError('baseline', baseline, 'an S3 URI string or a baseline object', owner);
      }
      config.baseline = cloneConfig(baseline);
    }
    this.#config = config;
  }

  /** `{ asymmetric_shapley_value: { … } }` (Python `get_explainability_config()`), a fresh copy. */
  override getExplainabilityConfig(): { asymmetric_shapley_value: AsymmetricShapleyValueMethodConfig } {
    return { asymmetric_shapley_value: cloneConfig(this.#config) };
  }
}

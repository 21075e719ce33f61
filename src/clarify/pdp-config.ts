import type { NameOrIndex, PdpMethodConfig, PythonInt } from './analysis-config.js';
import { checkInt, checkNameOrIndexArray, checkOptions, isSet } from './check.js';
import { cloneConfig } from './clone.js';
import { ExplainabilityConfig } from './explainability-config.js';

/** Options of {@link PDPConfig} (Python `PDPConfig(...)` parameters, camelCased). */
export interface PDPConfigOptions {
  /**
   * Features to plot. Required unless a {@link SHAPConfig} is run alongside (its top
   * features are used then).
   * @default undefined (omitted)
   */
  readonly features?: readonly NameOrIndex[];
  /**
   * Number of grid points for numeric features.
   * @default 15
   */
  readonly gridResolution?: PythonInt;
  /**
   * How many of SHAP's top features to plot when `features` is not given.
   * @default 10
   */
  readonly topKFeatures?: PythonInt;
}

/**
 * Partial dependence plots (Python `sagemaker.clarify.PDPConfig`).
 *
 * @example
 * ```ts
 * const pdp = new PDPConfig({ features: ['f1'], gridResolution: 10 });
 * ```
 */
export class PDPConfig extends ExplainabilityConfig {
  readonly #pdp: PdpMethodConfig;

  constructor(options: PDPConfigOptions = {}) {
    super();
    const owner = 'PDPConfig';
    checkOptions(owner, options);
    this.#pdp = {
      grid_resolution: checkInt(owner, 'gridResolution', options.gridResolution ?? 15, 1),
      top_k_features: checkInt(owner, 'topKFeatures', options.topKFeatures ?? 10, 1),
    };
    if (isSet(options.features)) this.#pdp.features = checkNameOrIndexArray(owner, 'features', options.features);
  }

  /** `{ pdp: { grid_resolution, top_k_features, features? } }`, a fresh copy. */
  override getExplainabilityConfig(): { pdp: PdpMethodConfig } {
    return { pdp: cloneConfig(this.#pdp) };
  }
}

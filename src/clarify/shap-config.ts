import { ValidationError } from '../errors.js';
import type { PythonJsonObject } from '../python/json-dump.js';
import type { BaselineRow, NameOrIndex, PythonInt, ShapMethodConfig } from './analysis-config.js';
import {
  checkBoolean,
  checkInt,
  checkNameOrIndexArray,
  checkOneOf,
  checkOptionalInstance,
  checkOptions,
  checkString,
  isSet,
  refuseIf,
} from './check.js';
import { cloneConfig } from './clone.js';
import { AGG_METHODS, type AggMethod } from './constants.js';
import { ExplainabilityConfig } from './explainability-config.js';
import { ImageConfig } from './image-config.js';
import { TextConfig } from './text-config.js';

/** Options of {@link SHAPConfig} (Python `SHAPConfig(...)` parameters, camelCased). */
export interface SHAPConfigOptions {
  /**
   * What "feature absent" means: an S3 URI of a baseline file (for images, of a baseline
   * image), in-place rows (`[[1, 2, 3]]`; use `pyFloat` for integral floats), or a JSON object.
   * @default undefined (omitted; the service computes one — a white-noise image for images)
   */
  readonly baseline?: string | readonly BaselineRow[] | PythonJsonObject;
  /**
   * Coalitions sampled per explained record (model calls per image). An integer.
   * @default undefined (omitted; the service picks one from the number of features)
   */
  readonly numSamples?: PythonInt;
  /**
   * How local SHAP values are aggregated into global ones.
   * @default undefined (omitted; service default 'mean_abs')
   */
  readonly aggMethod?: AggMethod;
  /**
   * Explain the model's log-odds instead of its probabilities.
   * @default false
   */
  readonly useLogit?: boolean;
  /**
   * Write per-record SHAP values (and, for images, per-image heat maps).
   * @default true
   */
  readonly saveLocalShapValues?: boolean;
  /**
   * Seed of the coalition sampler; set it for repeatable results. An integer.
   * @default undefined (omitted; results vary from run to run)
   */
  readonly seed?: PythonInt;
  /**
   * Build the baseline by k-means with this many clusters (not together with `baseline`).
   * @default undefined (omitted)
   */
  readonly numClusters?: PythonInt;
  /**
   * Text features: how to split them.
   * @default undefined (omitted)
   */
  readonly textConfig?: TextConfig;
  /**
   * Image features: how to split images into superpixels.
   * @default undefined (omitted)
   */
  readonly imageConfig?: ImageConfig;
  /**
   * Explain only these features (tabular data only).
   * @default undefined (omitted; all features)
   */
  readonly featuresToExplain?: readonly NameOrIndex[];
}

/**
 * Kernel SHAP explanations (Python `sagemaker.clarify.SHAPConfig`).
 *
 * The Python SDK logs a warning when `textConfig` is given with
 * `saveLocalShapValues: false` (text heat maps need local values); clarify-ts stays quiet.
 *
 * @example
 * ```ts
 * // The image-classification notebook's SHAP config:
 * const shapConfig = new SHAPConfig({
 *   numSamples: 500,
 *   imageConfig: new ImageConfig({ modelType: 'IMAGE_CLASSIFICATION', numSegments: 20, segmentCompactness: 5 }),
 * });
 * ```
 */
export class SHAPConfig extends ExplainabilityConfig {
  readonly #shap: ShapMethodConfig;

  constructor(options: SHAPConfigOptions = {}) {
    super();
    const owner = 'SHAPConfig';
    checkOptions(owner, options);
    const aggMethod = isSet(options.aggMethod) ? checkOneOf(owner, 'aggMethod', options.aggMethod, AGG_METHODS) : undefined;
    refuseIf(owner, 'numClusters', options.numClusters, isSet(options.numClusters) && isSet(options.baseline),
      'undefined when baseline is given', 'baseline and numClusters cannot be provided together; give one of them');
    const textConfig = checkOptionalInstance(owner, 'textConfig', options.textConfig, TextConfig, 'a TextConfig');
    const imageConfig = checkOptionalInstance(owner, 'imageConfig', options.imageConfig, ImageConfig, 'an ImageConfig');
    refuseIf(owner, 'featuresToExplain', options.featuresToExplain, isSet(options.featuresToExplain) && Boolean(textConfig || imageConfig),
      'undefined when textConfig or imageConfig is given', 'featuresToExplain is not supported for datasets containing text features or images');
    const shap: ShapMethodConfig = {
      use_logit: checkBoolean(owner, 'useLogit', options.useLogit ?? false),
      save_local_shap_values: checkBoolean(owner, 'saveLocalShapValues', options.saveLocalShapValues ?? true),
    };
    if (isSet(options.baseline)) shap.baseline = checkBaseline(owner, options.baseline);
    if (isSet(options.numSamples)) shap.num_samples = checkInt(owner, 'numSamples', options.numSamples, 1);
    if (aggMethod !== undefined) shap.agg_method = aggMethod;
    if (isSet(options.seed)) shap.seed = checkInt(owner, 'seed', options.seed);
    if (isSet(options.numClusters)) shap.num_clusters = checkInt(owner, 'numClusters', options.numClusters, 1);
    if (textConfig) shap.text_config = textConfig.getTextConfig();
    if (imageConfig) shap.image_config = imageConfig.getImageConfig();
    if (isSet(options.featuresToExplain)) {
      shap.features_to_explain = checkNameOrIndexArray(owner, 'featuresToExplain', options.featuresToExplain);
    }
    this.#shap = shap;
  }

  /** `{ shap: { … } }` (Python `get_explainability_config()`), a fresh copy. */
  override getExplainabilityConfig(): { shap: ShapMethodConfig } {
    return { shap: cloneConfig(this.#shap) };
  }
}

function checkBaseline(owner: string, baseline: unknown): NonNullable<ShapMethodConfig['baseline']> {
  if (typeof baseline === 'string') return checkString(owner, 'baseline', baseline, true);
  if (baseline !== null && typeof baseline === 'object') {
    // The row contents are checked by validateAnalysisConfig, which names the exact cell.
    return cloneConfig(baseline as NonNullable<ShapMethodConfig['baseline']>);
  }
  throw new ValidationError('baseline', baseline, 'an S3 URI string, an array of rows, or a JSON object', owner);
}

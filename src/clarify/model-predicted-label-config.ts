import type { NameOrIndex, PredictedLabelFragment } from './analysis-config.js';
import { checkFloat, checkNameOrIndex, checkNameOrIndexArray, checkOptions, isSet } from './check.js';
import { cloneConfig } from './clone.js';
import type { PyFloat } from '../python/float.js';

/** Options of {@link ModelPredictedLabelConfig} (Python parameters, camelCased). */
export interface ModelPredictedLabelConfigOptions {
  /**
   * Where the predicted label is in the model's response: an index, or a JMESPath for JSON.
   * @default undefined (omitted; the response is the label, or the scores for images)
   */
  readonly label?: NameOrIndex;
  /**
   * Where the predicted probability (score) is in the model's response.
   * @default undefined (omitted)
   */
  readonly probability?: NameOrIndex;
  /**
   * Scores above this threshold count as the positive label (bias analysis). Always written
   * as a Python float (`1` → `1.0`), as the schema requires.
   * @default undefined (omitted; service default 0.5)
   */
  readonly probabilityThreshold?: number | PyFloat;
  /**
   * Names of the classes, in the order of the model's scores (the notebook's 257 Caltech
   * categories). A JMESPath string is not accepted here: give the list.
   * @default undefined (omitted; classes are reported by index)
   */
  readonly labelHeaders?: readonly NameOrIndex[];
}

/**
 * How to read labels and scores out of the model's response
 * (Python `sagemaker.clarify.ModelPredictedLabelConfig`).
 *
 * @example
 * ```ts
 * // The image-classification notebook's label config (257 Caltech categories):
 * const predictionsConfig = new ModelPredictedLabelConfig({ labelHeaders: objectCategories });
 * ```
 */
export class ModelPredictedLabelConfig {
  /** The probability threshold, as the float that goes into the config. */
  readonly probabilityThreshold: PyFloat | undefined;
  readonly #fragment: PredictedLabelFragment;

  constructor(options: ModelPredictedLabelConfigOptions = {}) {
    const owner = 'ModelPredictedLabelConfig';
    checkOptions(owner, options);
    this.probabilityThreshold = isSet(options.probabilityThreshold)
      ? checkFloat(owner, 'probabilityThreshold', options.probabilityThreshold)
      : undefined;
    const fragment: PredictedLabelFragment = {};
    if (isSet(options.label)) fragment.label = checkNameOrIndex(owner, 'label', options.label);
    if (isSet(options.probability)) fragment.probability = checkNameOrIndex(owner, 'probability', options.probability);
    if (isSet(options.labelHeaders)) fragment.label_headers = checkNameOrIndexArray(owner, 'labelHeaders', options.labelHeaders);
    this.#fragment = fragment;
  }

  /**
   * Python `get_predictor_config()`: the threshold (which becomes the top-level
   * `probability_threshold`) and the keys merged into `predictor`, a fresh copy.
   */
  getPredictorConfig(): [probabilityThreshold: PyFloat | undefined, predictorFragment: PredictedLabelFragment] {
    return [this.probabilityThreshold, cloneConfig(this.#fragment)];
  }
}

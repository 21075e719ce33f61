/**
 * Which analyses of a tabular analysis config the engine runs, checked before any data is
 * read, and how a run is routed: images to `runAnalysis`, tables to `runTabularAnalysis`.
 *
 * @packageDocumentation
 */
import type { AnalysisConfig } from '../clarify/analysis-config.js';
import { ValidationError } from '../errors.js';

/** Whether the config's `dataset_type` is a table (CSV, JSON Lines, Parquet, JSON) rather than images. */
export function isTabularConfig(config: AnalysisConfig): boolean {
  return String(config.dataset_type).toLowerCase() !== 'application/x-image';
}

/**
 * Refuses the analyses of a tabular config that the engine does not run yet: SHAP, PDP and
 * asymmetric Shapley values of tabular data, and post-training bias without the dataset's
 * `predicted_label` (the engine does not call tabular models yet). `report` is accepted:
 * `analysis.json` is written, the tabular report is not.
 *
 * @throws {@link ValidationError} naming the config key.
 */
export function checkTabularMethods(config: AnalysisConfig): void {
  const methods = config.methods as Record<string, unknown>;
  for (const key of ['shap', 'pdp', 'asymmetric_shapley_value'] as const) {
    if (methods[key] !== undefined) {
      throw new ValidationError(`$.methods.${key}`, methods[key], 'absent: the engine runs pre_training_bias and post_training_bias on tabular data',
        `${key} of tabular data is not supported by the engine yet`);
    }
  }
  if (methods['pre_training_bias'] === undefined && methods['post_training_bias'] === undefined) {
    throw new ValidationError('$.methods', methods, 'pre_training_bias and/or post_training_bias (the analyses the engine runs on tabular data)');
  }
  if (methods['post_training_bias'] !== undefined && config.predicted_label === undefined) {
    throw new ValidationError('$.predicted_label', undefined, "the dataset column holding the model's predictions, for post_training_bias",
      config.predictor !== undefined ? 'the engine does not call tabular models yet: add the predictions to the dataset' : undefined);
  }
}

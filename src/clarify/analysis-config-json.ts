import type { AnalysisConfig } from './analysis-config.js';
import { validateAnalysisConfig } from './analysis-config-schema.js';
import { toPythonJson } from '../python/json-dump.js';

/** Options of {@link analysisConfigToJson}. */
export interface AnalysisConfigToJsonOptions {
  /**
   * Write the config without checking it against the analysis-config schema first
   * (Python `skip_early_validation`), e.g. for a key the container knows and the schema
   * does not yet.
   * @default false
   */
  readonly skipEarlyValidation?: boolean;
}

/**
 * The bytes of `analysis_config.json` exactly as the Python SDK uploads them
 * (`json.dump` with default arguments), after checking the config against the
 * analysis-config schema unless `skipEarlyValidation` is set.
 *
 * @throws {@link ValidationError} naming the JSON path of a value the schema refuses.
 *
 * @example
 * ```ts
 * const config = AnalysisConfigGenerator.explainability(dataConfig, modelConfig, predictionsConfig, shapConfig);
 * const body = analysisConfigToJson(config);
 * // '{"dataset_type": "application/x-image", "predictor": {"model_name": …}, "methods": {…}}'
 * ```
 */
export function analysisConfigToJson(config: AnalysisConfig, options: AnalysisConfigToJsonOptions = {}): string {
  if (!options.skipEarlyValidation) validateAnalysisConfig(config);
  return toPythonJson(config);
}

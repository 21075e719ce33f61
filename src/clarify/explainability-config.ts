import type { ExplainabilityMethods } from './analysis-config.js';

/**
 * Base of the explainability method configs ({@link SHAPConfig}, {@link PDPConfig},
 * {@link AsymmetricShapleyValueConfig}); Python `sagemaker.clarify.ExplainabilityConfig`.
 *
 * @example
 * ```ts
 * const configs: ExplainabilityConfig[] = [new SHAPConfig({ numSamples: 100 }), new PDPConfig({ features: ['f1'] })];
 * AnalysisConfigGenerator.explainability(dataConfig, modelConfig, undefined, configs);
 * ```
 */
export abstract class ExplainabilityConfig {
  /** This method's entry of `methods`, keyed by its name (`{ shap: … }`), a fresh copy. */
  abstract getExplainabilityConfig(): ExplainabilityMethods;
}

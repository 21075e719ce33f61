import { ValidationError } from '../errors.js';
import type { AnalysisConfig, AnalysisMethods, ExplainabilityMethods, NameOrIndex } from './analysis-config.js';
import { AsymmetricShapleyValueConfig } from './asymmetric-shapley-value-config.js';
import { BiasConfig } from './bias-config.js';
import { checkNameOrIndex, isSet } from './check.js';
import type { PostTrainingBiasMethod, PreTrainingBiasMethod } from './constants.js';
import { DataConfig } from './data-config.js';
import { ExplainabilityConfig } from './explainability-config.js';
import { ModelConfig } from './model-config.js';
import { ModelPredictedLabelConfig } from './model-predicted-label-config.js';
import { PDPConfig } from './pdp-config.js';

/**
 * How to read the model's output: a {@link ModelPredictedLabelConfig}, or (as Python's
 * `model_scores`) the index or JMESPath of the label / scores in the response.
 */
export type ModelScores = ModelPredictedLabelConfig | NameOrIndex;

/** One explainability method config, or several run together (at most one of each kind). */
export type ExplainabilityConfigs = ExplainabilityConfig | readonly ExplainabilityConfig[];

/**
 * Bias metrics to compute: `'all'`, or a list of metric names. `null` or `[]` computes none
 * of this kind (Python `None`).
 */
export type BiasMethods<M extends string> = 'all' | readonly M[];

/**
 * Builds the analysis config of each kind of Clarify job (Python's private
 * `sagemaker.clarify._AnalysisConfigGenerator`), with the same positional arguments, the
 * same checks and the same key order. `SageMakerClarifyProcessor`'s `run*` methods call it;
 * call it yourself to inspect a config or to drive the clarify-ts engine.
 *
 * @example
 * ```ts
 * // The image-classification notebook's explainability config:
 * const config = AnalysisConfigGenerator.explainability(dataConfig, modelConfig, predictionsConfig, shapConfig);
 * const body = analysisConfigToJson(config); // byte-identical to the Python SDK's upload
 * ```
 */
export class AnalysisConfigGenerator {
  private constructor() {}

  /**
   * Explainability (SHAP, PDP, or asymmetric Shapley values for time series).
   * Key order: dataset keys, `predictor`, `probability_threshold`, `methods`.
   *
   * @param modelPredictedLabelConfig - Python `model_scores`: a `ModelPredictedLabelConfig`,
   * or the label's index / JMESPath in the response (written as `predictor.label`).
   */
  static explainability(
    dataConfig: DataConfig,
    modelConfig: ModelConfig,
    modelPredictedLabelConfig: ModelScores | null | undefined,
    explainabilityConfig: ExplainabilityConfigs,
  ): AnalysisConfig {
    checkInstance('dataConfig', dataConfig, DataConfig, 'a DataConfig');
    checkInstance('modelConfig', modelConfig, ModelConfig, 'a ModelConfig');
    if (explainabilityConfig instanceof AsymmetricShapleyValueConfig) {
      checkTimeSeriesExplainability(dataConfig, modelConfig, explainabilityConfig);
    } else {
      if (dataConfig.timeSeriesDataConfig) {
        throw new ValidationError('explainabilityConfig', explainabilityConfig, 'an AsymmetricShapleyValueConfig',
          'DataConfig has a timeSeriesDataConfig: time-series explainability uses asymmetric Shapley values');
      }
      if (modelConfig.timeSeriesModelConfig) {
        throw new ValidationError('explainabilityConfig', explainabilityConfig, 'an AsymmetricShapleyValueConfig',
          'ModelConfig has a timeSeriesModelConfig: time-series explainability uses asymmetric Shapley values');
      }
    }
    const config: AnalysisConfig = dataConfig.getConfig() as AnalysisConfig;
    addPredictor(config, modelConfig, modelPredictedLabelConfig);
    addMethods(config, { explainabilityConfig });
    return config;
  }

  /**
   * Pre-training bias (no model involved). Key order: dataset keys, bias keys, `methods`.
   * @param methods - `'all'` or the metric names; `null`/`[]` is refused (nothing to compute).
   */
  static biasPreTraining(
    dataConfig: DataConfig,
    biasConfig: BiasConfig,
    methods: BiasMethods<PreTrainingBiasMethod> | null,
  ): AnalysisConfig {
    const config = dataAndBias(dataConfig, biasConfig);
    addMethods(config, { preTrainingMethods: methods });
    return config;
  }

  /**
   * Post-training bias. Key order: dataset keys, bias keys, `methods`, `predictor`,
   * `probability_threshold`. `modelConfig` may be left out only when the dataset already
   * holds predicted labels (`predictedLabel` or `predictedLabelDatasetUri`).
   */
  static biasPostTraining(
    dataConfig: DataConfig,
    biasConfig: BiasConfig,
    modelPredictedLabelConfig: ModelScores | null | undefined,
    methods: BiasMethods<PostTrainingBiasMethod> | null,
    modelConfig?: ModelConfig | null,
  ): AnalysisConfig {
    const config = dataAndBias(dataConfig, biasConfig);
    addMethods(config, { postTrainingMethods: methods });
    addPredictor(config, modelConfig, modelPredictedLabelConfig);
    return config;
  }

  /**
   * Pre- and post-training bias in one job. Pass `null` (Python `None`) to skip a kind.
   * @param preTrainingMethods - @default 'all'
   * @param postTrainingMethods - @default 'all'
   */
  static bias(
    dataConfig: DataConfig,
    biasConfig: BiasConfig,
    modelConfig?: ModelConfig | null,
    modelPredictedLabelConfig?: ModelScores | null,
    preTrainingMethods: BiasMethods<PreTrainingBiasMethod> | null = 'all',
    postTrainingMethods: BiasMethods<PostTrainingBiasMethod> | null = 'all',
  ): AnalysisConfig {
    const config = dataAndBias(dataConfig, biasConfig);
    addMethods(config, { preTrainingMethods, postTrainingMethods });
    addPredictor(config, modelConfig, modelPredictedLabelConfig);
    return config;
  }

  /**
   * Bias and explainability in one job (not for time series).
   * @param preTrainingMethods - @default 'all'
   * @param postTrainingMethods - @default 'all'
   */
  static biasAndExplainability(
    dataConfig: DataConfig,
    modelConfig: ModelConfig,
    modelPredictedLabelConfig: ModelScores | null | undefined,
    explainabilityConfig: ExplainabilityConfigs,
    biasConfig: BiasConfig,
    preTrainingMethods: BiasMethods<PreTrainingBiasMethod> | null = 'all',
    postTrainingMethods: BiasMethods<PostTrainingBiasMethod> | null = 'all',
  ): AnalysisConfig {
    checkInstance('dataConfig', dataConfig, DataConfig, 'a DataConfig');
    checkInstance('modelConfig', modelConfig, ModelConfig, 'a ModelConfig');
    const asymmetric = explainabilityConfig instanceof AsymmetricShapleyValueConfig ||
      (Array.isArray(explainabilityConfig) && explainabilityConfig.some((c) => c instanceof AsymmetricShapleyValueConfig));
    if (asymmetric || dataConfig.timeSeriesDataConfig || modelConfig.timeSeriesModelConfig) {
      throw new ValidationError('explainabilityConfig', explainabilityConfig, 'a config without time-series parts',
        'bias metrics are unsupported for time series');
    }
    const config = dataAndBias(dataConfig, biasConfig);
    addMethods(config, { preTrainingMethods, postTrainingMethods, explainabilityConfig });
    addPredictor(config, modelConfig, modelPredictedLabelConfig);
    return config;
  }
}

function checkInstance<T>(field: string, value: unknown, type: abstract new (...args: never[]) => T, allowed: string): asserts value is T {
  if (!(value instanceof type)) throw new ValidationError(field, value, allowed);
}

function dataAndBias(dataConfig: DataConfig, biasConfig: BiasConfig): AnalysisConfig {
  checkInstance('dataConfig', dataConfig, DataConfig, 'a DataConfig');
  checkInstance('biasConfig', biasConfig, BiasConfig, 'a BiasConfig');
  return { ...dataConfig.getConfig(), ...biasConfig.getConfig() } as AnalysisConfig;
}

function checkTimeSeriesExplainability(dataConfig: DataConfig, modelConfig: ModelConfig, asv: AsymmetricShapleyValueConfig): void {
  if (!dataConfig.timeSeriesDataConfig) {
    throw new ValidationError('dataConfig.timeSeriesDataConfig', undefined, 'a TimeSeriesDataConfig',
      'asymmetric Shapley values explain time-series data only');
  }
  if (!modelConfig.timeSeriesModelConfig) {
    throw new ValidationError('modelConfig.timeSeriesModelConfig', undefined, 'a TimeSeriesModelConfig',
      'asymmetric Shapley values explain forecasting models only');
  }
  const baseline = asv.getExplainabilityConfig().asymmetric_shapley_value.baseline;
  const staticBaselines = typeof baseline === 'object' ? baseline.static_covariates : undefined;
  if (!staticBaselines || Object.keys(staticBaselines).length === 0) return;
  const covariates = dataConfig.timeSeriesDataConfig.getTimeSeriesDataConfig().static_covariates ?? [];
  if (covariates.length === 0) {
    throw new ValidationError('explainabilityConfig.baseline.static_covariates', staticBaselines,
      'undefined, as TimeSeriesDataConfig has no static covariates');
  }
  for (const [itemId, values] of Object.entries(staticBaselines)) {
    if (!Array.isArray(values) || values.length !== covariates.length) {
      throw new ValidationError(`explainabilityConfig.baseline.static_covariates.${itemId}`, values,
        `a list of ${covariates.length} values, one per static covariate column`);
    }
  }
}

function addPredictor(config: AnalysisConfig, modelConfig: unknown, modelScores: unknown): void {
  if (modelConfig instanceof ModelConfig) {
    config.predictor = modelConfig.getPredictorConfig();
  } else {
    if (isSet(modelConfig)) throw new ValidationError('modelConfig', modelConfig, 'a ModelConfig');
    const { methods } = config;
    if (methods.shap || methods.pdp || methods.asymmetric_shapley_value) {
      throw new ValidationError('modelConfig', modelConfig, 'a ModelConfig', 'explainability methods call the model');
    }
    if (config.predicted_label_dataset_uri === undefined && config.predicted_label === undefined) {
      throw new ValidationError('modelConfig', modelConfig, 'a ModelConfig',
        'needed when the DataConfig has neither predictedLabelDatasetUri nor predictedLabel');
    }
  }
  if (modelScores instanceof ModelPredictedLabelConfig) {
    const [probabilityThreshold, fragment] = modelScores.getPredictorConfig();
    // Python dict.update: existing keys keep their place, new ones are appended.
    if (Object.keys(fragment).length > 0 && config.predictor) Object.assign(config.predictor, fragment);
    if (probabilityThreshold !== undefined) config.probability_threshold = probabilityThreshold;
  } else if (isSet(modelScores)) {
    const label = checkNameOrIndex('AnalysisConfigGenerator', 'modelPredictedLabelConfig', modelScores);
    if (config.predictor) config.predictor.label = label;
  }
}

interface MethodChoices {
  readonly preTrainingMethods?: unknown;
  readonly postTrainingMethods?: unknown;
  readonly explainabilityConfig?: unknown;
}

function addMethods(config: AnalysisConfig, choices: MethodChoices): void {
  const pre = checkBiasMethods('preTrainingMethods', choices.preTrainingMethods);
  const post = checkBiasMethods('postTrainingMethods', choices.postTrainingMethods);
  const { explainabilityConfig } = choices;
  const hasExplainability = isSet(explainabilityConfig) && !(Array.isArray(explainabilityConfig) && explainabilityConfig.length === 0);
  if (pre === undefined && post === undefined && !hasExplainability) {
    const field = 'explainabilityConfig' in choices ? 'explainabilityConfig'
      : 'preTrainingMethods' in choices ? 'preTrainingMethods' : 'postTrainingMethods';
    const value = (choices as Record<string, unknown>)[field];
    throw new ValidationError(field, value, "'all', a non-empty list of metrics, or an explainability config",
      'the analysis config must have at least one working method');
  }
  const methods: AnalysisMethods = config.methods ?? {};
  methods.report = { name: 'report', title: 'Analysis Report' };
  if (pre !== undefined) methods.pre_training_bias = { methods: pre };
  if (post !== undefined) methods.post_training_bias = { methods: post };
  if (hasExplainability) {
    const explainability = explainabilityConfig instanceof AsymmetricShapleyValueConfig
      ? explainabilityConfig.getExplainabilityConfig()
      : mergeExplainabilityConfigs(explainabilityConfig);
    config.methods = { ...methods, ...explainability };
  } else {
    config.methods = methods;
  }
}

/** Bias methods as Python keeps them: undefined when falsy (`None`, `''`, `[]`). */
function checkBiasMethods(field: string, value: unknown): string | string[] | undefined {
  if (!isSet(value) || value === '' || (Array.isArray(value) && value.length === 0)) return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((name) => typeof name === 'string')) return [...(value as string[])];
  throw new ValidationError(field, value, "'all' or a list of metric names", 'AnalysisConfigGenerator');
}

function mergeExplainabilityConfigs(explainabilityConfig: unknown): ExplainabilityMethods {
  if (Array.isArray(explainabilityConfig)) {
    const merged: ExplainabilityMethods = {};
    explainabilityConfig.forEach((item: unknown, i) => {
      const field = `explainabilityConfig[${i}]`;
      if (item instanceof AsymmetricShapleyValueConfig) {
        throw new ValidationError(field, item, 'a SHAPConfig or a PDPConfig', 'an AsymmetricShapleyValueConfig must be given alone, not in a list');
      }
      checkInstance(field, item, ExplainabilityConfig, 'an ExplainabilityConfig (SHAPConfig, PDPConfig)');
      Object.assign(merged, item.getExplainabilityConfig());
    });
    if (Object.keys(merged).length !== explainabilityConfig.length) {
      throw new ValidationError('explainabilityConfig', explainabilityConfig, 'at most one config of each kind',
        'duplicate explainability configs are provided');
    }
    if (!merged.shap && merged.pdp && merged.pdp.features === undefined) {
      throw new ValidationError('explainabilityConfig', explainabilityConfig, 'a PDPConfig with features, or a SHAPConfig alongside',
        'PDP features must be provided when SHAPConfig is not provided');
    }
    return merged;
  }
  checkInstance('explainabilityConfig', explainabilityConfig, ExplainabilityConfig, 'an ExplainabilityConfig or a list of them');
  const methods = explainabilityConfig.getExplainabilityConfig();
  if (explainabilityConfig instanceof PDPConfig && methods.pdp?.features === undefined) {
    throw new ValidationError('explainabilityConfig', explainabilityConfig, 'a PDPConfig with features, or a SHAPConfig alongside',
      'PDP features must be provided when SHAPConfig is not provided');
  }
  return methods;
}

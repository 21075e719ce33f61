/**
 * The `sagemaker.clarify` mirror: config classes, the analysis-config generator, the
 * client-side schema and the analysis config's JSON (written with `src/python/`).
 *
 * @packageDocumentation
 */
export { DataConfig } from './data-config.js';
export type { DataConfigOptions, S3CompressionType } from './data-config.js';
export { BiasConfig } from './bias-config.js';
export type { BiasConfigOptions } from './bias-config.js';
export { ModelConfig } from './model-config.js';
export type { ModelConfigOptions } from './model-config.js';
export { ModelPredictedLabelConfig } from './model-predicted-label-config.js';
export type { ModelPredictedLabelConfigOptions } from './model-predicted-label-config.js';
export { ExplainabilityConfig } from './explainability-config.js';
export { SHAPConfig } from './shap-config.js';
export type { SHAPConfigOptions } from './shap-config.js';
export { PDPConfig } from './pdp-config.js';
export type { PDPConfigOptions } from './pdp-config.js';
export { TextConfig } from './text-config.js';
export type { TextConfigOptions } from './text-config.js';
export { ImageConfig } from './image-config.js';
export type { ImageConfigOptions } from './image-config.js';
export { SegmentationConfig } from './segmentation-config.js';
export type { SegmentationConfigOptions } from './segmentation-config.js';
export { TimeSeriesDataConfig } from './time-series-data-config.js';
export type { TimeSeriesDataConfigOptions } from './time-series-data-config.js';
export { TimeSeriesModelConfig } from './time-series-model-config.js';
export type { TimeSeriesModelConfigOptions } from './time-series-model-config.js';
export { AsymmetricShapleyValueConfig } from './asymmetric-shapley-value-config.js';
export type { AsymmetricShapleyValueConfigOptions } from './asymmetric-shapley-value-config.js';
export { AnalysisConfigGenerator } from './analysis-config-generator.js';
export type { BiasMethods, ExplainabilityConfigs, ModelScores } from './analysis-config-generator.js';
export { validateAnalysisConfig } from './analysis-config-schema.js';
export { analysisConfigToJson } from './analysis-config-json.js';
export type { AnalysisConfigToJsonOptions } from './analysis-config-json.js';
export { ProcessingOutputHandler } from './processing-output-handler.js';
export type { S3UploadMode } from './processing-output-handler.js';
export {
  ACCEPT_TYPES,
  AGG_METHODS,
  ASYM_SHAP_VAL_DEFAULT_EXPLANATION_DIRECTION,
  ASYM_SHAP_VAL_DEFAULT_EXPLANATION_GRANULARITY,
  ASYM_SHAP_VAL_EXPLANATION_DIRECTIONS,
  ASYM_SHAP_VAL_GRANULARITIES,
  CONTENT_TYPES,
  DATASET_TYPES,
  DatasetType,
  ENDPOINT_NAME_PREFIX_PATTERN,
  IMAGE_MODEL_TYPES,
  TEMPORAL_BASELINES,
  TEXT_GRANULARITIES,
  TimeSeriesJSONDatasetFormat,
} from './constants.js';
export type {
  AcceptType,
  AggMethod,
  AsymmetricShapleyValueDirection,
  AsymmetricShapleyValueGranularity,
  ContentType,
  ImageModelType,
  PostTrainingBiasMethod,
  PreTrainingBiasMethod,
  TemporalBaseline,
  TextGranularity,
} from './constants.js';
export { TEXT_LANGUAGES } from './languages.js';
export type { TextLanguage } from './languages.js';
export type {
  PythonInt,
  NameOrIndex,
  ValueOrThreshold,
  SegmentConfigEntry,
  TimeSeriesDataConfigFragment,
  DataConfigFragment,
  FacetEntry,
  BiasConfigFragment,
  PredictedLabelFragment,
  PredictorConfig,
  ImageConfigFragment,
  TextConfigFragment,
  BaselineRow,
  ShapMethodConfig,
  PdpMethodConfig,
  AsymmetricShapleyValueBaseline,
  AsymmetricShapleyValueMethodConfig,
  ExplainabilityMethods,
  BiasMethodsConfig,
  AnalysisMethods,
  AnalysisConfig,
} from './analysis-config.js';
export { SageMakerClarifyProcessor, CLARIFY_PATHS } from './processor.js';
export type {
  SageMakerClarifyProcessorOptions,
  ClarifyRunOptions,
  RunExplainabilityOptions,
  RunPreTrainingBiasOptions,
  RunPostTrainingBiasOptions,
  RunBiasOptions,
  RunBiasAndExplainabilityOptions,
} from './processor.js';
export { ClarifyResults } from './results.js';
export type { ClarifyAnalysis, AnalysisJsonValue, ClarifyResultFile, ClarifyReports } from './results.js';

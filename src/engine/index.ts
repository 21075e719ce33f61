/**
 * The engine: runs analysis configs locally, from the CLI, or inside a SageMaker
 * Processing container: image explanations, and bias metrics of tabular data.
 *
 * @packageDocumentation
 */
export { runAnalysis } from './run-analysis.js';
export { runTabularAnalysis } from './run-tabular-analysis.js';
export type { RunTabularAnalysisOptions, RunTabularAnalysisResult, TabularProgressEvent } from './run-tabular-analysis.js';
export { isTabularConfig } from './tabular-settings.js';
export { isTabularAnalysisDocument } from '../analysis/tabular-document.js';
export type { TabularAnalysisDocument, TabularDatasetRecord, BiasMetricsSection, BiasFacetRecord, BiasMetricRecord, ShapAggregateRecord } from '../analysis/tabular-document.js';
export type {
  TabularExplanationsSection,
  KernelShapSection,
  KernelShapLabelRecord,
  PdpRecord,
  PdpFeatureRecord,
  PdpErrorRecord,
  GlobalShapStandardErrors,
} from '../analysis/tabular-explanations.js';
export type { RunAnalysisOptions, RunAnalysisResult, ShardOptions } from './run-analysis.js';
export type { RunProgressEvent } from './run-progress.js';
export { LocalClarifyProcessor } from './local-processor.js';
export type {
  LocalClarifyProcessorOptions,
  LocalBiasAndExplainabilityOptions,
  LocalBiasOptions,
  LocalExplainabilityOptions,
  LocalPostTrainingBiasOptions,
  LocalPreTrainingBiasOptions,
} from './local-processor.js';
export type { LocalModel, OnnxModelSpec } from './model-source.js';
export { loadAnalysisConfig } from './config-file.js';
export { ImageDecodeError, ImageTooLargeError, OutputLockedError, BiasDataError } from '../errors.js';
export { encodeLabelPng } from './label-png.js';
export { ANALYSIS_JSON_VERSION } from '../analysis/document.js';
export type {
  AnalysisDocument,
  ImageRecord,
  SucceededImageRecord,
  FailedImageRecord,
  LabelRecord,
  ObjectRecord,
  DetectionRecord,
  TimingsRecord,
  RunSettingsRecord,
} from '../analysis/document.js';
export { mergeAnalysisParts } from './merge-parts.js';
export type { MergeOptions } from './merge-parts.js';
export { rebuildReports } from '../report/rebuild.js';
export type { RebuildReportsOptions, RebuildReportsResult } from '../report/rebuild.js';
export type { ReportOptions } from '../report/report-options.js';

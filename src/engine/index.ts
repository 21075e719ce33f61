/**
 * The engine: runs image-explanation analysis configs locally, from the CLI,
 * or inside a SageMaker Processing container.
 *
 * @packageDocumentation
 */
export { runAnalysis } from './run-analysis.js';
export type { RunAnalysisOptions, RunAnalysisResult, ShardOptions } from './run-analysis.js';
export type { RunProgressEvent } from './run-progress.js';
export { LocalClarifyProcessor } from './local-processor.js';
export type { LocalClarifyProcessorOptions } from './local-processor.js';
export type { LocalModel, OnnxModelSpec } from './model-source.js';
export { loadAnalysisConfig } from './config-file.js';
export { ImageDecodeError, ImageTooLargeError, OutputLockedError } from '../errors.js';
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

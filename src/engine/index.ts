/**
 * The engine: runs image-explanation analysis configs locally, from the CLI,
 * or inside a SageMaker Processing container.
 *
 * @packageDocumentation
 */
export { runAnalysis } from './run-analysis.js';
export type { RunAnalysisOptions, RunAnalysisResult, RunProgressEvent, ShardOptions } from './run-analysis.js';
export type { LocalModel, OnnxModelSpec } from './model-source.js';
export { loadAnalysisConfig, parsePythonJson } from './config-file.js';
export { ImageDecodeError, ImageTooLargeError, OutputLockedError } from '../errors.js';
export { encodeLabelPng } from './label-png.js';
export { ANALYSIS_JSON_VERSION } from './analysis-json.js';
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
} from './analysis-json.js';
export { runProcessingContainer } from './processing-container.js';
export type { ProcessingContainerOptions, ProcessingPaths } from './processing-container.js';
export { mergeAnalysisParts } from './merge-parts.js';
export { rebuildReports } from '../report/rebuild.js';
export type { RebuildReportsOptions, RebuildReportsResult } from '../report/rebuild.js';
export type { ReportOptions } from '../report/write-reports.js';
export type { MergeOptions } from './merge-parts.js';
export { runProcessingJob } from './emulated-processing-job.js';
export type { EmulatedJobOptions } from './emulated-processing-job.js';

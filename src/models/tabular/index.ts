/**
 * Tabular model backends behind the {@link TabularModel} interface: plain functions,
 * ONNX (scikit-learn models exported with skl2onnx), SageMaker and HTTP endpoints called
 * as Clarify calls them, and the choice among them from a config's `predictor`.
 *
 * @packageDocumentation
 */
export type { TabularValue, LabelHeader, TabularModel, TabularPrediction, TabularRow } from './tabular-model.js';
export { functionTabularModel } from './function-model.js';
export type { FunctionTabularModelOptions, TabularModelFunction } from './function-model.js';
export { OnnxTabularModel } from './onnx-tabular-model.js';
export type { OnnxTabularOptions } from './onnx-tabular-model.js';
export type { OnnxOutputChoice } from './onnx-outputs.js';
export { csvField, csvRecord } from './csv-record.js';
export { TABULAR_CONTENT_TYPES } from './request-format.js';
export type { TabularContentType, TabularRequestOptions } from './request-format.js';
export type { TabularResponseOptions } from './response-reader.js';
export { DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_MAX_RECORDS_PER_REQUEST } from './endpoint-tabular-model.js';
export type { TabularEndpointOptions } from './endpoint-tabular-model.js';
export { httpEndpointTabularModel } from './http-tabular-model.js';
export type { HttpTabularModelOptions } from './http-tabular-model.js';
export { sagemakerEndpointTabularModel } from './sagemaker-tabular-model.js';
export type { SageMakerTabularModelOptions } from './sagemaker-tabular-model.js';
export { predictedLabel } from './predicted-label.js';
export type { PredictedLabelOptions } from './predicted-label.js';
export { checkTabularPredictor, tabularModelFromPredictorConfig } from './from-predictor-config.js';
export type { HostedEndpoint, LocalTabularModel, OnnxTabularSpec, TabularModelSourceOptions } from './from-predictor-config.js';
export { asTabularPredictor } from './as-tabular-predictor.js';
export type { ExplainedOutput } from './as-tabular-predictor.js';

/**
 * Model backends behind the {@link ImageClassifier} / {@link ObjectDetector}
 * interfaces: plain functions, ONNX (onnxruntime-node), SageMaker endpoints and
 * HTTP endpoints; and the tabular ones behind {@link TabularModel} (`./tabular/`).
 *
 * @packageDocumentation
 */
export type { ImageClassifier, ObjectDetector, Detection } from '../explain/model/image-model.js';
export { functionClassifier, functionDetector, detectionsFromRows } from './function.js';
export type { ClassifierFunction, DetectorFunction } from './function.js';
export { OnnxImageClassifier } from './onnx-classifier.js';
export type { OnnxClassifierOptions } from './onnx-options.js';
export { onnxSidecarPath, readOnnxSidecar } from './onnx-sidecar.js';
export type { OnnxSidecar } from './onnx-sidecar.js';
export type { PreprocessOptions } from './preprocess.js';
export { imagesToTensor, softmax } from './preprocess.js';
export { encodeImage, encodeNpyBatch, IMAGE_CONTENT_TYPES } from './request-body.js';
export type { ImageContentType } from './request-body.js';
export type { EndpointModelOptions } from './endpoint.js';
export { sagemakerEndpointClassifier, sagemakerEndpointDetector } from './sagemaker-endpoint.js';
export type { SageMakerEndpointOptions, SageMakerTransportOptions } from './sagemaker-endpoint.js';
export { httpEndpointClassifier, httpEndpointDetector } from './http-endpoint.js';
export type { HttpEndpointOptions, HttpEndpointRetryEvent, HttpTransportOptions } from './http-endpoint.js';
export type { RetryOptions } from './retry.js';
export { decodeImage } from './decode.js';
export * from './tabular/index.js';

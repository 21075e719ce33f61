/**
 * `clarify-ts/web`: explanations in the browser, beside `clarify-ts/explain` (the
 * algorithms): an ONNX image classifier run by onnxruntime-web, with the options, sidecar
 * and preprocessing of Node's `OnnxImageClassifier` (one shared implementation), and a
 * Web Worker runner, so that an explanation runs off the page's main thread, reports its
 * progress and can be aborted.
 *
 * No Node APIs and no imports of packages: onnxruntime-web is passed in (`ort` option),
 * so bundling this entry adds nothing of it. Its two folders import neither each other nor
 * anything but `clarify-ts/explain`'s sources and `src/errors.ts`:
 * - `worker/`: the messages, the worker side ({@link serveExplanations}) and the page
 *   side ({@link ExplanationWorker}), errors across the boundary;
 * - `onnx/`: the ONNX classifier's Node-free core (settings, sidecar, preprocessing,
 *   session run), shared with `clarify-ts`'s `OnnxImageClassifier`, and
 *   {@link WebOnnxImageClassifier}.
 *
 * @example
 * ```ts
 * import * as ort from 'onnxruntime-web';
 * import { explainImageClassification } from 'clarify-ts/explain';
 * import { WebOnnxImageClassifier } from 'clarify-ts/web';
 *
 * const model = await WebOnnxImageClassifier.create({ ort, model: '/models/shapes-cnn.onnx' });
 * const result = await explainImageClassification({ image, model, seed: 1 });
 * ```
 *
 * @packageDocumentation
 */
export { ClarifyError, ValidationError, ModelError, AbortError, ModelBackendSetupError } from '../errors.js';

// The ONNX classifier
export { WebOnnxImageClassifier } from './onnx/web-classifier.js';
export type { WebOnnxClassifierOptions, WebOrtModule } from './onnx/web-classifier.js';
export type { OnnxClassifierSettings } from './onnx/options.js';
export type { OnnxSidecar } from './onnx/sidecar.js';
export { checkOnnxSidecar, parseOnnxSidecar, onnxSidecarPath } from './onnx/sidecar.js';
export { onnxSidecarUrl } from './onnx/fetch.js';
export type { FetchLike, FetchResponseLike } from './onnx/fetch.js';
export type { PreprocessOptions } from './onnx/preprocess.js';
export { imagesToTensor, softmax } from './onnx/preprocess.js';
export type { OrtClassifierSession, OrtTensor, OrtTensorConstructor, OrtValueMetadata } from './onnx/ort.js';

// The Web Worker runner
export { serveExplanations } from './worker/serve.js';
export type { ServeExplanationsOptions, ExplanationServer } from './worker/serve.js';
export { ExplanationWorker } from './worker/client.js';
export type { ExplainInWorkerOptions, WorkerLike } from './worker/client.js';
export type { ExplanationRequest, WorkerExplainOptions, MessagePortLike, PortEventLike } from './worker/messages.js';
export { serializeError, deserializeError } from './worker/error-transfer.js';
export type { SerializedError } from './worker/error-transfer.js';

/**
 * Turns images into the input tensor a vision model expects: the Node-free implementation
 * in `web/onnx/preprocess.ts`, shared with the browser's ONNX classifier.
 *
 * @packageDocumentation
 */
export { imagesToTensor, softmax, validatePreprocess } from '../web/onnx/preprocess.js';
export type { PreprocessFailure, PreprocessOptions } from '../web/onnx/preprocess.js';

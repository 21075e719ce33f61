/**
 * The ONNX writer lives with the tests that build their models with it; this
 * re-export keeps the bench's imports (and bench/explain/README.md's reference) valid.
 */
export * from '../../test/helpers/onnx-proto.js';

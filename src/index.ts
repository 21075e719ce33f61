/**
 * `clarify-ts`: a TypeScript mirror of the Python SageMaker SDK's `sagemaker.clarify`
 * and an open engine that computes Clarify's computer-vision explanations.
 *
 * The explanation engine itself lives in the `clarify-ts/explain` subpath; the local AWS
 * emulator, and `runProcessingJob` that runs the engine as an emulated processing job's
 * work, in `clarify-ts/testing`.
 *
 * @packageDocumentation
 */
export { ClarifyError, ValidationError, ModelError, AbortError } from './errors.js';
export { PyFloat, pyFloat, pythonFloatRepr } from './python/float.js';
export { toPythonJson } from './python/json-dump.js';
export type { PythonJsonObject, PythonJsonValue } from './python/json-dump.js';
export { encodeNpy } from './python/npy.js';
export type { NpyArray, NpyTypedArray } from './python/npy.js';
export * from './clarify/index.js';
export { LocalAwsSetupError } from './errors.js';
export * from './models/index.js';
export { ModelBackendSetupError } from './errors.js';
export * from './sagemaker/index.js';
export { AwsServiceError, UnexpectedStatusError, CapacityError, WaiterTimeoutError } from './errors.js';
export * from './engine/index.js';

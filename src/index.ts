/**
 * `clarify-ts`: a TypeScript mirror of the Python SageMaker SDK's `sagemaker.clarify`
 * and an open engine that computes Clarify's computer-vision explanations.
 *
 * The explanation engine itself lives in the `clarify-ts/explain` subpath.
 *
 * @packageDocumentation
 */
export { ClarifyError, ValidationError, ModelError, AbortError } from './errors.js';
export * from './clarify/index.js';
export { LocalAwsSetupError } from './errors.js';
export * from './models/index.js';
export { ModelBackendSetupError } from './errors.js';
export * from './sagemaker/index.js';
export { AwsServiceError, UnexpectedStatusError, CapacityError, WaiterTimeoutError } from './errors.js';
export * from './engine/index.js';
export { LocalClarifyProcessor } from './clarify/local-processor.js';
export type { LocalClarifyProcessorOptions } from './clarify/local-processor.js';

/**
 * `clarify-ts/testing`: SageMaker, SageMaker Runtime, S3, CloudWatch Logs, STS
 * and IAM on loopback, so that tests drive real `@aws-sdk/*` clients through
 * whole SageMaker workflows without an AWS account. Every SageMaker request is
 * validated against the official API model: botocore's, trimmed to the emulated
 * operations and shipped in the package (no Python needed; see docs/testing.md).
 *
 * Serves S3 with `s3rver`, an optional dependency of clarify-ts (installed by
 * `npm install`, left out by `--omit=optional`). `runProcessingJob` runs the clarify-ts
 * engine as the work of an emulated processing job (this entry may use the engine; the
 * engine and the root entry never use this one).
 *
 * @example
 * ```ts
 * import { SageMakerClient, ListTrainingJobsCommand } from '@aws-sdk/client-sagemaker';
 * import { startLocalAws } from 'clarify-ts/testing';
 *
 * const aws = await startLocalAws();
 * const sagemaker = new SageMakerClient(aws.sagemakerClientConfig());
 * await sagemaker.send(new ListTrainingJobsCommand({}));
 * await aws.stop();
 * ```
 *
 * @packageDocumentation
 */
export { ClarifyError, ValidationError, LocalAwsSetupError } from '../errors.js';
export { startLocalAws } from './local-aws.js';
export type { LocalAws, LocalAwsS3, LocalClientConfig, LocalS3ClientConfig, RecordedRequest } from './local-aws-types.js';
export type { LocalAwsOptions } from './local-aws-options.js';
export { FaultInjector } from './faults.js';
export type { InjectedError, FailNextOptions, DelayNextOptions } from './faults.js';
export { EMULATED_OPERATIONS } from './operations.js';
export type { OperationName } from './operations.js';
export type { JobContext, ProcessingJobHook, TrainingJobHook } from './hooks.js';
export type { LocalS3 } from './local-s3.js';
export type { EndpointHandler, InvocationRequest, InvocationResponse } from './runtime-service.js';
export type { JsonObject, JsonValue } from './json.js';
export { BOTOCORE_DATA_ENV } from './service-model.js';
export { runProcessingJob } from './engine-processing-job.js';
export type { EmulatedJobOptions } from './engine-processing-job.js';

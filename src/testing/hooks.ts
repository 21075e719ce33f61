/**
 * Hooks that let a test (or a later layer of clarify-ts) decide what a simulated
 * job actually does: read its S3 inputs, write its outputs and logs, or fail.
 */
import type { JsonObject } from './json.js';
import type { LocalS3 } from './local-s3.js';

/** What a job hook gets. */
export interface JobContext {
  /** The job's name. */
  readonly jobName: string;
  /** The job's ARN, as DescribeTrainingJob/DescribeProcessingJob return it. */
  readonly jobArn: string;
  /** The Create…Job request as the service received it (wire member names, timestamps in epoch seconds). */
  readonly request: JsonObject;
  /** The emulator's S3, to read the job's inputs and write its outputs. */
  readonly s3: LocalS3;
  /** Appends a line to the job's CloudWatch log stream (`<job>/algo-1-…`). */
  log(line: string): void;
  /** Fires when the job is stopped (Stop…Job) or the emulator stops. */
  readonly signal: AbortSignal;
}

/**
 * Runs the work of a processing job while it is `InProgress`. When it resolves,
 * the job becomes `Completed`; when it throws, `Failed` with the error's message
 * in `FailureReason` (prefixed `AlgorithmError: `, as a failing container reports).
 *
 * @example
 * ```ts
 * const aws = await startLocalAws({
 *   async onProcessingJob(job) {
 *     const outputs = job.request.ProcessingOutputConfig as { Outputs: { S3Output: { S3Uri: string } }[] };
 *     await job.s3.putObject(`${outputs.Outputs[0].S3Output.S3Uri}/analysis.json`, '{}');
 *     job.log('wrote analysis.json');
 *   },
 * });
 * ```
 */
export type ProcessingJobHook = (job: JobContext) => Promise<void> | void;

/**
 * Runs the work of a training job. It may return the files to pack into the job's
 * `model.tar.gz` (name → content); when it returns nothing the archive holds a
 * `model-info.json` naming the job and its hyperparameters. Throwing fails the job.
 */
export type TrainingJobHook = (
  job: JobContext,
) => Promise<Record<string, Uint8Array | string> | void> | Record<string, Uint8Array | string> | void;

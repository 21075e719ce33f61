/**
 * `startLocalAws`: SageMaker, SageMaker Runtime, CloudWatch Logs, STS and IAM on
 * one loopback HTTP server, plus S3 (s3rver), for tests that drive real
 * `@aws-sdk/*` clients without an AWS account.
 */
import { loadServiceModels, wireServices } from './emulated-services.js';
import { localAwsHandle } from './local-aws-handle.js';
import { resolveOptions, type LocalAwsOptions } from './local-aws-options.js';
import type { LocalAws } from './local-aws-types.js';
import { startS3 } from './local-s3.js';
import { type LoopbackServer, listenOnLoopback } from './loopback-server.js';

/**
 * Starts the emulator on 127.0.0.1 (random ports).
 *
 * @throws {@link LocalAwsSetupError} when s3rver is missing, or a botocore folder named by
 *   `botocoreDataPath` or `CLARIFY_TS_BOTOCORE_DATA` is missing or lacks a model.
 * @throws {@link ValidationError} for invalid options.
 *
 * @example
 * ```ts
 * import { SageMakerClient, DescribeTrainingJobCommand } from '@aws-sdk/client-sagemaker';
 * import { startLocalAws } from 'clarify-ts/testing';
 *
 * const aws = await startLocalAws();
 * const sagemaker = new SageMakerClient(aws.sagemakerClientConfig());
 * // … create a training job, wait for it, read its model from S3 …
 * await aws.stop();
 * ```
 */
export async function startLocalAws(options: LocalAwsOptions = {}): Promise<LocalAws> {
  const settings = resolveOptions(options);
  // Before anything starts: a broken botocore override leaves nothing to stop.
  const models = loadServiceModels(settings.botocoreDataPath);
  const s3 = await startS3(settings.buckets);
  const services = wireServices(settings, models, s3);
  let http: LoopbackServer;
  try {
    http = await listenOnLoopback(services.route, services.ctx.backgroundErrors);
  } catch (error) {
    await s3.stop();
    throw error;
  }
  return localAwsHandle(settings, s3, services, http);
}

/**
 * The AWS clients a {@link Session} uses, and the options to inject them or to
 * configure the ones it creates.
 */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SageMakerClient, SageMakerClientConfig } from '@aws-sdk/client-sagemaker';
import type { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import type { STSClient } from '@aws-sdk/client-sts';

/**
 * Configuration applied to every client the session creates itself (clients you
 * inject keep their own): credentials, retries, logging. Retrying throttled and
 * failed calls is left to the AWS SDK's retry strategy, configured here.
 */
export interface SessionClientConfig {
  /** @default the AWS SDK's default credential chain */
  readonly credentials?: NonNullable<SageMakerClientConfig['credentials']>;
  /** Attempts per call, first included. @default 3 (the AWS SDK's default) */
  readonly maxAttempts?: number;
  /** `'standard'` or `'adaptive'` (client-side rate limiting). @default 'standard' */
  readonly retryMode?: 'standard' | 'adaptive';
  /** A custom retry strategy; overrides `maxAttempts` and `retryMode`. @default the AWS SDK's */
  readonly retryStrategy?: NonNullable<SageMakerClientConfig['retryStrategy']>;
  /** Receives the AWS SDK's log lines. @default none */
  readonly logger?: NonNullable<SageMakerClientConfig['logger']>;
}

/** AWS clients to use instead of the ones a {@link Session} would create. */
export interface SessionClients {
  /** @default a `SageMakerClient` in the session's region */
  readonly sagemakerClient?: SageMakerClient;
  /** @default an `S3Client` in the session's region */
  readonly s3Client?: S3Client;
  /** @default a `SageMakerRuntimeClient` in the session's region */
  readonly sagemakerRuntimeClient?: SageMakerRuntimeClient;
  /** @default a `CloudWatchLogsClient` in the session's region */
  readonly cloudWatchLogsClient?: CloudWatchLogsClient;
  /** @default an `STSClient` in the session's region (regional endpoint, as the Python SDK) */
  readonly stsClient?: STSClient;
  /** @default an `IAMClient` */
  readonly iamClient?: IAMClient;
}

/**
 * The options of `startLocalAws`, and turning them into checked settings
 * before anything starts.
 */
import { LocalAwsSetupError, ValidationError } from '../errors.js';
import type { ProcessingJobHook, TrainingJobHook } from './hooks.js';

/** Options of {@link startLocalAws}. */
export interface LocalAwsOptions {
  /**
   * The region in ARNs and client configurations.
   * @default 'us-east-1'
   */
  region?: string;
  /**
   * The 12-digit account id in ARNs, GetCallerIdentity and the default bucket name.
   * @default '123456789012'
   */
  accountId?: string;
  /**
   * How long a training or processing job stays `InProgress` before its hook runs
   * and it completes, in milliseconds (training passes through its secondary
   * statuses in equal steps).
   * @default 200
   */
  jobDurationMs?: number;
  /**
   * How long an endpoint stays `Creating` before it is `InService`, in milliseconds.
   * @default 100
   */
  endpointDelayMs?: number;
  /**
   * S3 buckets that exist from the start.
   * @default [`sagemaker-${region}-${accountId}`], the Python SDK's default bucket
   */
  buckets?: readonly string[];
  /**
   * IAM role names GetRole knows; other names answer `NoSuchEntity`. Empty: every name exists.
   * @default []
   */
  roles?: readonly string[];
  /**
   * A botocore `data` folder (holding `sagemaker/2017-07-24/service-2.json[.gz]` and the
   * CloudWatch Logs, STS and IAM models) to validate against instead of the models
   * clarify-ts ships, e.g. to try a newer SageMaker model. Takes precedence over
   * `CLARIFY_TS_BOTOCORE_DATA`; a folder that is missing or lacks a model is a
   * `LocalAwsSetupError`.
   * @default the `CLARIFY_TS_BOTOCORE_DATA` environment variable when set, else the models clarify-ts ships
   */
  botocoreDataPath?: string;
  /**
   * No longer has any effect: S3 listings page on every Node version with no
   * Node flags (the emulator's continuation tokens need no DES, so
   * `--openssl-legacy-provider` is not needed). Accepted so that existing
   * configurations keep working.
   * @deprecated Remove it; listings always page.
   */
  requireS3ListPagination?: boolean;
  /** Runs the work of each processing job; see {@link ProcessingJobHook}. By default a job does nothing and completes. */
  onProcessingJob?: ProcessingJobHook;
  /** Runs the work of each training job; see {@link TrainingJobHook}. By default a job writes a small `model.tar.gz`. */
  onTrainingJob?: TrainingJobHook;
}

/** {@link LocalAwsOptions} with defaults applied and values checked. */
export interface ResolvedOptions {
  region: string;
  accountId: string;
  jobDurationMs: number;
  endpointDelayMs: number;
  buckets: readonly string[];
  roles: readonly string[];
  botocoreDataPath?: string;
  onProcessingJob?: ProcessingJobHook;
  onTrainingJob?: TrainingJobHook;
}

/**
 * Applies defaults and checks every option.
 *
 * @throws {@link ValidationError} naming the first invalid option.
 */
export function resolveOptions(options: LocalAwsOptions): ResolvedOptions {
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '123456789012';
  const jobDurationMs = options.jobDurationMs ?? 200;
  const endpointDelayMs = options.endpointDelayMs ?? 100;
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new ValidationError('region', region, 'an AWS region name such as us-east-1');
  if (!/^\d{12}$/.test(accountId)) throw new ValidationError('accountId', accountId, 'a string of 12 digits');
  for (const [field, value] of [['jobDurationMs', jobDurationMs], ['endpointDelayMs', endpointDelayMs]] as const) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new ValidationError(field, value, 'a finite number of milliseconds >= 0');
    }
  }
  const buckets = options.buckets ?? [`sagemaker-${region}-${accountId}`];
  for (const [i, bucket] of buckets.entries()) {
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
      throw new ValidationError(`buckets[${i}]`, bucket, 'an S3 bucket name (3-63 of a-z 0-9 . -)');
    }
  }
  const roles = options.roles ?? [];
  for (const [i, role] of roles.entries()) {
    if (typeof role !== 'string' || role.length === 0) throw new ValidationError(`roles[${i}]`, role, 'an IAM role name');
  }
  for (const hook of ['onProcessingJob', 'onTrainingJob'] as const) {
    if (options[hook] !== undefined && typeof options[hook] !== 'function') throw new ValidationError(hook, options[hook], 'a function');
  }
  return {
    region,
    accountId,
    jobDurationMs,
    endpointDelayMs,
    buckets,
    roles,
    ...(options.botocoreDataPath !== undefined ? { botocoreDataPath: options.botocoreDataPath } : {}),
    ...(options.onProcessingJob ? { onProcessingJob: options.onProcessingJob } : {}),
    ...(options.onTrainingJob ? { onTrainingJob: options.onTrainingJob } : {}),
  };
}

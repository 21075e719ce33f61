/**
 * Training with a container image (Python `sagemaker.estimator.Estimator`): the
 * CreateTrainingJob request with the Python SDK's members, defaults and key
 * order, waiting with logs, and the trained model.
 */
import {
  CreateTrainingJobCommand,
  DescribeTrainingJobCommand,
  type Channel,
  type CreateTrainingJobCommandInput,
  type TrainingInputMode,
  type TrainingInstanceType,
} from '@aws-sdk/client-sagemaker';
import { ClarifyError, ValidationError } from '../errors.js';
import { awsCall, sendOptions } from './aws-call.js';
import { DEBUGGER_UNSUPPORTED_REGIONS, PROFILER_UNSUPPORTED_REGIONS } from './debugger-regions.js';
import { Model } from './model.js';
import { baseNameFromImage, checkResourceName, nameFromBase } from './names.js';
import { resolveRunFlags, type ExperimentConfig, type JobRunOptions } from './processor.js';
import { pythonStr, type HyperparameterValue } from './python-str.js';
import { parseS3Uri } from './s3-uri.js';
import { Session } from './session.js';
import { formatTags, type Tag, type Tags } from './tags.js';
import { TrainingInput } from './training-input.js';
import { TrainingJob } from './job.js';

/** Options of {@link Estimator} (Python parameters, camelCased). */
export interface EstimatorOptions {
  /** The training image. */
  readonly imageUri: string;
  /** The execution role: an ARN, or a role name looked up with IAM. */
  readonly role: string;
  /** Training instances. */
  readonly instanceCount: number;
  /** Training instance type, e.g. `ml.p3.2xlarge`. */
  readonly instanceType: string;
  /** The session. @default a new `Session()` */
  readonly session?: Session;
  /** Volume size per instance in GB. @default 30 */
  readonly volumeSize?: number;
  /** KMS key for the volumes. @default none */
  readonly volumeKmsKey?: string;
  /** Stop training after this many seconds. @default 86400 */
  readonly maxRun?: number;
  /** `'File'`, `'Pipe'` or `'FastFile'`. @default 'File' */
  readonly inputMode?: 'File' | 'Pipe' | 'FastFile';
  /** Where the model artifacts go. @default `s3://<default bucket>/<default prefix>/` */
  readonly outputPath?: string;
  /** KMS key for the artifacts. @default none */
  readonly outputKmsKey?: string;
  /** Base of generated job names. @default the image's repository name */
  readonly baseJobName?: string;
  /** Hyperparameters, sent as Python `str()` of each value, in insertion order. @default none */
  readonly hyperparameters?: Readonly<Record<string, HyperparameterValue>>;
  /** Tags of the job. @default none */
  readonly tags?: Tags;
  /** Environment variables of the container. @default none */
  readonly environment?: Readonly<Record<string, string>>;
  /** VPC subnets (with `securityGroupIds`). @default none */
  readonly subnets?: readonly string[];
  /** VPC security groups (with `subnets`). @default none */
  readonly securityGroupIds?: readonly string[];
  /** Cut the container off the network. @default false */
  readonly enableNetworkIsolation?: boolean;
  /** Encrypt traffic between instances. @default false */
  readonly encryptInterContainerTraffic?: boolean;
  /** Train on spot instances (needs `maxWait`). @default false */
  readonly useSpotInstances?: boolean;
  /** Longest wait for spot capacity plus training, in seconds. @default none */
  readonly maxWait?: number;
  /** Where checkpoints are synced. @default none */
  readonly checkpointS3Uri?: string;
  /** Where the container writes checkpoints. @default none (the service's /opt/ml/checkpoints) */
  readonly checkpointLocalPath?: string;
  /** Send `ProfilerConfig: { DisableProfiler: true }` instead of the default profiler config. @default false */
  readonly disableProfiler?: boolean;
  /** Retries of the job on internal errors. @default none */
  readonly maxRetryAttempts?: number;
}

/** Inputs of {@link Estimator.fit}: one S3 URI or TrainingInput (channel `training`), or channels by name. */
export type FitInputs = string | TrainingInput | Readonly<Record<string, string | TrainingInput>>;

/** Options of {@link Estimator.fit}. */
export interface FitOptions extends JobRunOptions {
  /** The training data. @default none */
  readonly inputs?: FitInputs;
}

/** Options of {@link Estimator.createModel}. */
export interface CreateModelOptions {
  /** The model's name. @default generated when the model is created */
  readonly name?: string;
  /** The model's role. @default the estimator's */
  readonly role?: string;
  /** The inference image. @default the training image */
  readonly imageUri?: string;
  /** Environment variables of the inference container. @default {} */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Trains a model with a container image.
 *
 * @example
 * ```ts
 * const estimator = new Estimator({
 *   imageUri: imageUris.retrieve('image-classification', region, { version: 'latest' }),
 *   role, instanceCount: 1, instanceType: 'ml.p2.xlarge', volumeSize: 50, maxRun: 360000,
 *   outputPath: `s3://${bucket}/ic-transfer-learning/output`, session,
 * });
 * estimator.setHyperparameters({ num_layers: 18, epochs: 2, learning_rate: 0.01 });
 * await estimator.fit({ inputs: { train, validation } });
 * const model = await estimator.createModel({ name: 'my-model' });
 * ```
 */
export class Estimator {
  /** The training image. */
  readonly imageUri: string;
  /** The execution role, as given. */
  readonly role: string;
  /** Training instances. */
  readonly instanceCount: number;
  /** Training instance type. */
  readonly instanceType: string;
  /** The session jobs are started in. */
  readonly session: Session;
  /** Volume size per instance in GB. */
  readonly volumeSize: number;
  /** Runtime limit in seconds. */
  readonly maxRun: number;
  /** How the container reads its channels. */
  readonly inputMode: 'File' | 'Pipe' | 'FastFile';
  /** Base of generated job names. */
  readonly baseJobName: string | undefined;
  /** Whether the container is cut off the network (models created from it inherit this). */
  readonly enableNetworkIsolation: boolean;
  readonly #options: EstimatorOptions;
  readonly #tags: Tag[] | undefined;
  #outputPath: string | undefined;
  #hyperparameters = new Map<string, HyperparameterValue>();
  /** The job started by the last `fit`. */
  latestTrainingJob: TrainingJob | undefined;

  constructor(options: EstimatorOptions) {
    if (typeof options !== 'object' || options === null) throw new ValidationError('options', options, 'an object of Estimator options');
    this.imageUri = nonEmpty('imageUri', options.imageUri);
    this.role = nonEmpty('role', options.role);
    this.instanceCount = positiveInteger('instanceCount', options.instanceCount);
    this.instanceType = nonEmpty('instanceType', options.instanceType);
    this.volumeSize = positiveInteger('volumeSize', options.volumeSize ?? 30);
    this.maxRun = positiveInteger('maxRun', options.maxRun ?? 86400);
    this.inputMode = options.inputMode ?? 'File';
    if (!['File', 'Pipe', 'FastFile'].includes(this.inputMode)) throw new ValidationError('inputMode', this.inputMode, "'File', 'Pipe' or 'FastFile'");
    if (options.outputPath !== undefined) parseS3Uri(options.outputPath, 'outputPath');
    this.#outputPath = options.outputPath;
    this.baseJobName = options.baseJobName;
    if ((options.subnets === undefined) !== (options.securityGroupIds === undefined)) {
      throw new ValidationError(options.subnets === undefined ? 'subnets' : 'securityGroupIds', undefined, 'a list of strings',
        'subnets and securityGroupIds must be given together');
    }
    if (options.useSpotInstances && options.maxWait === undefined) {
      throw new ValidationError('maxWait', undefined, `an integer >= maxRun (${this.maxRun})`, 'spot training needs maxWait');
    }
    if (options.maxWait !== undefined && positiveInteger('maxWait', options.maxWait) < this.maxRun) {
      throw new ValidationError('maxWait', options.maxWait, `an integer >= maxRun (${this.maxRun})`);
    }
    if (options.maxRetryAttempts !== undefined) positiveInteger('maxRetryAttempts', options.maxRetryAttempts);
    if (options.checkpointS3Uri !== undefined) parseS3Uri(options.checkpointS3Uri, 'checkpointS3Uri');
    this.#tags = formatTags(options.tags);
    this.enableNetworkIsolation = options.enableNetworkIsolation ?? false;
    if (options.session !== undefined && !(options.session instanceof Session)) throw new ValidationError('session', options.session, 'a Session');
    this.session = options.session ?? new Session();
    this.#options = options;
    if (options.hyperparameters) this.setHyperparameters(options.hyperparameters);
  }

  /** Adds (or replaces) hyperparameters; they are sent as Python `str()` of each value, in insertion order. */
  setHyperparameters(hyperparameters: Readonly<Record<string, HyperparameterValue>>): void {
    if (typeof hyperparameters !== 'object' || hyperparameters === null) {
      throw new ValidationError('hyperparameters', hyperparameters, 'a record of strings, numbers, bigints or booleans');
    }
    for (const [key, value] of Object.entries(hyperparameters)) {
      pythonStr(value, `hyperparameters.${key}`);
      this.#hyperparameters.set(key, value);
    }
  }

  /** The hyperparameters as they are sent (Python `str()` of each). */
  hyperparameters(): Record<string, string> {
    return Object.fromEntries([...this.#hyperparameters].map(([k, v]) => [k, pythonStr(v)]));
  }

  /** Where model artifacts go: the given output path, or the default bucket (with its prefix). */
  async outputPath(): Promise<string> {
    if (this.#outputPath === undefined) {
      const bucket = await this.session.defaultBucket();
      const prefix = this.session.defaultBucketPrefix;
      this.#outputPath = `s3://${bucket}/${prefix ? `${prefix}/` : ''}`;
    }
    return this.#outputPath;
  }

  /**
   * Starts a training job (and waits for it, with logs, unless told otherwise).
   * @throws {@link ValidationError} before any call for bad inputs; {@link UnexpectedStatusError} when the job fails.
   */
  async fit(options: FitOptions = {}): Promise<TrainingJob> {
    const flags = resolveRunFlags(options);
    const channels = channelsOf(options.inputs);
    const jobName = options.jobName
      ? checkResourceName('jobName', options.jobName)
      : checkResourceName('jobName', nameFromBase(this.baseJobName ?? baseNameFromImage(this.imageUri), { clock: this.session.clock }));
    const roleArn = await this.session.expandRole(this.role);
    const region = await this.session.region();
    const outputPath = await this.outputPath();
    const request = this.#request(jobName, roleArn, region, outputPath, channels, options.experimentConfig);
    await awsCall('sagemaker:CreateTrainingJob', () =>
      this.session.sagemakerClient.send(new CreateTrainingJobCommand(request), sendOptions(options.signal)), options.signal);
    const job = new TrainingJob(this.session, jobName);
    this.latestTrainingJob = job;
    if (flags.wait) {
      await job.wait({
        logs: flags.logs,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.maxWaitTime !== undefined ? { maxWaitTime: options.maxWaitTime } : {}),
        ...(options.minDelay !== undefined ? { minDelay: options.minDelay } : {}),
        ...(options.maxDelay !== undefined ? { maxDelay: options.maxDelay } : {}),
        ...(options.onLog ? { onLog: options.onLog } : {}),
      });
    }
    return job;
  }

  /** CreateTrainingJob's request in the Python SDK's key order (Python `Session._get_train_request`). */
  #request(
    jobName: string,
    roleArn: string,
    region: string,
    outputPath: string,
    channels: Channel[],
    experimentConfig: ExperimentConfig | undefined,
  ): CreateTrainingJobCommandInput {
    const o = this.#options;
    const request: CreateTrainingJobCommandInput = {
      AlgorithmSpecification: { TrainingInputMode: this.inputMode as TrainingInputMode, TrainingImage: this.imageUri },
      OutputDataConfig: { S3OutputPath: outputPath, ...(o.outputKmsKey !== undefined ? { KmsKeyId: o.outputKmsKey } : {}) },
      TrainingJobName: jobName,
      StoppingCondition: { MaxRuntimeInSeconds: this.maxRun, ...(o.maxWait !== undefined ? { MaxWaitTimeInSeconds: o.maxWait } : {}) },
      ResourceConfig: {
        VolumeSizeInGB: this.volumeSize,
        ...(o.volumeKmsKey !== undefined ? { VolumeKmsKeyId: o.volumeKmsKey } : {}),
        InstanceCount: this.instanceCount,
        InstanceType: this.instanceType as TrainingInstanceType,
      },
      RoleArn: roleArn,
    };
    if (channels.length > 0) request.InputDataConfig = channels;
    const hyperparameters = this.hyperparameters();
    if (Object.keys(hyperparameters).length > 0) request.HyperParameters = hyperparameters;
    if (o.environment !== undefined) request.Environment = { ...o.environment };
    if (this.#tags !== undefined) request.Tags = this.#tags.map((t) => ({ ...t }));
    if (o.subnets !== undefined && o.securityGroupIds !== undefined) request.VpcConfig = { Subnets: [...o.subnets], SecurityGroupIds: [...o.securityGroupIds] };
    if (experimentConfig && Object.keys(experimentConfig).length > 0) request.ExperimentConfig = { ...experimentConfig };
    if (this.enableNetworkIsolation) request.EnableNetworkIsolation = true;
    if (o.encryptInterContainerTraffic) request.EnableInterContainerTrafficEncryption = true;
    if (o.useSpotInstances) request.EnableManagedSpotTraining = true;
    if (o.checkpointS3Uri !== undefined) {
      request.CheckpointConfig = { S3Uri: o.checkpointS3Uri, ...(o.checkpointLocalPath !== undefined ? { LocalPath: o.checkpointLocalPath } : {}) };
    }
    if (!DEBUGGER_UNSUPPORTED_REGIONS.includes(region)) request.DebugHookConfig = { S3OutputPath: outputPath, CollectionConfigurations: [] };
    if (o.disableProfiler) request.ProfilerConfig = { DisableProfiler: true };
    else if (!PROFILER_UNSUPPORTED_REGIONS.includes(region) && !this.instanceType.startsWith('ml.trn')) {
      request.ProfilerConfig = { S3OutputPath: outputPath, DisableProfiler: false };
    }
    if (o.maxRetryAttempts !== undefined) request.RetryStrategy = { MaximumRetryAttempts: o.maxRetryAttempts };
    return request;
  }

  /**
   * The S3 URI of the trained model (`ModelArtifacts.S3ModelArtifacts`), read with
   * DescribeTrainingJob on every call, as Python's `model_data` property does.
   * @throws {@link ValidationError} before `fit`.
   */
  async modelData(): Promise<string> {
    const job = this.#latestJob();
    const description = await awsCall('sagemaker:DescribeTrainingJob', () =>
      this.session.sagemakerClient.send(new DescribeTrainingJobCommand({ TrainingJobName: job.jobName })));
    const uri = description.ModelArtifacts?.S3ModelArtifacts;
    if (!uri) throw new ClarifyError(`Training job ${job.jobName} reports no model artifacts (status ${description.TrainingJobStatus})`);
    return uri;
  }

  /**
   * A {@link Model} of the trained artifacts, served by the training image unless
   * `imageUri` says otherwise (one DescribeTrainingJob call; nothing is created yet).
   */
  async createModel(options: CreateModelOptions = {}): Promise<Model> {
    const modelData = await this.modelData();
    return new Model({
      imageUri: options.imageUri ?? this.imageUri,
      modelData,
      role: options.role ?? this.role,
      session: this.session,
      enableNetworkIsolation: this.enableNetworkIsolation,
      ...(options.name !== undefined ? { name: options.name } : {}),
      ...(options.env !== undefined ? { env: options.env } : {}),
      ...(this.#options.subnets && this.#options.securityGroupIds
        ? { vpcConfig: { Subnets: [...this.#options.subnets], SecurityGroupIds: [...this.#options.securityGroupIds] } }
        : {}),
    });
  }

  #latestJob(): TrainingJob {
    if (!this.latestTrainingJob) throw new ValidationError('latestTrainingJob', undefined, 'a training job started by fit()', 'call fit() first');
    return this.latestTrainingJob;
  }
}

/** The request's channels, in the given order (Python `_TrainingJob._format_inputs_to_input_config`). */
function channelsOf(inputs: FitInputs | undefined): Channel[] {
  if (inputs === undefined) return [];
  const channel = (name: string, input: unknown, field: string): Channel => {
    if (typeof input === 'string') return { ...new TrainingInput(input).config, ChannelName: name };
    if (input instanceof TrainingInput) return { ...input.config, ChannelName: name };
    throw new ValidationError(field, input, 'an s3:// URI or a TrainingInput');
  };
  if (typeof inputs === 'string' || inputs instanceof TrainingInput) return [channel('training', inputs, 'inputs')];
  if (typeof inputs !== 'object' || inputs === null) throw new ValidationError('inputs', inputs, 'an s3:// URI, a TrainingInput, or channels by name');
  return Object.entries(inputs).map(([name, input]) => channel(name, input, `inputs.${name}`));
}

function nonEmpty(field: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new ValidationError(field, value, 'a non-empty string');
  return value;
}

function positiveInteger(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new ValidationError(field, value, 'an integer >= 1');
  return value;
}

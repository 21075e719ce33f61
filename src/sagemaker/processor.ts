/**
 * Generic processing jobs (Python `sagemaker.processing.Processor`): the
 * CreateProcessingJob request with the Python SDK's members and key order, and
 * waiting for the job.
 */
import { CreateProcessingJobCommand, type CreateProcessingJobCommandInput, type ProcessingInstanceType } from '@aws-sdk/client-sagemaker';
import { ValidationError } from '../errors.js';
import { awsCall, sendOptions } from './aws-call.js';
import type { JobLogHandler } from './log-tailer.js';
import { baseNameFromImage, checkResourceName, nameFromBase } from './names.js';
import { NetworkConfig } from './network-config.js';
import { ProcessingInput, ProcessingOutput } from './processing-io.js';
import { ProcessingJob } from './job.js';
import { Session } from './session.js';
import { formatTags, type Tag, type Tags } from './tags.js';
import { resolveWait, type WaitOptions } from './wait-options.js';

/** Options of {@link Processor}. */
export interface ProcessorOptions {
  /** The execution role: an ARN, or a role name looked up with IAM. */
  readonly role: string;
  /** The container image. */
  readonly imageUri: string;
  /** Instances to run on. */
  readonly instanceCount: number;
  /** Instance type, e.g. `ml.m5.xlarge`. */
  readonly instanceType: string;
  /** The session. @default a new `Session()` */
  readonly session?: Session;
  /** The container's entry point. @default the image's */
  readonly entrypoint?: readonly string[];
  /** Size of each instance's volume in GB. @default 30 */
  readonly volumeSizeInGb?: number;
  /** KMS key for the instances' volumes. @default none */
  readonly volumeKmsKey?: string;
  /** KMS key for the job's outputs. @default none */
  readonly outputKmsKey?: string;
  /** Stop the job after this many seconds. @default none (the service's 24 hours) */
  readonly maxRuntimeInSeconds?: number;
  /** Base of generated job names. @default the image's repository name */
  readonly baseJobName?: string;
  /** Environment variables of the container. @default none */
  readonly env?: Readonly<Record<string, string>>;
  /** Tags of the job. @default none */
  readonly tags?: Tags;
  /** VPC and isolation settings. @default none */
  readonly networkConfig?: NetworkConfig;
}

/** SageMaker experiment settings of a job. */
export interface ExperimentConfig {
  readonly ExperimentName?: string;
  readonly TrialName?: string;
  readonly TrialComponentDisplayName?: string;
  readonly RunName?: string;
}

/** Options of a job run: whether to wait, logs, name, experiment. */
export interface JobRunOptions extends WaitOptions {
  /** Wait until the job ends. @default true */
  readonly wait?: boolean;
  /**
   * Tail the job's logs while waiting (needs `wait`).
   * @default true when waiting
   */
  readonly logs?: boolean;
  /** Receives log lines. @default print to standard output */
  readonly onLog?: JobLogHandler;
  /** The job's name. @default generated from the base job name and the time */
  readonly jobName?: string;
  /** Experiment settings. @default none */
  readonly experimentConfig?: ExperimentConfig;
}

/** Options of {@link Processor.run}. */
export interface ProcessorRunOptions extends JobRunOptions {
  /** Inputs, in order. @default none */
  readonly inputs?: readonly ProcessingInput[];
  /** Outputs, in order. @default none */
  readonly outputs?: readonly ProcessingOutput[];
  /** Arguments passed to the container. @default none */
  readonly arguments?: readonly string[];
}

/** `wait` and `logs` after defaults, checked. */
export function resolveRunFlags(options: JobRunOptions): { wait: boolean; logs: boolean } {
  const wait = options.wait ?? true;
  const logs = options.logs ?? wait;
  if (typeof wait !== 'boolean') throw new ValidationError('wait', wait, 'a boolean');
  if (typeof logs !== 'boolean') throw new ValidationError('logs', logs, 'a boolean');
  if (logs && !wait) throw new ValidationError('logs', logs, 'false when wait is false', 'logs can only be shown while waiting for the job');
  resolveWait(options);
  if (options.onLog !== undefined && typeof options.onLog !== 'function') throw new ValidationError('onLog', options.onLog, 'a function');
  if (options.jobName !== undefined && options.jobName !== '') checkResourceName('jobName', options.jobName);
  if (options.experimentConfig !== undefined && (typeof options.experimentConfig !== 'object' || options.experimentConfig === null)) {
    throw new ValidationError('experimentConfig', options.experimentConfig, 'an object of ExperimentName, TrialName, …');
  }
  return { wait, logs };
}

/**
 * Runs a container as a SageMaker processing job.
 *
 * @example
 * ```ts
 * const processor = new Processor({ role, imageUri, instanceCount: 1, instanceType: 'ml.m5.xlarge', session });
 * await processor.run({
 *   inputs: [new ProcessingInput({ source: 's3://bucket/in/', destination: '/opt/ml/processing/input' })],
 *   outputs: [new ProcessingOutput({ source: '/opt/ml/processing/output', destination: 's3://bucket/out' })],
 * });
 * ```
 */
export class Processor {
  /** The execution role, as given (a name is expanded to its ARN when a job starts). */
  readonly role: string;
  /** The container image. */
  readonly imageUri: string;
  /** Instances per job. */
  readonly instanceCount: number;
  /** Instance type. */
  readonly instanceType: string;
  /** The session jobs are started in. */
  readonly session: Session;
  /** The container's entry point, if overridden. */
  readonly entrypoint: readonly string[] | undefined;
  /** Volume size per instance in GB. */
  readonly volumeSizeInGb: number;
  /** KMS key of the volumes. */
  readonly volumeKmsKey: string | undefined;
  /** KMS key of the outputs. */
  readonly outputKmsKey: string | undefined;
  /** Runtime limit in seconds. */
  readonly maxRuntimeInSeconds: number | undefined;
  /** Base of generated job names. */
  readonly baseJobName: string | undefined;
  /** Environment variables of the container. */
  readonly env: Readonly<Record<string, string>> | undefined;
  /** Tags of each job, in list form. */
  readonly tags: Tag[] | undefined;
  /** VPC and isolation settings. */
  readonly networkConfig: NetworkConfig | undefined;
  /** The job started by the last `run`. */
  latestJob: ProcessingJob | undefined;

  constructor(options: ProcessorOptions) {
    if (typeof options !== 'object' || options === null) throw new ValidationError('options', options, 'an object of Processor options');
    this.role = nonEmpty('role', options.role, 'an IAM role ARN or name');
    this.imageUri = nonEmpty('imageUri', options.imageUri, 'a container image URI');
    this.instanceCount = positiveInteger('instanceCount', options.instanceCount);
    this.instanceType = nonEmpty('instanceType', options.instanceType, 'an instance type such as ml.m5.xlarge');
    this.volumeSizeInGb = positiveInteger('volumeSizeInGb', options.volumeSizeInGb ?? 30);
    this.volumeKmsKey = optionalString('volumeKmsKey', options.volumeKmsKey);
    this.outputKmsKey = optionalString('outputKmsKey', options.outputKmsKey);
    if (options.maxRuntimeInSeconds !== undefined) {
      const max = positiveInteger('maxRuntimeInSeconds', options.maxRuntimeInSeconds);
      if (max > 777600) throw new ValidationError('maxRuntimeInSeconds', max, 'an integer from 1 to 777600 (9 days)');
    }
    this.maxRuntimeInSeconds = options.maxRuntimeInSeconds;
    this.baseJobName = optionalString('baseJobName', options.baseJobName);
    if (options.entrypoint !== undefined && (!Array.isArray(options.entrypoint) || !options.entrypoint.every((s) => typeof s === 'string'))) {
      throw new ValidationError('entrypoint', options.entrypoint, 'a list of strings');
    }
    this.entrypoint = options.entrypoint;
    if (options.env !== undefined && (typeof options.env !== 'object' || options.env === null || !Object.values(options.env).every((v) => typeof v === 'string'))) {
      throw new ValidationError('env', options.env, 'a record of strings');
    }
    this.env = options.env;
    this.tags = formatTags(options.tags);
    if (options.networkConfig !== undefined && !(options.networkConfig instanceof NetworkConfig)) {
      throw new ValidationError('networkConfig', options.networkConfig, 'a NetworkConfig');
    }
    this.networkConfig = options.networkConfig;
    if (options.session !== undefined && !(options.session instanceof Session)) throw new ValidationError('session', options.session, 'a Session');
    this.session = options.session ?? new Session();
  }

  /**
   * Starts the job (and waits for it unless `wait: false`).
   * @throws {@link ValidationError} before any call for bad inputs; {@link UnexpectedStatusError} when the job fails.
   */
  async run(options: ProcessorRunOptions = {}): Promise<ProcessingJob> {
    const flags = resolveRunFlags(options);
    const inputs = options.inputs ?? [];
    const outputs = options.outputs ?? [];
    inputs.forEach((input, i) => {
      if (!(input instanceof ProcessingInput)) throw new ValidationError(`inputs[${i}]`, input, 'a ProcessingInput');
    });
    outputs.forEach((output, i) => {
      if (!(output instanceof ProcessingOutput)) throw new ValidationError(`outputs[${i}]`, output, 'a ProcessingOutput');
    });
    if (options.arguments !== undefined && (!Array.isArray(options.arguments) || !options.arguments.every((s) => typeof s === 'string'))) {
      throw new ValidationError('arguments', options.arguments, 'a list of strings');
    }
    const jobName = this.jobName(options.jobName);
    return this.startJob(jobName, inputs, outputs, options, flags);
  }

  /** The job name to use: the given one, else one generated from the base name and the clock. */
  protected jobName(given: string | undefined, defaultBase?: string): string {
    if (given) return checkResourceName('jobName', given);
    return checkResourceName('jobName', nameFromBase(this.baseJobName ?? defaultBase ?? baseNameFromImage(this.imageUri), { clock: this.session.clock }));
  }

  /** Sends CreateProcessingJob and waits as asked. Inputs and options are already checked. */
  protected async startJob(
    jobName: string,
    inputs: readonly ProcessingInput[],
    outputs: readonly ProcessingOutput[],
    options: ProcessorRunOptions,
    flags: { wait: boolean; logs: boolean },
  ): Promise<ProcessingJob> {
    const roleArn = await this.session.expandRole(this.role);
    const request = this.#request(jobName, roleArn, inputs, outputs, options);
    await awsCall('sagemaker:CreateProcessingJob', () =>
      this.session.sagemakerClient.send(new CreateProcessingJobCommand(request), sendOptions(options.signal)), options.signal);
    const job = new ProcessingJob(this.session, jobName);
    this.latestJob = job;
    if (flags.wait) {
      await job.wait({
        logs: flags.logs,
        ...pick(options, ['signal', 'maxWaitTime', 'minDelay', 'maxDelay', 'onLog'] as const),
      });
    }
    return job;
  }

  /** CreateProcessingJob's request, in the Python SDK's key order (Python `Session._get_process_request`). */
  #request(
    jobName: string,
    roleArn: string,
    inputs: readonly ProcessingInput[],
    outputs: readonly ProcessingOutput[],
    options: ProcessorRunOptions,
  ): CreateProcessingJobCommandInput {
    const request: CreateProcessingJobCommandInput = {
      ProcessingJobName: jobName,
      ProcessingResources: {
        ClusterConfig: {
          InstanceType: this.instanceType as ProcessingInstanceType,
          InstanceCount: this.instanceCount,
          VolumeSizeInGB: this.volumeSizeInGb,
          ...(this.volumeKmsKey !== undefined ? { VolumeKmsKeyId: this.volumeKmsKey } : {}),
        },
      },
      AppSpecification: {
        ImageUri: this.imageUri,
        ...(options.arguments !== undefined ? { ContainerArguments: [...options.arguments] } : {}),
        ...(this.entrypoint !== undefined ? { ContainerEntrypoint: [...this.entrypoint] } : {}),
      },
      RoleArn: roleArn,
    };
    if (inputs.length > 0) request.ProcessingInputs = inputs.map((input, i) => input.toRequestDict(`input-${i + 1}`));
    if (outputs.length > 0) {
      request.ProcessingOutputConfig = {
        Outputs: outputs.map((output, i) => output.toRequestDict(`output-${i + 1}`)),
        ...(this.outputKmsKey !== undefined ? { KmsKeyId: this.outputKmsKey } : {}),
      };
    }
    if (this.env !== undefined) request.Environment = { ...this.env };
    if (this.networkConfig !== undefined) request.NetworkConfig = this.networkConfig.toRequestDict();
    if (this.maxRuntimeInSeconds !== undefined) request.StoppingCondition = { MaxRuntimeInSeconds: this.maxRuntimeInSeconds };
    if (this.tags !== undefined) request.Tags = this.tags.map((t) => ({ ...t }));
    if (options.experimentConfig && Object.keys(options.experimentConfig).length > 0) request.ExperimentConfig = { ...options.experimentConfig };
    return request;
  }
}

function pick<T extends object, K extends keyof T>(object: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (object[key] !== undefined) picked[key] = object[key];
  return picked;
}

function nonEmpty(field: string, value: unknown, allowed: string): string {
  if (typeof value !== 'string' || value === '') throw new ValidationError(field, value, allowed);
  return value;
}

function optionalString(field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return nonEmpty(field, value, 'a non-empty string');
}

function positiveInteger(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new ValidationError(field, value, 'an integer >= 1');
  return value;
}

/**
 * Training and processing jobs: their records, their simulated lifecycle
 * (`InProgress` → `Completed` | `Failed`, or `Stopping` → `Stopped`) and the
 * CloudWatch log lines they write.
 */
import { sagemakerArn, type EmulatorContext } from './emulator-context.js';
import type { JobContext } from './hooks.js';
import { epochSeconds, type JsonObject, type JsonValue } from './json.js';
import { parseS3Uri } from './local-s3.js';
import { ServiceFault, validationFault } from './service-fault.js';
import { tarGz } from './tar-gz.js';

export type JobKind = 'training' | 'processing';
export type JobStatus = 'InProgress' | 'Completed' | 'Failed' | 'Stopping' | 'Stopped';

interface SecondaryTransition {
  Status: string;
  StartTime: number;
  EndTime?: number;
  StatusMessage: string;
}

/** One job as the emulator keeps it (times in epoch milliseconds). */
export interface JobRecord {
  readonly kind: JobKind;
  readonly name: string;
  readonly arn: string;
  readonly request: JsonObject;
  status: JobStatus;
  secondaryStatus: string;
  readonly transitions: SecondaryTransition[];
  failureReason?: string;
  exitMessage?: string;
  readonly creationTime: number;
  startTime?: number;
  endTime?: number;
  lastModifiedTime: number;
  artifactUri?: string;
  readonly stop: AbortController;
  readonly logStreams: string[];
}

const LOG_GROUPS: Record<JobKind, string> = {
  training: '/aws/sagemaker/TrainingJobs',
  processing: '/aws/sagemaker/ProcessingJobs',
};

const SECONDARY_MESSAGES: Record<string, string> = {
  Starting: 'Starting the training job',
  Downloading: 'Downloading input data',
  Training: 'Training image download completed. Training in progress.',
  Uploading: 'Uploading generated training model',
  Completed: 'Training job completed',
  Failed: 'Training job failed',
  Stopping: 'Stopping the training job',
  Stopped: 'The training job was stopped',
};

/** Training and processing jobs of one emulator. */
export class JobRegistry {
  readonly #ctx: EmulatorContext;
  readonly #jobs: Record<JobKind, Map<string, JobRecord>> = { training: new Map(), processing: new Map() };

  constructor(ctx: EmulatorContext) {
    this.#ctx = ctx;
  }

  /** Creates a job and starts its simulated run. */
  create(kind: JobKind, name: string, request: JsonObject): JobRecord {
    const jobs = this.#jobs[kind];
    const arn = sagemakerArn(this.#ctx, `${kind}-job`, name);
    if (jobs.has(name)) {
      const noun = kind === 'training' ? 'Training' : 'Processing';
      throw new ServiceFault(
        'ResourceInUse',
        `${noun} job names must be unique within an AWS account and region, and a ${kind} job with this name already exists (${arn})`,
      );
    }
    const now = Date.now();
    const instances = kind === 'training' ? numberAt(request, 'ResourceConfig', 'InstanceCount') : numberAt(request, 'ProcessingResources', 'ClusterConfig', 'InstanceCount');
    const job: JobRecord = {
      kind,
      name,
      arn,
      request,
      status: 'InProgress',
      secondaryStatus: 'Starting',
      transitions: [{ Status: 'Starting', StartTime: now, StatusMessage: SECONDARY_MESSAGES.Starting }],
      creationTime: now,
      lastModifiedTime: now,
      stop: new AbortController(),
      logStreams: Array.from({ length: Math.max(1, instances ?? 1) }, (_, i) => `${name}/algo-${i + 1}-${Math.floor(now / 1000)}`),
    };
    jobs.set(name, job);
    this.#ctx.scheduler.spawn(
      () => this.#run(job),
      (error) => this.#ctx.backgroundErrors.push(error),
    );
    return job;
  }

  /**
   * The job, for Describe…Job and Stop…Job. An unknown name answers what the
   * live service answers: `ValidationException` (not the `ResourceNotFound` the
   * model lists), worded per kind; see docs/testing.md, "Error answers".
   */
  get(kind: JobKind, name: string): JobRecord {
    const job = this.#jobs[kind].get(name);
    if (!job) throw validationFault(kind === 'training' ? 'Requested resource not found.' : `Could not find requested job with name ${name}`);
    return job;
  }

  all(kind: JobKind): JobRecord[] {
    return [...this.#jobs[kind].values()];
  }

  /** Stop…Job: `InProgress` → `Stopping`; the run ends it as `Stopped`. */
  requestStop(kind: JobKind, name: string): void {
    const job = this.get(kind, name);
    if (job.status !== 'InProgress') {
      throw validationFault(`The request was rejected because the ${kind} job is in status ${job.status}.`);
    }
    job.status = 'Stopping';
    this.#transition(job, 'Stopping');
    job.stop.abort(new Error(`${kind} job ${name} was stopped`));
  }

  /** Makes a job end as `Failed` with `reason`, now if it is running, or when it is created. */
  fail(name: string, reason: string): void {
    this.#ctx.pendingFailures.set(`job:${name}`, reason);
  }

  /** Fires every job's stop signal, so hooks still running wind down when the emulator stops. */
  abortAll(): void {
    for (const jobs of Object.values(this.#jobs)) for (const job of jobs.values()) job.stop.abort(new Error('the local AWS emulator stopped'));
  }

  /** Appends a line to the first log stream of a job. */
  log(job: JobRecord, line: string): void {
    this.#ctx.logs.append(LOG_GROUPS[job.kind], job.logStreams[0], line);
  }

  async #run(job: JobRecord): Promise<void> {
    const { scheduler } = this.#ctx;
    for (const [stream, i] of job.logStreams.map((s, n) => [s, n] as const)) {
      this.#ctx.logs.append(LOG_GROUPS[job.kind], stream, `algo-${i + 1}: ${job.kind} job ${job.name} started on ${instanceType(job)}`);
    }
    job.startTime = Date.now();
    const phases = job.kind === 'training' ? ['Downloading', 'Training', 'Uploading'] : [];
    const step = this.#ctx.jobDurationMs / (phases.length + 1);
    for (const phase of phases) {
      await scheduler.sleep(step, job.stop.signal);
      if (await this.#ended(job, step)) return;
      this.#transition(job, phase);
      this.log(job, `${phase}...`);
    }
    await scheduler.sleep(step, job.stop.signal);
    if (await this.#ended(job, step)) return;

    let files: Record<string, Uint8Array | string> | void;
    try {
      files = await this.#runHook(job);
    } catch (error) {
      if (job.stop.signal.aborted) return this.#finishStopped(job, step);
      const message = error instanceof Error ? error.message : String(error);
      this.log(job, `Error: ${message}`);
      return this.#finish(job, 'Failed', `AlgorithmError: ${message}`);
    }
    if (await this.#ended(job, step)) return;

    if (job.kind === 'training') {
      try {
        job.artifactUri = await this.#writeArtifact(job, files ?? undefined);
      } catch (error) {
        return this.#finish(job, 'Failed', `ClientError: could not upload model artifacts: ${(error as Error).message}`);
      }
    }
    this.log(job, `${job.kind} job ${job.name} completed`);
    this.#finish(job, 'Completed');
  }

  #runHook(job: JobRecord): Promise<Record<string, Uint8Array | string> | void> | Record<string, Uint8Array | string> | void {
    const context: JobContext = {
      jobName: job.name,
      jobArn: job.arn,
      request: job.request,
      s3: this.#ctx.s3,
      log: (line) => this.log(job, line),
      signal: job.stop.signal,
    };
    if (job.kind === 'processing') return this.#ctx.onProcessingJob?.(context);
    return this.#ctx.onTrainingJob?.(context);
  }

  /** True when the run must not go on: stopped (then finished as Stopped) or failed by `failJob`. */
  async #ended(job: JobRecord, step: number): Promise<boolean> {
    if (job.stop.signal.aborted) {
      await this.#finishStopped(job, step);
      return true;
    }
    const reason = this.#ctx.pendingFailures.get(`job:${job.name}`);
    if (reason !== undefined) {
      this.#ctx.pendingFailures.delete(`job:${job.name}`);
      this.log(job, `Error: ${reason}`);
      this.#finish(job, 'Failed', reason);
      return true;
    }
    return false;
  }

  /** A stopping job stays `Stopping` for one step (at most 250 ms), as the service takes a while to stop instances. */
  async #finishStopped(job: JobRecord, step: number): Promise<void> {
    if (job.status !== 'Stopping') return;
    await this.#ctx.scheduler.sleep(Math.min(step, 250));
    this.log(job, `${job.kind} job ${job.name} stopped`);
    this.#finish(job, 'Stopped');
  }

  #finish(job: JobRecord, status: 'Completed' | 'Failed' | 'Stopped', failureReason?: string): void {
    job.status = status;
    if (failureReason !== undefined) {
      job.failureReason = failureReason;
      if (job.kind === 'processing') job.exitMessage = failureReason;
    }
    job.endTime = Date.now();
    this.#transition(job, status);
  }

  #transition(job: JobRecord, status: string): void {
    const now = Date.now();
    const last = job.transitions[job.transitions.length - 1];
    if (last && last.EndTime === undefined) last.EndTime = now;
    const terminal = status === 'Completed' || status === 'Failed' || status === 'Stopped';
    job.transitions.push({
      Status: status,
      StartTime: now,
      ...(terminal ? { EndTime: now } : {}),
      StatusMessage: SECONDARY_MESSAGES[status] ?? status,
    });
    job.secondaryStatus = status;
    job.lastModifiedTime = now;
  }

  async #writeArtifact(job: JobRecord, files: Record<string, Uint8Array | string> | undefined): Promise<string> {
    const outputPath = String(objectAt(job.request, 'OutputDataConfig')?.S3OutputPath ?? '');
    const { bucket, key } = parseS3Uri(outputPath);
    const prefix = key.replace(/\/+$/, '');
    const uri = `s3://${bucket}/${prefix ? `${prefix}/` : ''}${job.name}/output/model.tar.gz`;
    const contents = files ?? {
      'model-info.json': JSON.stringify({ TrainingJobName: job.name, HyperParameters: job.request.HyperParameters ?? {} }),
    };
    await this.#ctx.s3.putObject(uri, tarGz(contents));
    return uri;
  }

  /** The members of Describe…Job that reflect a job's state (the request's own members are added by the caller). */
  describeState(job: JobRecord): JsonObject {
    const times: Record<string, number | undefined> = {
      CreationTime: job.creationTime,
      LastModifiedTime: job.lastModifiedTime,
      ...(job.kind === 'training'
        ? { TrainingStartTime: job.startTime, TrainingEndTime: job.endTime }
        : { ProcessingStartTime: job.startTime, ProcessingEndTime: job.endTime }),
    };
    const state: JsonObject = {};
    for (const [key, ms] of Object.entries(times)) if (ms !== undefined) state[key] = epochSeconds(ms);
    if (job.failureReason !== undefined) state.FailureReason = job.failureReason;
    if (job.kind === 'processing') {
      state.ProcessingJobName = job.name;
      state.ProcessingJobArn = job.arn;
      state.ProcessingJobStatus = job.status;
      if (job.exitMessage !== undefined) state.ExitMessage = job.exitMessage;
      return state;
    }
    state.TrainingJobName = job.name;
    state.TrainingJobArn = job.arn;
    state.TrainingJobStatus = job.status;
    state.SecondaryStatus = job.secondaryStatus;
    state.SecondaryStatusTransitions = job.transitions.map((t) => ({
      Status: t.Status,
      StartTime: epochSeconds(t.StartTime),
      ...(t.EndTime !== undefined ? { EndTime: epochSeconds(t.EndTime) } : {}),
      StatusMessage: t.StatusMessage,
    }));
    // The service reports the artifact path from creation on; the object exists once the job completes.
    state.ModelArtifacts = { S3ModelArtifacts: job.artifactUri ?? this.#artifactPath(job) };
    if (job.startTime !== undefined && job.endTime !== undefined) {
      const seconds = Math.max(1, Math.round((job.endTime - job.startTime) / 1000));
      state.TrainingTimeInSeconds = seconds;
      state.BillableTimeInSeconds = seconds;
    }
    return state;
  }

  #artifactPath(job: JobRecord): string {
    const outputPath = String(objectAt(job.request, 'OutputDataConfig')?.S3OutputPath ?? '').replace(/\/+$/, '');
    return `${outputPath}/${job.name}/output/model.tar.gz`;
  }
}

function objectAt(value: JsonObject, ...path: string[]): JsonObject | undefined {
  let current: JsonValue | undefined = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = current[key];
  }
  return typeof current === 'object' && current !== null && !Array.isArray(current) ? current : undefined;
}

function numberAt(value: JsonObject, ...path: string[]): number | undefined {
  const parent = objectAt(value, ...path.slice(0, -1));
  const leaf = parent?.[path[path.length - 1]];
  return typeof leaf === 'number' ? leaf : undefined;
}

function instanceType(job: JobRecord): string {
  const config = job.kind === 'training' ? objectAt(job.request, 'ResourceConfig') : objectAt(job.request, 'ProcessingResources', 'ClusterConfig');
  return String(config?.InstanceType ?? 'unknown instance type');
}

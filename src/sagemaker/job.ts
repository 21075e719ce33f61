/**
 * A started job (Python `sagemaker.job._Job`): {@link ProcessingJob} (Python
 * `sagemaker.processing.ProcessingJob`) and {@link TrainingJob} (Python
 * `sagemaker.estimator._TrainingJob`) are one class over their {@link JobKind}.
 */
import type { DescribeProcessingJobCommandOutput, DescribeTrainingJobCommandOutput } from '@aws-sdk/client-sagemaker';
import { type JobKind, PROCESSING_JOB, TRAINING_JOB } from './job-kind.js';
import { type JobWaitOptions, waitForJob } from './job-waiter.js';
import type { Session } from './session.js';

/**
 * A job this process started: describe it, wait for it, stop it.
 * @typeParam Description - the job's Describe…Job answer.
 */
export abstract class Job<Description> {
  /** The job's name. */
  readonly jobName: string;
  readonly #session: Session;
  readonly #kind: JobKind<Description>;

  /** @internal */
  protected constructor(kind: JobKind<Description>, session: Session, jobName: string) {
    this.#kind = kind;
    this.#session = session;
    this.jobName = jobName;
  }

  /** The job's Describe…Job answer. */
  describe(): Promise<Description> {
    return this.#kind.describe(this.#session, this.jobName);
  }

  /**
   * Waits until the job ends (see {@link waitForProcessingJob}).
   * @throws {@link UnexpectedStatusError} with the job's `FailureReason` when it failed.
   */
  wait(options: JobWaitOptions = {}): Promise<Description> {
    return waitForJob(this.#kind, this.#session, this.jobName, options);
  }

  /** Asks SageMaker to stop the job. */
  async stop(): Promise<void> {
    await this.#kind.stop(this.#session, this.jobName);
  }
}

/** A processing job this process started (DescribeProcessingJob, StopProcessingJob). */
export class ProcessingJob extends Job<DescribeProcessingJobCommandOutput> {
  constructor(session: Session, jobName: string) {
    super(PROCESSING_JOB, session, jobName);
  }
}

/** A training job this process started (DescribeTrainingJob, StopTrainingJob). */
export class TrainingJob extends Job<DescribeTrainingJobCommandOutput> {
  constructor(session: Session, jobName: string) {
    super(TRAINING_JOB, session, jobName);
  }
}

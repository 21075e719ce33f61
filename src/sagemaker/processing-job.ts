/** A started processing job (Python `sagemaker.processing.ProcessingJob`). */
import {
  DescribeProcessingJobCommand,
  StopProcessingJobCommand,
  type DescribeProcessingJobCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { awsCall } from './aws-call.js';
import { waitForProcessingJob, type JobWaitOptions } from './job-waiter.js';
import type { Session } from './session.js';

/** A processing job this process started: describe it, wait for it, stop it. */
export class ProcessingJob {
  /** The job's name. */
  readonly jobName: string;
  readonly #session: Session;

  constructor(session: Session, jobName: string) {
    this.#session = session;
    this.jobName = jobName;
  }

  /** The job's DescribeProcessingJob answer. */
  describe(): Promise<DescribeProcessingJobCommandOutput> {
    return awsCall('sagemaker:DescribeProcessingJob', () =>
      this.#session.sagemakerClient.send(new DescribeProcessingJobCommand({ ProcessingJobName: this.jobName })));
  }

  /**
   * Waits until the job ends (see {@link waitForProcessingJob}).
   * @throws {@link UnexpectedStatusError} with the job's `FailureReason` when it failed.
   */
  wait(options: JobWaitOptions = {}): Promise<DescribeProcessingJobCommandOutput> {
    return waitForProcessingJob(this.#session, this.jobName, options);
  }

  /** Asks SageMaker to stop the job. */
  async stop(): Promise<void> {
    await awsCall('sagemaker:StopProcessingJob', () =>
      this.#session.sagemakerClient.send(new StopProcessingJobCommand({ ProcessingJobName: this.jobName })));
  }
}

/** A started training job (Python `sagemaker.estimator._TrainingJob`). */
import { DescribeTrainingJobCommand, StopTrainingJobCommand, type DescribeTrainingJobCommandOutput } from '@aws-sdk/client-sagemaker';
import { awsCall } from './aws-call.js';
import { waitForTrainingJob, type JobWaitOptions } from './job-waiter.js';
import type { Session } from './session.js';

/** A training job this process started: describe it, wait for it, stop it. */
export class TrainingJob {
  /** The job's name. */
  readonly jobName: string;
  readonly #session: Session;

  constructor(session: Session, jobName: string) {
    this.#session = session;
    this.jobName = jobName;
  }

  /** The job's DescribeTrainingJob answer. */
  describe(): Promise<DescribeTrainingJobCommandOutput> {
    return awsCall('sagemaker:DescribeTrainingJob', () =>
      this.#session.sagemakerClient.send(new DescribeTrainingJobCommand({ TrainingJobName: this.jobName })));
  }

  /**
   * Waits until the job ends (see {@link waitForTrainingJob}).
   * @throws {@link UnexpectedStatusError} with the job's `FailureReason` when it failed.
   */
  wait(options: JobWaitOptions = {}): Promise<DescribeTrainingJobCommandOutput> {
    return waitForTrainingJob(this.#session, this.jobName, options);
  }

  /** Asks SageMaker to stop the job. */
  async stop(): Promise<void> {
    await awsCall('sagemaker:StopTrainingJob', () =>
      this.#session.sagemakerClient.send(new StopTrainingJobCommand({ TrainingJobName: this.jobName })));
  }
}

/**
 * Processing and training jobs differ only in their API calls, status fields and
 * log group: a {@link JobKind} names them, and one waiter and one job class serve both.
 */
import {
  DescribeProcessingJobCommand,
  DescribeTrainingJobCommand,
  StopProcessingJobCommand,
  StopTrainingJobCommand,
  type DescribeProcessingJobCommandOutput,
  type DescribeTrainingJobCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { awsCall, sendOptions } from './aws-call.js';
import type { Session } from './session.js';

/** What tells one kind of job from another: its API calls, status fields and log group. */
export interface JobKind<T> {
  readonly resourceType: string;
  readonly logGroup: string;
  describe(session: Session, name: string, signal?: AbortSignal): Promise<T>;
  stop(session: Session, name: string): Promise<unknown>;
  status(description: T): string | undefined;
  failureReason(description: T): string | undefined;
  instanceCount(description: T): number;
}

/** Processing jobs (Describe/StopProcessingJob). */
export const PROCESSING_JOB: JobKind<DescribeProcessingJobCommandOutput> = {
  resourceType: 'Processing job',
  logGroup: '/aws/sagemaker/ProcessingJobs',
  describe: (session, name, signal) =>
    awsCall('sagemaker:DescribeProcessingJob', () =>
      session.sagemakerClient.send(new DescribeProcessingJobCommand({ ProcessingJobName: name }), sendOptions(signal)), signal),
  stop: (session, name) =>
    awsCall('sagemaker:StopProcessingJob', () => session.sagemakerClient.send(new StopProcessingJobCommand({ ProcessingJobName: name }))),
  status: (d) => d.ProcessingJobStatus,
  failureReason: (d) => d.FailureReason,
  instanceCount: (d) => d.ProcessingResources?.ClusterConfig?.InstanceCount ?? 1,
};

/** Training jobs (Describe/StopTrainingJob). */
export const TRAINING_JOB: JobKind<DescribeTrainingJobCommandOutput> = {
  resourceType: 'Training job',
  logGroup: '/aws/sagemaker/TrainingJobs',
  describe: (session, name, signal) =>
    awsCall('sagemaker:DescribeTrainingJob', () =>
      session.sagemakerClient.send(new DescribeTrainingJobCommand({ TrainingJobName: name }), sendOptions(signal)), signal),
  stop: (session, name) =>
    awsCall('sagemaker:StopTrainingJob', () => session.sagemakerClient.send(new StopTrainingJobCommand({ TrainingJobName: name }))),
  status: (d) => d.TrainingJobStatus,
  failureReason: (d) => d.FailureReason,
  instanceCount: (d) => d.ResourceConfig?.InstanceCount ?? 1,
};

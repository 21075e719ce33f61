import { CloudWatchLogsClient, DescribeLogStreamsCommand, GetLogEventsCommand, ResourceNotFoundException } from '@aws-sdk/client-cloudwatch-logs';
import { CreateProcessingJobCommand, CreateTrainingJobCommand, DescribeProcessingJobCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { GetRoleCommand, IAMClient, NoSuchEntityException } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAws, type LocalAws } from '../../src/testing/index.js';
import { processingJob, rejection, trainingJob, until } from '../helpers/emulator.js';

describe('CloudWatch Logs for jobs, STS and IAM', () => {
  let aws: LocalAws;
  let logs: CloudWatchLogsClient;
  let sagemaker: SageMakerClient;

  beforeAll(async () => {
    aws = await startLocalAws({
      jobDurationMs: 40,
      roles: ['SageMakerRole'],
      onProcessingJob(job) {
        for (let i = 0; i < 25; i++) job.log(`line ${i}`);
      },
    });
    logs = new CloudWatchLogsClient(aws.cloudWatchLogsClientConfig());
    sagemaker = new SageMakerClient(aws.sagemakerClientConfig());
  });
  afterAll(async () => {
    logs.destroy();
    sagemaker.destroy();
    await aws.stop();
  });

  it('serves a processing job log per instance under /aws/sagemaker/ProcessingJobs, streams named <job>/algo-N-…', async () => {
    await sagemaker.send(new CreateProcessingJobCommand(processingJob('logged', 2)));
    await until(() => sagemaker.send(new DescribeProcessingJobCommand({ ProcessingJobName: 'logged' })), (d) => d.ProcessingJobStatus === 'Completed');
    const { logStreams } = await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/aws/sagemaker/ProcessingJobs', logStreamNamePrefix: 'logged/' }));
    const names = logStreams!.map((s) => s.logStreamName!);
    expect(names).toHaveLength(2);
    expect(names[0]).toMatch(/^logged\/algo-1-\d+$/);
    expect(names[1]).toMatch(/^logged\/algo-2-\d+$/);
    expect(logStreams![0].firstEventTimestamp).toBeLessThanOrEqual(logStreams![0].lastEventTimestamp!);
  });

  it('pages GetLogEvents forward with tokens until the service repeats the token', async () => {
    const { logStreams } = await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/aws/sagemaker/ProcessingJobs', logStreamNamePrefix: 'logged/algo-1' }));
    const stream = logStreams![0].logStreamName!;
    const messages: string[] = [];
    let token: string | undefined;
    let calls = 0;
    for (;;) {
      const page = await logs.send(
        new GetLogEventsCommand({ logGroupName: '/aws/sagemaker/ProcessingJobs', logStreamName: stream, startFromHead: true, limit: 10, ...(token ? { nextToken: token } : {}) }),
      );
      calls++;
      messages.push(...page.events!.map((e) => e.message!));
      if (page.nextForwardToken === token) break;
      token = page.nextForwardToken;
    }
    const lines = Array.from({ length: 25 }, (_, i) => `line ${i}`);
    expect(messages.filter((m) => m.startsWith('line '))).toEqual(lines);
    expect(messages.at(-1)).toBe('processing job logged completed');
    // One call per page of 10, plus the call that gets its own token back.
    expect(calls).toBe(Math.ceil(messages.length / 10) + 1);

    const tail = await logs.send(new GetLogEventsCommand({ logGroupName: '/aws/sagemaker/ProcessingJobs', logStreamName: stream, limit: 3 }));
    expect(tail.events!.map((e) => e.message)).toEqual(messages.slice(-3));
  });

  it('serves training job logs under /aws/sagemaker/TrainingJobs and answers ResourceNotFoundException for unknown groups', async () => {
    await sagemaker.send(new CreateTrainingJobCommand(trainingJob('trained')));
    const { logStreams } = await until(
      () => logs.send(new DescribeLogStreamsCommand({ logGroupName: '/aws/sagemaker/TrainingJobs' })),
      (r) => (r.logStreams ?? []).length > 0,
    );
    expect(logStreams![0].logStreamName).toMatch(/^trained\/algo-1-\d+$/);
    const missing = await rejection(logs.send(new DescribeLogStreamsCommand({ logGroupName: '/aws/sagemaker/Nothing' })));
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
  });

  it('answers STS GetCallerIdentity with the emulator account', async () => {
    const sts = new STSClient(aws.stsClientConfig());
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    expect(identity.Account).toBe('123456789012');
    expect(identity.Arn).toMatch(/^arn:aws:iam::123456789012:/);
  });

  it('answers IAM GetRole with the role ARN, and NoSuchEntity for an unknown role', async () => {
    const iam = new IAMClient(aws.iamClientConfig());
    try {
      const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'SageMakerRole' }));
      expect(Role?.Arn).toBe('arn:aws:iam::123456789012:role/SageMakerRole');
      expect(Role?.CreateDate).toBeInstanceOf(Date);
      const missing = await rejection(iam.send(new GetRoleCommand({ RoleName: 'Other' })));
      expect(missing).toBeInstanceOf(NoSuchEntityException);
      // RoleName is validated against the IAM model's pattern [\w+=,.@-]+.
      const invalid = await rejection(iam.send(new GetRoleCommand({ RoleName: 'has space' })));
      expect(invalid.name).toBe('ValidationError');
      expect(invalid.message).toContain("Value 'has space' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern");
    } finally {
      iam.destroy();
    }
  });
});

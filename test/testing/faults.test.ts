import { DescribeTrainingJobCommand, CreateTrainingJobCommand, ListTrainingJobsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalAws, ValidationError, type LocalAws } from '../../src/testing/index.js';
import { rejection, trainingJob } from '../helpers/emulator.js';

describe('fault injection with the SDK default retry strategy', () => {
  let aws: LocalAws;
  let sagemaker: SageMakerClient;

  beforeAll(async () => {
    aws = await startLocalAws({ jobDurationMs: 60_000 });
    sagemaker = new SageMakerClient(aws.sagemakerClientConfig());
    await sagemaker.send(new CreateTrainingJobCommand(trainingJob('flaky')));
  });
  beforeEach(() => aws.faults.clear());
  afterAll(async () => {
    sagemaker.destroy();
    await aws.stop();
  });

  const calls = (operation: string): number => aws.requests.filter((r) => r.operation === operation).length;

  it('recovers from two throttles: three attempts, the first two answered 400 ThrottlingException', async () => {
    const before = aws.requests.length;
    aws.faults.failNext('sagemaker:DescribeTrainingJob', { times: 2 });
    const result = await sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: 'flaky' }));
    expect(result.TrainingJobStatus).toBe('InProgress');
    expect(result.$metadata.attempts).toBe(3);
    expect(aws.requests.slice(before).map((r) => r.status)).toEqual([400, 400, 200]);
  });

  it('recovers from 500 and 503 answers', async () => {
    aws.faults.failNext('sagemaker:ListTrainingJobs', { error: 'internal' });
    aws.faults.failNext('sagemaker:ListTrainingJobs', { error: 'unavailable' });
    const before = aws.requests.length;
    const result = await sagemaker.send(new ListTrainingJobsCommand({}));
    expect(result.TrainingJobSummaries).toHaveLength(1);
    expect(aws.requests.slice(before).map((r) => r.status)).toEqual([500, 503, 200]);
  });

  it('surfaces ThrottlingException when every attempt is throttled', async () => {
    aws.faults.failNext('sagemaker:DescribeTrainingJob', { times: 5 });
    const before = calls('sagemaker:DescribeTrainingJob');
    const error = await rejection(sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: 'flaky' })));
    expect(error.name).toBe('ThrottlingException');
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(error.$metadata?.attempts).toBe(3);
    expect(calls('sagemaker:DescribeTrainingJob') - before).toBe(3);
  });

  it('throttles Query protocol calls too (STS answers Throttling)', async () => {
    const sts = new STSClient(aws.stsClientConfig());
    aws.faults.failNext('sts:GetCallerIdentity');
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    expect(identity.$metadata.attempts).toBe(2);
  });

  it('delays responses', async () => {
    aws.faults.delayNext('sagemaker:DescribeTrainingJob', { ms: 300 });
    const start = performance.now();
    await sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: 'flaky' }));
    expect(performance.now() - start).toBeGreaterThanOrEqual(290);
  });

  it('rejects bad fault options with a ValidationError naming the field', () => {
    expect(() => aws.faults.failNext('sagemaker:DescribeTrainingJob', { times: 0 })).toThrow(ValidationError);
    expect(() => aws.faults.failNext('nope:Describe' as 'sagemaker:DescribeTrainingJob')).toThrow(/operation/);
  });
});

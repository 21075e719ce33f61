import { gunzipSync } from 'node:zlib';
import {
  CreateProcessingJobCommand,
  CreateTrainingJobCommand,
  DescribeProcessingJobCommand,
  DescribeTrainingJobCommand,
  ResourceInUse,
  ResourceNotFound,
  SageMakerClient,
  StopProcessingJobCommand,
  StopTrainingJobCommand,
  paginateListProcessingJobs,
  paginateListTrainingJobs,
  ListTrainingJobsCommand,
} from '@aws-sdk/client-sagemaker';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAws, type LocalAws } from '../../src/testing/index.js';
import { BUCKET, processingJob, rejection, trainingJob, until } from '../helpers/emulator.js';

/** Reads the entries of an uncompressed ustar archive (an independent, minimal reader). */
function untar(bytes: Uint8Array): Record<string, string> {
  const files: Record<string, string> = {};
  const buf = Buffer.from(bytes);
  for (let offset = 0; offset + 512 <= buf.length; ) {
    const name = buf.subarray(offset, offset + 100).toString('utf8').replace(/\0.*$/s, '');
    if (!name) break;
    const size = parseInt(buf.subarray(offset + 124, offset + 136).toString('ascii'), 8);
    files[name] = buf.subarray(offset + 512, offset + 512 + size).toString('utf8');
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

describe('SageMaker jobs against real SDK clients', () => {
  let aws: LocalAws;
  let sagemaker: SageMakerClient;
  let s3: S3Client;
  const processed: string[] = [];

  beforeAll(async () => {
    aws = await startLocalAws({
      jobDurationMs: 400,
      async onProcessingJob(job) {
        processed.push(job.jobName);
        if (job.jobName.startsWith('broken')) throw new Error('the container exited with code 2');
        const input = await job.s3.listObjects(`s3://${BUCKET}/in/`);
        job.log(`read ${input.length} inputs`);
        await job.s3.putObject(`s3://${BUCKET}/out/${job.jobName}/analysis.json`, JSON.stringify({ inputs: input.length }));
      },
    });
    sagemaker = new SageMakerClient(aws.sagemakerClientConfig());
    s3 = new S3Client(aws.s3ClientConfig());
    await aws.s3.putObject(`s3://${BUCKET}/in/a.jpg`, 'a');
    await aws.s3.putObject(`s3://${BUCKET}/in/b.jpg`, 'b');
  });
  afterAll(async () => {
    sagemaker.destroy();
    s3.destroy();
    await aws.stop();
  });

  it('runs a training job InProgress → Completed through its secondary statuses and writes model.tar.gz to S3', async () => {
    const before = Date.now() / 1000;
    const { TrainingJobArn } = await sagemaker.send(new CreateTrainingJobCommand(trainingJob('train-1')));
    expect(TrainingJobArn).toBe('arn:aws:sagemaker:us-east-1:123456789012:training-job/train-1');

    const first = await sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: 'train-1' }));
    expect(first.TrainingJobStatus).toBe('InProgress');
    expect(first.SecondaryStatus).toBe('Starting');
    expect(first.CreationTime).toBeInstanceOf(Date);
    expect(first.CreationTime!.getTime() / 1000).toBeGreaterThanOrEqual(Math.floor(before));
    expect(first.HyperParameters).toEqual({ epochs: '3' });
    expect(first.ResourceConfig?.InstanceType).toBe('ml.m5.large');

    const done = await until(
      () => sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: 'train-1' })),
      (d) => d.TrainingJobStatus !== 'InProgress',
    );
    expect(done.TrainingJobStatus).toBe('Completed');
    expect(done.SecondaryStatusTransitions?.map((t) => t.Status)).toEqual(['Starting', 'Downloading', 'Training', 'Uploading', 'Completed']);
    expect(done.TrainingEndTime!.getTime()).toBeGreaterThanOrEqual(done.TrainingStartTime!.getTime());
    const uri = done.ModelArtifacts!.S3ModelArtifacts!;
    expect(uri).toBe(`s3://${BUCKET}/models/train-1/output/model.tar.gz`);

    const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'models/train-1/output/model.tar.gz' }));
    const files = untar(gunzipSync(await object.Body!.transformToByteArray()));
    expect(JSON.parse(files['model-info.json'])).toEqual({ TrainingJobName: 'train-1', HyperParameters: { epochs: '3' } });
  });

  it('stops a training job: Stopping, then Stopped', async () => {
    const slow = await startLocalAws({ jobDurationMs: 5_000 });
    const client = new SageMakerClient(slow.sagemakerClientConfig());
    try {
      await client.send(new CreateTrainingJobCommand(trainingJob('to-stop')));
      await client.send(new StopTrainingJobCommand({ TrainingJobName: 'to-stop' }));
      const stopping = await client.send(new DescribeTrainingJobCommand({ TrainingJobName: 'to-stop' }));
      expect(stopping.TrainingJobStatus).toBe('Stopping');
      expect(stopping.SecondaryStatus).toBe('Stopping');
      const stopped = await until(
        () => client.send(new DescribeTrainingJobCommand({ TrainingJobName: 'to-stop' })),
        (d) => d.TrainingJobStatus !== 'Stopping',
      );
      expect(stopped.TrainingJobStatus).toBe('Stopped');
      expect(stopped.SecondaryStatus).toBe('Stopped');
      const again = await rejection(client.send(new StopTrainingJobCommand({ TrainingJobName: 'to-stop' })));
      expect(again.name).toBe('ValidationException');
    } finally {
      client.destroy();
      await slow.stop();
    }
  });

  it('fails a job on request with the FailureReason given', async () => {
    aws.failJob('train-doomed', 'ClientError: out of memory');
    await sagemaker.send(new CreateTrainingJobCommand(trainingJob('train-doomed')));
    const failed = await until(
      () => sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: 'train-doomed' })),
      (d) => d.TrainingJobStatus !== 'InProgress',
    );
    expect(failed.TrainingJobStatus).toBe('Failed');
    expect(failed.SecondaryStatus).toBe('Failed');
    expect(failed.FailureReason).toBe('ClientError: out of memory');
  });

  it('answers ResourceInUse for a duplicate job name and, as the live service does, ValidationException for an unknown one', async () => {
    await sagemaker.send(new CreateTrainingJobCommand(trainingJob('dup')));
    const dup = await rejection(sagemaker.send(new CreateTrainingJobCommand(trainingJob('dup'))));
    expect(dup).toBeInstanceOf(ResourceInUse);
    expect(dup.$metadata?.httpStatusCode).toBe(400);
    // The model lists ResourceNotFound, which the service does not send (aws/aws-sdk#165); see live-service-errors.test.ts.
    const missing = await rejection(sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: 'never-created' })));
    expect(missing).not.toBeInstanceOf(ResourceNotFound);
    expect(missing.name).toBe('ValidationException');
    expect(missing.message).toBe('Requested resource not found.');
  });

  it('runs a processing job through the onProcessingJob hook, which reads inputs and writes outputs in S3', async () => {
    const { ProcessingJobArn } = await sagemaker.send(new CreateProcessingJobCommand(processingJob('proc-ok')));
    expect(ProcessingJobArn).toBe('arn:aws:sagemaker:us-east-1:123456789012:processing-job/proc-ok');
    const done = await until(
      () => sagemaker.send(new DescribeProcessingJobCommand({ ProcessingJobName: 'proc-ok' })),
      (d) => d.ProcessingJobStatus !== 'InProgress',
    );
    expect(done.ProcessingJobStatus).toBe('Completed');
    expect(done.ProcessingInputs?.[0].S3Input?.S3Uri).toBe(`s3://${BUCKET}/in`);
    expect(done.ProcessingEndTime).toBeInstanceOf(Date);
    expect(processed).toContain('proc-ok');
    const written = new TextDecoder().decode(await aws.s3.getObject(`s3://${BUCKET}/out/proc-ok/analysis.json`));
    expect(JSON.parse(written)).toEqual({ inputs: 2 });
  });

  it('fails a processing job whose hook throws, with an AlgorithmError FailureReason', async () => {
    await sagemaker.send(new CreateProcessingJobCommand(processingJob('broken-proc')));
    const done = await until(
      () => sagemaker.send(new DescribeProcessingJobCommand({ ProcessingJobName: 'broken-proc' })),
      (d) => d.ProcessingJobStatus !== 'InProgress',
    );
    expect(done.ProcessingJobStatus).toBe('Failed');
    expect(done.FailureReason).toBe('AlgorithmError: the container exited with code 2');
    expect(done.ExitMessage).toBe('AlgorithmError: the container exited with code 2');
  });

  it('stops a processing job and fires the hook signal', async () => {
    let aborted = false;
    const slow = await startLocalAws({
      jobDurationMs: 0,
      onProcessingJob: (job) =>
        new Promise<void>((_, reject) => {
          job.signal.addEventListener('abort', () => {
            aborted = true;
            reject(job.signal.reason);
          });
        }),
    });
    const client = new SageMakerClient(slow.sagemakerClientConfig());
    try {
      await client.send(new CreateProcessingJobCommand(processingJob('proc-stop')));
      await new Promise((r) => setTimeout(r, 50));
      await client.send(new StopProcessingJobCommand({ ProcessingJobName: 'proc-stop' }));
      const stopped = await until(
        () => client.send(new DescribeProcessingJobCommand({ ProcessingJobName: 'proc-stop' })),
        (d) => d.ProcessingJobStatus === 'Stopped',
      );
      expect(stopped.ProcessingJobStatus).toBe('Stopped');
      expect(aborted).toBe(true);
    } finally {
      client.destroy();
      await slow.stop();
    }
  });

  it('pages ListProcessingJobs and ListTrainingJobs with the SDK paginators, in creation order by default', async () => {
    const local = await startLocalAws({ jobDurationMs: 60_000 });
    const client = new SageMakerClient(local.sagemakerClientConfig());
    try {
      const names = Array.from({ length: 7 }, (_, i) => `list-${i}`);
      for (const name of names) {
        await client.send(new CreateProcessingJobCommand(processingJob(name)));
        await client.send(new CreateTrainingJobCommand(trainingJob(name)));
      }
      const pages: string[][] = [];
      for await (const page of paginateListProcessingJobs({ client, pageSize: 3 }, {})) {
        pages.push(page.ProcessingJobSummaries!.map((s) => s.ProcessingJobName!));
      }
      expect(pages).toEqual([names.slice(0, 3), names.slice(3, 6), names.slice(6)]);

      const training: string[] = [];
      for await (const page of paginateListTrainingJobs({ client, pageSize: 2 }, { SortBy: 'Name', SortOrder: 'Descending' })) {
        expect(page.TrainingJobSummaries!.length).toBeLessThanOrEqual(2);
        training.push(...page.TrainingJobSummaries!.map((s) => s.TrainingJobName!));
      }
      expect(training).toEqual([...names].reverse());

      const filtered = await client.send(new ListTrainingJobsCommand({ NameContains: 'LIST-3', StatusEquals: 'InProgress' }));
      expect(filtered.TrainingJobSummaries?.map((s) => s.TrainingJobName)).toEqual(['list-3']);
      expect(filtered.NextToken).toBeUndefined();
      const defaultPage = await client.send(new ListTrainingJobsCommand({}));
      expect(defaultPage.TrainingJobSummaries).toHaveLength(7);
    } finally {
      client.destroy();
      await local.stop();
    }
  });

  it('logs each request with its operation and parsed body', () => {
    const created = aws.requests.find((r) => r.operation === 'sagemaker:CreateTrainingJob' && r.input.TrainingJobName === 'train-1');
    expect(created?.status).toBe(200);
    expect(created?.input.ResourceConfig).toEqual({ InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 30 });
  });
});

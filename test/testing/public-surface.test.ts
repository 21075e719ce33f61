// What a test of the emulator can rely on (issue 28, item 8): the public types say what the
// objects hold at run time, and an operation outside the emulated set answers AWS JSON's
// UnknownOperationException, which the real SDK clients surface by name.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ListClustersCommand, SageMakerClient, SageMakerServiceException } from '@aws-sdk/client-sagemaker';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { EMULATED_OPERATIONS, startLocalAws, type LocalAws, type LocalAwsS3, type LocalS3 } from '../../src/testing/index.js';
import { BUCKET, rejection } from '../helpers/emulator.js';

let aws: LocalAws;
beforeAll(async () => {
  aws = await startLocalAws();
});
afterAll(() => aws.stop());

describe('the public types match the objects', () => {
  it('aws.s3 is a LocalAwsS3: object access, the endpoint and the storage folder, and nothing else', async () => {
    expectTypeOf(aws.s3).toEqualTypeOf<LocalAwsS3>();
    expectTypeOf(aws.s3).toExtend<LocalS3>();
    expectTypeOf(aws.s3.directory).toBeString();
    expect(Object.keys(aws.s3).sort()).toEqual(['createBucket', 'directory', 'endpoint', 'getObject', 'listObjects', 'putObject']);
    await aws.s3.putObject(`s3://${BUCKET}/surface/a.txt`, 'a');
    // The folder holds one sub-folder per bucket.
    expect(existsSync(join(aws.s3.directory, BUCKET))).toBe(true);
    expect(await aws.s3.listObjects(`s3://${BUCKET}/surface/`)).toEqual([`s3://${BUCKET}/surface/a.txt`]);
  });

  it('the handle holds exactly what LocalAws declares', () => {
    const declared: Record<keyof LocalAws, true> = {
      endpoint: true,
      region: true,
      accountId: true,
      credentials: true,
      s3: true,
      requests: true,
      faults: true,
      sagemakerClientConfig: true,
      sagemakerRuntimeClientConfig: true,
      cloudWatchLogsClientConfig: true,
      stsClientConfig: true,
      iamClientConfig: true,
      s3ClientConfig: true,
      setEndpointHandler: true,
      failJob: true,
      failEndpoint: true,
      appendLog: true,
      stop: true,
    };
    expect(Object.keys(aws).sort()).toEqual(Object.keys(declared).sort());
    expect(Object.keys(aws.sagemakerClientConfig()).sort()).toEqual(['credentials', 'endpoint', 'region']);
  });
});

describe('operations outside the emulated set', () => {
  it('answer UnknownOperationException (400) to a real SageMaker client, listing what is emulated', async () => {
    const sagemaker = new SageMakerClient(aws.sagemakerClientConfig());
    try {
      const error = await rejection(sagemaker.send(new ListClustersCommand({})));
      expect(error).toBeInstanceOf(SageMakerServiceException);
      expect(error.name).toBe('UnknownOperationException');
      expect(error.$fault).toBe('client');
      expect(error.$metadata?.httpStatusCode).toBe(400);
      // Not retried: a client error, as on AWS.
      expect(error.$metadata?.attempts).toBe(1);
      expect(error.message).toBe(
        `clarify-ts/testing does not emulate SageMaker.ListClusters. The emulated sagemaker operations are: ${EMULATED_OPERATIONS.sagemaker.join(', ')}.`,
      );
      expect(aws.requests.at(-1)).toMatchObject({ operation: 'sagemaker:ListClusters', status: 400 });
    } finally {
      sagemaker.destroy();
    }
  });

  it('answer UnknownOperationException to CloudWatch Logs operations that are not emulated', async () => {
    const logs = new CloudWatchLogsClient(aws.cloudWatchLogsClientConfig());
    try {
      const error = await rejection(logs.send(new DescribeLogGroupsCommand({})));
      expect(error.name).toBe('UnknownOperationException');
      expect(error.$metadata?.httpStatusCode).toBe(400);
      expect(error.message).toBe(
        'clarify-ts/testing does not emulate Logs_20140328.DescribeLogGroups. The emulated logs operations are: DescribeLogStreams, GetLogEvents.',
      );
    } finally {
      logs.destroy();
    }
  });

  it('say so in the body AWS JSON clients read: __type, message and x-amzn-errortype', async () => {
    const response = await fetch(aws.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'SageMaker.CreateCluster' },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    const body = (await response.json()) as { __type: string; message: string };
    expect(body.__type).toBe('UnknownOperationException');
    expect(body.message).toContain('does not emulate SageMaker.CreateCluster');
  });
});

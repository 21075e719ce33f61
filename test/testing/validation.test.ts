import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  CreateEndpointConfigCommand,
  CreateProcessingJobCommand,
  CreateTrainingJobCommand,
  ListProcessingJobsCommand,
  SageMakerClient,
  SageMakerServiceException,
  type CreateTrainingJobCommandInput,
} from '@aws-sdk/client-sagemaker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalAwsSetupError, startLocalAws, ValidationError, type LocalAws } from '../../src/testing/index.js';
import { loadServiceModel } from '../../src/testing/service-model.js';
import { validateShape } from '../../src/testing/shape-validator.js';
import { processingJob, rejection, trainingJob, until } from '../helpers/emulator.js';

const BOTOCORE = '/usr/lib/python3/dist-packages/botocore/data';

describe('SageMaker requests are validated against the official API model', () => {
  let aws: LocalAws;
  let sagemaker: SageMakerClient;

  beforeAll(async () => {
    aws = await startLocalAws();
    sagemaker = new SageMakerClient(aws.sagemakerClientConfig());
  });
  afterAll(async () => {
    sagemaker.destroy();
    await aws.stop();
  });

  const expectValidationException = async (input: CreateTrainingJobCommandInput, message: string): Promise<void> => {
    const error = await rejection(sagemaker.send(new CreateTrainingJobCommand(input)));
    expect(error).toBeInstanceOf(SageMakerServiceException);
    expect(error.name).toBe('ValidationException');
    expect(error.$fault).toBe('client');
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(error.message).toBe(message);
  };

  it('rejects a job name with an underscore (the model pattern, matched against the whole name)', async () => {
    await expectValidationException(
      trainingJob('my_job'),
      "1 validation error detected: Value 'my_job' at 'trainingJobName' failed to satisfy constraint: " +
        // The pattern as the model writes it (the 2026 model dropped the 2022 model's leading `^`).
        'Member must satisfy regular expression pattern: [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}',
    );
  });

  it('rejects a missing required member', async () => {
    const { RoleArn: _omitted, ...input } = trainingJob('no-role');
    await expectValidationException(
      input as CreateTrainingJobCommandInput,
      "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null",
    );
  });

  it('rejects an instance count of 0 (numeric range)', async () => {
    // Processing clusters need >= 1 instance. (This model allows 0 for training, for warm pools.)
    const input = processingJob('zero');
    input.ProcessingResources!.ClusterConfig!.InstanceCount = 0;
    const error = await rejection(sagemaker.send(new CreateProcessingJobCommand(input)));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe(
      "1 validation error detected: Value '0' at 'processingResources.clusterConfig.instanceCount' failed to satisfy constraint: " +
        `Member must have value greater than or equal to ${minimumOf('ProcessingInstanceCount')}`,
    );
    expect(minimumOf('ProcessingInstanceCount')).toBe(1);
  });

  it('rejects an unknown enum value and lists what is allowed, from the model', async () => {
    const error = await rejection(
      sagemaker.send(
        new CreateTrainingJobCommand(
          trainingJob('bad-type', { ResourceConfig: { InstanceType: 'ml.fake.huge' as 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 30 } }),
        ),
      ),
    );
    expect(error.name).toBe('ValidationException');
    const allowed = (loadServiceModel('sagemaker').shapes.TrainingInstanceType.enum ?? []).join(', ');
    expect(error.message).toContain(`Value 'ml.fake.huge' at 'resourceConfig.instanceType' failed to satisfy constraint: Member must satisfy enum value set: [${allowed}]`);
  });

  it('reports every violation at once, including lengths of strings and lists', async () => {
    const error = await rejection(
      sagemaker.send(
        new CreateTrainingJobCommand(
          trainingJob('x'.repeat(64), { StoppingCondition: { MaxRuntimeInSeconds: 0 }, InputDataConfig: [] }),
        ),
      ),
    );
    expect(error.name).toBe('ValidationException');
    expect(error.message).toMatch(/^4 validation errors detected: /);
    expect(error.message).toContain("at 'trainingJobName' failed to satisfy constraint: Member must satisfy regular expression pattern");
    expect(error.message).toContain("at 'trainingJobName' failed to satisfy constraint: Member must have length less than or equal to 63");
    expect(error.message).toContain("Value '[]' at 'inputDataConfig' failed to satisfy constraint: Member must have length greater than or equal to 1");
    expect(error.message).toContain("Value '0' at 'stoppingCondition.maxRuntimeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 1");
  });

  it('validates nested list members with the service path syntax', async () => {
    const input = processingJob('nested');
    input.ProcessingInputs![0].S3Input!.S3Uri = 'ftp://bucket/key';
    const error = await rejection(sagemaker.send(new CreateProcessingJobCommand(input)));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toContain("Value 'ftp://bucket/key' at 'processingInputs.1.member.s3Input.s3Uri' failed to satisfy constraint");
  });

  it('validates list and paging members of List operations too', async () => {
    const error = await rejection(sagemaker.send(new ListProcessingJobsCommand({ MaxResults: 101 })));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toContain('Member must have value less than or equal to 100');
    const created = await rejection(sagemaker.send(new CreateEndpointConfigCommand({ EndpointConfigName: 'c', ProductionVariants: [] })));
    expect(created.message).toContain("at 'productionVariants' failed to satisfy constraint: Member must have length greater than or equal to 1");
  });

  it('answers a wrong JSON type with SerializationException, as the service does', async () => {
    const response = await fetch(aws.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'SageMaker.DescribeTrainingJob' },
      body: JSON.stringify({ TrainingJobName: 42 }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toBe('SerializationException');
  });

  it('lets a valid request through untouched', async () => {
    const { TrainingJobArn } = await sagemaker.send(new CreateTrainingJobCommand(trainingJob('valid-job-1')));
    expect(TrainingJobArn).toMatch(/^arn:aws:sagemaker:us-east-1:123456789012:training-job\/valid-job-1$/);
  });
});

/** The model's minimum for a shape, read straight from the JSON file (not through the loader under test). */
function minimumOf(shape: string): number {
  const model = JSON.parse(readFileSync(join(BOTOCORE, 'sagemaker/2017-07-24/service-2.json'), 'utf8')) as {
    shapes: Record<string, { min?: number }>;
  };
  return model.shapes[shape].min!;
}

describe('finding the API model', () => {
  it('refuses to start when botocoreDataPath names a folder without the model, saying how to use the shipped one', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-botocore-'));
    try {
      const error = await rejection(startLocalAws({ botocoreDataPath: empty }));
      expect(error).toBeInstanceOf(LocalAwsSetupError);
      expect(error.message).toContain('holds no sagemaker model');
      expect(error.message).toContain('leave the option out to use the models clarify-ts ships');
    } finally {
      rmSync(empty, { recursive: true });
    }
  });

  it('reads a gzip-compressed service-2.json.gz, as newer botocore ships it', () => {
    const data = mkdtempSync(join(tmpdir(), 'botocore-gz-'));
    try {
      const folder = join(data, 'sagemaker/2017-07-24');
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'service-2.json.gz'), gzipSync(readFileSync(join(BOTOCORE, 'sagemaker/2017-07-24/service-2.json'))));
      const model = loadServiceModel('sagemaker', data);
      expect(model.path.endsWith('service-2.json.gz')).toBe(true);
      expect(validateShape(model, 'DescribeTrainingJobRequest', { TrainingJobName: 'a_b' }).constraints).toHaveLength(1);
    } finally {
      rmSync(data, { recursive: true });
    }
  });

  it('reads the plain file from the CLARIFY_TS_BOTOCORE_DATA-style override path', () => {
    const data = mkdtempSync(join(tmpdir(), 'botocore-plain-'));
    try {
      mkdirSync(join(data, 'logs/2014-03-28'), { recursive: true });
      copyFileSync(join(BOTOCORE, 'logs/2014-03-28/service-2.json'), join(data, 'logs/2014-03-28/service-2.json'));
      expect(loadServiceModel('logs', data).metadata.targetPrefix).toBe('Logs_20140328');
    } finally {
      rmSync(data, { recursive: true });
    }
  });

  it('rejects invalid emulator options with a ValidationError naming the option', async () => {
    const error = await rejection(startLocalAws({ jobDurationMs: -1 }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as unknown as ValidationError).field).toBe('jobDurationMs');
  });
});

describe('responses conform to the output shapes of the official API model', () => {
  it('answers every implemented Describe/List operation with all required members, right types and enum values', async () => {
    const aws = await startLocalAws({ jobDurationMs: 20, endpointDelayMs: 10 });
    const call = async (target: string, body: object): Promise<Record<string, unknown>> => {
      const response = await fetch(aws.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
        body: JSON.stringify(body),
      });
      expect(response.status, target).toBe(200);
      return (await response.json()) as Record<string, unknown>;
    };
    try {
      const model = loadServiceModel('sagemaker');
      const image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/x:1';
      await call('SageMaker.CreateTrainingJob', trainingJob('shape-train'));
      await call('SageMaker.CreateProcessingJob', processingJob('shape-proc'));
      await call('SageMaker.CreateModel', { ModelName: 'shape-model', ExecutionRoleArn: 'arn:aws:iam::123456789012:role/R', PrimaryContainer: { Image: image } });
      await call('SageMaker.CreateEndpointConfig', {
        EndpointConfigName: 'shape-config',
        ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'shape-model', InitialInstanceCount: 1, InstanceType: 'ml.m5.large' }],
      });
      await call('SageMaker.CreateEndpoint', { EndpointName: 'shape-endpoint', EndpointConfigName: 'shape-config' });
      // Wait for the final states the emulator reaches, not for a time: each is described below once it holds.
      await until(() => call('SageMaker.DescribeTrainingJob', { TrainingJobName: 'shape-train' }), (d) => d.TrainingJobStatus === 'Completed');
      await until(() => call('SageMaker.DescribeProcessingJob', { ProcessingJobName: 'shape-proc' }), (d) => d.ProcessingJobStatus === 'Completed');
      await until(() => call('SageMaker.DescribeEndpoint', { EndpointName: 'shape-endpoint' }), (d) => d.EndpointStatus === 'InService');
      const checks: [string, object][] = [
        ['DescribeTrainingJob', { TrainingJobName: 'shape-train' }],
        ['DescribeProcessingJob', { ProcessingJobName: 'shape-proc' }],
        ['ListTrainingJobs', {}],
        ['ListProcessingJobs', {}],
        ['DescribeModel', { ModelName: 'shape-model' }],
        ['DescribeEndpointConfig', { EndpointConfigName: 'shape-config' }],
        ['DescribeEndpoint', { EndpointName: 'shape-endpoint' }],
      ];
      for (const [operation, input] of checks) {
        const output = await call(`SageMaker.${operation}`, input);
        const problems = validateShape(model, model.operations[operation].output!.shape, output);
        expect({ operation, ...problems }).toEqual({ operation, serialization: [], constraints: [] });
      }
      const described = await call('SageMaker.DescribeTrainingJob', { TrainingJobName: 'shape-train' });
      expect(described.TrainingJobStatus).toBe('Completed');
      expect(typeof described.CreationTime).toBe('number');
    } finally {
      await aws.stop();
    }
  });
});


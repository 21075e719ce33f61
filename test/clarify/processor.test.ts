/**
 * SageMakerClarifyProcessor against the local emulator: the CreateProcessingJob
 * request and the uploaded analysis_config.json equal what the real Python SDK
 * produced for the same inputs (test/fixtures/python-sdk/create_processing_job),
 * key order included, and every request passes the emulator's API-model validation.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { DescribeProcessingJobCommand } from '@aws-sdk/client-sagemaker';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DataConfig,
  ImageConfig,
  ModelConfig,
  ModelPredictedLabelConfig,
  SHAPConfig,
  BiasConfig,
} from '../../src/clarify/index.js';
import { SageMakerClarifyProcessor, type SageMakerClarifyProcessorOptions, type RunExplainabilityOptions } from '../../src/clarify/processor.js';
import { NetworkConfig } from '../../src/sagemaker/network-config.js';
import { AbortError, AwsServiceError, UnexpectedStatusError, ValidationError, WaiterTimeoutError } from '../../src/errors.js';
import { FAST_WAIT, ROLE, ordered, startTestAws, type TestAws } from '../helpers/test-aws.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/python-sdk/create_processing_job');
const LABELS = ['001.ak47', '002.american-flag', '003.backpack', '004.baseball-bat', '005.baseball-glove'];
const INPUT = 's3://my-bucket/sagemaker/DEMO-sagemaker-clarify-cv/';
const OUTPUT = 's3://my-bucket/sagemaker/DEMO-sagemaker-clarify-cv/cv_analysis_result';

interface Fixture {
  id: string;
  outcome: string;
  s3_uploads: { bucket: string; key: string; extra_args: Record<string, string> | null; body: string }[];
  create_processing_job_request: Record<string, unknown>;
}

function notebookConfigs(bucket = 'my-bucket', data: Partial<ConstructorParameters<typeof DataConfig>[0]> = {}) {
  const input = INPUT.replace('my-bucket', bucket);
  return {
    dataConfig: new DataConfig({
      s3DataInputPath: input,
      s3OutputPath: `${input}cv_analysis_result`,
      datasetType: 'application/x-image',
      ...data,
    }),
    modelConfig: new ModelConfig({
      modelName: 'DEMO-clarify-image-classification-model',
      instanceType: 'ml.m5.xlarge',
      instanceCount: 1,
      contentType: 'image/jpeg',
    }),
    shapConfig: new SHAPConfig({
      numSamples: 500,
      imageConfig: new ImageConfig({ modelType: 'IMAGE_CLASSIFICATION', numSegments: 20, segmentCompactness: 5 }),
    }),
    modelScores: new ModelPredictedLabelConfig({ labelHeaders: LABELS }),
  };
}

/** The variants' inputs, as described in index.json. */
const VARIANTS: Record<string, { processor?: Partial<SageMakerClarifyProcessorOptions>; run?: RunExplainabilityOptions; data?: Partial<ConstructorParameters<typeof DataConfig>[0]> }> = {
  base: {},
  job_name_prefix: { processor: { jobNamePrefix: 'my-prefix' } },
  kms_keys: {
    processor: {
      volumeKmsKey: 'arn:aws:kms:us-west-2:111122223333:key/volume-key-id',
      outputKmsKey: 'arn:aws:kms:us-west-2:111122223333:key/output-key-id',
    },
  },
  max_runtime: { processor: { maxRuntimeInSeconds: 3600 } },
  env: { processor: { env: { A: '1' } } },
  tags: { processor: { tags: [{ Key: 'k', Value: 'v' }] } },
  network_config: { processor: { networkConfig: new NetworkConfig({ enableNetworkIsolation: false, securityGroupIds: ['sg-1'], subnets: ['subnet-1'] }) } },
  instance_count_2: { processor: { instanceCount: 2 } },
  volume_size_100: { processor: { volumeSizeInGb: 100 } },
  explicit_job_name: { run: { jobName: 'my-explicit-job' } },
  output_path_trailing_slash: { data: { s3OutputPath: `${OUTPUT}/` } },
  analysis_config_output_path: { data: { s3AnalysisConfigOutputPath: 's3://my-bucket/clarify-configs' } },
};

let env: TestAws | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

function processorFor(test: TestAws, overrides: Partial<SageMakerClarifyProcessorOptions> = {}): SageMakerClarifyProcessor {
  return new SageMakerClarifyProcessor({ role: ROLE, instanceCount: 1, instanceType: 'ml.m5.xlarge', session: test.session, ...overrides });
}

async function expectParity(test: TestAws, fixture: Fixture): Promise<void> {
  const [request] = test.inputsOf('CreateProcessingJobCommand');
  expect(request).toEqual(fixture.create_processing_job_request);
  expect(ordered(request)).toBe(ordered(fixture.create_processing_job_request));
  for (const upload of fixture.s3_uploads) {
    const object = await test.session.s3Client.send(new GetObjectCommand({ Bucket: upload.bucket, Key: upload.key }));
    expect(await object.Body!.transformToString('utf8')).toBe(upload.body);
    const put = test.inputsOf('PutObjectCommand').find((p) => p.Key === upload.key && p.Bucket === upload.bucket);
    expect(put, `PutObject of ${upload.key}`).toBeDefined();
    const extras = Object.fromEntries(Object.entries(put!).filter(([k]) => !['Bucket', 'Key', 'Body'].includes(k)));
    expect(extras).toEqual(upload.extra_args ?? {});
  }
  expect(test.rejected()).toEqual([]);
  expect(test.aws.requests.map((r) => r.operation)).toContain('sagemaker:CreateProcessingJob');
}

describe('CreateProcessingJob parity with the Python SDK', () => {
  const files = readdirSync(FIXTURES).filter((f) => f !== 'index.json' && f.endsWith('.json'));
  it('covers every fixture variant', () => {
    expect(files.map((f) => f.replace('.json', '')).sort()).toEqual([...Object.keys(VARIANTS), 'sdk_default_bucket'].sort());
  });

  for (const [id, variant] of Object.entries(VARIANTS)) {
    it(`builds the request of variant ${id}`, async () => {
      const fixture = JSON.parse(readFileSync(join(FIXTURES, `${id}.json`), 'utf8')) as Fixture;
      env = await startTestAws();
      const { dataConfig, modelConfig, shapConfig, modelScores } = notebookConfigs('my-bucket', variant.data);
      const processor = processorFor(env, variant.processor);
      const job = await processor.runExplainability(dataConfig, modelConfig, shapConfig, { modelScores, wait: false, logs: false, ...variant.run });
      expect(job.jobName).toBe(fixture.create_processing_job_request.ProcessingJobName);
      await expectParity(env, fixture);
    });
  }

  it('builds the request of variant sdk_default_bucket (bucket named and created by the session)', async () => {
    const fixture = JSON.parse(readFileSync(join(FIXTURES, 'sdk_default_bucket.json'), 'utf8')) as Fixture;
    env = await startTestAws({ buckets: [] });
    const bucket = await env.session.defaultBucket();
    expect(bucket).toBe('sagemaker-us-west-2-111122223333');
    const { dataConfig, modelConfig, shapConfig, modelScores } = notebookConfigs(bucket);
    await processorFor(env).runExplainability(dataConfig, modelConfig, shapConfig, { modelScores, wait: false, logs: false });
    await expectParity(env, fixture);
    const created = env.inputsOf('CreateBucketCommand');
    expect(created).toEqual([{ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: 'us-west-2' } }]);
  });
});

describe('SageMakerClarifyProcessor runs', () => {
  it('uploads analysis_config.json with SSE-KMS when kmsKey is given, and not in the job request', async () => {
    env = await startTestAws();
    const { dataConfig, modelConfig, shapConfig, modelScores } = notebookConfigs();
    await processorFor(env).runExplainability(dataConfig, modelConfig, shapConfig, { modelScores, wait: false, logs: false, kmsKey: 'run-key' });
    const [put] = env.inputsOf('PutObjectCommand');
    expect(put).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'run-key' });
    expect(JSON.stringify(env.inputsOf('CreateProcessingJobCommand')[0])).not.toContain('run-key');
    expect(env.rejected()).toEqual([]);
  });

  it('checks everything before uploading: logs without wait, bad job names, Gzip with File mode, schema failures', async () => {
    env = await startTestAws();
    const test = env;
    const { dataConfig, modelConfig, shapConfig, modelScores } = notebookConfigs();
    const processor = processorFor(test);
    const attempts: [string, () => Promise<unknown>][] = [
      ['logs', () => processor.runExplainability(dataConfig, modelConfig, shapConfig, { modelScores, wait: false, logs: true })],
      ['jobName', () => processor.runExplainability(dataConfig, modelConfig, shapConfig, { modelScores, jobName: 'bad_name' })],
      ['s3CompressionType', () => {
        const gz = notebookConfigs('my-bucket', { s3CompressionType: 'Gzip' }).dataConfig;
        return processor.runExplainability(gz, modelConfig, shapConfig, { modelScores, wait: false, logs: false });
      }],
      ['predictor.content_type', () => {
        const jpg = new ModelConfig({ modelName: 'm', instanceType: 'ml.m5.xlarge', instanceCount: 1, contentType: 'image/jpg' });
        return processor.runExplainability(dataConfig, jpg, shapConfig, { modelScores, wait: false, logs: false });
      }],
      ['kmsKey', () => processor.runExplainability(dataConfig, modelConfig, shapConfig, { modelScores, wait: false, logs: false, kmsKey: '' })],
      ['minDelay', () => processor.runExplainability(dataConfig, modelConfig, shapConfig, { modelScores, minDelay: -1 })],
    ];
    for (const [field, attempt] of attempts) {
      const error = await attempt().then(() => undefined, (e: unknown) => e);
      expect(error, field).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field, field).toContain(field);
    }
    expect(test.inputsOf('PutObjectCommand')).toEqual([]);
    expect(test.aws.requests).toEqual([]);
    expect(await test.aws.s3.listObjects('s3://my-bucket/')).toEqual([]);
  });

  it('uploads analysis_config.json where the job will read it, for an output path that is a bare bucket', async () => {
    env = await startTestAws();
    const { dataConfig, modelConfig, shapConfig, modelScores } = notebookConfigs('my-bucket', { s3OutputPath: 's3://my-bucket/' });
    await processorFor(env).runExplainability(dataConfig, modelConfig, shapConfig, { modelScores, wait: false, logs: false });
    const [request] = env.inputsOf('CreateProcessingJobCommand') as { ProcessingInputs: { InputName: string; S3Input: { S3Uri: string } }[] }[];
    // Python joins '' and the name with '/': the job reads the key "/analysis_config.json".
    const uri = request.ProcessingInputs.find((i) => i.InputName === 'analysis_config')!.S3Input.S3Uri;
    expect(uri).toBe('s3://my-bucket//analysis_config.json');
    expect(env.inputsOf('PutObjectCommand').map((p) => p.Key)).toEqual(['/analysis_config.json']);
    const object = await env.session.s3Client.send(new GetObjectCommand({ Bucket: 'my-bucket', Key: '/analysis_config.json' }));
    expect(JSON.parse(await object.Body!.transformToString('utf8'))).toMatchObject({ dataset_type: 'application/x-image' });
  });

  it('refuses bias methods null (Python None) or [] before any upload, as Python does', async () => {
    env = await startTestAws();
    const processor = processorFor(env);
    const dataConfig = new DataConfig({ s3DataInputPath: 's3://my-bucket/t/train.csv', s3OutputPath: 's3://my-bucket/t/out', label: 'target', headers: ['target', 'age'] });
    const biasConfig = new BiasConfig({ labelValuesOrThreshold: [1], facetName: 'age' });
    const modelScores = new ModelPredictedLabelConfig({ probabilityThreshold: 0.5 });
    const modelConfig = new ModelConfig({ modelName: 'm', instanceType: 'ml.m5.xlarge', instanceCount: 1 });
    for (const attempt of [
      () => processor.runPreTrainingBias(dataConfig, biasConfig, { methods: null, wait: false }),
      () => processor.runPreTrainingBias(dataConfig, biasConfig, { methods: [], wait: false }),
      () => processor.runPostTrainingBias(dataConfig, biasConfig, modelConfig, modelScores, { methods: null, wait: false }),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as Error).message).toContain('at least one working method');
    }
    expect(env.inputsOf('PutObjectCommand')).toEqual([]);
    expect(env.aws.requests).toEqual([]);
  });

  it('names bias-and-explainability jobs as Python does', async () => {
    env = await startTestAws();
    const { dataConfig, modelConfig, shapConfig, modelScores } = notebookConfigs();
    const biasConfig = new BiasConfig({ labelValuesOrThreshold: [1], facetName: 'age' });
    const job = await processorFor(env).runBiasAndExplainability(dataConfig, modelConfig, shapConfig, biasConfig, {
      modelPredictedLabelConfig: modelScores, wait: false, logs: false, postTrainingMethods: null, preTrainingMethods: 'all',
    }).catch((e: unknown) => e);
    expect(job).toMatchObject({ jobName: 'Clarify-Bias-And-Explainability-2026-11-28-12-34-56-789' });
  });

  it('refuses run() and a session without a region', async () => {
    env = await startTestAws();
    await expect(processorFor(env).run()).rejects.toBeInstanceOf(ValidationError);
    const { Session } = await import('../../src/sagemaker/session.js');
    expect(() => new SageMakerClarifyProcessor({ role: ROLE, instanceCount: 1, instanceType: 'ml.m5.xlarge', session: new Session() }))
      .toThrow(ValidationError);
    expect(() => new SageMakerClarifyProcessor({ role: ROLE, instanceCount: 1, instanceType: 'ml.m5.xlarge', session: new Session({ region: 'il-central-1' }) }))
      .toThrow(/ap-northeast-1.*us-west-2/);
  });

  it('keeps the last analysis config and sends bias jobs with their default names and EndOfJob uploads', async () => {
    env = await startTestAws();
    const processor = processorFor(env);
    const dataConfig = new DataConfig({
      s3DataInputPath: 's3://my-bucket/tabular/train.csv', s3OutputPath: 's3://my-bucket/tabular/out', label: 'target', headers: ['target', 'age', 'grp', 'f1'],
    });
    const biasConfig = new BiasConfig({ labelValuesOrThreshold: [1], facetName: 'age', facetValuesOrThreshold: [40], groupName: 'grp' });
    const job = await processor.runPreTrainingBias(dataConfig, biasConfig, { wait: false, logs: false });
    expect(job.jobName).toBe('Clarify-Pretraining-Bias-2026-11-28-12-34-56-789');
    const expected = readFileSync(join(import.meta.dirname, '../fixtures/python-sdk/analysis_config/05a_pretraining_bias.json'), 'utf8');
    expect(Buffer.from(await env.aws.s3.getObject('s3://my-bucket/tabular/out/analysis_config.json')).toString()).toBe(expected);
    expect(processor.lastAnalysisConfig).toEqual(JSON.parse(expected));
    const [request] = env.inputsOf('CreateProcessingJobCommand') as { ProcessingOutputConfig: { Outputs: { S3Output: { S3UploadMode: string } }[] } }[];
    expect(request.ProcessingOutputConfig.Outputs[0].S3Output.S3UploadMode).toBe('EndOfJob');
    expect(env.rejected()).toEqual([]);
  });

  it('waits for the job, tails the logs of every instance in time order, and surfaces a failure reason', async () => {
    env = await startTestAws({
      onProcessingJob: (job) => {
        job.log('computing SHAP values');
      },
    });
    const { dataConfig, modelConfig, shapConfig, modelScores } = notebookConfigs();
    const lines: { instance: number; message: string; timestamp: number }[] = [];
    const processor = processorFor(env, { instanceCount: 2 });
    const job = await processor.runExplainability(dataConfig, modelConfig, shapConfig, {
      modelScores, ...FAST_WAIT, onLog: (e) => lines.push(e),
    });
    const description = await job.describe();
    expect(description.ProcessingJobStatus).toBe('Completed');
    expect(new Set(lines.map((l) => l.instance))).toEqual(new Set([0, 1]));
    expect(lines.map((l) => l.message)).toContain('computing SHAP values');
    expect(lines.map((l) => l.timestamp)).toEqual([...lines.map((l) => l.timestamp)].sort((a, b) => a - b));
    expect(env.rejected()).toEqual([]);

    env.aws.failJob('failing-job', 'ClientError: the model endpoint failed');
    const error = await processor
      .runExplainability(dataConfig, modelConfig, shapConfig, { modelScores, jobName: 'failing-job', logs: false, ...FAST_WAIT })
      .then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedStatusError);
    expect(error).toMatchObject({ status: 'Failed', failureReason: 'ClientError: the model endpoint failed', allowedStatuses: ['Completed', 'Stopped'] });
  });

  it('stops polling when aborted, after the job was created', async () => {
    env = await startTestAws({ jobDurationMs: 5_000 });
    const { dataConfig, modelConfig, shapConfig, modelScores } = notebookConfigs();
    const controller = new AbortController();
    const run = processorFor(env).runExplainability(dataConfig, modelConfig, shapConfig, {
      modelScores, logs: false, minDelay: 0.02, maxDelay: 0.02, signal: controller.signal,
    });
    // Abort once waiting has begun, i.e. after the first poll reached the service.
    const test = env;
    const watcher = setInterval(() => {
      if (test.aws.requests.some((r) => r.operation === 'sagemaker:DescribeProcessingJob')) controller.abort(new Error('user cancelled'));
    }, 5);
    const error = await run.catch((e: unknown) => e);
    clearInterval(watcher);
    // The waiter is one awaited loop: it rejected with the user's reason, so nothing of it runs on.
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toMatchObject({ message: 'user cancelled' });
    const [job] = env.inputsOf('CreateProcessingJobCommand') as { ProcessingJobName: string }[];
    expect((await env.session.sagemakerClient.send(new DescribeProcessingJobCommand({ ProcessingJobName: job.ProcessingJobName }))).ProcessingJobStatus)
      .toBe('InProgress');
    expect(await env.aws.s3.listObjects(`${OUTPUT}/`)).toEqual([`${OUTPUT}/analysis_config.json`]);
  });

  it('rides out throttled and failing describes through the AWS SDK retries, and wraps a failed create', async () => {
    env = await startTestAws({}, {}, { maxAttempts: 3 });
    const { dataConfig, modelConfig, shapConfig, modelScores } = notebookConfigs();
    env.aws.faults.failNext('sagemaker:DescribeProcessingJob', { times: 1, error: 'throttling' });
    env.aws.faults.failNext('sagemaker:DescribeProcessingJob', { times: 1, error: 'unavailable' });
    const job = await processorFor(env).runExplainability(dataConfig, modelConfig, shapConfig, { modelScores, logs: false, ...FAST_WAIT });
    expect((await job.describe()).ProcessingJobStatus).toBe('Completed');
    const statuses = env.aws.requests.filter((r) => r.operation === 'sagemaker:DescribeProcessingJob').map((r) => r.status);
    expect(statuses.slice(0, 3)).toEqual([400, 503, 200]);

    env.aws.faults.failNext('sagemaker:CreateProcessingJob', { times: 3, error: 'internal' });
    const error = await processorFor(env)
      .runExplainability(dataConfig, modelConfig, shapConfig, { modelScores, wait: false, logs: false, jobName: 'second-job' })
      .then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(AwsServiceError);
    expect(error).toMatchObject({ operation: 'sagemaker:CreateProcessingJob', code: 'InternalFailure', httpStatusCode: 500, attempts: 3 });
  });

  it('gives up waiting after maxWaitTime with a WaiterTimeoutError', async () => {
    env = await startTestAws({ jobDurationMs: 5_000 });
    const { dataConfig, modelConfig, shapConfig, modelScores } = notebookConfigs();
    const error = await processorFor(env)
      .runExplainability(dataConfig, modelConfig, shapConfig, { modelScores, logs: false, minDelay: 0.02, maxDelay: 0.05, maxWaitTime: 0.2 })
      .then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(WaiterTimeoutError);
    // It gave up on its own schedule: at most one describe per minDelay within maxWaitTime, the job still running.
    const describes = env.aws.requests.filter((r) => r.operation === 'sagemaker:DescribeProcessingJob');
    expect(describes.length).toBeGreaterThan(0);
    expect(describes.length).toBeLessThanOrEqual(0.2 / 0.02 + 1);
    const [job] = env.inputsOf('CreateProcessingJobCommand') as { ProcessingJobName: string }[];
    expect((await env.session.sagemakerClient.send(new DescribeProcessingJobCommand({ ProcessingJobName: job.ProcessingJobName }))).ProcessingJobStatus)
      .toBe('InProgress');
  });

  it('sends tags given as a record in list form, values as Python str()', async () => {
    const fixture = JSON.parse(readFileSync(join(FIXTURES, 'tags.json'), 'utf8')) as Fixture;
    env = await startTestAws();
    const { dataConfig, modelConfig, shapConfig, modelScores } = notebookConfigs();
    await processorFor(env, { tags: { k: 'v' } }).runExplainability(dataConfig, modelConfig, shapConfig, { modelScores, wait: false });
    expect(env.inputsOf('CreateProcessingJobCommand')[0].Tags).toEqual(fixture.create_processing_job_request.Tags);
  });
});

/**
 * Estimator, TrainingInput, Model and Predictor against the local emulator: the
 * CreateTrainingJob and CreateModel requests equal the real Python SDK's
 * (test/fixtures/python-sdk/training_and_model), key order included; waiting
 * with logs, model_data, deploy/predict/delete, and failures.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Estimator } from '../../src/sagemaker/estimator.js';
import { imageUris } from '../../src/sagemaker/image-uris.js';
import { Model } from '../../src/sagemaker/model.js';
import { Predictor } from '../../src/sagemaker/predictor.js';
import { JPEG_SERIALIZER, JSONDeserializer, JSONSerializer, NumpySerializer } from '../../src/sagemaker/serializers.js';
import { TrainingInput } from '../../src/sagemaker/training-input.js';
import { CapacityError, UnexpectedStatusError, ValidationError } from '../../src/errors.js';
import { pythonStr } from '../../src/sagemaker/python-str.js';
import { FAST_WAIT, ROLE, ordered, startTestAws, type TestAws } from '../helpers/test-aws.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/python-sdk/training_and_model');

interface TrainingFixture {
  calls: { operation: string; params: Record<string, unknown> }[];
  model_steps: { step: string; result: unknown; calls: { operation: string; params: Record<string, unknown> }[] }[];
  delete_model_calls: { operation: string; params: Record<string, unknown> }[];
}

let env: TestAws | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

function notebookEstimator(test: TestAws, epochs: number): Estimator {
  const estimator = new Estimator({
    imageUri: imageUris.retrieve('image-classification', 'us-west-2', { version: 'latest' }),
    role: ROLE,
    instanceCount: 1,
    instanceType: 'ml.p2.xlarge',
    volumeSize: 50,
    maxRun: 360000,
    inputMode: 'File',
    outputPath: 's3://my-bucket/ic-transfer-learning/output',
    session: test.session,
  });
  estimator.setHyperparameters({
    num_layers: 18,
    use_pretrained_model: 1,
    image_shape: '3,224,224',
    num_classes: 257,
    num_training_samples: 15420,
    mini_batch_size: 128,
    epochs,
    learning_rate: 0.01,
    precision_dtype: 'float32',
  });
  return estimator;
}

function channels(): Record<string, TrainingInput> {
  const input = (prefix: string): TrainingInput =>
    new TrainingInput(`s3://my-bucket/ic-transfer-learning/${prefix}/`, {
      distribution: 'FullyReplicated', contentType: 'application/x-recordio', s3DataType: 'S3Prefix',
    });
  return { train: input('train_rec'), validation: input('validation_rec') };
}

describe('CreateTrainingJob and CreateModel parity with the Python SDK', () => {
  for (const [file, epochs] of [['create_training_job.json', 5], ['create_training_job_notebook_epochs2.json', 2]] as const) {
    it(`builds the request of ${file}`, async () => {
      const fixture = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as TrainingFixture;
      env = await startTestAws();
      const job = await notebookEstimator(env, epochs).fit({ inputs: channels(), wait: false });
      const [request] = env.inputsOf('CreateTrainingJobCommand');
      expect(request).toEqual(fixture.calls[0].params);
      expect(ordered(request)).toBe(ordered(fixture.calls[0].params));
      expect(job.jobName).toBe('image-classification-2026-11-28-12-34-56-789');
      expect(env.rejected()).toEqual([]);
    });
  }

  it('creates the model as the notebook does: one DescribeTrainingJob, then CreateModel with Environment {}; DeleteModel to clean up', async () => {
    const fixture = JSON.parse(readFileSync(join(FIXTURES, 'create_training_job.json'), 'utf8')) as TrainingFixture;
    env = await startTestAws();
    const estimator = notebookEstimator(env, 5);
    await estimator.fit({ inputs: channels(), ...FAST_WAIT, logs: false });
    const before = env.sent.length;
    const model = await estimator.createModel({ name: 'DEMO-clarify-image-classification-model' });
    expect(env.sent.slice(before).map((s) => s.command)).toEqual(['DescribeTrainingJobCommand']);
    const [createStep, containerStep, sessionCreateStep] = fixture.model_steps;
    expect(createStep.calls[0].operation).toBe('DescribeTrainingJob');
    expect(model.prepareContainerDef()).toEqual(containerStep.result);
    expect(ordered(model.prepareContainerDef())).toBe(ordered(containerStep.result));
    await model.create();
    const [createModel] = env.inputsOf('CreateModelCommand');
    expect(ordered(createModel)).toBe(ordered(sessionCreateStep.calls[0].params));
    await model.deleteModel();
    expect(env.inputsOf('DeleteModelCommand')).toEqual(fixture.delete_model_calls.map((c) => c.params));
    expect(env.rejected()).toEqual([]);
  });

  it('creates the model with Session.createModel(name, role, containerDef), the notebook\'s call, sending Python\'s request', async () => {
    const fixture = JSON.parse(readFileSync(join(FIXTURES, 'create_training_job.json'), 'utf8')) as TrainingFixture;
    env = await startTestAws();
    const estimator = notebookEstimator(env, 5);
    await estimator.fit({ inputs: channels(), ...FAST_WAIT, logs: false });
    const model = await estimator.createModel({ name: 'DEMO-clarify-image-classification-model' });
    const [, , sessionCreateStep] = fixture.model_steps;
    expect(sessionCreateStep.step).toBe('sess.create_model(MODEL_NAME, role, container_def)');
    const name = await env.session.createModel('DEMO-clarify-image-classification-model', ROLE, model.prepareContainerDef());
    expect(name).toBe('DEMO-clarify-image-classification-model');
    const [createModel] = env.inputsOf('CreateModelCommand');
    expect(createModel).toEqual(sessionCreateStep.calls[0].params);
    expect(ordered(createModel)).toBe(ordered(sessionCreateStep.calls[0].params));
    // An existing model of that name is kept, as Python does.
    await expect(env.session.createModel('DEMO-clarify-image-classification-model', ROLE, model.prepareContainerDef())).resolves.toBe(name);
    expect(env.rejected().filter((r) => r.operation !== 'sagemaker:CreateModel')).toEqual([]);
  });

  it('sends a list of containers as Containers and the optional keys in Python\'s order, and refuses bad arguments before any call', async () => {
    env = await startTestAws();
    const container = { Image: 'img:1', Environment: {} };
    await env.session.createModel('listed', ROLE, [container, { Image: 'img:2' }], {
      tags: { team: 'ml' }, vpcConfig: { SecurityGroupIds: ['sg-1'], Subnets: ['subnet-1'] }, enableNetworkIsolation: true,
    });
    await env.session.createModel('primary', ROLE, undefined, { primaryContainer: container, enableNetworkIsolation: false });
    const [listed, primary] = env.inputsOf('CreateModelCommand');
    expect(Object.keys(listed)).toEqual(['ModelName', 'ExecutionRoleArn', 'Containers', 'Tags', 'VpcConfig', 'EnableNetworkIsolation']);
    expect(listed.Containers).toEqual([container, { Image: 'img:2' }]);
    expect(listed.Tags).toEqual([{ Key: 'team', Value: 'ml' }]);
    expect(Object.keys(primary)).toEqual(['ModelName', 'ExecutionRoleArn', 'PrimaryContainer']);
    const before = env.aws.requests.length;
    await expect(env.session.createModel('both', ROLE, container, { primaryContainer: container })).rejects.toMatchObject({ field: 'primaryContainer' });
    await expect(env.session.createModel('bad_name', ROLE, container)).rejects.toMatchObject({ field: 'name' });
    await expect(env.session.createModel('none', ROLE)).rejects.toMatchObject({ field: 'containerDefs' });
    await expect(env.session.createModel('no-role', '', container)).rejects.toMatchObject({ field: 'role' });
    expect(env.aws.requests.length).toBe(before);
  });

  it('adds the debugger and profiler defaults only where the region supports them', async () => {
    env = await startTestAws();
    const estimator = (region: string) => {
      const e = new Estimator({ imageUri: 'img:1', role: ROLE, instanceCount: 1, instanceType: 'ml.m5.large', outputPath: 's3://my-bucket/o', session: env!.session });
      return { e, region };
    };
    // The emulator's session is us-west-2 (supported): both present.
    await estimator('us-west-2').e.fit({ wait: false, jobName: 'job-a' });
    const [a] = env.inputsOf('CreateTrainingJobCommand');
    expect(Object.keys(a)).toEqual(expect.arrayContaining(['DebugHookConfig', 'ProfilerConfig']));
    const disabled = new Estimator({ imageUri: 'img:1', role: ROLE, instanceCount: 1, instanceType: 'ml.m5.large', outputPath: 's3://my-bucket/o', session: env.session, disableProfiler: true });
    await disabled.fit({ wait: false, jobName: 'job-b' });
    expect(env.inputsOf('CreateTrainingJobCommand')[1].ProfilerConfig).toEqual({ DisableProfiler: true });
    expect(env.rejected()).toEqual([]);
  });
});

describe('Estimator.fit', () => {
  it('waits, tails the training logs, and reads model data after the job wrote it', async () => {
    env = await startTestAws({ onTrainingJob: (job) => job.log('epoch 1: accuracy 0.5') });
    const lines: string[] = [];
    const estimator = notebookEstimator(env, 2);
    await estimator.fit({ inputs: channels(), ...FAST_WAIT, onLog: (e) => lines.push(e.message) });
    expect(lines).toContain('epoch 1: accuracy 0.5');
    const uri = await estimator.modelData();
    expect(uri).toBe('s3://my-bucket/ic-transfer-learning/output/image-classification-2026-11-28-12-34-56-789/output/model.tar.gz');
    expect((await env.aws.s3.getObject(uri)).length).toBeGreaterThan(0);
  });

  it('raises the FailureReason of a failed job, and CapacityError for capacity failures', async () => {
    env = await startTestAws();
    env.aws.failJob('failing', 'AlgorithmError: out of memory');
    env.aws.failJob('no-capacity', 'CapacityError: Unable to provision requested ML compute capacity.');
    const estimator = notebookEstimator(env, 1);
    await expect(estimator.fit({ jobName: 'failing', logs: false, ...FAST_WAIT })).rejects.toMatchObject({
      name: 'UnexpectedStatusError', status: 'Failed', failureReason: 'AlgorithmError: out of memory', resourceType: 'Training job',
    });
    const error = await estimator.fit({ jobName: 'no-capacity', logs: false, ...FAST_WAIT }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CapacityError);
    expect(error).toBeInstanceOf(UnexpectedStatusError);
  });

  it('refuses bad input before any call', async () => {
    env = await startTestAws();
    const estimator = notebookEstimator(env, 1);
    await expect(estimator.fit({ inputs: 'file:///tmp/data', wait: false })).rejects.toBeInstanceOf(ValidationError);
    await expect(estimator.fit({ jobName: 'has_underscore', wait: false })).rejects.toMatchObject({ field: 'jobName' });
    await expect(estimator.modelData()).rejects.toMatchObject({ field: 'latestTrainingJob' });
    expect(() => estimator.setHyperparameters({ lr: Number.NaN })).toThrow(ValidationError);
    expect(() => new Estimator({ imageUri: 'i', role: ROLE, instanceCount: 0, instanceType: 'ml.m5.large' })).toThrow(/instanceCount/);
    expect(env.aws.requests).toEqual([]);
  });
});

describe('Model.deploy and Predictor', () => {
  it('deploys, predicts with JSON, JPEG and npy bodies, and deletes endpoint, config and model', async () => {
    env = await startTestAws();
    const bodies: { contentType: string | undefined; body: Uint8Array }[] = [];
    env.aws.setEndpointHandler('my-endpoint', ({ body, contentType }) => {
      bodies.push({ body, contentType });
      return { body: JSON.stringify([0.25, 0.75]), contentType: 'application/json' };
    });
    const model = new Model({ imageUri: 'img:1', modelData: 's3://my-bucket/model.tar.gz', role: ROLE, name: 'my-model', session: env.session });
    const predictor = await model.deploy({ instanceType: 'ml.m5.xlarge', endpointName: 'my-endpoint', ...FAST_WAIT,
      serializer: new JSONSerializer(), deserializer: new JSONDeserializer() });
    expect(await predictor.predict({ instances: [1, 2] })).toEqual([0.25, 0.75]);
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);
    const imagePredictor = new Predictor({ endpointName: 'my-endpoint', session: env.session, serializer: JPEG_SERIALIZER, deserializer: new JSONDeserializer() });
    expect(await imagePredictor.predict(jpeg)).toEqual([0.25, 0.75]);
    const npy = new Predictor({ endpointName: 'my-endpoint', session: env.session, serializer: new NumpySerializer() });
    await npy.predict({ data: new Float32Array([0.5]), shape: [1] });
    expect(bodies.map((b) => b.contentType)).toEqual(['application/json', 'image/jpeg', 'application/x-npy']);
    expect(new TextDecoder().decode(bodies[0].body)).toBe('{"instances":[1,2]}');
    expect([...bodies[1].body]).toEqual([...jpeg]);

    const [config] = env.inputsOf('CreateEndpointConfigCommand');
    expect(ordered(config)).toBe(ordered({
      EndpointConfigName: 'my-endpoint',
      ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'my-model', InitialVariantWeight: 1, InitialInstanceCount: 1, InstanceType: 'ml.m5.xlarge' }],
    }));
    expect(env.inputsOf('CreateEndpointCommand')).toEqual([{ EndpointName: 'my-endpoint', EndpointConfigName: 'my-endpoint', Tags: [] }]);

    await predictor.deleteModel();
    await predictor.deleteEndpoint();
    expect(env.sent.slice(-5).map((s) => s.command)).toEqual([
      'DescribeEndpointCommand', 'DescribeEndpointConfigCommand', 'DeleteModelCommand', 'DeleteEndpointConfigCommand', 'DeleteEndpointCommand',
    ]);
    expect(env.rejected()).toEqual([]);
  });

  it('raises the FailureReason of an endpoint that fails to start', async () => {
    env = await startTestAws();
    env.aws.failEndpoint('broken', 'The primary container did not pass the ping health check.');
    const model = new Model({ imageUri: 'img:1', modelData: 's3://my-bucket/model.tar.gz', role: ROLE, name: 'm2', session: env.session });
    await expect(model.deploy({ instanceType: 'ml.m5.xlarge', endpointName: 'broken', ...FAST_WAIT })).rejects.toMatchObject({
      resourceType: 'Endpoint', status: 'Failed', allowedStatuses: ['InService'],
      failureReason: 'The primary container did not pass the ping health check.',
    });
  });
});

describe('request bodies', () => {
  it('writes npy files numpy can read: magic, header with dtype and shape, 64-byte alignment, little-endian data', () => {
    const bytes = new NumpySerializer().serialize({ data: new Float32Array([1, 2, 3, 4, 5, 6]), shape: [2, 3] });
    expect([...bytes.slice(0, 8)]).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    const headerLength = bytes[8] | (bytes[9] << 8);
    expect((10 + headerLength) % 64).toBe(0);
    const header = new TextDecoder().decode(bytes.slice(10, 10 + headerLength));
    expect(header.trimEnd()).toBe("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }");
    expect(header.endsWith('\n')).toBe(true);
    const data = new Float32Array(bytes.slice(10 + headerLength).buffer);
    expect([...data]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => new NumpySerializer().serialize({ data: new Float32Array(5), shape: [2, 3] })).toThrow(ValidationError);
  });

  it('formats hyperparameters as Python str()', () => {
    expect([18, 0.01, 1e-5, 1e20, 0.5, true, false, '1.0', 12345678901234567890n].map((v) => pythonStr(v))).toEqual([
      '18', '0.01', '1e-05', '1e+20', '0.5', 'True', 'False', '1.0', '12345678901234567890',
    ]);
    // Beyond 2^53 a JavaScript number is a float, as Python writes it; pass a bigint for an exact int.
    expect(pythonStr(1.5e16)).toBe('1.5e+16');
    expect(pythonStr(2.5e-7)).toBe('2.5e-07');
    expect(pythonStr(123456.789)).toBe('123456.789');
  });
});

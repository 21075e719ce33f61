import { CreateEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand, DescribeEndpointCommand } from '@aws-sdk/client-sagemaker';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelError, ValidationError } from '../../../src/errors.js';
import type { PredictorConfig } from '../../../src/clarify/analysis-config.js';
import { checkTabularPredictor, tabularModelFromPredictorConfig } from '../../../src/models/tabular/from-predictor-config.js';
import { functionTabularModel } from '../../../src/models/tabular/function-model.js';
import { sagemakerEndpointTabularModel } from '../../../src/models/tabular/sagemaker-tabular-model.js';
import type { TabularRow } from '../../../src/models/tabular/tabular-model.js';
import type { InvocationRequest } from '../../../src/testing/index.js';
import { ROLE, type TestAws, startTestAws } from '../../helpers/test-aws.js';
import { treeClassifierExpected, treeClassifierModel } from '../../helpers/onnx-ml-models.js';

let env: TestAws | undefined;

afterEach(async () => {
  await env?.close();
  env = undefined;
});

/** Creates an InService endpoint in the emulator whose answers `handler` gives. */
async function endpoint(test: TestAws, name: string, handler: (request: InvocationRequest) => string): Promise<InvocationRequest[]> {
  const client = test.session.sagemakerClient;
  await client.send(new CreateModelCommand({ ModelName: `${name}-model`, ExecutionRoleArn: ROLE, PrimaryContainer: { Image: '111122223333.dkr.ecr.us-west-2.amazonaws.com/xgb:1' } }));
  await client.send(new CreateEndpointConfigCommand({
    EndpointConfigName: `${name}-config`,
    ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: `${name}-model`, InitialInstanceCount: 1, InstanceType: 'ml.m5.xlarge' }],
  }));
  await client.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: `${name}-config` }));
  while ((await client.send(new DescribeEndpointCommand({ EndpointName: name }))).EndpointStatus !== 'InService') await new Promise((r) => setTimeout(r, 10));
  const seen: InvocationRequest[] = [];
  test.aws.setEndpointHandler(name, (request) => {
    seen.push(request);
    return { body: handler(request), contentType: request.accept ?? 'text/csv' };
  });
  return seen;
}

const text = (r: InvocationRequest) => new TextDecoder().decode(r.body);
/** An XGBoost-like binary model: the score of a line is its first value over 100. */
const csvScores = (r: InvocationRequest) => text(r).split('\n').map((l) => String(Number(l.split(',')[0]) / 100)).join('\n');
const rows: TabularRow[] = Array.from({ length: 7 }, (_, i) => [20 + i, i % 3 === 0 ? 'Private' : 'State-gov']);

describe('sagemakerEndpointTabularModel against the emulated SageMaker Runtime', () => {
  it('invokes the endpoint with the CSV body, content type, accept and custom attributes', async () => {
    env = await startTestAws();
    const seen = await endpoint(env, 'xgb', csvScores);
    const model = sagemakerEndpointTabularModel({
      endpointName: 'xgb',
      client: env.session.sagemakerRuntimeClient,
      probability: 0,
      maxRecordsPerRequest: 3,
      concurrency: 1,
      customAttributes: 'trace=1',
    });
    expect(await model.predict(rows)).toEqual(rows.map((r) => ({ scores: [Number(r[0]) / 100] })));
    expect(seen.map(text)).toEqual([
      '20,"Private"\n21,"State-gov"\n22,"State-gov"',
      '23,"Private"\n24,"State-gov"\n25,"State-gov"',
      '26,"Private"',
    ]);
    expect(seen.map((r) => [r.contentType, r.accept, r.customAttributes])).toEqual(Array(3).fill(['text/csv', 'text/csv', 'trace=1']));
    expect(env.inputsOf('InvokeEndpointCommand').map((i) => i.EndpointName)).toEqual(['xgb', 'xgb', 'xgb']);
  });

  it('rides out throttling through the SDK retries', async () => {
    env = await startTestAws();
    const seen = await endpoint(env, 'xgb', csvScores);
    env.aws.faults.failNext('sagemaker-runtime:InvokeEndpoint', { times: 2, error: 'throttling' });
    const model = sagemakerEndpointTabularModel({ endpointName: 'xgb', client: env.session.sagemakerRuntimeClient });
    expect(await model.predict(rows.slice(0, 2))).toEqual([{ scores: [0.2] }, { scores: [0.21] }]);
    expect(env.rejected()).toEqual([
      { operation: 'sagemaker-runtime:InvokeEndpoint', status: 400 },
      { operation: 'sagemaker-runtime:InvokeEndpoint', status: 400 },
    ]);
    expect(seen).toHaveLength(1);
  });

  it('turns a model failure into a ModelError naming the endpoint and the records', async () => {
    env = await startTestAws();
    await endpoint(env, 'xgb', (r) => {
      if (text(r).startsWith('23')) throw new Error('feature 1 is not a float');
      return csvScores(r);
    });
    const model = sagemakerEndpointTabularModel({ endpointName: 'xgb', client: env.session.sagemakerRuntimeClient, maxRecordsPerRequest: 3, concurrency: 1 });
    const error = await model.predict(rows).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as Error).message).toMatch(/^Endpoint xgb call 1 \(records 3\.\.5\) failed: .*feature 1 is not a float/);
    expect(error).toMatchObject({ endpoint: 'xgb', index: 3, status: 424 });
  });
});

describe('tabularModelFromPredictorConfig', () => {
  const jsonPredictor: PredictorConfig = {
    endpoint_name: 'jsonl',
    content_type: 'application/jsonlines',
    content_template: '{"features":$features}',
    accept_type: 'application/jsonlines',
    label: 'predicted_label',
    probability: 'probabilities',
    label_headers: ['cat', 'dog'],
  };

  it('calls an endpoint_name with the predictor formats and the session client', async () => {
    env = await startTestAws();
    const seen = await endpoint(env, 'jsonl', (r) =>
      text(r).split('\n').map((l) => {
        const [x] = (JSON.parse(l) as { features: number[] }).features;
        return JSON.stringify({ predicted_label: x > 21 ? 'dog' : 'cat', probabilities: x > 21 ? [0.3, 0.7] : [0.6, 0.4] });
      }).join('\n'),
    );
    const model = await tabularModelFromPredictorConfig({ ...jsonPredictor, target_model: 'm.tar.gz' }, { session: env.session, datasetType: 'text/csv' });
    expect(model.describe).toBe('endpoint jsonl');
    expect(model.labelHeaders).toEqual(['cat', 'dog']);
    expect(await model.predict([[21, 'a'], [22, 'b']])).toEqual([{ label: 'cat', scores: [0.6, 0.4] }, { label: 'dog', scores: [0.3, 0.7] }]);
    expect(text(seen[0])).toBe('{"features":[21,"a"]}\n{"features":[22,"b"]}');
    expect(env.inputsOf('InvokeEndpointCommand')[0]).toMatchObject({ EndpointName: 'jsonl', ContentType: 'application/jsonlines', Accept: 'application/jsonlines', TargetModel: 'm.tar.gz' });
    await model.dispose();
  });

  it('defaults content_type to the dataset type and accept_type to the content type', async () => {
    env = await startTestAws();
    const seen = await endpoint(env, 'csv', csvScores);
    const model = await tabularModelFromPredictorConfig({ endpoint_name: 'csv' }, { session: env.session, datasetType: 'text/csv' });
    expect(await model.predict([[50, 'x']])).toEqual([{ scores: [0.5] }]);
    expect([seen[0].contentType, seen[0].accept]).toEqual(['text/csv', 'text/csv']);
    expect(() => checkTabularPredictor({ endpoint_name: 'csv' }, { datasetType: 'application/x-parquet' })).toThrow(/set predictor.content_type/);
  });

  it('hosts a SageMaker model on the endpoint hostModel gives, and disposes of it', async () => {
    env = await startTestAws();
    await endpoint(env, 'shadow-1', csvScores);
    const disposed: string[] = [];
    const model = await tabularModelFromPredictorConfig(
      { model_name: 'xgb-model', instance_type: 'ml.m5.xlarge', initial_instance_count: 1, probability: 0 },
      {
        session: env.session,
        datasetType: 'text/csv',
        hostModel: async (predictor) => ({ endpointName: 'shadow-1', dispose: async () => void disposed.push(predictor.model_name as string) }),
      },
    );
    expect(model.describe).toBe('endpoint shadow-1');
    expect(await model.predict([[30]])).toEqual([{ scores: [0.3] }]);
    await model.dispose();
    await model.dispose();
    expect(disposed).toEqual(['xgb-model']);
  });

  it('uses a model registered under model_name, with the predictor label_headers', async () => {
    const local = functionTabularModel((batch) => batch.map(() => ({ scores: [0.2, 0.8] })), { labelHeaders: ['a', 'b'] });
    const model = await tabularModelFromPredictorConfig({ model_name: 'mine', instance_type: 'ml.m5.xlarge', label_headers: ['no', 'yes'] }, { models: { mine: local } });
    expect(model.describe).toBe('local model mine');
    expect(model.labelHeaders).toEqual(['no', 'yes']);
    expect(await model.predict([[1]])).toEqual([{ scores: [0.2, 0.8] }]);
    const onnx = await tabularModelFromPredictorConfig({ model_name: 'tree' }, { models: { tree: { onnx: { model: treeClassifierModel() } } }, featureNames: ['x0', 'x1'] });
    expect((await onnx.predict([[3, 0.9]]))[0].label).toBe(treeClassifierExpected([3, 0.9]).index);
    await expect(onnx.predict([[3, 'no']])).rejects.toThrow(/feature 'x1'/);
    await onnx.dispose();
  });

  it('refuses what cannot run, naming the config key, before any call', () => {
    expect(() => checkTabularPredictor({ model_name: 'elsewhere', instance_type: 'ml.m5.xlarge' }, { models: { mine: functionTabularModel(() => []) } })).toThrow(
      /Invalid \$\.predictor\.model_name: got "elsewhere"; allowed: one of the registered models: mine \(or pass hostModel/,
    );
    const host = async () => ({ endpointName: 'x', dispose: async () => {} });
    expect(() => checkTabularPredictor({ model_name: 'm' }, { hostModel: host, datasetType: 'text/csv' })).toThrow(expect.objectContaining({ field: '$.predictor.instance_type' }));
    expect(() => checkTabularPredictor({ endpoint_name: 'e', content_type: 'application/jsonlines' }, {})).toThrow(expect.objectContaining({ field: '$.predictor.content_template' }));
    expect(() => checkTabularPredictor({ endpoint_name: 'e', content_type: 'image/png' }, {})).toThrow(expect.objectContaining({ field: '$.predictor.content_type' }));
    expect(() => checkTabularPredictor({ endpoint_name: 'e', content_type: 'text/csv', label: 'predicted_label' }, {})).toThrow(expect.objectContaining({ field: '$.predictor.label' }));
    expect(() => checkTabularPredictor({ endpoint_name: 'e', content_type: 'text/csv', accept_type: 'application/json', probability: 'a[' }, {})).toThrow(
      expect.objectContaining({ field: '$.predictor.probability' }),
    );
    expect(() => checkTabularPredictor({ endpoint_name: 'e', content_type: 'text/csv', label_headers: [{}] as never }, {})).toThrow(expect.objectContaining({ field: '$.predictor.label_headers' }));
    expect(() => checkTabularPredictor({ model_name: 'bad' }, { models: { bad: {} as never } })).toThrow(ValidationError);
  });
});

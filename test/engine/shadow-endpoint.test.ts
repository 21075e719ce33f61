/**
 * `predictor.model_name` naming a SageMaker model: the engine hosts it on a
 * temporary endpoint with the predictor's instance type and count, calls it,
 * and deletes endpoint and config afterwards, also when every call fails.
 */
import { CreateEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand, DescribeEndpointCommand } from '@aws-sdk/client-sagemaker';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { AnalysisConfig } from '../../src/clarify/analysis-config.js';
import { runAnalysis } from '../../src/engine/run-analysis.js';
import { AbortError } from '../../src/errors.js';
import { ROLE, startTestAws } from '../helpers/test-aws.js';
import { folderWith, squarePng } from '../helpers/engine-fixtures.js';

const config: AnalysisConfig = {
  dataset_type: 'application/x-image',
  predictor: { model_name: 'brightness-model', instance_type: 'ml.m5.xlarge', initial_instance_count: 2, content_type: 'image/png', label_headers: ['dark', 'bright'] },
  methods: { shap: { use_logit: false, save_local_shap_values: true, num_samples: 20, seed: 1, image_config: { model_type: 'IMAGE_CLASSIFICATION', num_segments: 4, segment_compactness: 10 } } },
};

async function brightnessOf(png: Uint8Array): Promise<number[]> {
  const { data } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const p = data.reduce((s, v) => s + v, 0) / data.length / 255;
  return [1 - p, p];
}

describe('shadow endpoint for a SageMaker model', () => {
  for (const outcome of ['succeeds', 'fails', 'is aborted'] as const) {
    const failing = outcome === 'fails';
    it(`creates, calls and deletes the endpoint when the run ${outcome}`, async () => {
      const controller = new AbortController();
      const test = await startTestAws();
      try {
        await test.session.sagemakerClient.send(new CreateModelCommand({
          ModelName: 'brightness-model', ExecutionRoleArn: ROLE,
          PrimaryContainer: { Image: '111122223333.dkr.ecr.us-west-2.amazonaws.com/brightness:1' },
        }));
        // The endpoint's name is the engine's to choose: route it once it is created.
        test.session.sagemakerClient.middlewareStack.add(
          (next, context) => async (args) => {
            const out = await next(args);
            const input = args.input as { EndpointName?: string };
            if ((context as { commandName?: string }).commandName === 'CreateEndpointCommand' && input.EndpointName) {
              test.aws.setEndpointHandler(input.EndpointName, async (request) => {
                if (failing) throw new Error('model crashed');
                if (outcome === 'is aborted') controller.abort();
                return JSON.stringify(await brightnessOf(request.body));
              });
            }
            return out;
          },
          { step: 'initialize', name: 'routeShadowEndpoint' },
        );
        const data = await folderWith({ 'a.png': await squarePng(0) });
        const run = runAnalysis({ config, data, output: `${data}/out`, session: test.session, concurrency: 1, report: false, signal: controller.signal });
        if (outcome === 'is aborted') await expect(run).rejects.toBeInstanceOf(AbortError);
        else {
          const result = await run;
          expect(result.failed).toBe(failing ? 1 : 0);
          if (!failing) expect(result.document.images[0]).toMatchObject({ predicted_label: { label: 'dark' } });
        }

        const config_ = test.inputsOf('CreateEndpointConfigCommand')[0] as { EndpointConfigName: string; ProductionVariants: Record<string, unknown>[] };
        expect(config_.ProductionVariants[0]).toMatchObject({ ModelName: 'brightness-model', InstanceType: 'ml.m5.xlarge', InitialInstanceCount: 2 });
        expect(config_.EndpointConfigName).toMatch(/^sm-clarify-brightness-model-/);
        expect(test.inputsOf('DeleteEndpointCommand')).toEqual([{ EndpointName: config_.EndpointConfigName }]);
        expect(test.inputsOf('DeleteEndpointConfigCommand')).toEqual([{ EndpointConfigName: config_.EndpointConfigName }]);
      } finally {
        await test.close();
      }
    });
  }

  it('calls an existing endpoint_name with the content type of the predictor', async () => {
    const test = await startTestAws();
    try {
      const client = test.session.sagemakerClient;
      await client.send(new CreateModelCommand({ ModelName: 'm', ExecutionRoleArn: ROLE, PrimaryContainer: { Image: '111122223333.dkr.ecr.us-west-2.amazonaws.com/brightness:1' } }));
      await client.send(new CreateEndpointConfigCommand({ EndpointConfigName: 'c', ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'm', InitialInstanceCount: 1, InstanceType: 'ml.m5.xlarge' }] }));
      await client.send(new CreateEndpointCommand({ EndpointName: 'brightness-endpoint', EndpointConfigName: 'c' }));
      while ((await client.send(new DescribeEndpointCommand({ EndpointName: 'brightness-endpoint' }))).EndpointStatus !== 'InService') await new Promise((r) => setTimeout(r, 20));
      const seen: string[] = [];
      test.aws.setEndpointHandler('brightness-endpoint', async (request) => {
        seen.push(request.contentType ?? '');
        return JSON.stringify(await brightnessOf(request.body));
      });
      const { model_name: _m, instance_type: _i, initial_instance_count: _c, ...rest } = config.predictor!;
      const data = await folderWith({ 'a.png': await squarePng(0) });
      const result = await runAnalysis({ config: { ...config, predictor: { ...rest, endpoint_name: 'brightness-endpoint' } }, data, output: `${data}/out`, session: test.session, report: false });
      expect(result.document.images[0]).toMatchObject({ status: 'succeeded', predicted_label: { label: 'dark' } });
      expect(new Set(seen)).toEqual(new Set(['image/png']));
      // One request per evaluation, and one more: the run's probe of the model before it starts.
      expect(seen.length).toBe((result.document.images[0] as { num_evaluations: number }).num_evaluations + 1);
      expect(test.inputsOf('CreateEndpointCommand')).toHaveLength(1); // the test's own, no shadow endpoint
    } finally {
      await test.close();
    }
  });

  it('needs instance_type, and says so before any AWS call', async () => {
    const test = await startTestAws();
    try {
      const data = await folderWith({ 'a.png': await squarePng(0) });
      const { instance_type: _, ...predictor } = config.predictor!;
      await expect(runAnalysis({ config: { ...config, predictor }, data, output: `${data}/out`, session: test.session })).rejects.toMatchObject({ field: '$.predictor.instance_type' });
      expect(test.sent).toEqual([]);
    } finally {
      await test.close();
    }
  });
});

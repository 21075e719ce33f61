import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  SageMakerClient,
  waitUntilEndpointDeleted,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand, ModelError, SageMakerRuntimeClient, ValidationError as RuntimeValidationError } from '@aws-sdk/client-sagemaker-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAws, type LocalAws } from '../../src/testing/index.js';
import { IMAGE, rejection, ROLE, until } from '../helpers/emulator.js';

describe('SageMaker hosting and Runtime InvokeEndpoint', () => {
  let aws: LocalAws;
  let sagemaker: SageMakerClient;
  let runtime: SageMakerRuntimeClient;

  beforeAll(async () => {
    aws = await startLocalAws({ endpointDelayMs: 1000 });
    sagemaker = new SageMakerClient(aws.sagemakerClientConfig());
    runtime = new SageMakerRuntimeClient(aws.sagemakerRuntimeClientConfig());
  });
  afterAll(async () => {
    sagemaker.destroy();
    runtime.destroy();
    await aws.stop();
  });

  const deploy = async (name: string): Promise<void> => {
    await sagemaker.send(new CreateModelCommand({ ModelName: name, ExecutionRoleArn: ROLE, PrimaryContainer: { Image: IMAGE, ModelDataUrl: 's3://b/model.tar.gz' } }));
    await sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: `${name}-config`,
        ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: name, InitialInstanceCount: 2, InstanceType: 'ml.m5.large', InitialVariantWeight: 1 }],
      }),
    );
    await sagemaker.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: `${name}-config` }));
  };

  it('creates, describes and deletes a model, an endpoint config and an endpoint that goes Creating → InService', async () => {
    await deploy('classifier');
    // Described first, one request after its creation: endpointDelayMs leaves it Creating for far longer.
    const creating = await sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'classifier' }));
    expect(creating.EndpointStatus).toBe('Creating');
    const model = await sagemaker.send(new DescribeModelCommand({ ModelName: 'classifier' }));
    expect(model.ModelArn).toBe('arn:aws:sagemaker:us-east-1:123456789012:model/classifier');
    expect(model.PrimaryContainer?.Image).toBe(IMAGE);
    expect(model.CreationTime).toBeInstanceOf(Date);
    const config = await sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: 'classifier-config' }));
    expect(config.ProductionVariants?.[0].InitialInstanceCount).toBe(2);

    const ready = await until(
      () => sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'classifier' })),
      (d) => d.EndpointStatus !== 'Creating',
    );
    expect(ready.EndpointStatus).toBe('InService');
    expect(ready.EndpointArn).toBe('arn:aws:sagemaker:us-east-1:123456789012:endpoint/classifier');
    expect(ready.ProductionVariants?.[0]).toMatchObject({ VariantName: 'AllTraffic', CurrentInstanceCount: 2, DeployedImages: [{ SpecifiedImage: IMAGE }] });

    await sagemaker.send(new DeleteEndpointCommand({ EndpointName: 'classifier' }));
    // The SDK's own waiter treats DescribeEndpoint's ValidationException as "deleted".
    const waited = await waitUntilEndpointDeleted({ client: sagemaker, maxWaitTime: 5, minDelay: 1 }, { EndpointName: 'classifier' });
    expect(waited.state).toBe('SUCCESS');
    await sagemaker.send(new DeleteEndpointConfigCommand({ EndpointConfigName: 'classifier-config' }));
    await sagemaker.send(new DeleteModelCommand({ ModelName: 'classifier' }));
    const gone = await rejection(sagemaker.send(new DescribeModelCommand({ ModelName: 'classifier' })));
    expect(gone.name).toBe('ValidationException');
    expect(gone.message).toBe('Could not find model "arn:aws:sagemaker:us-east-1:123456789012:model/classifier".');
  });

  it('answers the service errors for duplicates and missing references', async () => {
    await sagemaker.send(new CreateModelCommand({ ModelName: 'm1', ExecutionRoleArn: ROLE, PrimaryContainer: { Image: IMAGE } }));
    const dup = await rejection(sagemaker.send(new CreateModelCommand({ ModelName: 'm1', ExecutionRoleArn: ROLE, PrimaryContainer: { Image: IMAGE } })));
    expect(dup.name).toBe('ValidationException');
    expect(dup.message).toMatch(/^Cannot create already existing model/);
    const noModel = await rejection(
      sagemaker.send(
        new CreateEndpointConfigCommand({ EndpointConfigName: 'c1', ProductionVariants: [{ VariantName: 'v', ModelName: 'absent', InitialInstanceCount: 1, InstanceType: 'ml.m5.large' }] }),
      ),
    );
    expect(noModel.message).toMatch(/^Could not find model/);
    const noConfig = await rejection(sagemaker.send(new CreateEndpointCommand({ EndpointName: 'e1', EndpointConfigName: 'absent' })));
    expect(noConfig.message).toMatch(/^Could not find endpoint configuration/);
  });

  it('routes InvokeEndpoint to the registered model with body, content type, accept and custom attributes', async () => {
    await deploy('echo');
    aws.setEndpointHandler('echo', (request) => ({
      body: JSON.stringify({ got: new TextDecoder().decode(request.body), contentType: request.contentType, accept: request.accept, variant: request.variantName }),
      contentType: 'application/json',
      customAttributes: `seen=${request.customAttributes}`,
    }));
    await until(() => sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'echo' })), (d) => d.EndpointStatus === 'InService');
    const response = await runtime.send(
      new InvokeEndpointCommand({ EndpointName: 'echo', Body: new TextEncoder().encode('[1,2]'), ContentType: 'text/csv', Accept: 'application/json', CustomAttributes: 'trace=7' }),
    );
    expect(JSON.parse(new TextDecoder().decode(response.Body))).toEqual({ got: '[1,2]', contentType: 'text/csv', accept: 'application/json', variant: 'AllTraffic' });
    expect(response.ContentType).toBe('application/json');
    expect(response.InvokedProductionVariant).toBe('AllTraffic');
    expect(response.CustomAttributes).toBe('seen=trace=7');
  });

  it('answers ModelError (424) when the model throws, and ValidationError for an unknown endpoint', async () => {
    await deploy('broken');
    aws.setEndpointHandler('broken', () => {
      throw new Error('shape mismatch');
    });
    await until(() => sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'broken' })), (d) => d.EndpointStatus === 'InService');
    const failed = await rejection(runtime.send(new InvokeEndpointCommand({ EndpointName: 'broken', Body: new Uint8Array([1]) })));
    expect(failed).toBeInstanceOf(ModelError);
    expect(failed.$metadata?.httpStatusCode).toBe(424);
    expect((failed as unknown as ModelError).OriginalMessage).toBe('shape mismatch');
    expect((failed as unknown as ModelError).OriginalStatusCode).toBe(500);

    const unknown = await rejection(runtime.send(new InvokeEndpointCommand({ EndpointName: 'nowhere', Body: new Uint8Array([1]) })));
    expect(unknown).toBeInstanceOf(RuntimeValidationError);
    expect(unknown.message).toBe('Endpoint nowhere of account 123456789012 not found.');
  });

  it('fails an endpoint with the FailureReason given', async () => {
    aws.failEndpoint('doomed', 'The primary container did not pass the ping health check.');
    await deploy('doomed');
    const failed = await until(() => sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'doomed' })), (d) => d.EndpointStatus !== 'Creating');
    expect(failed.EndpointStatus).toBe('Failed');
    expect(failed.FailureReason).toBe('The primary container did not pass the ping health check.');
  });
});

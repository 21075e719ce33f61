/**
 * The emulator answers errors as the live services do (issue 28, items 4-7),
 * checked with the real AWS SDK clients. docs/testing.md ("Error answers")
 * names the public source of each answer.
 */
import { CloudWatchLogsClient, GetLogEventsCommand, ResourceNotFoundException } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  CreateProcessingJobCommand,
  CreateTrainingJobCommand,
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  DescribeProcessingJobCommand,
  DescribeTrainingJobCommand,
  ResourceNotFound,
  SageMakerClient,
  SageMakerServiceException,
  StopProcessingJobCommand,
  StopTrainingJobCommand,
  waitForProcessingJobCompletedOrStopped,
  waitForTrainingJobCompletedOrStopped,
  type CreateProcessingJobCommandInput,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand, SageMakerRuntimeClient, ValidationError as RuntimeValidationError } from '@aws-sdk/client-sagemaker-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAws, type LocalAws } from '../../src/testing/index.js';
import { IMAGE, processingJob, rejection, ROLE, trainingJob, until, type ServiceError } from '../helpers/emulator.js';

const ARN = 'arn:aws:sagemaker:us-east-1:123456789012';

let aws: LocalAws;
let sagemaker: SageMakerClient;
let runtime: SageMakerRuntimeClient;
let logs: CloudWatchLogsClient;

beforeAll(async () => {
  aws = await startLocalAws({ jobDurationMs: 60_000, endpointDelayMs: 20 });
  sagemaker = new SageMakerClient(aws.sagemakerClientConfig());
  runtime = new SageMakerRuntimeClient(aws.sagemakerRuntimeClientConfig());
  logs = new CloudWatchLogsClient(aws.cloudWatchLogsClientConfig());
});
afterAll(async () => {
  sagemaker.destroy();
  runtime.destroy();
  logs.destroy();
  await aws.stop();
});

/** The SDK's error for a code the model does not list: a SageMakerServiceException named after `__type`. */
function expectServiceError(error: ServiceError, name: string, message: string | RegExp): void {
  expect(error).toBeInstanceOf(SageMakerServiceException);
  expect(error.name).toBe(name);
  expect(error.$fault).toBe('client');
  expect(error.$metadata?.httpStatusCode).toBe(400);
  if (typeof message === 'string') expect(error.message).toBe(message);
  else expect(error.message).toMatch(message);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('unknown resources (item 4)', () => {
  it('answers DescribeTrainingJob and StopTrainingJob of an unknown job with ValidationException "Requested resource not found."', async () => {
    for (const command of [new DescribeTrainingJobCommand({ TrainingJobName: 'no-such-training' }), new StopTrainingJobCommand({ TrainingJobName: 'no-such-training' })]) {
      const error = await rejection(sagemaker.send(command as DescribeTrainingJobCommand));
      // Not the ResourceNotFound the model lists (aws/aws-sdk#165, boto/boto3#2808).
      expect(error).not.toBeInstanceOf(ResourceNotFound);
      expectServiceError(error, 'ValidationException', 'Requested resource not found.');
    }
  });

  it('answers DescribeProcessingJob and StopProcessingJob of an unknown job with ValidationException naming the job', async () => {
    for (const command of [new DescribeProcessingJobCommand({ ProcessingJobName: 'no-such-proc' }), new StopProcessingJobCommand({ ProcessingJobName: 'no-such-proc' })]) {
      const error = await rejection(sagemaker.send(command as DescribeProcessingJobCommand));
      expect(error).not.toBeInstanceOf(ResourceNotFound);
      expectServiceError(error, 'ValidationException', 'Could not find requested job with name no-such-proc');
    }
  });

  it("lets the SDK's own job waiters (botocore's waiters-2.json) fail at once on an unknown job instead of polling until their timeout", async () => {
    const started = Date.now();
    const processing = await waitForProcessingJobCompletedOrStopped({ client: sagemaker, maxWaitTime: 4, minDelay: 1 }, { ProcessingJobName: 'never-made' });
    const training = await waitForTrainingJobCompletedOrStopped({ client: sagemaker, maxWaitTime: 4, minDelay: 1 }, { TrainingJobName: 'never-made' });
    expect(processing.state).toBe('FAILURE');
    expect(training.state).toBe('FAILURE');
    expect(Date.now() - started).toBeLessThan(4_000); // a RETRY (as for ResourceNotFound) would poll for 2 × 4 s
  });

  it('answers an existing job as before (the not-found answer is only for unknown names)', async () => {
    await sagemaker.send(new CreateTrainingJobCommand(trainingJob('known-training')));
    await sagemaker.send(new CreateProcessingJobCommand(processingJob('known-proc')));
    expect((await sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: 'known-training' }))).TrainingJobStatus).toBe('InProgress');
    expect((await sagemaker.send(new DescribeProcessingJobCommand({ ProcessingJobName: 'known-proc' }))).ProcessingJobStatus).toBe('InProgress');
  });

  it('answers Describe/Delete of an unknown model, endpoint configuration or endpoint with ValidationException "Could not find … "<arn>"."', async () => {
    const cases: [Promise<unknown>, string][] = [
      [sagemaker.send(new DescribeModelCommand({ ModelName: 'No-Model' })), `Could not find model "${ARN}:model/no-model".`],
      [sagemaker.send(new DeleteModelCommand({ ModelName: 'no-model' })), `Could not find model "${ARN}:model/no-model".`],
      [sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: 'no-config' })), `Could not find endpoint configuration "${ARN}:endpoint-config/no-config".`],
      [sagemaker.send(new DeleteEndpointConfigCommand({ EndpointConfigName: 'no-config' })), `Could not find endpoint configuration "${ARN}:endpoint-config/no-config".`],
      [sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'no-endpoint' })), `Could not find endpoint "${ARN}:endpoint/no-endpoint".`],
      [sagemaker.send(new DeleteEndpointCommand({ EndpointName: 'No-Endpoint' })), `Could not find endpoint "${ARN}:endpoint/no-endpoint".`],
    ];
    for (const [call, message] of cases) expectServiceError(await rejection(call), 'ValidationException', message);
  });

  it('answers InvokeEndpoint of an unknown endpoint with the runtime ValidationError, and logs of an unknown group or stream with ResourceNotFoundException', async () => {
    const invoke = await rejection(runtime.send(new InvokeEndpointCommand({ EndpointName: 'nowhere', Body: new Uint8Array([1]) })));
    expect(invoke).toBeInstanceOf(RuntimeValidationError);
    expect(invoke.message).toBe('Endpoint nowhere of account 123456789012 not found.');

    const group = await rejection(logs.send(new GetLogEventsCommand({ logGroupName: '/aws/sagemaker/NoSuchJobs', logStreamName: 's' })));
    expect(group).toBeInstanceOf(ResourceNotFoundException);
    expect(group.message).toBe('The specified log group does not exist.');
    // The group exists once a job has logged (known-proc above writes its start line).
    const stream = await rejection(logs.send(new GetLogEventsCommand({ logGroupName: '/aws/sagemaker/ProcessingJobs', logStreamName: 'known-proc/algo-9-0' })));
    expect(stream).toBeInstanceOf(ResourceNotFoundException);
    expect(stream.message).toBe('The specified log stream does not exist.');
  });
});

describe('constraint messages for list members and map entries (item 5)', () => {
  const job = (name: string, change: (input: CreateProcessingJobCommandInput) => void): CreateProcessingJobCommandInput => {
    const input = processingJob(name);
    change(input);
    return input;
  };
  const lengthAndPattern = (max: number, pattern: string): string =>
    // The model states `min: 0` on these shapes in newer botocore releases; the service lists every declared constraint.
    `\\[Member must have length less than or equal to ${max}, (Member must have length greater than or equal to 0, )?` +
    `Member must satisfy regular expression pattern: ${escape(pattern)}\\]`;

  it("answers a bad list member with one error for the list: the list printed Java-style and every constraint of its members", async () => {
    const long = 'x'.repeat(300);
    const error = await rejection(
      sagemaker.send(new CreateProcessingJobCommand(job('list-member', (input) => (input.AppSpecification!.ContainerArguments = ['--ok', long, 'fine'])))),
    );
    expectServiceError(
      error,
      'ValidationException',
      new RegExp(
        `^1 validation error detected: Value '\\[--ok, ${long}, fine\\]' at 'appSpecification\\.containerArguments' failed to satisfy constraint: ` +
          `Member must satisfy constraint: ${lengthAndPattern(256, '.*')}$`,
      ),
    );
  });

  it('answers bad map keys and bad map values once each, keys first, the map printed as {key=value, …}', async () => {
    const key = 'K'.repeat(300);
    const value = 'v'.repeat(300);
    const error = await rejection(
      sagemaker.send(new CreateProcessingJobCommand(job('map-entries', (input) => (input.Environment = { [key]: 'a', GOOD: value, ALSO_GOOD: 'b' })))),
    );
    const shown = `Value '\\{${key}=a, GOOD=${value}, ALSO_GOOD=b\\}' at 'environment' failed to satisfy constraint: `;
    expectServiceError(
      error,
      'ValidationException',
      new RegExp(
        `^2 validation errors detected: ${shown}Map keys must satisfy constraint: ${lengthAndPattern(256, '[a-zA-Z_][a-zA-Z0-9_]*')}; ` +
          `${shown}Map value must satisfy constraint: ${lengthAndPattern(256, '[\\S\\s]*')}$`,
      ),
    );
  });

  it("prints a list that breaks the list's own length as [a, b, …]", async () => {
    const subnets = Array.from({ length: 17 }, (_, i) => `subnet-${i + 1}`);
    const error = await rejection(
      sagemaker.send(new CreateProcessingJobCommand(job('too-many', (input) => (input.NetworkConfig = { VpcConfig: { SecurityGroupIds: ['sg-1'], Subnets: subnets } })))),
    );
    expectServiceError(
      error,
      'ValidationException',
      `1 validation error detected: Value '[${subnets.join(', ')}]' at 'networkConfig.vpcConfig.subnets' failed to satisfy constraint: ` +
        'Member must have length less than or equal to 16',
    );
  });

  it('accepts lists and maps whose members are all valid', async () => {
    const input = job('all-valid', (i) => {
      i.AppSpecification!.ContainerArguments = ['--a', 'b'];
      i.Environment = { A: '1', B_2: 'two words' };
    });
    expect((await sagemaker.send(new CreateProcessingJobCommand(input))).ProcessingJobArn).toBe(`${ARN}:processing-job/all-valid`);
  });
});

describe('endpoint names are case-insensitive, except in InvokeEndpoint (item 6)', () => {
  it('refuses case-ep after Case-EP, finds Case-EP as CASE-EP in Describe/Delete, and invokes it only by its own case', async () => {
    await sagemaker.send(new CreateModelCommand({ ModelName: 'case-model', ExecutionRoleArn: ROLE, PrimaryContainer: { Image: IMAGE } }));
    await sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: 'case-config',
        ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'case-model', InitialInstanceCount: 1, InstanceType: 'ml.m5.large' }],
      }),
    );
    const { EndpointArn } = await sagemaker.send(new CreateEndpointCommand({ EndpointName: 'Case-EP', EndpointConfigName: 'case-config' }));
    expect(EndpointArn).toBe(`${ARN}:endpoint/case-ep`);

    const duplicate = await rejection(sagemaker.send(new CreateEndpointCommand({ EndpointName: 'case-ep', EndpointConfigName: 'case-config' })));
    expectServiceError(duplicate, 'ValidationException', `Cannot create already existing endpoint "${ARN}:endpoint/case-ep".`);

    const described = await until(() => sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'CASE-EP' })), (d) => d.EndpointStatus === 'InService');
    expect(described.EndpointName).toBe('Case-EP'); // the case it was created with
    expect(described.EndpointArn).toBe(`${ARN}:endpoint/case-ep`);

    aws.setEndpointHandler('Case-EP', () => '[1]');
    const answer = await runtime.send(new InvokeEndpointCommand({ EndpointName: 'Case-EP', Body: new Uint8Array([1]) }));
    expect(new TextDecoder().decode(answer.Body)).toBe('[1]');
    const otherCase = await rejection(runtime.send(new InvokeEndpointCommand({ EndpointName: 'case-ep', Body: new Uint8Array([1]) })));
    expect(otherCase).toBeInstanceOf(RuntimeValidationError);
    expect(otherCase.message).toBe('Endpoint case-ep of account 123456789012 not found.');

    await sagemaker.send(new DeleteEndpointCommand({ EndpointName: 'case-EP' }));
    const gone = await rejection(sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'Case-EP' })));
    expectServiceError(gone, 'ValidationException', `Could not find endpoint "${ARN}:endpoint/case-ep".`);
    // The name is free again, in any case.
    expect((await sagemaker.send(new CreateEndpointCommand({ EndpointName: 'case-ep', EndpointConfigName: 'case-config' }))).EndpointArn).toBe(`${ARN}:endpoint/case-ep`);
  });
});

describe('SerializationException in the service words (item 7)', () => {
  /** Sends a raw AWS JSON 1.1 request, as a client that skips the SDK's serializer would. */
  const send = async (operation: string, body: unknown): Promise<{ status: number; type: string; message: string }> => {
    const response = await fetch(aws.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `SageMaker.${operation}` },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as { __type?: string; message?: string; Message?: string };
    return { status: response.status, type: json.__type ?? '', message: json.message ?? json.Message ?? '' };
  };
  const serialization = (message: string) => ({ status: 400, type: 'SerializationException', message });

  it('names the JSON token and the target type, through the SDK client as through raw JSON', async () => {
    const wrongCount = processingJob('wrong-count');
    (wrongCount.ProcessingResources!.ClusterConfig as { InstanceCount: unknown }).InstanceCount = '1';
    expectServiceError(await rejection(sagemaker.send(new CreateProcessingJobCommand(wrongCount))), 'SerializationException', 'STRING_VALUE can not be converted to an Integer');

    const base = processingJob('raw');
    const withCluster = (value: unknown) => ({ ...base, ProcessingResources: { ClusterConfig: { ...base.ProcessingResources!.ClusterConfig, InstanceCount: value } } });
    expect(await send('CreateProcessingJob', withCluster(true))).toEqual(serialization('TRUE_VALUE can not be converted to an Integer'));
    expect(await send('CreateProcessingJob', withCluster([1]))).toEqual(serialization('Start of list found where not expected'));
    expect(await send('CreateProcessingJob', withCluster({ n: 1 }))).toEqual(serialization('Start of structure or map found where not expected.'));

    expect(await send('DescribeTrainingJob', { TrainingJobName: 42 })).toEqual(serialization('NUMBER_VALUE can not be converted to a String'));
    expect(await send('DescribeTrainingJob', { TrainingJobName: false })).toEqual(serialization('FALSE_VALUE can not be converted to a String'));
    expect(await send('ListTrainingJobs', { MaxResults: '5' })).toEqual(serialization('STRING_VALUE can not be converted to an Integer'));
    expect(await send('ListTrainingJobs', { CreationTimeAfter: true })).toEqual(serialization('TRUE_VALUE can not be converted to a Timestamp'));
  });

  it('words booleans, longs, floats, lists, maps and structures of the wrong type', async () => {
    const base = processingJob('raw-types');
    expect(await send('CreateProcessingJob', { ...base, NetworkConfig: { EnableNetworkIsolation: 'yes' } })).toEqual(
      serialization('STRING_VALUE can not be converted to an Boolean'),
    );
    expect(await send('CreateProcessingJob', { ...base, NetworkConfig: { EnableNetworkIsolation: 1 } })).toEqual(serialization('NUMBER_VALUE can not be converted to a Boolean'));
    expect(await send('CreateProcessingJob', { ...base, ProcessingInputs: 'in' })).toEqual(serialization('Expected list or null'));
    expect(await send('CreateProcessingJob', { ...base, ProcessingInputs: { InputName: 'in' } })).toEqual(serialization('Start of structure or map found where not expected.'));
    expect(await send('CreateProcessingJob', { ...base, Environment: 'A=1' })).toEqual(serialization('Expected map or null'));
    expect(await send('CreateProcessingJob', { ...base, Environment: ['A=1'] })).toEqual(serialization('Start of list found where not expected'));
    expect(await send('CreateProcessingJob', { ...base, AppSpecification: 'img' })).toEqual(serialization('Expected null'));
    expect(await send('CreateProcessingJob', { ...base, AppSpecification: ['img'] })).toEqual(serialization('Start of list found where not expected'));

    const training = trainingJob('raw-long');
    const seeded = { ...training, InputDataConfig: [{ ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://b/k' } }, ShuffleConfig: { Seed: '7' } }] };
    expect(await send('CreateTrainingJob', seeded)).toEqual(serialization('STRING_VALUE can not be converted to a Long'));

    const config = { EndpointConfigName: 'raw-float', ProductionVariants: [{ VariantName: 'v', ModelName: 'm', InitialInstanceCount: 1, InstanceType: 'ml.m5.large', InitialVariantWeight: '1' }] };
    expect(await send('CreateEndpointConfig', config)).toEqual(serialization('STRING_VALUE can not be converted to a Float'));
  });

  it('reports only the first value of the wrong type, in document order, ahead of any constraint violation; null reads as absent', async () => {
    expect(await send('CreateProcessingJob', { ProcessingJobName: 'bad_name', RoleArn: 7, AppSpecification: { ImageUri: true } })).toEqual(
      serialization('NUMBER_VALUE can not be converted to a String'),
    );
    expect(await send('CreateProcessingJob', { AppSpecification: { ImageUri: true }, RoleArn: 7 })).toEqual(serialization('TRUE_VALUE can not be converted to a String'));
    const nulls = { ...processingJob('with-nulls'), Environment: null, NetworkConfig: null, StoppingCondition: null };
    expect((await send('CreateProcessingJob', nulls)).status).toBe(200);
  });
});

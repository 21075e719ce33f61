/**
 * A model to host (Python `sagemaker.model.Model`): CreateModel as the Python
 * SDK sends it, deployment to an endpoint, and deletion.
 */
import { CreateEndpointCommand, DeleteModelCommand, DescribeEndpointCommand, type ContainerDefinition, type VpcConfig } from '@aws-sdk/client-sagemaker';
import { ValidationError, WaiterTimeoutError, throwIfAborted } from '../errors.js';
import { awsCall, sendOptions } from './aws-call.js';
import { createModelRequest, sendCreateModel } from './create-model.js';
import { createEndpointConfigRequest, sendCreateEndpointConfig } from './endpoint-config.js';
import { checkFinalStatus } from './job-waiter.js';
import { baseFromName, baseNameFromImage, checkResourceName, nameFromBase } from './names.js';
import { Predictor } from './predictor.js';
import type { Deserializer, Serializer } from './serializers.js';
import { Session } from './session.js';
import { formatTags, type Tags } from './tags.js';
import { resolveWait, sleep, type WaitOptions } from './wait-options.js';

/** Options of {@link Model}. */
export interface ModelOptions {
  /** The inference image. */
  readonly imageUri: string;
  /** The model artifacts (`model.tar.gz`). @default none */
  readonly modelData?: string;
  /** The execution role: an ARN, or a role name looked up with IAM. Needed to create the model. @default none */
  readonly role?: string;
  /** The model's name. @default generated from the image name when created */
  readonly name?: string;
  /** Environment variables of the container. @default {} */
  readonly env?: Readonly<Record<string, string>>;
  /** The session. @default a new `Session()` */
  readonly session?: Session;
  /** VPC of the model's containers. @default none */
  readonly vpcConfig?: VpcConfig;
  /** Cut the containers off the network. @default false */
  readonly enableNetworkIsolation?: boolean;
}

/** Options of {@link Model.deploy}. */
export interface DeployOptions<In, Out> extends WaitOptions {
  /** Instances behind the endpoint. @default 1 */
  readonly initialInstanceCount?: number;
  /** Instance type, e.g. `ml.m5.xlarge`. */
  readonly instanceType: string;
  /** The endpoint's (and endpoint config's) name. @default generated from the model name */
  readonly endpointName?: string;
  /** Tags of the endpoint config and endpoint. @default none */
  readonly tags?: Tags;
  /** KMS key of the instances' storage. @default none */
  readonly kmsKey?: string;
  /** Wait until the endpoint is `InService`. @default true */
  readonly wait?: boolean;
  /** The predictor's serializer. @default bytes as they are */
  readonly serializer?: Serializer<In>;
  /** The predictor's deserializer. @default the response bytes */
  readonly deserializer?: Deserializer<Out>;
}

/**
 * A model: an inference image plus artifacts.
 *
 * @example
 * ```ts
 * const model = await estimator.createModel({ name: 'DEMO-clarify-image-classification-model' });
 * await model.create();           // CreateModel, for Clarify's shadow endpoint
 * await model.deleteModel();      // clean up
 * ```
 */
export class Model {
  /** The inference image. */
  readonly imageUri: string;
  /** The model artifacts' S3 URI. */
  readonly modelData: string | undefined;
  /** The execution role, as given. */
  readonly role: string | undefined;
  /** Environment variables of the container (always sent, `{}` when empty). */
  readonly env: Readonly<Record<string, string>>;
  /** The session the model is created in. */
  readonly session: Session;
  /** VPC of the containers. */
  readonly vpcConfig: VpcConfig | undefined;
  /** Whether the containers are cut off the network. */
  readonly enableNetworkIsolation: boolean;
  /** The model's name: the given one, or the generated one once created. */
  name: string | undefined;

  constructor(options: ModelOptions) {
    if (typeof options?.imageUri !== 'string' || options.imageUri === '') throw new ValidationError('imageUri', options?.imageUri, 'a container image URI');
    if (options.name !== undefined) checkResourceName('name', options.name);
    if (options.env !== undefined && !Object.values(options.env).every((v) => typeof v === 'string')) {
      throw new ValidationError('env', options.env, 'a record of strings');
    }
    if (options.session !== undefined && !(options.session instanceof Session)) throw new ValidationError('session', options.session, 'a Session');
    this.imageUri = options.imageUri;
    this.modelData = options.modelData;
    this.role = options.role;
    this.name = options.name;
    this.env = { ...options.env };
    this.session = options.session ?? new Session();
    this.vpcConfig = options.vpcConfig;
    this.enableNetworkIsolation = options.enableNetworkIsolation ?? false;
  }

  /** The container definition (Python `prepare_container_def`): `Image`, `Environment` (always), `ModelDataUrl`. */
  prepareContainerDef(): ContainerDefinition {
    return { Image: this.imageUri, Environment: { ...this.env }, ...(this.modelData !== undefined ? { ModelDataUrl: this.modelData } : {}) };
  }

  /**
   * Creates the model in SageMaker (CreateModel as the Python SDK sends it). An
   * existing model of the same name is kept, as Python does.
   * @returns the model's name.
   */
  async create(options: { tags?: Tags } = {}): Promise<string> {
    if (this.role === undefined) throw new ValidationError('role', undefined, 'an IAM role ARN or name', 'a model needs an execution role');
    const tags = formatTags(options.tags);
    const name = this.name ?? checkResourceName('name', nameFromBase(baseNameFromImage(this.imageUri), { clock: this.session.clock }));
    const request = createModelRequest({
      name,
      roleArn: await this.session.expandRole(this.role),
      primaryContainer: this.prepareContainerDef(),
      ...(tags ? { tags } : {}),
      ...(this.vpcConfig ? { vpcConfig: this.vpcConfig } : {}),
      enableNetworkIsolation: this.enableNetworkIsolation,
    });
    await sendCreateModel(this.session.sagemakerClient, request);
    this.name = name;
    return name;
  }

  /**
   * Hosts the model on a real-time endpoint: CreateModel, CreateEndpointConfig,
   * CreateEndpoint, then waits until it is `InService`.
   * @throws {@link UnexpectedStatusError} when the endpoint fails to start.
   */
  async deploy<In = Uint8Array | string, Out = Uint8Array>(options: DeployOptions<In, Out>): Promise<Predictor<In, Out>> {
    const wait = resolveWait(options);
    const count = options.initialInstanceCount ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new ValidationError('initialInstanceCount', count, 'an integer >= 1');
    if (typeof options.instanceType !== 'string' || options.instanceType === '') throw new ValidationError('instanceType', options.instanceType, 'an instance type');
    if (options.endpointName !== undefined) checkResourceName('endpointName', options.endpointName);
    const tags = formatTags(options.tags);
    const modelName = await this.create();
    const endpointName = options.endpointName ?? checkResourceName('endpointName', nameFromBase(baseFromName(modelName), { clock: this.session.clock }));
    const client = this.session.sagemakerClient;
    await sendCreateEndpointConfig(client, createEndpointConfigRequest({
      name: endpointName,
      modelName,
      instanceType: options.instanceType,
      initialInstanceCount: count,
      tags,
      kmsKey: options.kmsKey,
    }));
    // The Python SDK always sends Tags on CreateEndpoint, [] when there are none.
    await awsCall('sagemaker:CreateEndpoint', () =>
      client.send(new CreateEndpointCommand({ EndpointName: endpointName, EndpointConfigName: endpointName, Tags: tags ?? [] })));
    if (options.wait ?? true) await waitForEndpoint(this.session, endpointName, wait);
    return new Predictor<In, Out>({
      endpointName,
      session: this.session,
      ...(options.serializer ? { serializer: options.serializer } : {}),
      ...(options.deserializer ? { deserializer: options.deserializer } : {}),
    });
  }

  /**
   * Deletes the model (Python `delete_model`).
   * @throws {@link ValidationError} when the model has no name yet.
   */
  async deleteModel(): Promise<void> {
    const name = this.name;
    if (name === undefined) throw new ValidationError('name', undefined, 'a model name', 'the model was never created');
    await awsCall('sagemaker:DeleteModel', () => this.session.sagemakerClient.send(new DeleteModelCommand({ ModelName: name })));
  }
}

async function waitForEndpoint(session: Session, endpointName: string, wait: ReturnType<typeof resolveWait>): Promise<void> {
  const started = Date.now();
  let delay = wait.minDelayMs;
  for (;;) {
    throwIfAborted(wait.signal);
    if (Date.now() - started + delay > wait.maxWaitMs) {
      throw new WaiterTimeoutError(`Endpoint ${endpointName} was not InService after ${wait.maxWaitMs / 1000} s (maxWaitTime)`);
    }
    await sleep(delay, wait.signal);
    delay = Math.min(wait.maxDelayMs, delay * 1.5);
    const description = await awsCall('sagemaker:DescribeEndpoint', () =>
      session.sagemakerClient.send(new DescribeEndpointCommand({ EndpointName: endpointName }), sendOptions(wait.signal)), wait.signal);
    const status = description.EndpointStatus ?? 'Unknown';
    if (status === 'Creating' || status === 'Updating' || status === 'SystemUpdating') continue;
    if (status === 'InService') return;
    checkFinalStatus('Endpoint', endpointName, status, description.FailureReason, ['InService']);
  }
}

/** Calling and removing a deployed endpoint (Python `sagemaker.predictor.Predictor`). */
import {
  DeleteEndpointConfigCommand,
  DeleteEndpointCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import { ClarifyError, ValidationError } from '../errors.js';
import { awsCall, sendOptions } from './aws-call.js';
import { BytesDeserializer, IdentitySerializer, type Deserializer, type Serializer } from './serializers.js';
import type { Session } from './session.js';

/** Options of {@link Predictor}. */
export interface PredictorOptions<In, Out> {
  /** The endpoint. */
  readonly endpointName: string;
  /** The session. */
  readonly session: Session;
  /** Builds request bodies. @default bytes as they are, `application/octet-stream` */
  readonly serializer?: Serializer<In>;
  /** Reads responses. @default the response bytes */
  readonly deserializer?: Deserializer<Out>;
}

/** Per-call options of {@link Predictor.predict}. */
export interface PredictOptions {
  /** Overrides the serializer's content type. @default the serializer's */
  readonly contentType?: string;
  /** Overrides the deserializer's accept type. @default the deserializer's */
  readonly accept?: string;
  /** Passed to the model as `X-Amzn-SageMaker-Custom-Attributes`. @default none */
  readonly customAttributes?: string;
  /** The model of a multi-model endpoint. @default none */
  readonly targetModel?: string;
  /** Aborts the call. @default none */
  readonly signal?: AbortSignal;
}

/**
 * Sends requests to a SageMaker endpoint.
 *
 * @example
 * ```ts
 * const predictor = new Predictor({ endpointName, session, serializer: JPEG_SERIALIZER, deserializer: new JSONDeserializer() });
 * const probabilities = await predictor.predict(await readFile('cat.jpg'));
 * await predictor.deleteEndpoint();
 * ```
 */
export class Predictor<In = Uint8Array | string, Out = Uint8Array> {
  /** The endpoint called. */
  readonly endpointName: string;
  /** The session whose Runtime client calls it. */
  readonly session: Session;
  /** Builds request bodies. */
  readonly serializer: Serializer<In>;
  /** Reads responses. */
  readonly deserializer: Deserializer<Out>;
  #endpointConfigName: string | undefined;

  constructor(options: PredictorOptions<In, Out>) {
    if (typeof options?.endpointName !== 'string' || options.endpointName === '') {
      throw new ValidationError('endpointName', options?.endpointName, 'an endpoint name');
    }
    this.endpointName = options.endpointName;
    this.session = options.session;
    this.serializer = options.serializer ?? (new IdentitySerializer() as unknown as Serializer<In>);
    this.deserializer = options.deserializer ?? (new BytesDeserializer() as unknown as Deserializer<Out>);
  }

  /** Serializes `data`, calls InvokeEndpoint, and deserializes the answer. */
  async predict(data: In, options: PredictOptions = {}): Promise<Out> {
    const body = this.serializer.serialize(data);
    const response = await awsCall('sagemaker-runtime:InvokeEndpoint', () =>
      this.session.sagemakerRuntimeClient.send(
        new InvokeEndpointCommand({
          EndpointName: this.endpointName,
          Body: typeof body === 'string' ? new TextEncoder().encode(body) : body,
          ContentType: options.contentType ?? this.serializer.contentType,
          Accept: options.accept ?? this.deserializer.accept,
          ...(options.customAttributes !== undefined ? { CustomAttributes: options.customAttributes } : {}),
          ...(options.targetModel !== undefined ? { TargetModel: options.targetModel } : {}),
        }),
        sendOptions(options.signal),
      ), options.signal);
    return this.deserializer.deserialize(response.Body ?? new Uint8Array(), response.ContentType);
  }

  async #configName(): Promise<string> {
    if (this.#endpointConfigName === undefined) {
      const description = await awsCall('sagemaker:DescribeEndpoint', () =>
        this.session.sagemakerClient.send(new DescribeEndpointCommand({ EndpointName: this.endpointName })));
      if (!description.EndpointConfigName) throw new ClarifyError(`Endpoint ${this.endpointName} reports no endpoint config`);
      this.#endpointConfigName = description.EndpointConfigName;
    }
    return this.#endpointConfigName;
  }

  /**
   * Deletes the endpoint and, unless told otherwise, its endpoint config
   * (DescribeEndpoint → DeleteEndpointConfig → DeleteEndpoint, as Python).
   * @param options.deleteEndpointConfig - @default true
   */
  async deleteEndpoint(options: { deleteEndpointConfig?: boolean } = {}): Promise<void> {
    if (options.deleteEndpointConfig ?? true) {
      const configName = await this.#configName();
      await awsCall('sagemaker:DeleteEndpointConfig', () =>
        this.session.sagemakerClient.send(new DeleteEndpointConfigCommand({ EndpointConfigName: configName })));
    }
    await awsCall('sagemaker:DeleteEndpoint', () => this.session.sagemakerClient.send(new DeleteEndpointCommand({ EndpointName: this.endpointName })));
  }

  /**
   * Deletes the models behind the endpoint (each production variant's). Call it
   * before `deleteEndpoint({ deleteEndpointConfig: true })` removes the config it reads.
   * @throws {@link ClarifyError} naming every model that could not be deleted.
   */
  async deleteModel(): Promise<void> {
    const configName = await this.#configName();
    const config = await awsCall('sagemaker:DescribeEndpointConfig', () =>
      this.session.sagemakerClient.send(new DescribeEndpointConfigCommand({ EndpointConfigName: configName })));
    const failures: { model: string; error: unknown }[] = [];
    for (const variant of config.ProductionVariants ?? []) {
      if (!variant.ModelName) continue;
      const model = variant.ModelName;
      try {
        await awsCall('sagemaker:DeleteModel', () => this.session.sagemakerClient.send(new DeleteModelCommand({ ModelName: model })));
      } catch (error) {
        failures.push({ model, error });
      }
    }
    if (failures.length > 0) {
      throw new ClarifyError(
        `Could not delete ${failures.length} model(s): ${failures.map((f) => `${f.model} (${(f.error as Error).message})`).join('; ')}`,
        { cause: failures.length === 1 ? failures[0].error : new AggregateError(failures.map((f) => f.error)) },
      );
    }
  }
}

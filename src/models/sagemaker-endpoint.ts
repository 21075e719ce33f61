/**
 * Models deployed on a SageMaker endpoint, called with InvokeEndpoint (what a
 * Clarify job's shadow endpoint receives).
 *
 * @packageDocumentation
 */
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { ValidationError } from '../errors.js';
import type { ImageClassifier, ObjectDetector } from '../explain/model/image-model.js';
import { type EndpointModelOptions, type EndpointTransport, endpointClassifier, endpointDetector } from './endpoint.js';

/**
 * How a model reaches a SageMaker endpoint (InvokeEndpoint), whatever it sends. Retries
 * are the client's (the AWS SDK's standard mode by default: throttling and 5xx answers).
 */
export interface SageMakerTransportOptions {
  /** The endpoint's name (`EndpointName`). */
  readonly endpointName: string;
  /**
   * The client to call it with: bring your own credentials, region, retries,
   * endpoint URL and logging.
   * @default new SageMakerRuntimeClient({}) (region and credentials from the environment)
   */
  readonly client?: SageMakerRuntimeClient;
  /**
   * `TargetModel` of a multi-model endpoint.
   * @default undefined (not sent)
   */
  readonly targetModel?: string;
  /**
   * `TargetVariant`: a production variant to call.
   * @default undefined (the endpoint's traffic split decides)
   */
  readonly targetVariant?: string;
  /**
   * `CustomAttributes`, forwarded as is.
   * @default undefined (not sent)
   */
  readonly customAttributes?: string;
}

/** Options of {@link sagemakerEndpointClassifier} and {@link sagemakerEndpointDetector}. */
export interface SageMakerEndpointOptions extends EndpointModelOptions, SageMakerTransportOptions {}

/**
 * The transport of a SageMaker endpoint model.
 * @throws {@link ValidationError} for a bad endpoint name, before any request.
 * @internal
 */
export function sagemakerTransport(options: SageMakerTransportOptions): EndpointTransport {
  if (options === null || typeof options !== 'object') throw new ValidationError('options', options, 'an object { endpointName, ... }');
  const { endpointName } = options;
  if (typeof endpointName !== 'string' || !/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/.test(endpointName)) {
    throw new ValidationError('endpointName', endpointName, 'a SageMaker endpoint name: [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}');
  }
  const client = options.client ?? new SageMakerRuntimeClient({});
  return async (body, contentType, accept, signal) => {
    const command = new InvokeEndpointCommand({
      EndpointName: endpointName,
      Body: body,
      ContentType: contentType,
      Accept: accept,
      ...(options.targetModel !== undefined ? { TargetModel: options.targetModel } : {}),
      ...(options.targetVariant !== undefined ? { TargetVariant: options.targetVariant } : {}),
      ...(options.customAttributes !== undefined ? { CustomAttributes: options.customAttributes } : {}),
    });
    const response = await client.send(command, signal ? { abortSignal: signal } : {});
    return response.Body ?? new Uint8Array(0);
  };
}

/**
 * An image classifier on a SageMaker endpoint. Each image is sent as
 * `image/jpeg` (default), `image/png` or `application/x-npy`; the JSON answer
 * is a probability array (or `{ predictions | probabilities | scores }`).
 *
 * @example
 * ```ts
 * import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
 * const model = sagemakerEndpointClassifier({
 *   endpointName: 'image-classifier',
 *   client: new SageMakerRuntimeClient({ region: 'us-east-1' }),
 *   labels: caltechLabels,
 * });
 * const result = await explainImageClassification({ image, model, numSamples: 500 });
 * ```
 */
export function sagemakerEndpointClassifier(options: SageMakerEndpointOptions): ImageClassifier {
  return endpointClassifier(options?.endpointName, sagemakerTransport(options), options);
}

/**
 * An object detector on a SageMaker endpoint, answering
 * `{"prediction": [[class_id, score, x0, y0, x1, y1], ...]}` per image (the
 * built-in object-detection algorithm's format). With `application/x-npy`
 * every call's images go in one `N × H × W × 3` request by default.
 */
export function sagemakerEndpointDetector(options: SageMakerEndpointOptions): ObjectDetector {
  return endpointDetector(options?.endpointName, sagemakerTransport(options), options);
}

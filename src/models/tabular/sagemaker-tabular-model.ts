/**
 * A tabular model deployed on a SageMaker endpoint, called with InvokeEndpoint as a
 * Clarify job calls it.
 *
 * @packageDocumentation
 */
import { type SageMakerTransportOptions, sagemakerTransport } from '../sagemaker-endpoint.js';
import { type TabularEndpointOptions, endpointTabularModel } from './endpoint-tabular-model.js';
import type { TabularModel } from './tabular-model.js';

/** Options of {@link sagemakerEndpointTabularModel}. */
export interface SageMakerTabularModelOptions extends TabularEndpointOptions, SageMakerTransportOptions {
  /**
   * Called by `dispose` (e.g. to delete a temporary endpoint).
   * @default nothing
   */
  readonly onDispose?: () => Promise<void>;
}

/**
 * A tabular model on a SageMaker endpoint: the requests and answers of
 * {@link httpEndpointTabularModel}, sent with InvokeEndpoint (`ContentType` and `Accept`
 * set, `TargetModel`, `TargetVariant` and `CustomAttributes` when given). Retries are the
 * client's: the AWS SDK's standard mode retries throttling and 5xx answers.
 *
 * @example
 * ```ts
 * import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
 * const model = sagemakerEndpointTabularModel({
 *   endpointName: 'xgboost-adult',
 *   client: new SageMakerRuntimeClient({ region: 'us-east-1' }),
 *   contentType: 'text/csv',
 *   acceptType: 'text/csv',  // one score a line
 *   probability: 0,
 * });
 * const predictions = await model.predict(rows);
 * ```
 */
export function sagemakerEndpointTabularModel(options: SageMakerTabularModelOptions): TabularModel {
  const transport = sagemakerTransport(options);
  return endpointTabularModel(options.endpointName, transport, options, options.onDispose);
}

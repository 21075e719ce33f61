/**
 * A tabular model behind a plain HTTP endpoint that speaks what a SageMaker endpoint
 * would (e.g. a model server on localhost), with its timeouts and retries.
 *
 * @packageDocumentation
 */
import { type HttpTransportOptions, httpTransport } from '../http-endpoint.js';
import { type TabularEndpointOptions, endpointTabularModel } from './endpoint-tabular-model.js';
import type { TabularModel } from './tabular-model.js';

/**
 * Options of {@link httpEndpointTabularModel}: the URL, timeouts and retries of
 * {@link HttpTransportOptions}, the formats and limits of {@link TabularEndpointOptions}.
 */
export interface HttpTabularModelOptions extends TabularEndpointOptions, HttpTransportOptions {}

/**
 * A tabular model behind an HTTP URL. Rows are POSTed as Clarify sends them to an endpoint
 * (`contentType`: CSV lines, JSON Lines, or JSON by `contentTemplate` / `recordTemplate`),
 * many records a request up to `maxPayloadBytes`, `concurrency` requests at once; each
 * answer is read per `acceptType` with `label` and `probability` (a column index for CSV,
 * a JMESPath expression for JSON). Requests time out after `timeoutMs`, and throttling,
 * 5xx answers and dropped connections are retried with backoff; a request that still fails,
 * or an answer that does not read, rejects with a `ModelError` naming the URL and the
 * records it carried.
 *
 * @example
 * ```ts
 * const model = httpEndpointTabularModel({
 *   url: 'http://localhost:8080/invocations',
 *   contentType: 'text/csv',           // '39,"State-gov",77516\n50,"Private",83311'
 *   acceptType: 'application/jsonlines',
 *   probability: 'score',              // {"score":0.12}\n{"score":0.71}
 * });
 * const predictions = await model.predict([[39, 'State-gov', 77516], [50, 'Private', 83311]]);
 * ```
 */
export function httpEndpointTabularModel(options: HttpTabularModelOptions): TabularModel {
  const { name, transport } = httpTransport(options);
  return endpointTabularModel(name, transport, options);
}

/**
 * A tabular model behind a request/response endpoint (SageMaker or plain HTTP): records
 * are written as Clarify writes them, sent several a request under a payload limit,
 * a few requests at a time, and read back from the answers.
 *
 * @packageDocumentation
 */
import { ClarifyError, ModelError, ValidationError, describeValue, throwIfAborted } from '../../errors.js';
import { runConcurrently } from '../concurrent.js';
import { type EndpointTransport, endpointRequestFailed } from '../endpoint.js';
import { type CallSite, callFailed, checkPredictions, recordRange } from './check-predictions.js';
import { ResponseFormatError } from './prediction-values.js';
import { planBatches } from './request-batches.js';
import { OPTION_FIELDS, type RequestFieldNames, type TabularRequestOptions, tabularRequestFormat } from './request-format.js';
import { RESPONSE_OPTION_FIELDS, type ResponseFieldNames, type TabularResponseOptions, tabularResponseReader } from './response-reader.js';
import type { LabelHeader, TabularModel, TabularPrediction } from './tabular-model.js';

/**
 * Default of {@link TabularEndpointOptions.maxPayloadBytes}: SageMaker's limit on an
 * InvokeEndpoint request body is 6 MB, and Clarify's own `MaxPayloadInMB` (of its online
 * explainer) defaults to 6; 6,000,000 bytes is under the limit whether an MB is 10⁶ or 2²⁰ bytes.
 */
export const DEFAULT_MAX_PAYLOAD_BYTES = 6_000_000;

/**
 * Default of {@link TabularEndpointOptions.maxRecordsPerRequest}: keeps a request well
 * inside an endpoint's 60-second invocation limit, and a bad answer's record range short.
 */
export const DEFAULT_MAX_RECORDS_PER_REQUEST = 1000;

/** Options shared by every endpoint-backed tabular model. */
export interface TabularEndpointOptions extends TabularRequestOptions, TabularResponseOptions {
  /**
   * Class names, index-aligned with the scores (Clarify's `label_headers`).
   * @default undefined (classes are known by index)
   */
  readonly labelHeaders?: readonly LabelHeader[];
  /**
   * Largest request body, in bytes: records are packed into requests up to this size.
   * @default 6000000 ({@link DEFAULT_MAX_PAYLOAD_BYTES})
   */
  readonly maxPayloadBytes?: number;
  /**
   * Most records a request (1 with an `application/json` `$record` template).
   * @default 1000 ({@link DEFAULT_MAX_RECORDS_PER_REQUEST})
   */
  readonly maxRecordsPerRequest?: number;
  /**
   * Requests in flight at once.
   * @default 4
   */
  readonly concurrency?: number;
}

/** The names validation errors give the options. @internal */
export type EndpointFieldNames = RequestFieldNames & ResponseFieldNames;

/** Option names as they are. @internal */
export const ENDPOINT_OPTION_FIELDS: EndpointFieldNames = { ...OPTION_FIELDS, ...RESPONSE_OPTION_FIELDS };

const positiveInteger = (field: string, value: number | undefined, fallback: number): number => {
  const v = value ?? fallback;
  if (!Number.isSafeInteger(v) || v < 1) throw new ValidationError(field, v, 'an integer >= 1');
  return v;
};

/**
 * A {@link TabularModel} over any transport.
 *
 * @param name - the endpoint's name or URL, for messages.
 * @param dispose - what `dispose` does (e.g. delete a shadow endpoint).
 * @throws {@link ValidationError} for bad options, before any request.
 * @internal
 */
export function endpointTabularModel(
  name: string,
  transport: EndpointTransport,
  options: TabularEndpointOptions,
  dispose: () => Promise<void> = async () => {},
  fields: EndpointFieldNames = ENDPOINT_OPTION_FIELDS,
): TabularModel {
  if (options === null || typeof options !== 'object') throw new ValidationError('options', options, 'an object');
  const format = tabularRequestFormat(options, fields);
  const read = tabularResponseReader(options, format.contentType, fields);
  const accept = options.acceptType ?? format.contentType;
  const maxBytes = positiveInteger('maxPayloadBytes', options.maxPayloadBytes, DEFAULT_MAX_PAYLOAD_BYTES);
  const maxRecords = format.singleRecord ? 1 : positiveInteger('maxRecordsPerRequest', options.maxRecordsPerRequest, DEFAULT_MAX_RECORDS_PER_REQUEST);
  const concurrency = positiveInteger('concurrency', options.concurrency, 4);
  const headers = options.labelHeaders;
  if (headers !== undefined && (!Array.isArray(headers) || !headers.every((h) => typeof h === 'string' || typeof h === 'number'))) {
    throw new ValidationError('labelHeaders', headers, 'an array of class names (strings or numbers)');
  }
  const encoder = new TextEncoder();
  const frame = { before: byteLength(format.before), between: byteLength(format.between), after: byteLength(format.after) };
  const model = `Endpoint ${name}`;
  let calls = 0;
  let disposed: Promise<void> | undefined;
  return {
    describe: `endpoint ${name}`,
    ...(headers ? { labelHeaders: headers } : {}),
    async predict(rows, signal) {
      throwIfAborted(signal);
      const records = rows.map((row, i) => {
        if (!Array.isArray(row)) throw new ModelError(`${model}: record ${i} is ${describeValue(row)}; expected an array of feature values`, { index: i, endpoint: name });
        try {
          return format.record(row, i);
        } catch (err) {
          throw err instanceof ModelError ? new ModelError(`${model}: ${err.message}`, { index: i, endpoint: name }) : err;
        }
      });
      const batches = planBatches(records.map(byteLength), frame, maxBytes, maxRecords);
      const results: TabularPrediction[] = new Array(rows.length);
      await runConcurrently(batches.length, concurrency, signal, async (k, stop) => {
        const { first, count } = batches[k];
        const site: CallSite = { model, call: calls++, first, count, endpoint: name };
        const body = encoder.encode(format.before + records.slice(first, first + count).join(format.between) + format.after);
        let response: Uint8Array;
        try {
          response = await transport(body, format.contentType, accept, stop);
        } catch (err) {
          throwIfAborted(signal);
          if (err instanceof ClarifyError) throw err;
          throw endpointRequestFailed(name, { call: site.call, index: first }, recordRange(first, count), err);
        }
        let predictions: TabularPrediction[];
        try {
          predictions = read(response, count, first);
        } catch (err) {
          if (!(err instanceof ResponseFormatError)) throw err;
          throw callFailed(site, err.message, err.record ?? first);
        }
        checkPredictions(predictions, site).forEach((p, i) => (results[first + i] = p));
      });
      return results;
    },
    dispose: () => (disposed ??= dispose()),
  };
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

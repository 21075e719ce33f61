/**
 * The tabular model a Clarify analysis config's `predictor` names: a model registered
 * locally under `model_name`, an `endpoint_name`, or a SageMaker model `model_name` hosted
 * on a temporary ("shadow") endpoint that the caller provides, since creating and deleting
 * endpoints is the engine's work (see `engine/shadow-endpoint.ts`).
 *
 * @packageDocumentation
 */
import { ValidationError } from '../../errors.js';
import type { PredictorConfig } from '../../clarify/analysis-config.js';
import type { Session } from '../../sagemaker/session.js';
import { sagemakerTransport } from '../sagemaker-endpoint.js';
import { type EndpointFieldNames, type TabularEndpointOptions, endpointTabularModel } from './endpoint-tabular-model.js';
import { OnnxTabularModel, type OnnxTabularOptions } from './onnx-tabular-model.js';
import { TABULAR_CONTENT_TYPES, type TabularContentType, tabularRequestFormat } from './request-format.js';
import { tabularResponseReader } from './response-reader.js';
import type { LabelHeader, TabularModel } from './tabular-model.js';

/**
 * A tabular ONNX model given by its file rather than loaded: loaded when the run starts,
 * released when it ends.
 *
 * @example
 * ```ts
 * const models = { 'adult-gbt': { onnx: { model: 'adult-gbt.onnx' } } };
 * ```
 */
export interface OnnxTabularSpec {
  readonly onnx: OnnxTabularOptions;
}

/** A model registered for `predictor.model_name`: a {@link TabularModel} (the caller's to dispose) or an ONNX spec. */
export type LocalTabularModel = TabularModel | OnnxTabularSpec;

/** A temporary endpoint hosting the predictor's model; `dispose` deletes it. */
export interface HostedEndpoint {
  readonly endpointName: string;
  dispose(): Promise<void>;
}

/** Options of {@link tabularModelFromPredictorConfig}. */
export interface TabularModelSourceOptions {
  /**
   * Models by name, for `predictor.model_name`; a name found here is called locally.
   * @default {}
   */
  readonly models?: Readonly<Record<string, LocalTabularModel>>;
  /**
   * The session whose SageMaker Runtime client calls endpoints.
   * @default a client from the environment (region and credentials)
   */
  readonly session?: Session;
  /**
   * The config's `dataset_type`: the request format when `predictor.content_type` is absent
   * (Clarify's default). A Parquet dataset needs `content_type`.
   * @default undefined (`content_type` must be given)
   */
  readonly datasetType?: string;
  /**
   * Feature names in row order (the dataset's headers, label and excluded columns left
   * out): for templates with `$feature_names`, `$features_kvp` or `"${name}"`, and for ONNX errors.
   * @default undefined
   */
  readonly featureNames?: readonly string[];
  /**
   * Hosts the SageMaker model `predictor.model_name` when it is not registered locally:
   * the engine passes its shadow endpoint (`createShadowEndpoint`), which this layer cannot
   * import. The model's `dispose` calls the endpoint's.
   * @default undefined (such a `model_name` is refused)
   */
  readonly hostModel?: (predictor: PredictorConfig, signal?: AbortSignal) => Promise<HostedEndpoint>;
  /**
   * Batching and concurrency of endpoint requests.
   * @default the defaults of {@link TabularEndpointOptions}
   */
  readonly endpoint?: Pick<TabularEndpointOptions, 'maxPayloadBytes' | 'maxRecordsPerRequest' | 'concurrency'>;
  readonly signal?: AbortSignal | undefined;
}

/** Validation errors name the config's keys. */
const PREDICTOR_FIELDS: EndpointFieldNames = {
  contentType: '$.predictor.content_type',
  contentTemplate: '$.predictor.content_template',
  recordTemplate: '$.predictor.record_template',
  featureNames: 'featureNames',
  acceptType: '$.predictor.accept_type',
  label: '$.predictor.label',
  probability: '$.predictor.probability',
};

const isSpec = (m: LocalTabularModel): m is OnnxTabularSpec => typeof m === 'object' && m !== null && 'onnx' in m;
const isModel = (m: LocalTabularModel): m is TabularModel => typeof (m as TabularModel)?.predict === 'function';

/** The endpoint options the predictor gives, checked. */
function endpointOptions(predictor: PredictorConfig, options: TabularModelSourceOptions): TabularEndpointOptions {
  const rawType = predictor.content_type ?? options.datasetType;
  if (rawType === undefined) throw new ValidationError('$.predictor.content_type', rawType, TABULAR_CONTENT_TYPES.map((t) => `'${t}'`).join(', '), 'required when dataset_type is not one of them');
  const contentType = rawType.toLowerCase() as TabularContentType;
  if (!TABULAR_CONTENT_TYPES.includes(contentType)) {
    const field = predictor.content_type === undefined ? '$.dataset_type' : '$.predictor.content_type';
    throw new ValidationError(field, rawType, TABULAR_CONTENT_TYPES.map((t) => `'${t}'`).join(', '), predictor.content_type === undefined ? 'set predictor.content_type for this dataset type' : undefined);
  }
  const acceptType = predictor.accept_type?.toLowerCase() as TabularContentType | undefined;
  const template = predictor.content_template;
  if (template !== undefined && typeof template !== 'string') throw new ValidationError('$.predictor.content_template', template, 'a template string (tabular models)');
  return {
    contentType,
    ...(acceptType !== undefined ? { acceptType } : {}),
    ...(template !== undefined ? { contentTemplate: template } : {}),
    ...(predictor.record_template !== undefined ? { recordTemplate: predictor.record_template } : {}),
    ...(options.featureNames !== undefined ? { featureNames: options.featureNames } : {}),
    ...(predictor.label !== undefined ? { label: predictor.label } : {}),
    ...(predictor.probability !== undefined ? { probability: predictor.probability } : {}),
    ...(predictor.label_headers !== undefined ? { labelHeaders: predictor.label_headers } : {}),
    ...options.endpoint,
  };
}

/**
 * Checks the predictor against what is available, calling nothing: formats, templates,
 * `label` / `probability`, and that `model_name` resolves (locally, or with `hostModel`).
 *
 * @throws {@link ValidationError} naming the config key (`$.predictor.content_type`, …).
 * @example
 * ```ts
 * checkTabularPredictor({ endpoint_name: 'e', content_type: 'application/jsonlines' }, {});
 * // ValidationError: Invalid $.predictor.content_template: got undefined; allowed: a template string (required with application/jsonlines)
 * ```
 */
export function checkTabularPredictor(predictor: PredictorConfig, options: TabularModelSourceOptions = {}): void {
  if (predictor === null || typeof predictor !== 'object') throw new ValidationError('$.predictor', predictor, 'an object');
  if (predictor.time_series_predictor_config !== undefined) {
    throw new ValidationError('$.predictor.time_series_predictor_config', predictor.time_series_predictor_config, 'absent (tabular models)');
  }
  const headers = predictor.label_headers;
  if (headers !== undefined && (!Array.isArray(headers) || !headers.every((h) => typeof h === 'string' || typeof h === 'number'))) {
    throw new ValidationError('$.predictor.label_headers', headers, 'an array of class names (strings or ints)');
  }
  const local = localModel(predictor, options);
  if (local !== undefined) return;
  if (predictor.endpoint_name === undefined) {
    const name = predictor.model_name;
    if (typeof name !== 'string' || name === '') throw new ValidationError('$.predictor', predictor, 'an endpoint_name or a model_name');
    if (options.hostModel === undefined) {
      const known = Object.keys(options.models ?? {});
      throw new ValidationError('$.predictor.model_name', name,
        known.length > 0 ? `one of the registered models: ${known.join(', ')}` : 'a model registered in `models`',
        'or pass hostModel to host the SageMaker model on a temporary endpoint');
    }
    if (typeof predictor.instance_type !== 'string') {
      throw new ValidationError('$.predictor.instance_type', predictor.instance_type, 'an instance type (required with model_name)');
    }
  }
  const settings = endpointOptions(predictor, options);
  tabularResponseReader(settings, tabularRequestFormat(settings, PREDICTOR_FIELDS).contentType, PREDICTOR_FIELDS);
}

function localModel(predictor: PredictorConfig, options: TabularModelSourceOptions): LocalTabularModel | undefined {
  if (predictor.endpoint_name !== undefined || predictor.model_name === undefined) return undefined;
  const local = options.models?.[predictor.model_name];
  if (local !== undefined && !isSpec(local) && !isModel(local)) {
    throw new ValidationError(`models.${predictor.model_name}`, local, 'a TabularModel { predict, describe, dispose } or { onnx: { model, ... } }');
  }
  return local;
}

/**
 * The {@link TabularModel} of a config's `predictor`, as the engine picks an image model:
 * 1. `model_name` registered in `models`: that model (an ONNX spec is loaded now);
 * 2. `endpoint_name`: that SageMaker endpoint, called with the session's runtime client;
 * 3. another `model_name`: the endpoint `hostModel` creates for it, deleted by `dispose`.
 *
 * Endpoints are called with `content_type` (default: the dataset type), `accept_type`
 * (default: the content type), `content_template`, `record_template`, `label`,
 * `probability`, `target_model` and `custom_attributes`; `label_headers` become the
 * model's `labelHeaders` (overriding a local model's). Call `dispose` when done.
 *
 * @throws {@link ValidationError} for a predictor that cannot be run (see {@link checkTabularPredictor}).
 * @example
 * ```ts
 * const model = await tabularModelFromPredictorConfig(
 *   { endpoint_name: 'xgb-adult', content_type: 'text/csv', accept_type: 'text/csv', probability: 0 },
 *   { session, datasetType: 'text/csv' },
 * );
 * try {
 *   const predictions = await model.predict(rows);
 * } finally {
 *   await model.dispose();
 * }
 * ```
 */
export async function tabularModelFromPredictorConfig(predictor: PredictorConfig, options: TabularModelSourceOptions = {}): Promise<TabularModel> {
  checkTabularPredictor(predictor, options);
  const headers = predictor.label_headers as readonly LabelHeader[] | undefined;
  const local = localModel(predictor, options);
  if (local !== undefined) {
    if (isSpec(local)) {
      return OnnxTabularModel.create({
        ...(options.featureNames !== undefined ? { featureNames: options.featureNames } : {}),
        ...local.onnx,
        ...(headers !== undefined ? { labelHeaders: headers } : {}),
      });
    }
    const describe = `local model ${predictor.model_name}`;
    const labelHeaders = headers ?? local.labelHeaders;
    // The caller registered it and disposes of it.
    return { describe, predict: (rows, signal) => local.predict(rows, signal), ...(labelHeaders ? { labelHeaders } : {}), dispose: async () => {} };
  }
  let endpointName = predictor.endpoint_name;
  let dispose = async () => {};
  if (endpointName === undefined) {
    const hosted = await (options.hostModel as NonNullable<TabularModelSourceOptions['hostModel']>)(predictor, options.signal);
    endpointName = hosted.endpointName;
    dispose = () => hosted.dispose();
  }
  try {
    const transport = sagemakerTransport({
      endpointName,
      ...(options.session ? { client: options.session.sagemakerRuntimeClient } : {}),
      ...(predictor.target_model !== undefined ? { targetModel: predictor.target_model } : {}),
      ...(predictor.custom_attributes !== undefined ? { customAttributes: predictor.custom_attributes } : {}),
    });
    return endpointTabularModel(endpointName, transport, endpointOptions(predictor, options), dispose, PREDICTOR_FIELDS);
  } catch (err) {
    await dispose();
    throw err;
  }
}

import { ValidationError } from '../errors.js';
import type { PredictorConfig, PythonInt } from './analysis-config.js';
import { checkInt, checkOneOf, checkOptionalInstance, checkOptions, checkString, isSet, refuseIf } from './check.js';
import { cloneConfig } from './clone.js';
import { ACCEPT_TYPES, type AcceptType, CONTENT_TYPES, type ContentType, ENDPOINT_NAME_PREFIX_PATTERN } from './constants.js';
import { TimeSeriesModelConfig } from './time-series-model-config.js';

/**
 * Options of {@link ModelConfig} (Python `ModelConfig(...)` parameters, camelCased).
 * Give either `modelName` + `instanceType` + `instanceCount` (Clarify starts a shadow
 * endpoint) or `endpointName` (Clarify calls an existing endpoint), not both.
 */
export interface ModelConfigOptions {
  /**
   * A SageMaker model to host on a temporary (shadow) endpoint.
   * @default undefined
   */
  readonly modelName?: string;
  /**
   * Number of shadow-endpoint instances (written as `initial_instance_count`). An integer >= 1.
   * @default undefined
   */
  readonly instanceCount?: PythonInt;
  /**
   * Shadow-endpoint instance type, e.g. `'ml.m5.xlarge'`.
   * @default undefined
   */
  readonly instanceType?: string;
  /**
   * The model's response format.
   * @default undefined (omitted; the service assumes the content type, or application/json for images)
   */
  readonly acceptType?: AcceptType;
  /**
   * The model's request format. `'image/jpg'` passes here (as in Python) but the
   * analysis-config schema refuses it; use `'image/jpeg'`.
   * @default undefined (omitted; the service uses the dataset type)
   */
  readonly contentType?: ContentType;
  /**
   * Request template: must contain `$features` for JSON Lines, `$record` / `$records` for JSON.
   * @default undefined (omitted)
   */
  readonly contentTemplate?: string;
  /**
   * Record template for `application/json` requests (required for it).
   * @default undefined (omitted)
   */
  readonly recordTemplate?: string;
  /**
   * Value of the `CustomAttributes` header sent with each request.
   * @default undefined (omitted)
   */
  readonly customAttributes?: string;
  /**
   * Elastic Inference accelerator for the shadow endpoint.
   * @default undefined (omitted)
   */
  readonly acceleratorType?: string;
  /**
   * Prefix of the shadow endpoint's name. Must start with `[a-zA-Z0-9](-*[a-zA-Z0-9])`.
   * @default undefined (omitted; the service names it)
   */
  readonly endpointNamePrefix?: string;
  /**
   * The model to call on a multi-model endpoint.
   * @default undefined (omitted)
   */
  readonly targetModel?: string;
  /**
   * An existing endpoint to call instead of a shadow endpoint.
   * @default undefined
   */
  readonly endpointName?: string;
  /**
   * Where a forecasting model puts its forecast.
   * @default undefined (omitted)
   */
  readonly timeSeriesModelConfig?: TimeSeriesModelConfig;
}

/**
 * The model Clarify calls and how it talks to it (Python `sagemaker.clarify.ModelConfig`).
 *
 * @example
 * ```ts
 * // The image-classification notebook's model:
 * const modelConfig = new ModelConfig({
 *   modelName: 'DEMO-clarify-image-classification-model',
 *   instanceType: 'ml.m5.xlarge',
 *   instanceCount: 1,
 *   contentType: 'image/jpeg',
 * });
 * ```
 */
export class ModelConfig {
  /** The forecasting configuration, if any. */
  readonly timeSeriesModelConfig: TimeSeriesModelConfig | undefined;
  readonly #predictor: PredictorConfig;

  constructor(options: ModelConfigOptions) {
    const owner = 'ModelConfig';
    checkOptions(owner, options);
    const { modelName, instanceCount, instanceType, endpointName, endpointNamePrefix } = options;
    // Python: exactly one of "a truthy model triple" and "a truthy endpoint name".
    const hasModel = Boolean(modelName) && Boolean(instanceCount) && Boolean(instanceType);
    if (hasModel === Boolean(endpointName)) {
      throw new ValidationError(
        endpointName ? 'endpointName' : 'modelName',
        endpointName ?? modelName,
        'either endpointName, or all of modelName, instanceType and instanceCount (>= 1), but not both',
        owner,
      );
    }
    const timeSeries = checkOptionalInstance(owner, 'timeSeriesModelConfig', options.timeSeriesModelConfig, TimeSeriesModelConfig,
      'a TimeSeriesModelConfig');
    this.timeSeriesModelConfig = timeSeries;

    let predictor: PredictorConfig;
    if (endpointName) {
      refuseIf(owner, 'endpointNamePrefix', endpointNamePrefix, Boolean(endpointNamePrefix), 'undefined when endpointName is given',
        'a prefix names a shadow endpoint, and an existing endpoint needs none');
      predictor = { endpoint_name: checkString(owner, 'endpointName', endpointName) };
    } else {
      predictor = {
        model_name: checkString(owner, 'modelName', modelName),
        instance_type: checkString(owner, 'instanceType', instanceType),
        initial_instance_count: checkInt(owner, 'instanceCount', instanceCount, 1),
      };
    }
    if (endpointNamePrefix) {
      if (typeof endpointNamePrefix !== 'string' || !ENDPOINT_NAME_PREFIX_PATTERN.test(endpointNamePrefix)) {
        throw new ValidationError('endpointNamePrefix', endpointNamePrefix,
          `a string starting with the pattern ${ENDPOINT_NAME_PREFIX_PATTERN.source}`, owner);
      }
      predictor.endpoint_name_prefix = endpointNamePrefix;
    }
    if (isSet(options.acceptType)) {
      const acceptType = checkOneOf(owner, 'acceptType', options.acceptType, ACCEPT_TYPES);
      if (timeSeries && acceptType === 'text/csv') {
        throw new ValidationError('acceptType', acceptType, 'application/json or application/jsonlines', `${owner}: time-series explainability`);
      }
      predictor.accept_type = acceptType;
    }
    if (isSet(options.contentType)) {
      const contentType = checkOneOf(owner, 'contentType', options.contentType, CONTENT_TYPES);
      checkTemplates(owner, contentType, options.contentTemplate, options.recordTemplate);
      if (timeSeries && contentType !== 'application/json' && contentType !== 'application/jsonlines') {
        throw new ValidationError('contentType', contentType, 'application/json or application/jsonlines', `${owner}: time-series explainability`);
      }
      predictor.content_type = contentType;
    }
    const optionalStrings = [
      ['contentTemplate', 'content_template'],
      ['recordTemplate', 'record_template'],
      ['customAttributes', 'custom_attributes'],
      ['acceleratorType', 'accelerator_type'],
      ['targetModel', 'target_model'],
    ] as const;
    for (const [field, key] of optionalStrings) {
      const value = options[field];
      if (isSet(value)) predictor[key] = checkString(owner, field, value);
    }
    if (timeSeries) predictor.time_series_predictor_config = timeSeries.getTimeSeriesModelConfig();
    this.#predictor = predictor;
  }

  /** The `predictor` part of the analysis config (Python `get_predictor_config()`), a fresh copy. */
  getPredictorConfig(): PredictorConfig {
    return cloneConfig(this.#predictor);
  }
}

function checkTemplates(owner: string, contentType: ContentType, contentTemplate: unknown, recordTemplate: unknown): void {
  if (contentType === 'application/jsonlines') {
    if (!isSet(contentTemplate)) {
      throw new ValidationError('contentTemplate', contentTemplate, 'a template containing $features', `${owner}: required for content type ${contentType}`);
    }
    if (typeof contentTemplate !== 'string' || !contentTemplate.includes('$features')) {
      throw new ValidationError('contentTemplate', contentTemplate, 'a template containing $features', owner);
    }
  }
  if (contentType === 'application/json') {
    if (!isSet(contentTemplate) || !isSet(recordTemplate)) {
      const field = isSet(contentTemplate) ? 'recordTemplate' : 'contentTemplate';
      throw new ValidationError(field, isSet(contentTemplate) ? recordTemplate : contentTemplate, 'a template string',
        `${owner}: contentTemplate and recordTemplate are both required for content type ${contentType}`);
    }
    if (typeof contentTemplate !== 'string' || !contentTemplate.includes('$record')) {
      throw new ValidationError('contentTemplate', contentTemplate, 'a template containing $record or $records', owner);
    }
  }
}

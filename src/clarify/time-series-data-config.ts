import { ValidationError } from '../errors.js';
import type { NameOrIndex, TimeSeriesDataConfigFragment } from './analysis-config.js';
import { checkOneOf, checkOptions } from './check.js';
import { cloneConfig } from './clone.js';
import { TimeSeriesJSONDatasetFormat } from './constants.js';

/** Options of {@link TimeSeriesDataConfig} (Python `TimeSeriesDataConfig(...)` parameters). */
export interface TimeSeriesDataConfigOptions {
  /** The target series: a JMESPath (string) or a column index (integer >= 1; Python rejects 0). */
  readonly targetTimeSeries: NameOrIndex;
  /** The item id, of the same kind (string or integer) as `targetTimeSeries`. */
  readonly itemId: NameOrIndex;
  /** The timestamp, of the same kind (string or integer) as `targetTimeSeries`. */
  readonly timestamp: NameOrIndex;
  /**
   * Related series, each of the same kind as `targetTimeSeries`.
   * @default undefined (omitted)
   */
  readonly relatedTimeSeries?: readonly NameOrIndex[];
  /**
   * Static covariates, each of the same kind as `targetTimeSeries`.
   * @default undefined (omitted)
   */
  readonly staticCovariates?: readonly NameOrIndex[];
  /**
   * Layout of the JSON dataset. Required when the fields are strings (JMESPaths), refused
   * when they are indices.
   * @default undefined
   */
  readonly datasetFormat?: TimeSeriesJSONDatasetFormat;
}

/**
 * Where a time-series dataset keeps its series, item ids and timestamps
 * (Python `sagemaker.clarify.TimeSeriesDataConfig`).
 *
 * @example
 * ```ts
 * const ts = new TimeSeriesDataConfig({
 *   targetTimeSeries: 'target', itemId: 'item_id', timestamp: 'timestamp',
 *   datasetFormat: TimeSeriesJSONDatasetFormat.TIMESTAMP_RECORDS,
 * });
 * ```
 */
export class TimeSeriesDataConfig {
  readonly #dict: TimeSeriesDataConfigFragment;

  constructor(options: TimeSeriesDataConfigOptions) {
    const owner = 'TimeSeriesDataConfig';
    checkOptions(owner, options);
    const { targetTimeSeries, itemId, timestamp } = options;
    // Python tests truthiness, so index 0 and '' are refused.
    for (const [field, value] of [['targetTimeSeries', targetTimeSeries], ['itemId', itemId], ['timestamp', timestamp]] as const) {
      if (!value) throw new ValidationError(field, value, 'a non-empty string or an integer >= 1', owner);
    }
    const kind = fieldKind(targetTimeSeries);
    if (kind === undefined) {
      throw new ValidationError('targetTimeSeries', targetTimeSeries, 'a string or an integer', owner);
    }
    const allowed = kind === 'string' ? 'a string, as targetTimeSeries is' : 'an integer, as targetTimeSeries is';
    if (fieldKind(itemId) !== kind) throw new ValidationError('itemId', itemId, allowed, owner);
    if (fieldKind(timestamp) !== kind) throw new ValidationError('timestamp', timestamp, allowed, owner);
    const dict: TimeSeriesDataConfigFragment = { target_time_series: targetTimeSeries, item_id: itemId, timestamp };
    for (const [field, key] of [['relatedTimeSeries', 'related_time_series'], ['staticCovariates', 'static_covariates']] as const) {
      const list = options[field];
      if (list === undefined || list === null || (Array.isArray(list) && list.length === 0)) continue;
      const items = `an array of ${kind === 'string' ? 'non-empty strings' : 'integers'}, as targetTimeSeries is`;
      if (!Array.isArray(list) || !list.every((item) => fieldKind(item) === kind && item !== '')) {
        throw new ValidationError(field, list, items, owner);
      }
      dict[key] = [...list];
    }
    if (kind === 'string') {
      dict.dataset_format = checkOneOf(owner, 'datasetFormat', options.datasetFormat, Object.values(TimeSeriesJSONDatasetFormat),
        'required when the fields are JMESPath strings');
    } else if (options.datasetFormat !== undefined && options.datasetFormat !== null) {
      throw new ValidationError('datasetFormat', options.datasetFormat, 'undefined when the fields are column indices', owner);
    }
    this.#dict = dict;
  }

  /** The `time_series_data_config` fragment (Python `get_time_series_data_config()`), a fresh copy. */
  getTimeSeriesDataConfig(): TimeSeriesDataConfigFragment {
    return cloneConfig(this.#dict);
  }
}

function fieldKind(value: unknown): 'string' | 'int' | undefined {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number' && Number.isSafeInteger(value)) return 'int';
  return undefined;
}

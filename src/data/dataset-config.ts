/**
 * The dataset keys of an analysis config, checked before any data is read: which tabular
 * format, which columns are named how, and which column plays which part.
 *
 * @packageDocumentation
 */
import { ValidationError, describeValue } from '../errors.js';
import { compileJmesPath } from './jmes-path.js';

/** The tabular `dataset_type`s the engine reads. */
export const TABULAR_DATASET_TYPES = ['text/csv', 'application/jsonlines', 'application/x-parquet'] as const;

/** A tabular `dataset_type` the engine reads. */
export type TabularDatasetType = (typeof TABULAR_DATASET_TYPES)[number];

/** A column named by its name or its zero-based index (`name_or_index` in the config). */
export type ColumnRef = string | number;

/** The dataset keys of an analysis config, checked. */
export interface DatasetSettings {
  /** `dataset_type`. */
  readonly datasetType: TabularDatasetType;
  /**
   * `headers`: the column names. For CSV, the files then have no header row; for JSON Lines,
   * the feature names, then the label's, then the predicted label's; for Parquet, new names
   * for the file's columns, in order.
   */
  readonly headers?: readonly string[];
  /** `label`: a column name or index; for JSON Lines a JMESPath expression. */
  readonly label?: ColumnRef;
  /** `predicted_label`: the column holding the model's predictions; for JSON Lines a JMESPath expression. */
  readonly predictedLabel?: ColumnRef;
  /** `features`: for JSON Lines, the JMESPath expression that finds a record's feature array. */
  readonly features?: string;
  /** `excluded_columns`: columns the model does not see (they stay in the table). */
  readonly excludedColumns?: readonly ColumnRef[];
  /** `joinsource_name_or_index`: an identifier column, in no analysis. */
  readonly joinsource?: ColumnRef;
}

const SUPPORTED = "'text/csv', 'application/jsonlines' or 'application/x-parquet'";

/**
 * Checks the dataset keys of an analysis config (`dataset_type`, `headers`, `label`,
 * `features`, `predicted_label`, `excluded_columns`, `joinsource_name_or_index`) and returns
 * them as {@link DatasetSettings}. Names that `headers` lists are checked here; names of a
 * CSV header row or a Parquet schema are checked when the dataset is opened.
 *
 * `features` is used for JSON Lines only and ignored for CSV and Parquet, as Clarify documents it.
 *
 * @param config - the parsed `analysis_config.json` (numbers written with a decimal point may be `PyFloat`s).
 * @throws {@link ValidationError} naming the key (`$.dataset_type`, `$.headers[2]`, `$.label`, …), its value and what is allowed.
 *
 * @example
 * ```ts
 * const settings = checkDatasetConfig(JSON.parse(readFileSync('analysis_config.json', 'utf8')));
 * const dataset = await openDataset(settings, parseLocation('--data', './data'));
 * ```
 */
export function checkDatasetConfig(config: unknown): DatasetSettings {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ValidationError('$', config, 'an analysis config object');
  }
  const c = config as Record<string, unknown>;
  const datasetType = c['dataset_type'];
  if (datasetType === 'application/json') {
    throw new ValidationError('$.dataset_type', datasetType, SUPPORTED, 'application/json datasets are not supported by the engine');
  }
  if (datasetType === 'application/x-image') {
    throw new ValidationError('$.dataset_type', datasetType, SUPPORTED, 'images are read by the image explainer, not as a table');
  }
  if (typeof datasetType !== 'string' || !(TABULAR_DATASET_TYPES as readonly string[]).includes(datasetType)) {
    throw new ValidationError('$.dataset_type', datasetType, SUPPORTED);
  }
  const type = datasetType as TabularDatasetType;
  if (c['time_series_data_config'] !== undefined) {
    throw new ValidationError('$.time_series_data_config', c['time_series_data_config'], `absent (time-series datasets are not supported; tabular ${SUPPORTED})`);
  }
  const jsonLines = type === 'application/jsonlines';

  const headers = optionalHeaders(c['headers']);
  const label = c['label'] === undefined ? undefined
    : jsonLines ? jmesPath('$.label', c['label']) : columnRef('$.label', c['label'], headers);
  const predictedLabel = c['predicted_label'] === undefined ? undefined
    : jsonLines ? jmesPath('$.predicted_label', c['predicted_label']) : columnRef('$.predicted_label', c['predicted_label'], headers);
  let features: string | undefined;
  if (jsonLines) {
    if (c['features'] === undefined) {
      throw new ValidationError('$.features', undefined, 'a JMESPath expression that finds the feature array of each JSON line');
    }
    features = jmesPath('$.features', c['features']);
  }
  let excludedColumns: ColumnRef[] | undefined;
  if (c['excluded_columns'] !== undefined) {
    const excluded = c['excluded_columns'];
    if (!Array.isArray(excluded)) throw new ValidationError('$.excluded_columns', excluded, 'an array of column names or indices');
    excludedColumns = excluded.map((ref, i) => columnRef(`$.excluded_columns[${i}]`, ref, headers));
  }
  const joinsource = c['joinsource_name_or_index'] === undefined ? undefined
    : columnRef('$.joinsource_name_or_index', c['joinsource_name_or_index'], headers);

  if (jsonLines && headers !== undefined) {
    const named = 1 + (label !== undefined ? 1 : 0) + (predictedLabel !== undefined ? 1 : 0);
    if (headers.length < named) {
      throw new ValidationError('$.headers', headers, `at least ${named} names: the features', then the label's and the predicted label's`);
    }
  }
  if (!jsonLines) {
    // The same column in two parts is a mistake (for JSON Lines they are expressions, compared once named).
    const parts: [string, ColumnRef | undefined][] = [
      ['$.predicted_label', predictedLabel], ['$.joinsource_name_or_index', joinsource],
    ];
    const seen: [string, ColumnRef | undefined][] = [['$.label', label]];
    for (const [field, ref] of parts) {
      if (ref === undefined) continue;
      for (const [other, otherRef] of seen) {
        if (otherRef !== undefined && sameColumn(ref, otherRef, headers)) {
          throw new ValidationError(field, ref, `a column other than ${other}'s`);
        }
      }
      seen.push([field, ref]);
    }
  }

  return {
    datasetType: type,
    ...(headers !== undefined ? { headers } : {}),
    ...(label !== undefined ? { label } : {}),
    ...(predictedLabel !== undefined ? { predictedLabel } : {}),
    ...(features !== undefined ? { features } : {}),
    ...(excludedColumns !== undefined ? { excludedColumns } : {}),
    ...(joinsource !== undefined ? { joinsource } : {}),
  };
}

function optionalHeaders(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) throw new ValidationError('$.headers', value, 'a non-empty array of column names');
  const seen = new Set<string>();
  value.forEach((name: unknown, i) => {
    if (typeof name !== 'string') throw new ValidationError(`$.headers[${i}]`, name, 'a string');
    if (seen.has(name)) throw new ValidationError(`$.headers[${i}]`, name, 'a name not already in headers (pandas refuses duplicate names)');
    seen.add(name);
  });
  return value as string[];
}

function columnRef(field: string, value: unknown, headers: readonly string[] | undefined): ColumnRef {
  if (typeof value === 'string') {
    if (headers !== undefined && !headers.includes(value)) {
      throw new ValidationError(field, value, `one of headers: ${listNames(headers)}`);
    }
    return value;
  }
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) {
    if (headers !== undefined && value >= headers.length) {
      throw new ValidationError(field, value, `a column index from 0 to ${headers.length - 1} (headers names ${headers.length} columns)`);
    }
    return value;
  }
  throw new ValidationError(field, value, 'a column name or a zero-based column index (an integer)');
}

function jmesPath(field: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new ValidationError(field, value, 'a JMESPath expression (a string)');
  try {
    compileJmesPath(value);
  } catch (err) {
    throw new ValidationError(field, value, 'a JMESPath expression', (err as Error).message);
  }
  return value;
}

function sameColumn(a: ColumnRef, b: ColumnRef, headers: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if (headers === undefined) return false;
  const index = (ref: ColumnRef) => (typeof ref === 'number' ? ref : headers.indexOf(ref));
  return index(a) === index(b);
}

/** Names for a message: all of them when few, else the first ones and a count. */
export function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 12).map((name) => describeValue(name)).join(', ');
  return names.length > 12 ? `${shown}, … (${names.length} columns)` : shown;
}

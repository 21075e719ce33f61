/**
 * The analysis config's bias keys, checked and turned into {@link BiasSettings} before any
 * data is read. Every refusal is a {@link ValidationError} naming the config key as a JSON
 * path (`$.facet[0].value_or_threshold`).
 *
 * @packageDocumentation
 */
import { ValidationError } from '../errors.js';
import {
  POST_TRAINING_METRICS,
  PRE_TRAINING_METRICS,
  type PostTrainingMetric,
  type PreTrainingMetric,
} from './metric-names.js';
import type { PyValue } from './python-values.js';

/**
 * A float as the engine's config reader carries it (clarify-ts's `PyFloat` is one): Python's
 * `40.0`, which prints and compares as a float although it is integral.
 */
export interface PythonFloatLike {
  readonly value: number;
}

/** A label or facet value, or a threshold: an int (`number` or `bigint`), a float, or a string. */
export type BiasConfigValue = string | number | bigint | PythonFloatLike;

/** A column, by header name or zero-based index into the table's columns. */
export type ColumnRef = string | number;

/** `methods.pre_training_bias` / `methods.post_training_bias`. */
export interface BiasMethodsInput {
  /** `"all"`, or metric names (`["CI", "DPL"]`). */
  readonly methods: string | readonly string[];
}

/**
 * The keys of `analysis_config.json` the bias analysis reads. An `AnalysisConfig` read by
 * the engine (floats as `PyFloat`) fits this type as it is.
 */
export interface BiasConfigInput {
  readonly label?: ColumnRef;
  readonly label_values_or_threshold?: readonly BiasConfigValue[];
  readonly facet?: readonly { readonly name_or_index: ColumnRef; readonly value_or_threshold?: readonly BiasConfigValue[] }[];
  readonly group_variable?: ColumnRef;
  readonly predicted_label?: ColumnRef;
  readonly probability_threshold?: number | PythonFloatLike;
  readonly excluded_columns?: readonly ColumnRef[];
  readonly joinsource_name_or_index?: ColumnRef;
  readonly methods?: { readonly pre_training_bias?: BiasMethodsInput; readonly post_training_bias?: BiasMethodsInput };
}

/** One facet to analyse. */
export interface FacetSettings {
  /** The facet column. */
  readonly column: ColumnRef;
  /** The configured values or threshold; `undefined` when none (one entry per value then). */
  readonly values: readonly PyValue[] | undefined;
  /** The config path of this facet, for messages: `$.facet[1]`. */
  readonly path: string;
}

/** The bias analysis to run, checked. Built by {@link resolveBiasConfig}. */
export interface BiasSettings {
  readonly label: ColumnRef;
  /** `label_values_or_threshold`, non-empty. */
  readonly labelValues: readonly PyValue[];
  readonly facets: readonly FacetSettings[];
  readonly groupVariable?: ColumnRef;
  /** The column holding the model's predictions (post-training). */
  readonly predictedLabel?: ColumnRef;
  /**
   * `predictedLabel` names a column the engine added for a model's predictions
   * (`options.predictedLabel`), not the dataset's `predicted_label`.
   */
  readonly predictionsAdded?: true;
  /** When set, `predictedLabel` holds scores: a score above it is a positive prediction, any other 0. */
  readonly probabilityThreshold?: number;
  /** Dropped from the table the flip test's k-NN sees. */
  readonly joinsource?: ColumnRef;
  /** Accepted and checked; they do not change the bias metrics (they only keep columns from a model). */
  readonly excludedColumns: readonly ColumnRef[];
  /** The pre-training metrics to compute, sorted; absent when not requested. */
  readonly preTraining?: readonly PreTrainingMetric[];
  /** The post-training metrics to compute, sorted; absent when not requested. */
  readonly postTraining?: readonly PostTrainingMetric[];
}

/** Options of {@link resolveBiasConfig}. */
export interface ResolveBiasConfigOptions {
  /**
   * The column that holds the model's predictions when the engine adds them to the table
   * itself (a model rather than the dataset's `predicted_label`). Replaces `predicted_label`.
   * @default the config's `predicted_label`
   */
  readonly predictedLabel?: ColumnRef | undefined;
  /**
   * With `predictedLabel`: the threshold that turns its scores into labels, or `null`
   * when it holds labels already.
   * @default the config's `probability_threshold` (labels when absent)
   */
  readonly probabilityThreshold?: number | null | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isFloatLike(value: unknown): value is PythonFloatLike {
  return isRecord(value) && typeof value.value === 'number';
}

/** A config value as Python sees it, or a ValidationError naming `field`. */
export function configValue(value: unknown, field: string): PyValue {
  if (typeof value === 'string') return { type: 'str', value };
  if (typeof value === 'bigint') return { type: 'int', value: Number(value), text: value.toString() };
  if (typeof value === 'number' && Number.isFinite(value)) {
    return Number.isInteger(value) ? { type: 'int', value } : { type: 'float', value };
  }
  if (isFloatLike(value) && Number.isFinite(value.value)) return { type: 'float', value: value.value };
  throw new ValidationError(field, value, 'an int, a float or a string');
}

function columnRef(value: unknown, field: string): ColumnRef {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  throw new ValidationError(field, value, 'a column name (a non-empty string) or a zero-based column index');
}

function valueList(value: unknown, field: string, required: boolean): PyValue[] | undefined {
  if (value === undefined || value === null) {
    if (required) throw new ValidationError(field, value, 'a non-empty list of values, or a list holding one threshold');
    return undefined;
  }
  if (!Array.isArray(value)) throw new ValidationError(field, value, 'a list of values, or a list holding one threshold');
  if (value.length === 0) {
    if (required) throw new ValidationError(field, value, 'a non-empty list of values, or a list holding one threshold');
    return undefined; // smclarify treats [] as "no values" (`value_or_threshold or None`)
  }
  return value.map((v, i) => configValue(v, `${field}[${i}]`));
}

function metricList<T extends string>(value: unknown, field: string, registered: readonly T[]): T[] {
  const allowed = `"all" or a list of ${registered.join(', ')}`;
  if (value === 'all') return [...registered];
  const names: unknown[] = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  if (names.length === 0) throw new ValidationError(field, value, allowed);
  if (names.length === 1 && names[0] === 'all') return [...registered];
  names.forEach((name, i) => {
    if (typeof name !== 'string' || !(registered as readonly string[]).includes(name)) {
      throw new ValidationError(typeof value === 'string' ? field : `${field}[${i}]`, name, allowed);
    }
  });
  return registered.filter((name) => names.includes(name));
}

/**
 * Checks the analysis config's bias keys and returns the analysis to run. Nothing is read:
 * column names are checked against the data later, by `runBiasAnalysis`.
 *
 * Pre-training runs when `methods.pre_training_bias` is present, post-training when
 * `methods.post_training_bias` is; post-training needs `predicted_label` (or
 * `options.predictedLabel`).
 *
 * @throws {@link ValidationError} naming the key (`$.label_values_or_threshold`,
 *   `$.facet[0].name_or_index`, `$.methods.post_training_bias.methods[2]`, …).
 *
 * @example
 * ```ts
 * const settings = resolveBiasConfig({
 *   label: 'approved',
 *   label_values_or_threshold: [1],
 *   facet: [{ name_or_index: 'sex', value_or_threshold: ['Female'] }],
 *   methods: { pre_training_bias: { methods: 'all' } },
 * });
 * ```
 */
export function resolveBiasConfig(config: BiasConfigInput, options: ResolveBiasConfigOptions = {}): BiasSettings {
  const input: unknown = config;
  if (!isRecord(input)) throw new ValidationError('$', input, 'an analysis config object');
  const methods = input.methods;
  if (methods !== undefined && !isRecord(methods)) throw new ValidationError('$.methods', methods, 'an object');
  const pre = methods?.pre_training_bias;
  const post = methods?.post_training_bias;
  if (pre === undefined && post === undefined) {
    throw new ValidationError('$.methods', methods, 'an object with pre_training_bias and/or post_training_bias');
  }
  const stage = <T extends string>(value: unknown, key: string, registered: readonly T[]): T[] => {
    if (!isRecord(value)) throw new ValidationError(`$.methods.${key}`, value, 'an object { methods: "all" | [names] }');
    return metricList(value.methods, `$.methods.${key}.methods`, registered);
  };
  const preTraining = pre === undefined ? undefined : stage(pre, 'pre_training_bias', PRE_TRAINING_METRICS);
  const postTraining = post === undefined ? undefined : stage(post, 'post_training_bias', POST_TRAINING_METRICS);

  if (input.label === undefined) throw new ValidationError('$.label', undefined, 'the label column (a name or a zero-based index)');
  const label = columnRef(input.label, '$.label');
  const labelValues = valueList(input.label_values_or_threshold, '$.label_values_or_threshold', true) as PyValue[];

  const facetInput = input.facet;
  if (!Array.isArray(facetInput) || facetInput.length === 0) {
    throw new ValidationError('$.facet', facetInput, 'a non-empty list of { name_or_index, value_or_threshold? }');
  }
  const facets = facetInput.map((entry: unknown, i): FacetSettings => {
    const path = `$.facet[${i}]`;
    if (!isRecord(entry)) throw new ValidationError(path, entry, 'an object { name_or_index, value_or_threshold? }');
    return {
      column: columnRef(entry.name_or_index, `${path}.name_or_index`),
      values: valueList(entry.value_or_threshold, `${path}.value_or_threshold`, false),
      path,
    };
  });
  facets.forEach((facet, i) => {
    if (facets.findIndex((other) => other.column === facet.column) !== i) {
      throw new ValidationError(`$.facet[${i}].name_or_index`, facet.column, 'a facet not already listed');
    }
  });

  const optional = (key: string): ColumnRef | undefined => (input[key] === undefined ? undefined : columnRef(input[key], `$.${key}`));
  const groupVariable = optional('group_variable');
  const joinsource = optional('joinsource_name_or_index');
  const excluded = input.excluded_columns;
  if (excluded !== undefined && !Array.isArray(excluded)) throw new ValidationError('$.excluded_columns', excluded, 'a list of column names or indices');
  const excludedColumns = (excluded ?? []).map((c: unknown, i) => columnRef(c, `$.excluded_columns[${i}]`));

  let predictedLabel = optional('predicted_label');
  let probabilityThreshold: number | undefined;
  const threshold = input.probability_threshold;
  if (threshold !== undefined) {
    const t = isFloatLike(threshold) ? threshold.value : threshold;
    if (typeof t !== 'number' || !Number.isFinite(t)) throw new ValidationError('$.probability_threshold', threshold, 'a float');
    probabilityThreshold = t;
  }
  if (options.predictedLabel !== undefined) predictedLabel = columnRef(options.predictedLabel, 'predictedLabel');
  if (options.probabilityThreshold !== undefined) {
    const t = options.probabilityThreshold;
    if (t !== null && !Number.isFinite(t)) throw new ValidationError('probabilityThreshold', t, 'a finite number or null');
    probabilityThreshold = t ?? undefined;
  }
  if (postTraining !== undefined && predictedLabel === undefined) {
    throw new ValidationError(
      '$.predicted_label',
      undefined,
      'the column holding the model predictions (post_training_bias needs predicted labels)',
    );
  }
  return {
    label,
    labelValues,
    facets,
    ...(groupVariable !== undefined ? { groupVariable } : {}),
    ...(predictedLabel !== undefined ? { predictedLabel } : {}),
    ...(options.predictedLabel !== undefined ? { predictionsAdded: true as const } : {}),
    ...(probabilityThreshold !== undefined && predictedLabel !== undefined ? { probabilityThreshold } : {}),
    ...(joinsource !== undefined ? { joinsource } : {}),
    excludedColumns,
    ...(preTraining !== undefined ? { preTraining } : {}),
    ...(postTraining !== undefined ? { postTraining } : {}),
  };
}

/**
 * The enumerations and fixed vocabularies of `sagemaker.clarify`, as literal unions.
 *
 * @packageDocumentation
 */

/**
 * Dataset formats Clarify reads (Python `DatasetType`). Use a member or its string.
 *
 * @example
 * ```ts
 * new DataConfig({ ..., datasetType: DatasetType.IMAGE }); // same as 'application/x-image'
 * ```
 */
export const DatasetType = {
  TEXTCSV: 'text/csv',
  JSONLINES: 'application/jsonlines',
  JSON: 'application/json',
  PARQUET: 'application/x-parquet',
  IMAGE: 'application/x-image',
} as const;
/** One of the {@link DatasetType} strings. */
export type DatasetType = (typeof DatasetType)[keyof typeof DatasetType];
/** The values of {@link DatasetType}, in Python's order. */
export const DATASET_TYPES: readonly DatasetType[] = Object.values(DatasetType);
/** The dataset types that hold tabular records (everything but images). */
export const TABULAR_DATASET_TYPES: readonly DatasetType[] = [
  DatasetType.TEXTCSV,
  DatasetType.JSONLINES,
  DatasetType.JSON,
  DatasetType.PARQUET,
];

/** Layouts of a time-series JSON dataset (Python `TimeSeriesJSONDatasetFormat`). */
export const TimeSeriesJSONDatasetFormat = {
  COLUMNS: 'columns',
  ITEM_RECORDS: 'item_records',
  TIMESTAMP_RECORDS: 'timestamp_records',
} as const;
/** One of the {@link TimeSeriesJSONDatasetFormat} strings. */
export type TimeSeriesJSONDatasetFormat =
  (typeof TimeSeriesJSONDatasetFormat)[keyof typeof TimeSeriesJSONDatasetFormat];

/** Request payload types a model may accept (`ModelConfig.contentType`). */
export type ContentType =
  | 'text/csv'
  | 'application/jsonlines'
  | 'application/json'
  | 'image/jpeg'
  | 'image/jpg'
  | 'image/png'
  | 'application/x-npy';
/** The content types `ModelConfig` accepts, in Python's order. */
export const CONTENT_TYPES: readonly ContentType[] = [
  'text/csv',
  'application/jsonlines',
  'application/json',
  'image/jpeg',
  'image/jpg',
  'image/png',
  'application/x-npy',
];

/** Response payload types a model may return (`ModelConfig.acceptType`). */
export type AcceptType = 'text/csv' | 'application/jsonlines' | 'application/json';
/** The accept types `ModelConfig` accepts, in Python's order. */
export const ACCEPT_TYPES: readonly AcceptType[] = ['text/csv', 'application/jsonlines', 'application/json'];

/** How global SHAP values are aggregated from local ones (`SHAPConfig.aggMethod`). */
export type AggMethod = 'mean_abs' | 'median' | 'mean_sq';
/** The aggregation methods, in Python's order. */
export const AGG_METHODS: readonly AggMethod[] = ['mean_abs', 'median', 'mean_sq'];

/** The unit of text that is explained (`TextConfig.granularity`). */
export type TextGranularity = 'token' | 'sentence' | 'paragraph';
/** The text granularities, in Python's order. */
export const TEXT_GRANULARITIES: readonly TextGranularity[] = ['token', 'sentence', 'paragraph'];

/** Computer-vision problem types Clarify explains (`ImageConfig.modelType`). */
export type ImageModelType = 'IMAGE_CLASSIFICATION' | 'OBJECT_DETECTION';
/** The image model types, in Python's order. */
export const IMAGE_MODEL_TYPES: readonly ImageModelType[] = ['OBJECT_DETECTION', 'IMAGE_CLASSIFICATION'];

/** Pre-training bias metrics the service computes. */
export type PreTrainingBiasMethod = 'CI' | 'DPL' | 'KL' | 'JS' | 'LP' | 'TVD' | 'KS' | 'CDDL';
/** Post-training bias metrics the service computes. */
export type PostTrainingBiasMethod =
  | 'DPPL'
  | 'DI'
  | 'DCA'
  | 'DCR'
  | 'RD'
  | 'SD'
  | 'DAR'
  | 'DRR'
  | 'AD'
  | 'CDDPL'
  | 'TE'
  | 'FT'
  | 'GE';

/** The direction of an asymmetric Shapley value explanation. */
export type AsymmetricShapleyValueDirection = 'chronological' | 'anti_chronological' | 'bidirectional';
/** Python `ASYM_SHAP_VAL_EXPLANATION_DIRECTIONS`. */
export const ASYM_SHAP_VAL_EXPLANATION_DIRECTIONS: readonly AsymmetricShapleyValueDirection[] = [
  'chronological',
  'anti_chronological',
  'bidirectional',
];
/** Python `ASYM_SHAP_VAL_DEFAULT_EXPLANATION_DIRECTION`. */
export const ASYM_SHAP_VAL_DEFAULT_EXPLANATION_DIRECTION: AsymmetricShapleyValueDirection = 'chronological';

/** The granularity of an asymmetric Shapley value explanation. */
export type AsymmetricShapleyValueGranularity = 'timewise' | 'fine_grained';
/** Python `ASYM_SHAP_VAL_GRANULARITIES`. */
export const ASYM_SHAP_VAL_GRANULARITIES: readonly AsymmetricShapleyValueGranularity[] = ['timewise', 'fine_grained'];
/** Python `ASYM_SHAP_VAL_DEFAULT_EXPLANATION_GRANULARITY`. */
export const ASYM_SHAP_VAL_DEFAULT_EXPLANATION_GRANULARITY: AsymmetricShapleyValueGranularity = 'timewise';

/** Baselines of a temporal series in an asymmetric Shapley value explanation. */
export type TemporalBaseline = 'zero' | 'mean';
/** The temporal baselines. */
export const TEMPORAL_BASELINES: readonly TemporalBaseline[] = ['zero', 'mean'];

/**
 * Python `ENDPOINT_NAME_PREFIX_PATTERN`. It anchors only the start, so it checks the first
 * characters of a prefix and nothing after them, exactly as the SDK and the service do.
 */
export const ENDPOINT_NAME_PREFIX_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9])/;

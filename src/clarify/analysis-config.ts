/**
 * The shape of `analysis_config.json`: the document the config classes build, the
 * Python SDK uploads and the Clarify container (or the clarify-ts engine) reads.
 *
 * Keys are the service's own snake_case keys. Floats the schema requires are
 * {@link PyFloat}s; ints are integral `number`s or `bigint`s.
 *
 * @packageDocumentation
 */
import type { PyFloat } from '../python/float.js';
import type { AcceptType, ContentType, DatasetType, TimeSeriesJSONDatasetFormat } from './constants.js';
import type { PythonJsonObject } from '../python/json-dump.js';

/** A Python int: an integral `number`, or a `bigint` beyond 2^53. */
export type PythonInt = number | bigint;

/** A column, given by header name or zero-based index. */
export type NameOrIndex = string | number;

/** A label or facet value, or a threshold (`[40]`, `['yes']`, `[0.5]`, `[pyFloat(40)]`). */
export type ValueOrThreshold = string | number | PyFloat;

/** One `segment_config` entry (see `SegmentationConfig`). */
export type SegmentConfigEntry = {
  name_or_index: NameOrIndex;
  segments: (string | number)[][];
  config_name?: string;
  display_aliases?: string[];
};

/** `time_series_data_config` (see `TimeSeriesDataConfig`). */
export type TimeSeriesDataConfigFragment = {
  target_time_series: NameOrIndex;
  item_id: NameOrIndex;
  timestamp: NameOrIndex;
  related_time_series?: NameOrIndex[];
  static_covariates?: NameOrIndex[];
  dataset_format?: TimeSeriesJSONDatasetFormat;
};

/** The dataset part of the analysis config (`DataConfig.getConfig()`). */
export type DataConfigFragment = {
  dataset_type: DatasetType;
  features?: string;
  headers?: string[];
  label?: NameOrIndex;
  joinsource_name_or_index?: NameOrIndex;
  facet_dataset_uri?: string;
  facet_headers?: string[];
  predicted_label_dataset_uri?: string;
  predicted_label_headers?: string[];
  predicted_label?: NameOrIndex;
  excluded_columns?: NameOrIndex[];
  segment_config?: SegmentConfigEntry[];
  time_series_data_config?: TimeSeriesDataConfigFragment;
};

/** One sensitive attribute in `facet`. */
export type FacetEntry = {
  name_or_index: NameOrIndex;
  value_or_threshold?: ValueOrThreshold[];
};

/** The bias part of the analysis config (`BiasConfig.getConfig()`). */
export type BiasConfigFragment = {
  label_values_or_threshold: ValueOrThreshold[];
  facet: FacetEntry[];
  group_variable?: NameOrIndex;
};

/** The label keys a `ModelPredictedLabelConfig` adds to `predictor`. */
export type PredictedLabelFragment = {
  label?: NameOrIndex;
  probability?: NameOrIndex;
  label_headers?: NameOrIndex[];
};

/** `predictor`: how Clarify reaches the model (`ModelConfig.getPredictorConfig()`), plus label keys. */
export type PredictorConfig = PredictedLabelFragment & {
  model_name?: string;
  instance_type?: string;
  initial_instance_count?: PythonInt;
  endpoint_name?: string;
  endpoint_name_prefix?: string;
  accept_type?: AcceptType;
  content_type?: ContentType;
  content_template?: string | { [key: string]: string };
  record_template?: string;
  custom_attributes?: string;
  accelerator_type?: string;
  target_model?: string;
  time_series_predictor_config?: { forecast: string };
};

/** `methods.shap.image_config` (`ImageConfig.getImageConfig()`). */
export type ImageConfigFragment = {
  model_type: string;
  num_segments?: PythonInt;
  feature_extraction_method?: string;
  segment_compactness?: PythonInt;
  max_objects?: PythonInt;
  iou_threshold?: PyFloat;
  context?: PyFloat;
};

/** `methods.shap.text_config` (`TextConfig.getTextConfig()`). */
export type TextConfigFragment = {
  granularity: string;
  language: string;
};

/** One in-place baseline record: a CSV row, or a JSON object for JSON Lines data. */
export type BaselineRow = (string | number | PyFloat | null)[] | PythonJsonObject;

/** `methods.shap` (`SHAPConfig`). */
export type ShapMethodConfig = {
  use_logit: boolean;
  save_local_shap_values: boolean;
  baseline?: string | BaselineRow[] | PythonJsonObject;
  num_samples?: PythonInt;
  agg_method?: string;
  seed?: PythonInt;
  /**
   * A clarify-ts addition, read only by its engine: stop sampling once every standard
   * error is at most this (in the explained output's units), `num_samples` being the ceiling.
   */
  tolerance?: PythonInt | PyFloat;
  /** A clarify-ts addition: a tolerance as a fraction of |full_value − expected_value| of each output. */
  relative_tolerance?: PythonInt | PyFloat;
  num_clusters?: PythonInt;
  text_config?: TextConfigFragment;
  image_config?: ImageConfigFragment;
  features_to_explain?: NameOrIndex[];
};

/** `methods.pdp` (`PDPConfig`). */
export type PdpMethodConfig = {
  grid_resolution: PythonInt;
  top_k_features: PythonInt;
  features?: NameOrIndex[];
};

/** The baseline of an asymmetric Shapley value explanation. */
export type AsymmetricShapleyValueBaseline =
  | string
  | {
      target_time_series?: string;
      related_time_series?: string;
      static_covariates?: { [itemId: string]: (string | number | PyFloat)[] };
    };

/** `methods.asymmetric_shapley_value` (`AsymmetricShapleyValueConfig`). */
export type AsymmetricShapleyValueMethodConfig = {
  direction: string;
  granularity: string;
  num_samples?: PythonInt;
  baseline?: AsymmetricShapleyValueBaseline;
};

/** What `ExplainabilityConfig.getExplainabilityConfig()` returns: one method keyed by name. */
export type ExplainabilityMethods = {
  shap?: ShapMethodConfig;
  pdp?: PdpMethodConfig;
  asymmetric_shapley_value?: AsymmetricShapleyValueMethodConfig;
};

/** `methods.pre_training_bias` / `methods.post_training_bias`. */
export type BiasMethodsConfig = { methods: string | string[] };

/** `methods`: `report` first, then bias, then explainability, in that order. */
export type AnalysisMethods = {
  report?: { name: string; title?: string };
  pre_training_bias?: BiasMethodsConfig;
  post_training_bias?: BiasMethodsConfig;
} & ExplainabilityMethods;

/** A whole analysis config, as `AnalysisConfigGenerator` builds it. */
export type AnalysisConfig = DataConfigFragment &
  Partial<BiasConfigFragment> & {
    predictor?: PredictorConfig;
    probability_threshold?: PyFloat;
    methods: AnalysisMethods;
  };

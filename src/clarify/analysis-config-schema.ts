/**
 * The client-side analysis-config schema (Python `ANALYSIS_CONFIG_SCHEMA_V1_0`), the same
 * rules the Clarify container applies: a config it refuses here would fail the job later.
 *
 * @packageDocumentation
 */
import type { AnalysisConfig } from './analysis-config.js';
import { ENDPOINT_NAME_PREFIX_PATTERN } from './constants.js';
import { TEXT_LANGUAGES } from './languages.js';
import {
  anything,
  bool,
  type Check,
  float,
  int,
  listOf,
  lowerCaseOneOf,
  mapOf,
  matches,
  none,
  object,
  or,
  str,
} from './schema-checks.js';

const strOrInt = or('a string or an int', str, int);
const valueOrThreshold = or('an int, a float or a string', int, float, str);
const biasMethods = object({ methods: or('a string or a list of strings', str, listOf(str)) });
const temporalBaseline = lowerCaseOneOf(['zero', 'mean']);

const timeSeriesDataConfig = object({
  target_time_series: strOrInt,
  item_id: strOrInt,
  timestamp: strOrInt,
  'related_time_series?': or('a list of strings or a list of ints', listOf(str), listOf(int)),
  'static_covariates?': or('a list of strings or a list of ints', listOf(str), listOf(int)),
  'dataset_format?': lowerCaseOneOf(['columns', 'item_records', 'timestamp_records']),
});

const shap = object({
  'baseline?': or(
    'an S3 URI string, a list of rows (lists of int/float/string/null, or objects) or an object',
    str,
    listOf(or('a row: a list of int/float/string/null, or an object', listOf(or('an int, a float, a string or null', int, float, str, none)), mapOf(anything))),
    mapOf(anything),
  ),
  'num_clusters?': int,
  'use_logit?': bool,
  'num_samples?': int,
  'agg_method?': lowerCaseOneOf(['mean_abs', 'median', 'mean_sq']),
  'save_local_shap_values?': bool,
  'text_config?': object({
    granularity: lowerCaseOneOf(['token', 'sentence', 'paragraph']),
    language: lowerCaseOneOf(TEXT_LANGUAGES),
    'max_top_tokens?': int,
  }),
  'image_config?': object({
    'num_segments?': int,
    'segment_compactness?': int,
    'feature_extraction_method?': str,
    'model_type?': str,
    'max_objects?': int,
    'iou_threshold?': float,
    'context?': float,
    'debug?': object({
      'image_names?': listOf(str),
      'class_ids?': listOf(int),
      'sample_from?': int,
      'sample_to?': int,
    }),
  }),
  'seed?': int,
  // clarify-ts additions (issue 30), read only by its engine; the SDK never writes them.
  'tolerance?': or('an int or a float', int, float),
  'relative_tolerance?': or('an int or a float', int, float),
  'features_to_explain?': listOf(strOrInt),
});

const asymmetricShapleyValue = object({
  direction: lowerCaseOneOf(['chronological', 'anti_chronological', 'bidirectional']),
  granularity: lowerCaseOneOf(['timewise', 'fine_grained']),
  'num_samples?': int,
  'baseline?': or(
    'an S3 URI string or a baseline object',
    str,
    object({
      'target_time_series?': temporalBaseline,
      'related_time_series?': temporalBaseline,
      'static_covariates?': mapOf(listOf(or('an int, a float or a string', int, float, str))),
    }),
  ),
});

const predictor = object({
  'endpoint_name?': str,
  'endpoint_name_prefix?': matches(ENDPOINT_NAME_PREFIX_PATTERN),
  'model_name?': str,
  'target_model?': str,
  'instance_type?': str,
  'initial_instance_count?': int,
  'accelerator_type?': str,
  'content_type?': lowerCaseOneOf(['text/csv', 'application/jsonlines', 'application/json', 'image/jpeg', 'image/png', 'application/x-npy']),
  'accept_type?': lowerCaseOneOf(['text/csv', 'application/jsonlines', 'application/json']),
  'label?': strOrInt,
  'probability?': strOrInt,
  'label_headers?': listOf(strOrInt),
  'content_template?': or('a string or an object of strings', str, mapOf(str)),
  'record_template?': str,
  'custom_attributes?': str,
  'time_series_predictor_config?': object({ forecast: str }),
});

const analysisConfigSchema: Check = object({
  'version?': str,
  dataset_type: lowerCaseOneOf([
    'text/csv',
    'application/jsonlines',
    'application/sagemakercapturejson',
    'application/x-parquet',
    'application/x-image',
    'application/json',
  ]),
  'dataset_uri?': str,
  'headers?': listOf(str),
  'label?': strOrInt,
  'predicted_label?': strOrInt,
  'features?': str,
  'label_values_or_threshold?': listOf(valueOrThreshold),
  'probability_threshold?': float,
  'segment_config?': listOf(
    object({
      'config_name?': str,
      name_or_index: strOrInt,
      segments: listOf(listOf(strOrInt)),
      'display_aliases?': listOf(str),
    }),
  ),
  'facet?': listOf(object({ name_or_index: strOrInt, 'value_or_threshold?': listOf(valueOrThreshold) })),
  'facet_dataset_uri?': str,
  'facet_headers?': listOf(str),
  'predicted_label_dataset_uri?': str,
  'predicted_label_headers?': listOf(str),
  'excluded_columns?': listOf(strOrInt),
  'joinsource_name_or_index?': strOrInt,
  'group_variable?': strOrInt,
  'time_series_data_config?': timeSeriesDataConfig,
  methods: object({
    'shap?': shap,
    'pre_training_bias?': biasMethods,
    'post_training_bias?': biasMethods,
    'pdp?': object({ grid_resolution: int, 'features?': listOf(strOrInt), 'top_k_features?': int }),
    'report?': object({ name: str, 'title?': str }),
    'asymmetric_shapley_value?': asymmetricShapleyValue,
  }),
  'predictor?': predictor,
});

/**
 * Checks an analysis config against the SDK's client-side schema (Python
 * `ANALYSIS_CONFIG_SCHEMA_V1_0.validate`), with Python's int/float distinction. Like the
 * SDK, it only checks: the config is not changed (upper-case enum strings pass, as the
 * schema lower-cases them before comparing).
 *
 * {@link analysisConfigToJson} runs it unless told `skipEarlyValidation: true`.
 *
 * @throws {@link ValidationError} whose `field` is the JSON path of the first offending
 * value, e.g. `$.methods.shap.image_config.iou_threshold`.
 *
 * @example
 * ```ts
 * const config = AnalysisConfigGenerator.explainability(dataConfig, modelConfig, labels, shapConfig);
 * validateAnalysisConfig(config); // throws on a config the Clarify container would refuse
 * ```
 */
export function validateAnalysisConfig(config: unknown): asserts config is AnalysisConfig {
  analysisConfigSchema(config, '$');
}

import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { pyFloat, validateAnalysisConfig } from '../../src/index.js';

// Rules from the reference's table of ANALYSIS_CONFIG_SCHEMA_V1_0 (sagemaker-sdk.md §1.16).

type Tree = Record<string, unknown>;
const base = (): Tree => ({
  dataset_type: 'text/csv',
  methods: { report: { name: 'report', title: 'Analysis Report' } },
});
const withKeys = (top: Tree, methods: Tree = {}): Tree => {
  const config = { ...base(), ...top };
  config.methods = { ...(base().methods as Tree), ...methods };
  return config;
};

function pathOf(config: unknown): string | undefined {
  try {
    validateAnalysisConfig(config);
    return undefined;
  } catch (error) {
    if (error instanceof ValidationError) return error.field;
    throw error;
  }
}

describe('validateAnalysisConfig', () => {
  it('accepts a full config of every section without changing it', () => {
    const config = withKeys(
      {
        version: '1.0',
        headers: ['y', 'a'],
        label: 'y',
        label_values_or_threshold: [1, 0.5, 'yes', pyFloat(2)],
        probability_threshold: pyFloat(0.5),
        segment_config: [{ config_name: 'c', name_or_index: 0, segments: [['a', 1]], display_aliases: ['x'] }],
        facet: [{ name_or_index: 'a', value_or_threshold: [40] }],
        excluded_columns: [1, 'b'],
        group_variable: 'g',
        predictor: {
          endpoint_name: 'e',
          endpoint_name_prefix: 'ab',
          initial_instance_count: 10n,
          content_type: 'IMAGE/PNG',
          accept_type: 'application/json',
          label_headers: ['a', 2],
          content_template: { a: 'b' },
          time_series_predictor_config: { forecast: 'f' },
        },
      },
      {
        pre_training_bias: { methods: 'all' },
        post_training_bias: { methods: ['DPPL'] },
        pdp: { grid_resolution: 10, features: ['a', 1] },
        shap: {
          baseline: [[1, 0.5, 's', null], { features: [1] }],
          num_samples: 5,
          agg_method: 'MEAN_ABS',
          text_config: { granularity: 'token', language: 'English', max_top_tokens: 3 },
          image_config: { num_segments: 20, iou_threshold: 0.5, context: pyFloat(1), debug: { class_ids: [1], sample_to: 2 } },
        },
      },
    );
    const before = structuredClone(config);
    expect(pathOf(config)).toBeUndefined();
    expect(config).toEqual(before);
  });

  it('tells ints from floats the way Python does', () => {
    expect(pathOf(withKeys({ probability_threshold: 1 }))).toBe('$.probability_threshold');
    expect(pathOf(withKeys({ probability_threshold: 0.5 }))).toBeUndefined();
    expect(pathOf(withKeys({}, { shap: { seed: 1.5 } }))).toBe('$.methods.shap.seed');
    expect(pathOf(withKeys({}, { shap: { seed: false } }))).toBe('$.methods.shap.seed');
    expect(pathOf(withKeys({}, { shap: { image_config: { segment_compactness: pyFloat(5) } } }))).toBe('$.methods.shap.image_config.segment_compactness');
    expect(pathOf(withKeys({ predictor: { initial_instance_count: 2n } }))).toBeUndefined();
    expect(pathOf(withKeys({ probability_threshold: '0.8' }))).toBe('$.probability_threshold');
  });

  it('names the innermost offending value of lists and alternatives', () => {
    expect(pathOf(withKeys({}, { shap: { baseline: [[1, [2]]] } }))).toBe('$.methods.shap.baseline[0][1]');
    expect(pathOf(withKeys({ segment_config: [{ name_or_index: 0, segments: [[pyFloat(1)]] }] }))).toBe('$.segment_config[0].segments[0][0]');
    expect(pathOf(withKeys({ facet: [{ name_or_index: 'a', value_or_threshold: [true] }] }))).toBe('$.facet[0].value_or_threshold[0]');
    expect(pathOf(withKeys({ predictor: { content_template: { a: 1 } } }))).toBe('$.predictor.content_template.a');
    expect(pathOf(withKeys({ headers: 'y' }))).toBe('$.headers');
  });

  it('applies the enumerations case-insensitively, and without image/jpg', () => {
    expect(pathOf(withKeys({ dataset_type: 'APPLICATION/SAGEMAKERCAPTUREJSON' }))).toBeUndefined();
    expect(pathOf(withKeys({ dataset_type: 'image/png' }))).toBe('$.dataset_type');
    expect(pathOf(withKeys({ predictor: { content_type: 'image/jpg' } }))).toBe('$.predictor.content_type');
    expect(pathOf(withKeys({ predictor: { accept_type: 'image/png' } }))).toBe('$.predictor.accept_type');
    expect(pathOf(withKeys({}, { shap: { agg_method: 'mean' } }))).toBe('$.methods.shap.agg_method');
    expect(pathOf(withKeys({}, { shap: { text_config: { granularity: 'word', language: 'en' } } }))).toBe('$.methods.shap.text_config.granularity');
  });

  it('requires the required keys and refuses unknown ones at every level', () => {
    expect(pathOf({ methods: {} })).toBe('$.dataset_type');
    expect(pathOf(withKeys({}, { pdp: { features: ['a'] } }))).toBe('$.methods.pdp.grid_resolution');
    expect(pathOf(withKeys({}, { report: { title: 't' } }))).toBe('$.methods.report.name');
    expect(pathOf(withKeys({}, { lime: {} }))).toBe('$.methods.lime');
    expect(pathOf(withKeys({ predictor: { model_name: 'm', instance_count: 1 } }))).toBe('$.predictor.instance_count');
    expect(pathOf(withKeys({}, { shap: { image_config: { debug: { sample_size: 1 } } } }))).toBe('$.methods.shap.image_config.debug.sample_size');
    expect(pathOf(withKeys({ label: undefined }))).toBeUndefined();
  });

  it('checks the endpoint-name prefix by its (start-anchored) pattern', () => {
    expect(pathOf(withKeys({ predictor: { endpoint_name_prefix: 'a-b_anything after' } }))).toBeUndefined();
    expect(pathOf(withKeys({ predictor: { endpoint_name_prefix: 'a' } }))).toBe('$.predictor.endpoint_name_prefix');
  });

  it('checks time-series and asymmetric Shapley value sections', () => {
    const ts = { target_time_series: 't', item_id: 'i', timestamp: 's', static_covariates: ['c'], dataset_format: 'columns' };
    expect(pathOf(withKeys({ time_series_data_config: ts }))).toBeUndefined();
    expect(pathOf(withKeys({ time_series_data_config: { ...ts, related_time_series: ['a', 1] } }))).toBe('$.time_series_data_config.related_time_series[1]');
    const asv = { direction: 'chronological', granularity: 'timewise', baseline: { target_time_series: 'mean', static_covariates: { item1: [1, 'x'] } } };
    expect(pathOf(withKeys({}, { asymmetric_shapley_value: asv }))).toBeUndefined();
    expect(pathOf(withKeys({}, { asymmetric_shapley_value: { ...asv, baseline: { target_time_series: 'median' } } })))
      .toBe('$.methods.asymmetric_shapley_value.baseline.target_time_series');
    expect(pathOf(withKeys({}, { asymmetric_shapley_value: { granularity: 'timewise' } }))).toBe('$.methods.asymmetric_shapley_value.direction');
  });

  it('reports the path, the value and what is allowed in the message', () => {
    expect(() => validateAnalysisConfig(withKeys({}, { shap: { image_config: { iou_threshold: 1 } } }))).toThrow(
      'Invalid $.methods.shap.image_config.iou_threshold: got 1; allowed: a float',
    );
    expect(() => validateAnalysisConfig([])).toThrow(/Invalid \$: got array\(0\); allowed: an object/);
  });
});

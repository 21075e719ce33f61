import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import {
  AnalysisConfigGenerator,
  AsymmetricShapleyValueConfig,
  BiasConfig,
  DataConfig,
  ModelConfig,
  ModelPredictedLabelConfig,
  PDPConfig,
  PyFloat,
  SHAPConfig,
  SegmentationConfig,
  TextConfig,
  TimeSeriesDataConfig,
  TimeSeriesModelConfig,
  analysisConfigToJson,
} from '../../src/index.js';

// Rules and key orders from the reference's description of sagemaker.clarify (§1.2–§1.15).

const paths = { s3DataInputPath: 's3://b/in', s3OutputPath: 's3://b/out' } as const;
const model = { modelName: 'm', instanceType: 'ml.m5.xlarge', instanceCount: 1 } as const;

function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.field;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

const tsData = (staticCovariates?: string[]): TimeSeriesDataConfig =>
  new TimeSeriesDataConfig({
    targetTimeSeries: 't',
    itemId: 'i',
    timestamp: 's',
    ...(staticCovariates ? { staticCovariates } : {}),
    datasetFormat: 'columns',
  });
const tsModel = (): ModelConfig =>
  new ModelConfig({
    ...model,
    contentType: 'application/json',
    contentTemplate: '{"instances": $records}',
    recordTemplate: '$record',
    timeSeriesModelConfig: new TimeSeriesModelConfig({ forecast: 'mean' }),
  });

describe('SegmentationConfig', () => {
  it('writes name_or_index, segments, then config_name and display_aliases when truthy', () => {
    const dict = new SegmentationConfig({ nameOrIndex: 'age', segments: [['a'], ['b']], configName: 'c', displayAliases: ['x', 'y', 'rest'] }).toDict();
    expect(Object.keys(dict)).toEqual(['name_or_index', 'segments', 'config_name', 'display_aliases']);
    expect(new SegmentationConfig({ nameOrIndex: 0, segments: [[1]], configName: '' }).toDict()).toEqual({ name_or_index: 0, segments: [[1]] });
  });

  it('refuses a missing column, empty or flat segments, and aliases of the wrong length', () => {
    expect(fieldOf(() => new SegmentationConfig({ nameOrIndex: null as never, segments: [[1]] }))).toBe('nameOrIndex');
    expect(fieldOf(() => new SegmentationConfig({ nameOrIndex: 'a', segments: [] }))).toBe('segments');
    expect(fieldOf(() => new SegmentationConfig({ nameOrIndex: 'a', segments: [1] as never }))).toBe('segments');
    expect(fieldOf(() => new SegmentationConfig({ nameOrIndex: 'a', segments: [[1], [2]], displayAliases: ['x'] }))).toBe('displayAliases');
  });
});

describe('TimeSeriesDataConfig', () => {
  it('writes its keys in the SDK order', () => {
    const dict = new TimeSeriesDataConfig({
      targetTimeSeries: 't', itemId: 'i', timestamp: 's', relatedTimeSeries: ['r'], staticCovariates: ['c'], datasetFormat: 'item_records',
    }).getTimeSeriesDataConfig();
    expect(Object.keys(dict)).toEqual(['target_time_series', 'item_id', 'timestamp', 'related_time_series', 'static_covariates', 'dataset_format']);
    expect(new TimeSeriesDataConfig({ targetTimeSeries: 1, itemId: 2, timestamp: 3 }).getTimeSeriesDataConfig()).toEqual({
      target_time_series: 1, item_id: 2, timestamp: 3,
    });
  });

  it('refuses index 0, mixed kinds, empty names, and a format that does not fit the kind', () => {
    expect(fieldOf(() => new TimeSeriesDataConfig({ targetTimeSeries: 0, itemId: 1, timestamp: 2 }))).toBe('targetTimeSeries');
    expect(fieldOf(() => new TimeSeriesDataConfig({ targetTimeSeries: 't', itemId: 1, timestamp: 's', datasetFormat: 'columns' }))).toBe('itemId');
    expect(fieldOf(() => new TimeSeriesDataConfig({ targetTimeSeries: 't', itemId: 'i', timestamp: 's' }))).toBe('datasetFormat');
    expect(fieldOf(() => new TimeSeriesDataConfig({ targetTimeSeries: 1, itemId: 2, timestamp: 3, datasetFormat: 'columns' }))).toBe('datasetFormat');
    expect(fieldOf(() => new TimeSeriesDataConfig({ targetTimeSeries: 't', itemId: 'i', timestamp: 's', relatedTimeSeries: [''], datasetFormat: 'columns' })))
      .toBe('relatedTimeSeries');
    expect(fieldOf(() => new TimeSeriesDataConfig({ targetTimeSeries: 1, itemId: 2, timestamp: 3, staticCovariates: ['x'] }))).toBe('staticCovariates');
  });
});

describe('DataConfig', () => {
  it('has the SDK defaults and writes every key in the SDK order', () => {
    const plain = new DataConfig(paths);
    expect([plain.datasetType, plain.s3CompressionType, plain.s3DataDistributionType]).toEqual(['text/csv', 'None', 'FullyReplicated']);
    expect(plain.s3AnalysisConfigOutputPath).toBeUndefined();
    const full = new DataConfig({
      ...paths,
      excludedColumns: ['x'],
      predictedLabel: 'p',
      predictedLabelHeaders: ['p'],
      predictedLabelDatasetUri: 's3://b/p',
      facetHeaders: ['f'],
      facetDatasetUri: 's3://b/f',
      joinsource: 'id',
      label: 'y',
      headers: ['id', 'y'],
      features: 'f',
      segmentationConfig: [new SegmentationConfig({ nameOrIndex: 'y', segments: [[1]] })],
    }).getConfig();
    expect(Object.keys(full)).toEqual([
      'dataset_type', 'features', 'headers', 'label', 'joinsource_name_or_index', 'facet_dataset_uri', 'facet_headers',
      'predicted_label_dataset_uri', 'predicted_label_headers', 'predicted_label', 'excluded_columns', 'segment_config',
    ]);
  });

  it('applies the dataset-type rules', () => {
    const image = { ...paths, datasetType: 'application/x-image' } as const;
    expect(fieldOf(() => new DataConfig({ ...image, excludedColumns: [1] }))).toBe('excludedColumns');
    expect(fieldOf(() => new DataConfig({ ...paths, datasetType: 'application/jsonlines', facetHeaders: ['f'] }))).toBe('facetHeaders');
    expect(fieldOf(() => new DataConfig({ ...paths, datasetType: 'application/x-parquet', predictedLabelHeaders: ['p'] }))).toBe('predictedLabelHeaders');
    expect(fieldOf(() => new DataConfig({ ...paths, timeSeriesDataConfig: tsData() }))).toBe('datasetType');
    expect(new DataConfig({ ...paths, datasetType: 'application/json', timeSeriesDataConfig: tsData() }).getConfig()).toEqual({
      dataset_type: 'application/json',
      time_series_data_config: { target_time_series: 't', item_id: 'i', timestamp: 's', dataset_format: 'columns' },
    });
    expect(fieldOf(() => new DataConfig({ ...paths, s3OutputPath: '' }))).toBe('s3OutputPath');
  });
});

describe('BiasConfig', () => {
  it('builds one facet per name, pairing values by position', () => {
    const config = new BiasConfig({ labelValuesOrThreshold: [0.5], facetName: ['a', 2], facetValuesOrThreshold: [['x'], null], groupName: 'g' }).getConfig();
    expect(config).toEqual({
      label_values_or_threshold: [0.5],
      facet: [{ name_or_index: 'a', value_or_threshold: ['x'] }, { name_or_index: 2 }],
      group_variable: 'g',
    });
    expect(new BiasConfig({ labelValuesOrThreshold: [1], facetName: ['a', 'b'] }).getConfig().facet).toEqual([
      { name_or_index: 'a' }, { name_or_index: 'b' },
    ]);
  });

  it('refuses a facet-value list of another length', () => {
    expect(fieldOf(() => new BiasConfig({ labelValuesOrThreshold: [1], facetName: ['a', 'b'], facetValuesOrThreshold: [[1]] })))
      .toBe('facetValuesOrThreshold');
  });
});

describe('ModelConfig', () => {
  it('writes the predictor keys in the SDK order', () => {
    const predictor = new ModelConfig({
      ...model,
      targetModel: 't',
      acceleratorType: 'a',
      customAttributes: 'c',
      recordTemplate: '$features',
      contentTemplate: '{"x": $record}',
      contentType: 'application/json',
      acceptType: 'application/jsonlines',
      endpointNamePrefix: 'ab-c',
    }).getPredictorConfig();
    expect(Object.keys(predictor)).toEqual([
      'model_name', 'instance_type', 'initial_instance_count', 'endpoint_name_prefix', 'accept_type', 'content_type',
      'content_template', 'record_template', 'custom_attributes', 'accelerator_type', 'target_model',
    ]);
    expect(Object.keys(tsModel().getPredictorConfig()).at(-1)).toBe('time_series_predictor_config');
    expect(new ModelConfig({ ...model, instanceCount: 2n }).getPredictorConfig().initial_instance_count).toBe(2n);
  });

  it('refuses both a model and an endpoint, a prefix with an endpoint, and a fractional instance count', () => {
    expect(fieldOf(() => new ModelConfig({ ...model, endpointName: 'e' }))).toBe('endpointName');
    expect(fieldOf(() => new ModelConfig({ endpointName: 'e', endpointNamePrefix: 'p' }))).toBe('endpointNamePrefix');
    expect(fieldOf(() => new ModelConfig({ ...model, instanceCount: 1.5 }))).toBe('instanceCount');
  });

  it('checks templates against the content type', () => {
    expect(fieldOf(() => new ModelConfig({ ...model, contentType: 'application/json', contentTemplate: '$record' }))).toBe('recordTemplate');
    expect(fieldOf(() => new ModelConfig({ ...model, contentType: 'application/json', contentTemplate: 'x', recordTemplate: 'r' })))
      .toBe('contentTemplate');
    expect(fieldOf(() => new ModelConfig({ ...model, contentType: 'application/jsonlines', contentTemplate: '{"f": 1}' }))).toBe('contentTemplate');
  });

  it('requires JSON payloads for forecasting models', () => {
    const forecast = new TimeSeriesModelConfig({ forecast: 'mean' });
    expect(fieldOf(() => new ModelConfig({ ...model, acceptType: 'text/csv', timeSeriesModelConfig: forecast }))).toBe('acceptType');
    expect(fieldOf(() => new ModelConfig({ ...model, contentType: 'text/csv', timeSeriesModelConfig: forecast }))).toBe('contentType');
    expect(fieldOf(() => new TimeSeriesModelConfig({ forecast: 1 as never }))).toBe('forecast');
  });
});

describe('ModelPredictedLabelConfig', () => {
  it('returns the threshold as a float and the predictor keys in order', () => {
    const [threshold, fragment] = new ModelPredictedLabelConfig({ labelHeaders: ['a'], probability: 1, label: 0, probabilityThreshold: 1 })
      .getPredictorConfig();
    expect(threshold).toBeInstanceOf(PyFloat);
    expect(threshold?.toString()).toBe('1.0');
    expect(Object.keys(fragment)).toEqual(['label', 'probability', 'label_headers']);
    expect(new ModelPredictedLabelConfig().getPredictorConfig()).toEqual([undefined, {}]);
  });
});

describe('PDPConfig, TextConfig and SHAPConfig', () => {
  it('PDPConfig defaults to 15 grid points and the top 10 features', () => {
    expect(new PDPConfig().getExplainabilityConfig()).toEqual({ pdp: { grid_resolution: 15, top_k_features: 10 } });
  });

  it('a PDPConfig without features needs a SHAPConfig beside it', () => {
    const data = new DataConfig({ ...paths, headers: ['y', 'f'], label: 'y' });
    const m = new ModelConfig(model);
    expect(fieldOf(() => AnalysisConfigGenerator.explainability(data, m, undefined, new PDPConfig()))).toBe('explainabilityConfig');
    expect(fieldOf(() => AnalysisConfigGenerator.explainability(data, m, undefined, [new PDPConfig()]))).toBe('explainabilityConfig');
    const both = AnalysisConfigGenerator.explainability(data, m, undefined, [new PDPConfig(), new SHAPConfig()]);
    expect(Object.keys(both.methods)).toEqual(['report', 'pdp', 'shap']);
  });

  it('TextConfig matches language names exactly, as the class does', () => {
    expect(new TextConfig({ granularity: 'sentence', language: 'norwegian bokmål' }).getTextConfig()).toEqual({
      granularity: 'sentence', language: 'norwegian bokmål',
    });
    expect(fieldOf(() => new TextConfig({ granularity: 'token', language: 'English' as never }))).toBe('language');
  });

  it('SHAPConfig refuses numClusters with a baseline, and fractional counts', () => {
    expect(fieldOf(() => new SHAPConfig({ numClusters: 2, baseline: 's3://b/x' }))).toBe('numClusters');
    expect(fieldOf(() => new SHAPConfig({ numSamples: 10.5 }))).toBe('numSamples');
    expect(fieldOf(() => new SHAPConfig({ seed: 2 ** 60 }))).toBe('seed');
    expect(new SHAPConfig({ numClusters: 3, seed: 2n ** 60n }).getExplainabilityConfig().shap).toEqual({
      use_logit: false, save_local_shap_values: true, seed: 2n ** 60n, num_clusters: 3,
    });
  });
});

describe('AsymmetricShapleyValueConfig and time series', () => {
  it('checks direction, granularity, samples and temporal baselines', () => {
    expect(fieldOf(() => new AsymmetricShapleyValueConfig({ direction: 'sideways' as never }))).toBe('direction');
    expect(fieldOf(() => new AsymmetricShapleyValueConfig({ granularity: 'coarse' as never }))).toBe('granularity');
    expect(fieldOf(() => new AsymmetricShapleyValueConfig({ granularity: 'fine_grained' }))).toBe('numSamples');
    expect(fieldOf(() => new AsymmetricShapleyValueConfig({ granularity: 'fine_grained', numSamples: 5, direction: 'bidirectional' })))
      .toBe('direction');
    expect(fieldOf(() => new AsymmetricShapleyValueConfig({ numSamples: 5 }))).toBe('numSamples');
    expect(fieldOf(() => new AsymmetricShapleyValueConfig({ baseline: { target_time_series: 'median' } }))).toBe('baseline.target_time_series');
    expect(new AsymmetricShapleyValueConfig({ granularity: 'fine_grained', numSamples: 5, baseline: 's3://b/base' }).getExplainabilityConfig())
      .toEqual({ asymmetric_shapley_value: { direction: 'chronological', granularity: 'fine_grained', num_samples: 5, baseline: 's3://b/base' } });
  });

  it('explains time series only with asymmetric Shapley values, and checks static-covariate baselines', () => {
    const data = (covariates?: string[]): DataConfig =>
      new DataConfig({ ...paths, datasetType: 'application/json', timeSeriesDataConfig: tsData(covariates) });
    const asv = (baseline?: { static_covariates: Record<string, number[]> }): AsymmetricShapleyValueConfig =>
      new AsymmetricShapleyValueConfig(baseline ? { baseline } : {});
    const config = AnalysisConfigGenerator.explainability(data(), tsModel(), undefined, asv());
    expect(Object.keys(config.methods)).toEqual(['report', 'asymmetric_shapley_value']);
    expect(() => analysisConfigToJson(config)).not.toThrow();

    expect(fieldOf(() => AnalysisConfigGenerator.explainability(data(), new ModelConfig(model), undefined, asv())))
      .toBe('modelConfig.timeSeriesModelConfig');
    expect(fieldOf(() => AnalysisConfigGenerator.explainability(new DataConfig(paths), tsModel(), undefined, asv())))
      .toBe('dataConfig.timeSeriesDataConfig');
    expect(fieldOf(() => AnalysisConfigGenerator.explainability(data(), tsModel(), undefined, new SHAPConfig()))).toBe('explainabilityConfig');
    expect(fieldOf(() => AnalysisConfigGenerator.explainability(data(), tsModel(), undefined, [asv()]))).toBe('explainabilityConfig');
    expect(fieldOf(() => AnalysisConfigGenerator.explainability(data(), tsModel(), undefined, asv({ static_covariates: { a: [1] } }))))
      .toBe('explainabilityConfig.baseline.static_covariates');
    expect(fieldOf(() => AnalysisConfigGenerator.explainability(data(['c1', 'c2']), tsModel(), undefined, asv({ static_covariates: { a: [1] } }))))
      .toBe('explainabilityConfig.baseline.static_covariates.a');
    expect(() => AnalysisConfigGenerator.explainability(data(['c1']), tsModel(), undefined, asv({ static_covariates: { a: [1] } }))).not.toThrow();
  });

  it('refuses bias analysis of time series', () => {
    const bias = new BiasConfig({ labelValuesOrThreshold: [1], facetName: 'a' });
    const data = new DataConfig({ ...paths, datasetType: 'application/json', timeSeriesDataConfig: tsData() });
    expect(fieldOf(() => AnalysisConfigGenerator.biasAndExplainability(data, tsModel(), undefined, new AsymmetricShapleyValueConfig(), bias)))
      .toBe('explainabilityConfig');
  });
});

describe('AnalysisConfigGenerator predictor rules', () => {
  const bias = new BiasConfig({ labelValuesOrThreshold: [1], facetName: 'a' });

  it('goes without a model when the dataset already has predicted labels; the threshold still applies', () => {
    const data = new DataConfig({ ...paths, headers: ['y', 'a', 'p'], label: 'y', predictedLabel: 'p' });
    const config = AnalysisConfigGenerator.biasPostTraining(data, bias, new ModelPredictedLabelConfig({ label: 1, probabilityThreshold: 0.7 }), 'all');
    expect(config.predictor).toBeUndefined();
    expect(Object.keys(config).slice(-2)).toEqual(['methods', 'probability_threshold']);
    expect(analysisConfigToJson(config)).toContain('"probability_threshold": 0.7}');
  });

  it('bias() skips a kind given null, and needs a model for explainability', () => {
    const data = new DataConfig({ ...paths, label: 'y' });
    const config = AnalysisConfigGenerator.bias(data, bias, new ModelConfig(model), undefined, null);
    expect(Object.keys(config.methods)).toEqual(['report', 'post_training_bias']);
    expect(fieldOf(() => AnalysisConfigGenerator.explainability(data, undefined as never, undefined, new SHAPConfig()))).toBe('modelConfig');
    expect(fieldOf(() => AnalysisConfigGenerator.explainability(data, new ModelConfig(model), true as never, new SHAPConfig())))
      .toBe('modelPredictedLabelConfig');
  });
});

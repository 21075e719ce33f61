import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ClarifyError, ValidationError } from '../../src/errors.js';
import {
  AnalysisConfigGenerator,
  BiasConfig,
  DataConfig,
  ImageConfig,
  ModelConfig,
  ModelPredictedLabelConfig,
  SHAPConfig,
  TextConfig,
  pyFloat,
  validateAnalysisConfig,
  type DataConfigOptions,
} from '../../src/index.js';

// What the real Python SDK v2.257.6 raised for each invalid input (fixtures/python-sdk/README).
interface ErrorRecord {
  id: string;
  call: string;
  outcome: 'exception' | 'no exception';
  exception_class: string | null;
  message: string | null;
}
const records = JSON.parse(
  readFileSync(new URL('../fixtures/python-sdk/validation_errors.json', import.meta.url), 'utf8'),
) as ErrorRecord[];

// Checks of SageMakerClarifyProcessor itself, which a later issue ports.
const PROCESSOR_RECORDS = new Set([
  'run_explainability_logs_true_wait_false',
  'SageMakerClarifyProcessor_unsupported_region',
  'Processor_run_not_implemented',
]);

const paths = { s3DataInputPath: 's3://my-bucket/in/', s3OutputPath: 's3://my-bucket/out' } as const;
const data = (options: Partial<DataConfigOptions> = {}): DataConfig => new DataConfig({ ...paths, ...options });
const model = (): ModelConfig => new ModelConfig({ modelName: 'm', instanceType: 'ml.m5.xlarge', instanceCount: 1 });
const modelTriple = { modelName: 'm', instanceType: 'ml.m5.xlarge', instanceCount: 1 } as const;
const bias = (): BiasConfig => new BiasConfig({ labelValuesOrThreshold: [1], facetName: 'age', facetValuesOrThreshold: [40] });

/** The schema cases' base config, as the fixture records it. */
interface SchemaCase {
  [key: string]: unknown;
  methods: { [key: string]: unknown; shap: { [key: string]: unknown; image_config: Record<string, unknown> } };
}
function schemaBase(): SchemaCase {
  return {
    dataset_type: 'application/x-image',
    predictor: { model_name: 'm', instance_type: 'ml.m5.xlarge', initial_instance_count: 1, content_type: 'image/jpeg' },
    methods: {
      report: { name: 'report', title: 'Analysis Report' },
      shap: { use_logit: false, save_local_shap_values: true, image_config: { model_type: 'IMAGE_CLASSIFICATION' } },
    },
  };
}

function withSchemaChange(change: (config: SchemaCase) => void): () => void {
  return () => {
    const config = schemaBase();
    change(config);
    validateAnalysisConfig(config);
  };
}

/** Each Python input rebuilt in TypeScript, with the field the ValidationError must name. */
const rejected: Record<string, { act: () => unknown; field: string }> = {
  DataConfig_bad_dataset_type: { act: () => data({ datasetType: 'image/jpeg' as never }), field: 'datasetType' },
  ModelConfig_neither_model_nor_endpoint: { act: () => new ModelConfig({ contentType: 'image/jpeg' }), field: 'modelName' },
  ModelConfig_bad_content_type_x_image: {
    act: () => new ModelConfig({ ...modelTriple, contentType: 'application/x-image' as never }),
    field: 'contentType',
  },
  ModelConfig_bad_accept_type: { act: () => new ModelConfig({ ...modelTriple, acceptType: 'image/jpeg' as never }), field: 'acceptType' },
  ImageConfig_lowercase_model_type: { act: () => new ImageConfig({ modelType: 'image_classification' as never }), field: 'modelType' },
  SHAPConfig_bad_agg_method: { act: () => new SHAPConfig({ aggMethod: 'mean' as never }), field: 'aggMethod' },
  SHAPConfig_features_to_explain_with_image_config: {
    act: () => new SHAPConfig({ imageConfig: new ImageConfig({ modelType: 'IMAGE_CLASSIFICATION' }), featuresToExplain: ['f1'] }),
    field: 'featuresToExplain',
  },
  SHAPConfig_features_to_explain_with_text_config: {
    act: () => new SHAPConfig({ textConfig: new TextConfig({ granularity: 'token', language: 'english' }), featuresToExplain: [0] }),
    field: 'featuresToExplain',
  },
  TextConfig_bad_granularity: { act: () => new TextConfig({ granularity: 'word' as never, language: 'english' }), field: 'granularity' },
  ModelPredictedLabelConfig_threshold_abc: {
    act: () => new ModelPredictedLabelConfig({ probabilityThreshold: 'abc' as never }),
    field: 'probabilityThreshold',
  },
  ModelConfig_model_name_without_instance_type: { act: () => new ModelConfig({ modelName: 'm', instanceCount: 1 }), field: 'modelName' },
  ModelConfig_instance_count_zero: { act: () => new ModelConfig({ ...modelTriple, instanceCount: 0 }), field: 'modelName' },
  ModelConfig_bad_endpoint_name_prefix: {
    act: () => new ModelConfig({ ...modelTriple, endpointNamePrefix: '-bad' }),
    field: 'endpointNamePrefix',
  },
  ModelConfig_jsonlines_without_template: {
    act: () => new ModelConfig({ ...modelTriple, contentType: 'application/jsonlines' }),
    field: 'contentTemplate',
  },
  DataConfig_json_without_features: { act: () => data({ datasetType: 'application/json' }), field: 'features' },
  DataConfig_image_with_predicted_label: {
    act: () => data({ datasetType: 'application/x-image', predictedLabel: 'p' }),
    field: 'predictedLabel',
  },
  DataConfig_image_with_facet_dataset_uri: {
    act: () => data({ datasetType: 'application/x-image', facetDatasetUri: 's3://b/f' }),
    field: 'facetDatasetUri',
  },
  DataConfig_image_with_predicted_label_dataset_uri: {
    act: () => data({ datasetType: 'application/x-image', predictedLabelDatasetUri: 's3://b/p' }),
    field: 'predictedLabelDatasetUri',
  },
  BiasConfig_empty_facet_list: { act: () => new BiasConfig({ labelValuesOrThreshold: [1], facetName: [] }), field: 'facetName' },
  run_explainability_empty_list: {
    act: () => AnalysisConfigGenerator.explainability(data({ datasetType: 'application/x-image' }), model(), undefined, []),
    field: 'explainabilityConfig',
  },
  run_explainability_duplicate_shap: {
    act: () =>
      AnalysisConfigGenerator.explainability(data({ datasetType: 'application/x-image' }), model(), undefined, [
        new SHAPConfig(),
        new SHAPConfig(),
      ]),
    field: 'explainabilityConfig',
  },
  run_pre_training_bias_methods_none: {
    act: () => AnalysisConfigGenerator.biasPreTraining(data({ headers: ['age', 'y'], label: 'y' }), bias(), null),
    field: 'preTrainingMethods',
  },
  run_post_training_bias_no_model_config: {
    act: () => AnalysisConfigGenerator.biasPostTraining(data({ label: 'y' }), bias(), undefined, 'all', undefined),
    field: 'modelConfig',
  },
  schema_iou_threshold_int: {
    act: withSchemaChange((c) => (c.methods.shap.image_config.iou_threshold = 1)),
    field: '$.methods.shap.image_config.iou_threshold',
  },
  schema_context_int: {
    act: withSchemaChange((c) => (c.methods.shap.image_config.context = 1)),
    field: '$.methods.shap.image_config.context',
  },
  schema_num_samples_float: {
    act: withSchemaChange((c) => (c.methods.shap.num_samples = pyFloat(500))),
    field: '$.methods.shap.num_samples',
  },
  schema_num_segments_bool: {
    act: withSchemaChange((c) => (c.methods.shap.image_config.num_segments = true)),
    field: '$.methods.shap.image_config.num_segments',
  },
  schema_unknown_top_level_key: { act: withSchemaChange((c) => (c.foo = 'bar')), field: '$.foo' },
  schema_missing_methods: { act: withSchemaChange((c) => delete (c as { methods?: unknown }).methods), field: '$.methods' },
};

const accepted: Record<string, () => unknown> = {
  schema_uppercase_dataset_type_ok: withSchemaChange((c) => (c.dataset_type = 'APPLICATION/X-IMAGE')),
  schema_label_headers_int_ok: withSchemaChange((c) => ((c.predictor as Record<string, unknown>).label_headers = [1, 'a'])),
};

describe('inputs the Python SDK rejects are rejected with a ValidationError', () => {
  it('covers every non-processor record of the fixture', () => {
    const covered = new Set([...Object.keys(rejected), ...Object.keys(accepted), ...PROCESSOR_RECORDS]);
    expect(records.map((record) => record.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  for (const record of records.filter((r) => r.outcome === 'exception' && !PROCESSOR_RECORDS.has(r.id))) {
    it(`${record.id}: ${record.call}`, () => {
      const expected = rejected[record.id];
      expect(expected, `no TypeScript rebuild for ${record.id}`).toBeDefined();
      let caught: unknown;
      try {
        expected.act();
      } catch (error) {
        caught = error;
      }
      expect(caught, `Python raised ${record.exception_class}: ${record.message}`).toBeInstanceOf(ValidationError);
      const error = caught as ValidationError;
      expect(error).toBeInstanceOf(ClarifyError);
      expect(error.field).toBe(expected.field);
      expect(error.message).toContain(expected.field);
      expect(error.allowed.length).toBeGreaterThan(0);
    });
  }

  for (const record of records.filter((r) => r.outcome === 'no exception')) {
    it(`${record.id}: accepted, as in Python`, () => {
      expect(() => accepted[record.id]()).not.toThrow();
    });
  }
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import {
  AnalysisConfigGenerator,
  BiasConfig,
  DataConfig,
  ImageConfig,
  ModelConfig,
  ModelPredictedLabelConfig,
  PDPConfig,
  ProcessingOutputHandler,
  SHAPConfig,
  TextConfig,
  analysisConfigToJson,
  validateAnalysisConfig,
  type AnalysisConfig,
} from '../../src/index.js';
import { catchError } from '../helpers/catch-error.js';

// Bytes and outcomes recorded from the real Python SDK v2.257.6 (see fixtures/python-sdk/README).
const fixtureDir = new URL('../fixtures/python-sdk/', import.meta.url);
const fixtureBytes = (file: string): string => readFileSync(new URL(file, fixtureDir), 'ascii');
interface CaseRecord {
  id: string;
  default_run: { run_outcome: string; schema_validation: { valid: boolean; message?: string } };
  analysis_config_file: string;
  create_processing_job_params: {
    ProcessingOutputConfig: { Outputs: { S3Output: { S3UploadMode: string } }[] };
  };
}
const cases = JSON.parse(fixtureBytes('analysis_config_cases.json')) as CaseRecord[];
const caseById = new Map(cases.map((record) => [record.id, record]));

const LABELS_5 = ['001.ak47', '002.american-flag', '003.backpack', '004.baseball-bat', '005.baseball-glove'];
const NON_ASCII_LABELS = ['café', 'naïve', '日本', 'emoji-😀', 'quote"back\\slash'];
const MODEL_NAME = 'DEMO-clarify-image-classification-model';

const imageData = (): DataConfig =>
  new DataConfig({
    s3DataInputPath: 's3://my-bucket/sagemaker/DEMO-sagemaker-clarify-cv/',
    s3OutputPath: 's3://my-bucket/sagemaker/DEMO-sagemaker-clarify-cv/cv_analysis_result',
    datasetType: 'application/x-image',
  });
const imageModel = (): ModelConfig =>
  new ModelConfig({ modelName: MODEL_NAME, instanceType: 'ml.m5.xlarge', instanceCount: 1, contentType: 'image/jpeg' });
const tabularModel = (): ModelConfig =>
  new ModelConfig({
    modelName: 'tabular-model',
    instanceType: 'ml.m5.xlarge',
    instanceCount: 1,
    acceptType: 'text/csv',
    contentType: 'text/csv',
  });
const biasData = (): DataConfig =>
  new DataConfig({
    s3DataInputPath: 's3://my-bucket/bias/train.csv',
    s3OutputPath: 's3://my-bucket/bias/output',
    headers: ['target', 'age', 'grp', 'f1'],
    label: 'target',
  });
const ageBias = (): BiasConfig =>
  new BiasConfig({ labelValuesOrThreshold: [1], facetName: 'age', facetValuesOrThreshold: [40], groupName: 'grp' });
const notebookShap = (): SHAPConfig =>
  new SHAPConfig({
    numSamples: 500,
    imageConfig: new ImageConfig({ modelType: 'IMAGE_CLASSIFICATION', numSegments: 20, segmentCompactness: 5 }),
  });
const nonAsciiObjectDetection = (): AnalysisConfig =>
  AnalysisConfigGenerator.explainability(
    imageData(),
    imageModel(),
    new ModelPredictedLabelConfig({ labelHeaders: NON_ASCII_LABELS, probabilityThreshold: 1 }),
    new SHAPConfig({ numSamples: 10, imageConfig: new ImageConfig({ modelType: 'OBJECT_DETECTION', iouThreshold: 1 }) }),
  );

// Each valid fixture case, rebuilt through the TypeScript classes.
const builders: Record<string, () => AnalysisConfig> = {
  '01_notebook_ic_5labels': () =>
    AnalysisConfigGenerator.explainability(imageData(), imageModel(), new ModelPredictedLabelConfig({ labelHeaders: LABELS_5 }), notebookShap()),
  '01b_notebook_ic_257labels': () =>
    AnalysisConfigGenerator.explainability(
      imageData(),
      imageModel(),
      new ModelPredictedLabelConfig({ labelHeaders: Array.from({ length: 257 }, (_, i) => `c${String(i).padStart(3, '0')}`) }),
      notebookShap(),
    ),
  '03_endpoint_name': () =>
    AnalysisConfigGenerator.explainability(
      imageData(),
      new ModelConfig({ endpointName: 'my-endpoint', contentType: 'image/png' }),
      undefined,
      new SHAPConfig({ useLogit: true, saveLocalShapValues: false, imageConfig: new ImageConfig({ modelType: 'IMAGE_CLASSIFICATION' }) }),
    ),
  '04_tabular_shap_pdp': () =>
    AnalysisConfigGenerator.explainability(
      new DataConfig({
        s3DataInputPath: 's3://my-bucket/tabular/train.csv',
        s3OutputPath: 's3://my-bucket/tabular/output',
        headers: ['target', 'f1', 'f2', 'f3'],
        label: 'target',
        datasetType: 'text/csv',
      }),
      tabularModel(),
      undefined,
      [
        new SHAPConfig({ baseline: [[1, 2, 3]], numSamples: 100, aggMethod: 'mean_abs', seed: 0 }),
        new PDPConfig({ features: ['f1'], gridResolution: 10 }),
      ],
    ),
  '05a_pretraining_bias': () => AnalysisConfigGenerator.biasPreTraining(biasData(), ageBias(), 'all'),
  '05c_posttraining_bias_no_mplc': () =>
    AnalysisConfigGenerator.biasPostTraining(biasData(), ageBias(), undefined, ['DPPL', 'DI'], tabularModel()),
  '07b_nonascii_float_thresholds': nonAsciiObjectDetection,
  '11_model_scores_string': () =>
    AnalysisConfigGenerator.explainability(
      imageData(),
      imageModel(),
      'probabilities',
      new SHAPConfig({ imageConfig: new ImageConfig({ modelType: 'IMAGE_CLASSIFICATION' }) }),
    ),
};

describe('analysis_config.json byte parity with the Python SDK', () => {
  it('covers every case of the fixture that Python accepted', () => {
    const valid = cases.filter((record) => record.default_run.schema_validation.valid).map((record) => record.id);
    expect(Object.keys(builders).sort()).toEqual(valid.sort());
  });

  for (const [id, build] of Object.entries(builders)) {
    it(`${id}: same bytes, and the schema accepts it as Python's did`, () => {
      const record = caseById.get(id)!;
      expect(record.default_run.run_outcome).toBe('ok');
      const config = build();
      expect(() => validateAnalysisConfig(config)).not.toThrow();
      expect(analysisConfigToJson(config)).toBe(fixtureBytes(record.analysis_config_file));
    });

    it(`${id}: the output upload mode matches Python's CreateProcessingJob`, () => {
      const expected = caseById.get(id)!.create_processing_job_params.ProcessingOutputConfig.Outputs[0].S3Output.S3UploadMode;
      expect(ProcessingOutputHandler.getS3UploadMode(build())).toBe(expected);
    });
  }

  it('07a: ints where the schema wants floats are refused, and written as Python wrote them when skipped', () => {
    const record = caseById.get('07a_nonascii_int_thresholds')!;
    expect(record.default_run.schema_validation.valid).toBe(false);
    expect(record.default_run.schema_validation.message).toContain("Key 'probability_threshold' error");
    // The classes always write floats; a hand-edited config with plain ints is what Python's int case is.
    const config = nonAsciiObjectDetection() as unknown as Record<string, unknown> & AnalysisConfig;
    (config as { probability_threshold: unknown }).probability_threshold = 1;
    (config.methods.shap!.image_config as { iou_threshold: unknown }).iou_threshold = 1;
    const error = catchError(() => analysisConfigToJson(config));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('$.probability_threshold');
    expect(analysisConfigToJson(config, { skipEarlyValidation: true })).toBe(fixtureBytes(record.analysis_config_file));
  });
});

// Cases whose bytes are not in this fixture subset: the expected text is written by hand
// from the key order and number rules the reference documents (sagemaker-sdk.md §1, README).
describe('analysis config key order and number spelling (documented cases)', () => {
  const report = '"report": {"name": "report", "title": "Analysis Report"}';

  it('02 object detection: accept_type before content_type, OD image keys, float thresholds', () => {
    const config = AnalysisConfigGenerator.explainability(
      imageData(),
      new ModelConfig({
        modelName: MODEL_NAME,
        instanceType: 'ml.m5.xlarge',
        instanceCount: 1,
        contentType: 'application/x-npy',
        acceptType: 'application/json',
      }),
      new ModelPredictedLabelConfig({ probabilityThreshold: 0.8, labelHeaders: ['a'] }),
      new SHAPConfig({
        baseline: 's3://my-bucket/noise.png',
        numSamples: 300,
        seed: 42,
        imageConfig: new ImageConfig({
          modelType: 'OBJECT_DETECTION',
          numSegments: 30,
          segmentCompactness: 10,
          maxObjects: 5,
          iouThreshold: 0.6,
          context: 1,
        }),
      }),
    );
    expect(analysisConfigToJson(config)).toBe(
      '{"dataset_type": "application/x-image", "predictor": {"model_name": "DEMO-clarify-image-classification-model", ' +
        '"instance_type": "ml.m5.xlarge", "initial_instance_count": 1, "accept_type": "application/json", ' +
        '"content_type": "application/x-npy", "label_headers": ["a"]}, "probability_threshold": 0.8, "methods": {' +
        report +
        ', "shap": {"use_logit": false, "save_local_shap_values": true, "baseline": "s3://my-bucket/noise.png", ' +
        '"num_samples": 300, "seed": 42, "image_config": {"model_type": "OBJECT_DETECTION", "num_segments": 30, ' +
        '"segment_compactness": 10, "max_objects": 5, "iou_threshold": 0.6, "context": 1.0}}}}',
    );
  });

  it('05b post-training bias: methods, then predictor, then the top-level probability_threshold', () => {
    const config = AnalysisConfigGenerator.biasPostTraining(
      biasData(),
      ageBias(),
      new ModelPredictedLabelConfig({ probabilityThreshold: 0.5 }),
      ['DPPL', 'DI'],
      tabularModel(),
    );
    expect(analysisConfigToJson(config)).toBe(
      '{"dataset_type": "text/csv", "headers": ["target", "age", "grp", "f1"], "label": "target", ' +
        '"label_values_or_threshold": [1], "facet": [{"name_or_index": "age", "value_or_threshold": [40]}], ' +
        '"group_variable": "grp", "methods": {' + report + ', "post_training_bias": {"methods": ["DPPL", "DI"]}}, ' +
        '"predictor": {"model_name": "tabular-model", "instance_type": "ml.m5.xlarge", "initial_instance_count": 1, ' +
        '"accept_type": "text/csv", "content_type": "text/csv"}, "probability_threshold": 0.5}',
    );
  });

  it('05d bias and explainability: report, pre, post, then shap', () => {
    const config = AnalysisConfigGenerator.biasAndExplainability(
      biasData(),
      tabularModel(),
      undefined,
      new SHAPConfig({ numSamples: 10 }),
      ageBias(),
    );
    expect(Object.keys(config)).toEqual([
      'dataset_type', 'headers', 'label', 'label_values_or_threshold', 'facet', 'group_variable', 'methods', 'predictor',
    ]);
    expect(Object.keys(config.methods)).toEqual(['report', 'pre_training_bias', 'post_training_bias', 'shap']);
    expect(analysisConfigToJson(config)).toContain(
      '"methods": {' + report + ', "pre_training_bias": {"methods": "all"}, "post_training_bias": {"methods": "all"}, ' +
        '"shap": {"use_logit": false, "save_local_shap_values": true, "num_samples": 10}}',
    );
  });

  it('06 text: text_config inside shap, an int model_scores becomes predictor.label', () => {
    const config = AnalysisConfigGenerator.explainability(
      new DataConfig({ s3DataInputPath: 's3://b/in', s3OutputPath: 's3://b/out', headers: ['label', 'text'], label: 'label' }),
      tabularModel(),
      0,
      new SHAPConfig({ baseline: [['<UNK>']], textConfig: new TextConfig({ granularity: 'token', language: 'english' }) }),
    );
    expect(analysisConfigToJson(config)).toBe(
      '{"dataset_type": "text/csv", "headers": ["label", "text"], "label": "label", "predictor": {"model_name": "tabular-model", ' +
        '"instance_type": "ml.m5.xlarge", "initial_instance_count": 1, "accept_type": "text/csv", "content_type": "text/csv", ' +
        '"label": 0}, "methods": {' + report + ', "shap": {"use_logit": false, "save_local_shap_values": true, ' +
        '"baseline": [["<UNK>"]], "text_config": {"granularity": "token", "language": "english"}}}}',
    );
  });

  it('10 float formatting: 1e-05, 0.1, 1e+20, a 20-digit int, a negative seed', () => {
    const config = AnalysisConfigGenerator.explainability(
      imageData(),
      imageModel(),
      new ModelPredictedLabelConfig({ probabilityThreshold: 0.00001 }),
      new SHAPConfig({
        seed: -1,
        imageConfig: new ImageConfig({ modelType: 'OBJECT_DETECTION', numSegments: 12345678901234567890n, iouThreshold: 0.1, context: 1e20 }),
      }),
    );
    const json = analysisConfigToJson(config);
    expect(json).toContain('"probability_threshold": 1e-05, "methods"');
    expect(json).toContain('"seed": -1, "image_config": {"model_type": "OBJECT_DETECTION", "num_segments": 12345678901234567890, ' +
      '"iou_threshold": 0.1, "context": 1e+20}');
  });

  it('07d image/jpg: the ModelConfig accepts it, the schema refuses it', () => {
    const config = AnalysisConfigGenerator.explainability(
      imageData(),
      new ModelConfig({ modelName: 'm', instanceType: 'ml.m5.xlarge', instanceCount: 1, contentType: 'image/jpg' }),
      undefined,
      notebookShap(),
    );
    expect(() => analysisConfigToJson(config)).toThrow(/\$\.predictor\.content_type/);
    expect(analysisConfigToJson(config, { skipEarlyValidation: true })).toContain('"content_type": "image/jpg"');
  });

  it('08/09: a float compactness and a string threshold are refused when the option is given', () => {
    expect(() => new ImageConfig({ modelType: 'IMAGE_CLASSIFICATION', segmentCompactness: 5.5 })).toThrow(/segmentCompactness/);
    expect(() => new ModelPredictedLabelConfig({ probabilityThreshold: '0.8' as unknown as number })).toThrow(/probabilityThreshold/);
  });

  it('getters return copies in the SDK key order, so editing one leaves the config intact', () => {
    const model = imageModel();
    const predictor = model.getPredictorConfig();
    expect(Object.keys(predictor)).toEqual(['model_name', 'instance_type', 'initial_instance_count', 'content_type']);
    predictor.model_name = 'changed';
    expect(model.getPredictorConfig().model_name).toBe(MODEL_NAME);
    const shap = notebookShap().getExplainabilityConfig().shap;
    expect(Object.keys(shap)).toEqual(['use_logit', 'save_local_shap_values', 'num_samples', 'image_config']);
  });
});

/**
 * LocalClarifyProcessor's bias methods: each shared smclarify case
 * (test/fixtures/bias) run from the Python SDK call its `_golden` names, built
 * with our config classes. The analysis config the local processor hands the engine
 * must be the bytes SageMakerClarifyProcessor uploads for the same call (and the
 * case's analysis_config.json); the metrics must be expected.json's. Then: data and
 * output on the S3 emulation, and what is refused before anything is written
 * (explanations of tabular data, bias of images).
 */
import { functionTabularModel } from '../../src/models/tabular/function-model.js';
import { isTabularAnalysisDocument, type TabularAnalysisDocument } from '../../src/analysis/tabular-document.js';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BiasConfig,
  DataConfig,
  ImageConfig,
  ModelConfig,
  ModelPredictedLabelConfig,
  PDPConfig,
  SHAPConfig,
  type DataConfigOptions,
} from '../../src/clarify/index.js';
import { SageMakerClarifyProcessor } from '../../src/clarify/processor.js';
import { LocalClarifyProcessor } from '../../src/engine/local-processor.js';
import { runAnalysis } from '../../src/engine/run-analysis.js';
import { runTabularAnalysis, type RunTabularAnalysisResult } from '../../src/engine/run-tabular-analysis.js';
import type { ProcessingJob } from '../../src/sagemaker/job.js';
import { AbortError, ValidationError } from '../../src/errors.js';
import { compareSections } from '../bias/helpers/compare.js';
import { ROLE, startTestAws, type TestAws } from '../helpers/test-aws.js';

// The engine calls are wrapped, not replaced: each test reads the config the processor passed.
vi.mock('../../src/engine/run-tabular-analysis.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/engine/run-tabular-analysis.js')>();
  return { ...actual, runTabularAnalysis: vi.fn(actual.runTabularAnalysis) };
});
vi.mock('../../src/engine/run-analysis.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/engine/run-analysis.js')>();
  return { ...actual, runAnalysis: vi.fn(actual.runAnalysis) };
});

// Whole tabular runs and an S3 emulator.
vi.setConfig({ testTimeout: 60_000 });

const CASES = join(import.meta.dirname, '../fixtures/bias');
const caseFile = (name: string, file: string): string => join(CASES, name, file);
const expectedOf = (name: string): Record<string, unknown> => JSON.parse(readFileSync(caseFile(name, 'expected.json'), 'utf8')) as Record<string, unknown>;

/** The config the processor handed to the engine in the last call. */
function configPassedToEngine(): string {
  const calls = vi.mocked(runTabularAnalysis).mock.calls;
  expect(calls.length).toBeGreaterThan(0);
  const config = calls[calls.length - 1]![0].config;
  expect(typeof config).toBe('string');
  return config as string;
}

type Processor = LocalClarifyProcessor | SageMakerClarifyProcessor;

/** One shared case as the Python SDK call of its `_golden.python_sdk`. */
interface SdkCase {
  readonly name: string;
  /** DataConfig options other than the locations. */
  readonly data: Omit<DataConfigOptions, 's3DataInputPath' | 's3OutputPath'>;
  readonly bias: BiasConfig;
  /** Calls the method with the same arguments on either processor (the cloud one also gets job options). */
  readonly run: (p: Processor, dataConfig: DataConfig, bias: BiasConfig) => Promise<RunTabularAnalysisResult | ProcessingJob>;
}

const JOB = { wait: false, logs: false } as const;
const isLocal = (p: Processor): p is LocalClarifyProcessor => p instanceof LocalClarifyProcessor;

const SDK_CASES: readonly SdkCase[] = [
  {
    // run_pre_training_bias(DataConfig(label='approved', dataset_type='text/csv'), BiasConfig([1], 'sex', ['Female']), methods='all')
    name: '01_pretrain_binary_sex_header_row',
    data: { label: 'approved', datasetType: 'text/csv' },
    bias: new BiasConfig({ labelValuesOrThreshold: [1], facetName: 'sex', facetValuesOrThreshold: ['Female'] }),
    run: (p, d, b) => (isLocal(p) ? p.runPreTrainingBias(d, b, { methods: 'all' }) : p.runPreTrainingBias(d, b, { methods: 'all', ...JOB })),
  },
  {
    // run_post_training_bias(DataConfig(label='approved', headers=[...], predicted_label='pred_label'), BiasConfig([1], 'female', [1]), model_config=None, methods='all')
    name: '02_posttrain_predicted_label_numeric_ft',
    data: {
      label: 'approved',
      headers: ['age', 'education_years', 'income', 'debt_ratio', 'credit_score', 'female', 'approved', 'pred_label'],
      predictedLabel: 'pred_label',
    },
    bias: new BiasConfig({ labelValuesOrThreshold: [1], facetName: 'female', facetValuesOrThreshold: [1] }),
    run: (p, d, b) => (isLocal(p) ? p.runPostTrainingBias(d, b, null) : p.runPostTrainingBias(d, b, null, undefined, JOB)),
  },
  {
    // run_bias(DataConfig(label='income', headers=[...], predicted_label='pred_income'), BiasConfig([50000], 'age', [40], group_name='region'), model_config=None, pre_training_methods='all', post_training_methods=[...])
    name: '03_continuous_label_and_facet_thresholds',
    data: {
      label: 'income',
      headers: ['age', 'sex', 'education_years', 'region', 'debt_ratio', 'income', 'pred_income'],
      predictedLabel: 'pred_income',
    },
    bias: new BiasConfig({ labelValuesOrThreshold: [50000], facetName: 'age', facetValuesOrThreshold: [40], groupName: 'region' }),
    run: (p, d, b) => {
      const methods = {
        preTrainingMethods: 'all',
        postTrainingMethods: ['DPPL', 'DI', 'DCA', 'DCR', 'RD', 'SD', 'DAR', 'DRR', 'AD', 'TE', 'CDDPL', 'GE'],
      } as const;
      return isLocal(p) ? p.runBias(d, b, null, null, methods) : p.runBias(d, b, null, null, { ...methods, ...JOB });
    },
  },
  {
    // run_pre_training_bias(DataConfig(label='grade'), BiasConfig(['A','B'], ['race','sex'], [['Black','Hispanic'], None], group_name='region'), methods='all')
    name: '04_multiclass_label_two_facets_group',
    data: { label: 'grade' },
    bias: new BiasConfig({
      labelValuesOrThreshold: ['A', 'B'], facetName: ['race', 'sex'], facetValuesOrThreshold: [['Black', 'Hispanic'], null], groupName: 'region',
    }),
    run: (p, d, b) => (isLocal(p) ? p.runPreTrainingBias(d, b) : p.runPreTrainingBias(d, b, JOB)),
  },
  {
    // run_post_training_bias(DataConfig(dataset_type='application/jsonlines', features='features', label='approved', headers=[...], predicted_label='score'),
    //   BiasConfig([1], 'female', [1]), model_config=None, model_predicted_label_config=ModelPredictedLabelConfig(probability_threshold=0.6), methods='all')
    name: '05_jsonlines_probability_threshold',
    data: {
      datasetType: 'application/jsonlines',
      features: 'features',
      label: 'approved',
      headers: ['age', 'female', 'income', 'debt_ratio', 'approved', 'score'],
      predictedLabel: 'score',
    },
    bias: new BiasConfig({ labelValuesOrThreshold: [1], facetName: 'female', facetValuesOrThreshold: [1] }),
    run: (p, d, b) => {
      const threshold = new ModelPredictedLabelConfig({ probabilityThreshold: 0.6 });
      return isLocal(p) ? p.runPostTrainingBias(d, b, null, threshold, { methods: 'all' }) : p.runPostTrainingBias(d, b, null, threshold, { methods: 'all', ...JOB });
    },
  },
  {
    // run_pre_training_bias(DataConfig(label='outcome'), BiasConfig(['good'], 'race', ['Black'], group_name='region'), methods='all')
    name: '06_missing_values_dropped',
    data: { label: 'outcome' },
    bias: new BiasConfig({ labelValuesOrThreshold: ['good'], facetName: 'race', facetValuesOrThreshold: ['Black'], groupName: 'region' }),
    run: (p, d, b) => (isLocal(p) ? p.runPreTrainingBias(d, b) : p.runPreTrainingBias(d, b, JOB)),
  },
];

const folders: string[] = [];
async function freshFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'clarify-ts-local-bias-'));
  folders.push(folder);
  return folder;
}

let test: TestAws;
beforeAll(async () => {
  test = await startTestAws();
});
afterAll(async () => {
  await test?.close();
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});
beforeEach(() => {
  vi.mocked(runTabularAnalysis).mockClear();
  vi.mocked(runAnalysis).mockClear();
});

describe('LocalClarifyProcessor bias methods on the shared smclarify cases', () => {
  it('covers the 6 shared cases', () => {
    expect(SDK_CASES.map((c) => c.name)).toEqual(['01', '02', '03', '04', '05', '06'].map((n) => expect.stringMatching(new RegExp(`^${n}_`))));
  });

  for (const c of SDK_CASES) {
    it(`${c.name}: the config SageMakerClarifyProcessor uploads, and expected.json's metrics`, async () => {
      const output = join(await freshFolder(), 'out');
      const local = new DataConfig({ ...c.data, s3DataInputPath: caseFile(c.name, 'data'), s3OutputPath: output });
      const result = (await c.run(new LocalClarifyProcessor(), local, c.bias)) as RunTabularAnalysisResult;
      const passed = configPassedToEngine();

      // The cloud processor, same configs with S3 locations (which are not part of the config).
      const prefix = `s3://my-bucket/bias/${c.name}`;
      const cloud = new DataConfig({ ...c.data, s3DataInputPath: `${prefix}/data/`, s3OutputPath: `${prefix}/output` });
      // The session's clock is frozen: a prefix per case keeps the job names apart.
      const jobNamePrefix = `bias-${c.name.slice(0, 2)}`;
      await c.run(new SageMakerClarifyProcessor({ role: ROLE, instanceCount: 1, instanceType: 'ml.m5.xlarge', session: test.session, jobNamePrefix }), cloud, c.bias);
      const uploaded = new TextDecoder().decode(await test.aws.s3.getObject(`${prefix}/output/analysis_config.json`));
      expect(passed).toBe(uploaded);
      expect(passed).toBe(readFileSync(caseFile(c.name, 'analysis_config.json'), 'utf8'));

      expect(compareSections(result.document as unknown as Record<string, unknown>, expectedOf(c.name))).toEqual([]);
      expect(result.document.dataset.rows).toBe((expectedOf(c.name)._golden as { rows_used: number }).rows_used);
      expect(result.files).toEqual(['analysis.json', 'report.html', 'report.pdf']);
      expect(JSON.parse(readFileSync(join(output, 'analysis.json'), 'utf8'))).toMatchObject({ version: '1.0' });
    });
  }

  it('reads one file as the dataset, as well as a folder', async () => {
    const c = SDK_CASES[0]!;
    const output = await freshFolder();
    const dataConfig = new DataConfig({ ...c.data, s3DataInputPath: caseFile(c.name, 'data/dataset.csv'), s3OutputPath: output });
    const result = await new LocalClarifyProcessor().runPreTrainingBias(dataConfig, c.bias);
    expect(compareSections(result.document as unknown as Record<string, unknown>, expectedOf(c.name))).toEqual([]);
  });

  it('reports progress to onTabularProgress and stops on an aborted signal', async () => {
    const c = SDK_CASES[0]!;
    const events: string[] = [];
    const processor = new LocalClarifyProcessor({ onTabularProgress: (e) => events.push(e.type) });
    const dataConfig = new DataConfig({ ...c.data, s3DataInputPath: caseFile(c.name, 'data'), s3OutputPath: join(await freshFolder(), 'out') });
    await processor.runPreTrainingBias(dataConfig, c.bias);
    expect(events[0]).toBe('profile');
    expect(events).toContain('bias');

    const aborted = join(await freshFolder(), 'out');
    const controller = new AbortController();
    controller.abort();
    await expect(processor.runPreTrainingBias(new DataConfig({ ...c.data, s3DataInputPath: caseFile(c.name, 'data'), s3OutputPath: aborted }), c.bias,
      { signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    expect(existsSync(join(aborted, 'analysis.json'))).toBe(false);
  });
});

describe('LocalClarifyProcessor bias with data and output on S3 (the emulation)', () => {
  it('runs runBias on an s3:// dataset and writes analysis.json under an s3:// output', async () => {
    const c = SDK_CASES[2]!; // 03: pre- and post-training in one run
    const prefix = 's3://my-bucket/local-bias';
    await test.aws.s3.putObject(`${prefix}/data/dataset.csv`, readFileSync(caseFile(c.name, 'data/dataset.csv')));
    const dataConfig = new DataConfig({ ...c.data, s3DataInputPath: `${prefix}/data/`, s3OutputPath: `${prefix}/output` });
    const result = (await c.run(new LocalClarifyProcessor({ session: test.session }), dataConfig, c.bias)) as RunTabularAnalysisResult;
    expect(result.document.dataset.files).toEqual([`${prefix}/data/dataset.csv`]);
    const written = JSON.parse(new TextDecoder().decode(await test.aws.s3.getObject(`${prefix}/output/analysis.json`))) as Record<string, unknown>;
    expect(compareSections(written, expectedOf(c.name))).toEqual([]);
    expect(await test.aws.s3.listObjects(`${prefix}/output/`)).toEqual(['analysis.json', 'report.html', 'report.pdf'].map((f) => `${prefix}/output/${f}`));
  });
});

describe('what LocalClarifyProcessor refuses before anything is written', () => {
  const tabular = SDK_CASES[1]!; // 02: CSV with a predicted-label column
  const modelConfig = new ModelConfig({ modelName: 'loans', instanceType: 'ml.m5.xlarge', instanceCount: 1, contentType: 'text/csv', acceptType: 'text/csv' });
  const shapConfig = new SHAPConfig({ baseline: [[40, 13, 30000, 0.3, 600, 0]], numSamples: 20, aggMethod: 'mean_abs' });

  async function refused(run: (output: string) => Promise<unknown>): Promise<ValidationError> {
    const output = join(await freshFolder(), 'out');
    const error = await run(output).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(existsSync(output)).toBe(false);
    return error as ValidationError;
  }
  const tabularData = (output: string): DataConfig =>
    new DataConfig({ ...tabular.data, s3DataInputPath: caseFile(tabular.name, 'data'), s3OutputPath: output });

  it('runExplainability of tabular data goes to the tabular engine, which needs the model', async () => {
    const shap = await refused((output) => new LocalClarifyProcessor().runExplainability(tabularData(output), modelConfig, shapConfig));
    expect(shap.field).toBe('$.predictor.model_name');
    expect(vi.mocked(runTabularAnalysis)).toHaveBeenCalledTimes(1);
    expect(vi.mocked(runAnalysis)).not.toHaveBeenCalled();

    const pdp = await refused((output) => new LocalClarifyProcessor().runExplainability(tabularData(output), modelConfig, new PDPConfig({ features: ['age'] })));
    expect(pdp.field).toBe('$.predictor.model_name');
  });

  it('runExplainability of tabular data with a registered model writes SHAP values and PDPs', async () => {
    const output = join(await freshFolder(), 'out');
    const score = (row: readonly unknown[]) => 1 / (1 + Math.exp(-(row.reduce<number>((sum, v) => sum + (typeof v === 'number' ? v : 0), 0) / 1e5)));
    const loans = functionTabularModel((rows) => rows.map((row) => ({ scores: [score(row)] })));
    const result = await new LocalClarifyProcessor({ tabularModels: { loans } }).runExplainability(tabularData(output), modelConfig, [shapConfig, new PDPConfig({ features: ['age'], gridResolution: 4 })]);
    expect(isTabularAnalysisDocument(result.document)).toBe(true);
    const document = result.document as TabularAnalysisDocument;
    expect(Object.keys(document.explanations?.kernel_shap ?? {})).toEqual(['label0']);
    expect(document.explanations?.pdp?.[0]).toMatchObject({ feature_name: 'age', data_type: 'numerical' });
    expect(existsSync(join(output, 'explanations_shap', 'out.csv'))).toBe(true);
  });

  it('runBiasAndExplainability of tabular data without the model is refused; the config is the cloud one', async () => {
    const error = await refused((output) =>
      new LocalClarifyProcessor().runBiasAndExplainability(tabularData(output), modelConfig, shapConfig, tabular.bias, { postTrainingMethods: ['DPPL'] }));
    expect(error.field).toBe('$.predictor.model_name');
    const passed = configPassedToEngine();
    const prefix = 's3://my-bucket/bias-and-explainability';
    await new SageMakerClarifyProcessor({ role: ROLE, instanceCount: 1, instanceType: 'ml.m5.xlarge', session: test.session })
      .runBiasAndExplainability(new DataConfig({ ...tabular.data, s3DataInputPath: `${prefix}/data/`, s3OutputPath: `${prefix}/output` }),
        modelConfig, shapConfig, tabular.bias, { postTrainingMethods: ['DPPL'], ...JOB });
    expect(passed).toBe(new TextDecoder().decode(await test.aws.s3.getObject(`${prefix}/output/analysis_config.json`)));
  });

  it('post-training bias with a model but no predicted-label column needs that model', async () => {
    const c = SDK_CASES[0]!;
    const error = await refused((output) => new LocalClarifyProcessor().runPostTrainingBias(
      new DataConfig({ ...c.data, s3DataInputPath: caseFile(c.name, 'data'), s3OutputPath: output }), c.bias, modelConfig));
    expect(error.field).toBe('$.predictor.model_name');
  });

  it('bias of images (Clarify computes bias of tabular data only), for every bias method', async () => {
    const images = (output: string): DataConfig =>
      new DataConfig({ s3DataInputPath: caseFile(tabular.name, 'data'), s3OutputPath: output, datasetType: 'application/x-image', label: 'label' });
    const bias = new BiasConfig({ labelValuesOrThreshold: [1], facetName: 'f' });
    const imageModel = new ModelConfig({ modelName: 'cnn', instanceType: 'ml.m5.xlarge', instanceCount: 1, contentType: 'image/png' });
    const imageShap = new SHAPConfig({ numSamples: 20, imageConfig: new ImageConfig({ modelType: 'IMAGE_CLASSIFICATION' }) });
    const p = new LocalClarifyProcessor();
    const runs: ((output: string) => Promise<unknown>)[] = [
      (o) => p.runPreTrainingBias(images(o), bias),
      (o) => p.runPostTrainingBias(images(o), bias, imageModel),
      (o) => p.runBias(images(o), bias, imageModel),
      (o) => p.runBiasAndExplainability(images(o), imageModel, imageShap, bias),
    ];
    for (const run of runs) {
      const error = await refused(run);
      expect(error.field).toBe('dataConfig.datasetType');
      expect(error.message).toMatch(/bias metrics are defined for tabular data/);
    }
    expect(vi.mocked(runTabularAnalysis)).not.toHaveBeenCalled();
    expect(vi.mocked(runAnalysis)).not.toHaveBeenCalled();
  });

  it('a bad config as the cloud processor does, before the engine is called', async () => {
    const c = SDK_CASES[0]!;
    const error = await refused((output) => new LocalClarifyProcessor().runPreTrainingBias(
      new DataConfig({ ...c.data, s3DataInputPath: caseFile(c.name, 'data'), s3OutputPath: output }), c.bias, { methods: [] }));
    expect(error.field).toBe('preTrainingMethods');
    expect(vi.mocked(runTabularAnalysis)).not.toHaveBeenCalled();
  });
});

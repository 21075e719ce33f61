/**
 * runProcessingJob (src/testing/engine-processing-job.ts) with tabular data: an emulated
 * Clarify job whose config asks for SHAP (and PDP, and bias metrics through the model)
 * runs the engine with a function model, `tabularModel` serving whatever
 * `predictor.model_name` the job names and `tabularModels` serving models by name; the
 * job writes what LocalClarifyProcessor computes from the same configs, and its log
 * follows the tabular run. An image job's log is as it was (one line per image); image
 * jobs' results are tested in test/engine/processors.test.ts.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TabularAnalysisDocument } from '../../src/analysis/tabular-document.js';
import { BiasConfig, DataConfig, ImageConfig, ModelConfig, PDPConfig, SHAPConfig } from '../../src/clarify/index.js';
import { SageMakerClarifyProcessor } from '../../src/clarify/processor.js';
import { LocalClarifyProcessor } from '../../src/engine/local-processor.js';
import { functionTabularModel } from '../../src/models/tabular/function-model.js';
import type { TabularRow } from '../../src/models/tabular/tabular-model.js';
import { runProcessingJob } from '../../src/testing/engine-processing-job.js';
import type { EmulatedJobOptions } from '../../src/testing/engine-processing-job.js';
import { brightness, squarePng } from '../helpers/engine-fixtures.js';
import { FAST_WAIT, ROLE, closeTestResources, startTestAws, type TestAws } from '../helpers/test-aws.js';

// Whole tabular runs, each with an S3 emulator.
vi.setConfig({ testTimeout: 60_000 });

const HEADERS = ['x1', 'x2', 'group', 'unused', 'label'];

/**
 * 60 rows, no header row: x1 an int, x2 a float, group a string, unused a float, label 0
 * or 1 (an int column with under 5% distinct values, so `[1]` is the label 1, not a threshold).
 */
const CSV = Array.from({ length: 60 }, (_, i) => {
  const x1 = i % 10;
  const x2 = ((i * 7) % 13) / 4;
  const group = i % 3 === 0 ? 'a' : 'b';
  const unused = ((i * 5) % 11) / 2;
  const label = x1 + (group === 'a' ? 2 : 0) > 5 ? 1 : 0;
  return `${x1},${x2.toFixed(2)},${group},${unused.toFixed(1)},${label}`;
}).join('\n');

/** A logistic score over x1, x2 and group; `unused` is not read. Counts the rows it scores. */
function scoringModel() {
  const scored = { rows: 0 };
  const score = (row: TabularRow): number => {
    const [x1, x2, group] = row;
    return 1 / (1 + Math.exp(-(0.4 * (Number(x1) - 5) - 0.8 * (Number(x2) - 1) + (group === 'a' ? 0.5 : 0))));
  };
  const model = functionTabularModel((rows) => {
    scored.rows += rows.length;
    return rows.map((row) => ({ scores: [score(row)] }));
  }, { describe: 'test scorer' });
  return { model, scored };
}

const modelConfig = (modelName: string): ModelConfig =>
  new ModelConfig({ modelName, instanceType: 'ml.m5.xlarge', instanceCount: 1, contentType: 'text/csv', acceptType: 'text/csv' });
// 4 features: 20 samples cover all 2^4 − 2 coalitions, so the values are exact.
const shapConfig = new SHAPConfig({ baseline: [[5, 1, 'b', 2.5]], numSamples: 20, seed: 7 });
const pdpConfig = new PDPConfig({ features: ['x1'], gridResolution: 4 });
const biasConfig = new BiasConfig({ labelValuesOrThreshold: [1], facetName: 'group', facetValuesOrThreshold: ['a'] });

describe('runProcessingJob in the emulator', () => {
  let test: TestAws | undefined;
  const folders: string[] = [];

  afterEach(async () => {
    test = await closeTestResources(test, folders);
  });

  /** Uploads the CSV, runs `start` as an emulated job with `options`, returns its analysis.json and log lines. */
  async function emulatedJob(
    options: EmulatedJobOptions,
    start: (processor: SageMakerClarifyProcessor, dataConfig: DataConfig, onLog: (event: { message: string }) => void) => Promise<unknown>,
  ) {
    test = await startTestAws({ onProcessingJob: (job) => runProcessingJob(job, options).then(() => undefined) });
    const prefix = 's3://my-bucket/tabular';
    await test.aws.s3.putObject(`${prefix}/data/rows.csv`, CSV);
    const dataConfig = new DataConfig({ s3DataInputPath: `${prefix}/data/`, s3OutputPath: `${prefix}/out`, label: 'label', headers: HEADERS, datasetType: 'text/csv' });
    const processor = new SageMakerClarifyProcessor({ role: ROLE, instanceCount: 1, instanceType: 'ml.m5.xlarge', session: test.session });
    const log: string[] = [];
    await start(processor, dataConfig, (event) => log.push(event.message));
    const document = JSON.parse(new TextDecoder().decode(await test.aws.s3.getObject(`${prefix}/out/analysis.json`))) as TabularAnalysisDocument;
    const outputs = await test.aws.s3.listObjects(`${prefix}/out/`);
    expect(test.rejected()).toEqual([]);
    return { document, log, outputs: outputs.map((uri) => uri.slice(`${prefix}/out/`.length)) };
  }

  /** The same analysis by LocalClarifyProcessor, on a local copy of the CSV. */
  async function localRun(models: Record<string, ReturnType<typeof scoringModel>['model']>, run: (processor: LocalClarifyProcessor, dataConfig: DataConfig) => Promise<{ document: unknown }>) {
    const folder = await mkdtemp(join(tmpdir(), 'clarify-ts-emulated-tabular-'));
    folders.push(folder);
    await mkdir(join(folder, 'data'));
    await writeFile(join(folder, 'data', 'rows.csv'), CSV);
    const dataConfig = new DataConfig({ s3DataInputPath: join(folder, 'data'), s3OutputPath: join(folder, 'out'), label: 'label', headers: HEADERS, datasetType: 'text/csv' });
    return (await run(new LocalClarifyProcessor({ tabularModels: models }), dataConfig)).document as TabularAnalysisDocument;
  }

  it('runs SHAP and PDP with a function model as `tabularModel`, whatever model name the job gives, as LocalClarifyProcessor does', async () => {
    const { model, scored } = scoringModel();
    const job = await emulatedJob({ tabularModel: model }, (processor, dataConfig, onLog) =>
      processor.runExplainability(dataConfig, modelConfig('DEMO-scorer-2026-11-28-12-34-56'), [shapConfig, pdpConfig], { logs: true, onLog, ...FAST_WAIT }));

    // Every record's coalitions and the PDP grid: the engine called the function.
    expect(scored.rows).toBeGreaterThan(60 * 4);
    const shap = job.document.explanations?.kernel_shap?.label0;
    expect(Object.keys(shap?.global_shap_values ?? {})).toEqual(['x1', 'x2', 'group', 'unused']);
    expect(shap?.global_shap_values.x1).toBeGreaterThan(0);
    expect(shap?.global_shap_values.unused).toBeCloseTo(0, 12);
    expect(job.document.explanations?.pdp?.map((p) => p.feature_name)).toEqual(['x1']);
    expect(job.outputs).toEqual(expect.arrayContaining(['analysis.json', 'explanations_shap/out.csv', 'report.html']));

    const local = await localRun({ 'DEMO-scorer-2026-11-28-12-34-56': scoringModel().model }, (processor, dataConfig) =>
      processor.runExplainability(dataConfig, modelConfig('DEMO-scorer-2026-11-28-12-34-56'), [shapConfig, pdpConfig]));
    expect(job.document.explanations).toEqual(local.explanations);
    expect(job.document.shap_seed).toBe(7);

    expect(job.log).toEqual(expect.arrayContaining([
      '60 rows in 1 file',
      'SHAP: 6/60 records explained',
      'SHAP: 60/60 records explained',
      'clarify-ts engine: SHAP values, PDPs of 1 feature of 60 rows',
    ]));
    // One line per tenth of the records, not one per record.
    expect(job.log.filter((line) => line.startsWith('SHAP: '))).toHaveLength(10);
  });

  it('serves `tabularModels` by name, also for post-training bias without a predicted-label column', async () => {
    const { model, scored } = scoringModel();
    const job = await emulatedJob({ tabularModels: { scorer: model } }, (processor, dataConfig, onLog) =>
      processor.runBiasAndExplainability(dataConfig, modelConfig('scorer'), shapConfig, biasConfig,
        { preTrainingMethods: ['CI', 'DPL'], postTrainingMethods: ['DPPL', 'DI'], logs: true, onLog, ...FAST_WAIT }));
    expect(scored.rows).toBeGreaterThan(0);
    const post = job.document.post_training_bias_metrics?.facets.group?.[0]?.metrics ?? [];
    expect(post.map((m) => m.name)).toEqual(['DI', 'DPPL']);
    expect(post.every((m) => typeof m.value === 'number')).toBe(true);
    expect(job.document.explanations?.kernel_shap?.label0?.global_shap_values.unused).toBeCloseTo(0, 12);

    const local = await localRun({ scorer: scoringModel().model }, (processor, dataConfig) =>
      processor.runBiasAndExplainability(dataConfig, modelConfig('scorer'), shapConfig, biasConfig,
        { preTrainingMethods: ['CI', 'DPL'], postTrainingMethods: ['DPPL', 'DI'] }));
    expect(job.document.pre_training_bias_metrics).toEqual(local.pre_training_bias_metrics);
    expect(job.document.post_training_bias_metrics).toEqual(local.post_training_bias_metrics);
    expect(job.document.explanations).toEqual(local.explanations);
    expect(job.log).toEqual(expect.arrayContaining([
      'bias metrics (pre- and post-training): 60/60 rows counted',
      'clarify-ts engine: pre-training bias metrics, post-training bias metrics, SHAP values of 60 rows',
    ]));
  });

  it('fails the job when the model it names is not served', async () => {
    const { model } = scoringModel();
    const error = await emulatedJob({ tabularModels: { scorer: model } }, (processor, dataConfig) =>
      processor.runExplainability(dataConfig, modelConfig('another-model'), shapConfig, { logs: false, ...FAST_WAIT }))
      .then(() => undefined, (e: unknown) => e as Error);
    expect(error?.message).toMatch(/predictor\.model_name/);
  });

  it('logs an image job as before: the start, then one line per image', async () => {
    test = await startTestAws({ onProcessingJob: (job) => runProcessingJob(job, { model: brightness }).then(() => undefined) });
    const prefix = 's3://my-bucket/cv';
    await test.aws.s3.putObject(`${prefix}/images/a.png`, await squarePng(0));
    await test.aws.s3.putObject(`${prefix}/images/b.png`, await squarePng(6));
    const log: string[] = [];
    await new SageMakerClarifyProcessor({ role: ROLE, instanceCount: 1, instanceType: 'ml.m5.xlarge', session: test.session }).runExplainability(
      new DataConfig({ s3DataInputPath: `${prefix}/`, s3OutputPath: `${prefix}/out`, datasetType: 'application/x-image' }),
      new ModelConfig({ modelName: 'bright', instanceType: 'ml.m5.xlarge', instanceCount: 1, contentType: 'image/png' }),
      new SHAPConfig({ numSamples: 20, seed: 5, imageConfig: new ImageConfig({ modelType: 'IMAGE_CLASSIFICATION', numSegments: 4 }) }),
      { logs: true, onLog: (event) => log.push(event.message), ...FAST_WAIT });
    const engine = log.slice(log.findIndex((line) => line.startsWith('clarify-ts engine: running')) + 1, -1);
    expect(engine[0]).toMatch(/^2 images, model: /);
    expect(engine.slice(1, 3)).toEqual(['[1/2] images/a.png: succeeded', '[2/2] images/b.png: succeeded']);
    expect(engine).toContain('clarify-ts engine: 2 explained, 0 failed');
  });
});

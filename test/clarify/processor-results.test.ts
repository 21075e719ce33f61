/**
 * ClarifyResults: reading what a Clarify job wrote under s3OutputPath, from a
 * job run through the emulator whose processing hook writes Clarify's output
 * layout; and the "no outputs" case of a job that wrote nothing.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataConfig, ImageConfig, ModelConfig, ModelPredictedLabelConfig, SHAPConfig } from '../../src/clarify/index.js';
import { SageMakerClarifyProcessor } from '../../src/clarify/processor.js';
import { ClarifyResults } from '../../src/clarify/results.js';
import { ClarifyError } from '../../src/errors.js';
import { FAST_WAIT, ROLE, startTestAws, type TestAws, closeTestResources } from '../helpers/test-aws.js';

const OUTPUT = 's3://my-bucket/cv/cv_analysis_result';
const ANALYSIS = { version: '1.0', explanations: { kernel_shap: { label0: { global_shap_values: { segment_0: 0.25 } } } } };

let env: TestAws | undefined;
const folders: string[] = [];
afterEach(async () => {
  env = await closeTestResources(env, folders);
});

async function folder(): Promise<string> {
  const path = await mkdtemp(join(tmpdir(), 'clarify-ts-results-'));
  folders.push(path);
  return path;
}

async function runJob(test: TestAws): Promise<void> {
  const processor = new SageMakerClarifyProcessor({ role: ROLE, instanceCount: 1, instanceType: 'ml.m5.xlarge', session: test.session });
  await processor.runExplainability(
    new DataConfig({ s3DataInputPath: 's3://my-bucket/cv/', s3OutputPath: OUTPUT, datasetType: 'application/x-image' }),
    new ModelConfig({ modelName: 'm', instanceType: 'ml.m5.xlarge', instanceCount: 1, contentType: 'image/jpeg' }),
    new SHAPConfig({ numSamples: 10, imageConfig: new ImageConfig({ modelType: 'IMAGE_CLASSIFICATION' }) }),
    { modelScores: new ModelPredictedLabelConfig({ labelHeaders: ['a', 'b'] }), logs: false, ...FAST_WAIT },
  );
}

describe('ClarifyResults.read', () => {
  it('downloads what the job wrote, parses analysis.json, and finds the images and reports', async () => {
    env = await startTestAws({
      async onProcessingJob(job) {
        // Where a Clarify container writes: the analysis_result output's S3 URI.
        const outputs = job.request.ProcessingOutputConfig as { Outputs: { OutputName: string; S3Output: { S3Uri: string } }[] };
        const out = outputs.Outputs.find((o) => o.OutputName === 'analysis_result')!.S3Output.S3Uri;
        await job.s3.putObject(`${out}/analysis.json`, JSON.stringify(ANALYSIS));
        await job.s3.putObject(`${out}/cat.jpeg`, new Uint8Array([0xff, 0xd8, 1, 2, 0xff, 0xd9]));
        await job.s3.putObject(`${out}/nested/dog.jpeg`, new Uint8Array([0xff, 0xd8, 3, 0xff, 0xd9]));
        for (const format of ['html', 'pdf', 'ipynb']) await job.s3.putObject(`${out}/report.${format}`, `report ${format}`);
      },
    });
    // A sibling prefix that shares the output path's name must not be read.
    await env.aws.s3.putObject(`${OUTPUT}-old/analysis.json`, '{"version": "0.9"}');
    await runJob(env);
    const directory = await folder();
    const results = await ClarifyResults.read(env.session, OUTPUT, directory);
    expect(results.hasResults).toBe(true);
    expect(results.analysis).toEqual(ANALYSIS);
    expect(results.files.map((f) => f.key)).toEqual([
      'cv/cv_analysis_result/analysis.json',
      'cv/cv_analysis_result/analysis_config.json',
      'cv/cv_analysis_result/cat.jpeg',
      'cv/cv_analysis_result/nested/dog.jpeg',
      'cv/cv_analysis_result/report.html',
      'cv/cv_analysis_result/report.ipynb',
      'cv/cv_analysis_result/report.pdf',
    ]);
    expect(results.images.map((f) => f.localPath)).toEqual([join(directory, 'cat.jpeg'), join(directory, 'nested', 'dog.jpeg')]);
    expect([...(await readFile(join(directory, 'cat.jpeg')))]).toEqual([0xff, 0xd8, 1, 2, 0xff, 0xd9]);
    expect(results.reports.pdf?.localPath).toBe(join(directory, 'report.pdf'));
    expect(await readFile(results.reports.html!.localPath, 'utf8')).toBe('report html');
    expect(results.reports.ipynb?.size).toBe('report ipynb'.length);
    expect(env.rejected()).toEqual([]);
  });

  it('gives an empty result for a job that wrote nothing', async () => {
    env = await startTestAws();
    await runJob(env);
    const results = await ClarifyResults.read(env.session, OUTPUT, await folder());
    expect(results.hasResults).toBe(false);
    expect(results.analysis).toBeUndefined();
    expect(results.images).toEqual([]);
    expect(results.reports).toEqual({});
    expect(results.files.map((f) => f.key)).toEqual(['cv/cv_analysis_result/analysis_config.json']);
  });

  it('reports an unreadable analysis.json and refuses bad arguments', async () => {
    env = await startTestAws();
    await env.aws.s3.putObject(`${OUTPUT}/analysis.json`, '{not json');
    await expect(ClarifyResults.read(env.session, OUTPUT, await folder())).rejects.toBeInstanceOf(ClarifyError);
    await expect(ClarifyResults.read(env.session, 'my-bucket/out', await folder())).rejects.toMatchObject({ field: 's3OutputPath' });
    await expect(ClarifyResults.read(env.session, OUTPUT, '')).rejects.toMatchObject({ field: 'directory' });
  });
});

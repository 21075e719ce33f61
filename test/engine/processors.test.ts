/**
 * The two ways to run a Clarify config without Clarify: LocalClarifyProcessor
 * in-process, and our image in an (emulated) SageMaker Processing job started by
 * SageMakerClarifyProcessor({ imageUri }), whose hook runs the engine.
 */
import { join } from 'node:path';
import type { RunAnalysisResult } from '../../src/engine/run-analysis.js';
import { describe, expect, it, vi } from 'vitest';
import { DataConfig, ImageConfig, ModelConfig, ModelPredictedLabelConfig, SHAPConfig } from '../../src/clarify/index.js';
import { LocalClarifyProcessor } from '../../src/engine/local-processor.js';
import { SageMakerClarifyProcessor } from '../../src/clarify/processor.js';
import type { AnalysisDocument, SucceededImageRecord } from '../../src/analysis/document.js';
import { runProcessingJob } from '../../src/testing/engine-processing-job.js';
import { FAST_WAIT, ROLE, startTestAws } from '../helpers/test-aws.js';
import { brightness, folderWith, squarePng } from '../helpers/engine-fixtures.js';

// Whole runs of the engine (worker threads, ONNX, report), a browser or an S3 server per test.
vi.setConfig({ testTimeout: 120_000 });

const configs = (input: string, output: string) => ({
  modelConfig: new ModelConfig({ modelName: 'bright', instanceType: 'ml.m5.xlarge', instanceCount: 1, contentType: 'image/png' }),
  shapConfig: new SHAPConfig({ numSamples: 40, seed: 5, imageConfig: new ImageConfig({ modelType: 'IMAGE_CLASSIFICATION', numSegments: 6, segmentCompactness: 10 }) }),
  dataConfig: new DataConfig({ s3DataInputPath: input, s3OutputPath: output, datasetType: 'application/x-image' }),
  modelScores: new ModelPredictedLabelConfig({ labelHeaders: ['dark', 'bright'] }),
});

describe('LocalClarifyProcessor', () => {
  it('runs runExplainability in-process from the same config objects', async () => {
    const data = await folderWith({ 'a.png': await squarePng(0) });
    const c = configs(data, join(data, 'cv_analysis_result'));
    const result = (await new LocalClarifyProcessor({ models: { bright: brightness }, concurrency: 1 }).runExplainability(c.dataConfig, c.modelConfig, c.shapConfig, { modelScores: c.modelScores })) as RunAnalysisResult;
    expect(result.document.summary).toEqual({ images: 1, succeeded: 1, failed: 0 });
    expect(result.document.settings).toMatchObject({ num_samples: 40, seed: 5, num_segments: 6, label_headers: ['dark', 'bright'] });
    expect(result.files).toContain('shap_a.jpeg');
  });
});

describe('SageMakerClarifyProcessor in the emulator', () => {
  for (const imageUri of ['111122223333.dkr.ecr.us-west-2.amazonaws.com/clarify-ts:0.1.0', undefined]) {
  it(`runs the engine for a job with ${imageUri ? 'our image' : "Clarify's image"} and writes real results next to the notebook's input`, async () => {
    const test = await startTestAws({ onProcessingJob: (job) => runProcessingJob(job, { model: brightness }).then(() => undefined) });
    try {
      await test.aws.s3.createBucket('my-bucket');
      const bucket = 's3://my-bucket/cv';
      await test.aws.s3.putObject(`${bucket}/images/a.png`, await squarePng(0));
      await test.aws.s3.putObject(`${bucket}/images/b.png`, await squarePng(6));
      const c = configs(`${bucket}/`, `${bucket}/cv_analysis_result`);
      const processor = new SageMakerClarifyProcessor({
        role: ROLE, instanceCount: 1, instanceType: 'ml.m5.xlarge', session: test.session,
        ...(imageUri ? { imageUri } : {}),
      });
      const job = await processor.runExplainability(c.dataConfig, c.modelConfig, c.shapConfig, { modelScores: c.modelScores, wait: true, logs: false, ...FAST_WAIT });
      const request = test.inputsOf('CreateProcessingJobCommand')[0] as { AppSpecification: { ImageUri: string } };
      expect(request.AppSpecification.ImageUri).toEqual(imageUri ?? expect.stringContaining('sagemaker-clarify-processing'));
      expect(job).toBeDefined();
      const doc = JSON.parse(new TextDecoder().decode(await test.aws.s3.getObject(`${bucket}/cv_analysis_result/analysis.json`))) as AnalysisDocument;
      // The analysis_config.json the processor uploaded under the output is not an input image.
      expect(doc.images.map((i) => i.file)).toEqual(['images/a.png', 'images/b.png']);
      expect((doc.images[0] as SucceededImageRecord).explanations?.[0].label).toBe('dark');
      const keys = await test.aws.s3.listObjects(`${bucket}/cv_analysis_result/`);
      expect(keys).toEqual(expect.arrayContaining([`${bucket}/cv_analysis_result/images/shap_a.jpeg`, `${bucket}/cv_analysis_result/report.html`]));
    } finally {
      await test.close();
    }
  });
  }
});

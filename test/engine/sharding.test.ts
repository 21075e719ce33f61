/**
 * Scale-out: three simulated hosts run the processing container on their
 * shards with the demo ONNX model on worker threads (loaded from the
 * TypeScript sources through tsx); the merged output equals a one-host run.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import type { AnalysisDocument, ImageRecord } from '../../src/analysis/document.js';
import { mergeAnalysisParts } from '../../src/engine/merge-parts.js';
import { type ProcessingContainerOptions, runProcessingContainer } from '../../src/engine/processing-container.js';
import type { RunAnalysisResult } from '../../src/engine/run-analysis.js';
import type { OnnxModelSpec } from '../../src/engine/model-source.js';
import { folderWith } from '../helpers/engine-fixtures.js';

// Whole runs of the engine (worker threads, ONNX, report), a browser or an S3 server per test.
vi.setConfig({ testTimeout: 120_000 });

const examples = new URL('../../examples/', import.meta.url);
const meta = JSON.parse(await readFile(new URL('models/shapes-cnn.json', examples), 'utf8'));
const spec: OnnxModelSpec = { onnx: { model: fileURLToPath(new URL('models/shapes-cnn.onnx', examples)), softmax: true, mean: meta.input.mean, std: meta.input.std } };
const images = ['01-circle.png', '02-square.png', '03-triangle.png', '05-star.png', '06-clutter.png'];

const config = {
  dataset_type: 'application/x-image',
  predictor: { model_name: 'shapes', label_headers: meta.classes },
  methods: { shap: { use_logit: false, save_local_shap_values: true, num_samples: 60, seed: 11, image_config: { model_type: 'IMAGE_CLASSIFICATION', num_segments: 12, segment_compactness: 10 } } },
};

async function container(hosts: string[] | undefined, host: string, output: string, dataFiles: string[]): Promise<{ input: string; configRoot: string }> {
  const files: Record<string, Uint8Array | string> = { 'input/config/analysis_config.json': JSON.stringify(config) };
  for (const f of dataFiles) files[`input/data/${f}`] = await readFile(new URL(`images/${f}`, examples));
  if (hosts) files['config/resourceconfig.json'] = JSON.stringify({ current_host: host, hosts });
  const root = await folderWith(files);
  await mkdir(output, { recursive: true });
  return { input: join(root, 'input'), configRoot: join(root, 'config') };
}

/** An image run's result (these configs are images). */
const runImages = async (options: ProcessingContainerOptions) => (await runProcessingContainer(options)) as RunAnalysisResult;

const withoutTimings = (records: ImageRecord[]) => records.map((r) => (r.status === 'succeeded' ? { ...r, timings: null } : r));

describe('processing container', () => {
  it('three hosts on their shards merge to what one host writes', async () => {
    const single = await folderWith({});
    const one = await container(undefined, 'algo-1', single, images);
    const whole = await runImages({ paths: { input: one.input, output: single, config: one.configRoot }, models: { shapes: spec }, concurrency: 1 });
    expect(whole.document.summary).toEqual({ images: 5, succeeded: 5, failed: 0 });

    const shared = await folderWith({});
    const hosts = ['algo-1', 'algo-2', 'algo-3'];
    const parts = [];
    for (const host of hosts) {
      const c = await container(hosts, host, shared, images);
      parts.push(await runImages({ paths: { input: c.input, output: shared, config: c.configRoot }, models: { shapes: spec }, concurrency: 2 }));
    }
    expect(parts.map((p) => p.analysisFile)).toEqual(hosts.map((h) => `analysis.part-${h}.json`));
    expect(parts.map((p) => p.document.images.length)).toEqual([2, 2, 1]);

    const merged = (await mergeAnalysisParts({ output: shared })) as AnalysisDocument;
    const written = JSON.parse(await readFile(join(shared, 'analysis.json'), 'utf8')) as AnalysisDocument;
    expect(written.images.map((i) => i.file)).toEqual(images);
    expect(withoutTimings(merged.images)).toEqual(withoutTimings(whole.document.images));
    expect({ ...merged.settings }).toEqual({ ...whole.document.settings });
    // Heat maps and label images are byte-identical too.
    for (const f of ['shap_03-triangle.jpeg', '03-triangle_segments.png']) {
      expect(await readFile(join(shared, f))).toEqual(await readFile(join(single, f)));
    }
  });

  it('with ShardedByS3Key explains every image SageMaker gave this host', async () => {
    const output = await folderWith({});
    const c = await container(['algo-1', 'algo-2'], 'algo-2', output, images.slice(0, 2));
    await writeFile(join(c.configRoot, 'processingjobconfig.json'), JSON.stringify({ ProcessingInputs: [{ InputName: 'dataset', S3Input: { S3DataDistributionType: 'ShardedByS3Key' } }] }));
    const result = await runImages({ paths: { input: c.input, output, config: c.configRoot }, models: { shapes: spec }, concurrency: 1 });
    expect(result.document.images.map((i) => i.file)).toEqual(images.slice(0, 2));
    expect(result.analysisFile).toBe('analysis.part-algo-2.json');
  });
});

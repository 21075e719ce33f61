/**
 * Object detection output layout (Clarify's `shap_<stem>_box<k>.jpeg` and
 * `<stem>_objects.jpeg`), and a run whose input and output are S3 prefixes.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnalysisConfig } from '../../src/clarify/analysis-config.js';
import { pyFloat } from '../../src/python/float.js';
import type { SucceededImageRecord } from '../../src/analysis/document.js';
import { runAnalysis } from '../../src/engine/run-analysis.js';
import type { RasterImage } from '../../src/explain/image/raster.js';
import { functionDetector } from '../../src/models/function.js';
import { startTestAws } from '../helpers/test-aws.js';
import { brightness, classificationConfig, folderWith, squarePng } from '../helpers/engine-fixtures.js';

// Finds the bright square: its bounding box, scored by the share of its pixels still bright.
const squareFinder = functionDetector((images: readonly RasterImage[]) =>
  images.map((im) => {
    let bright = 0;
    for (let y = 8; y < 20; y++) for (let x = 4; x < 16; x++) if ((im.data[(y * im.width + x) * 3] as number) > 150) bright++;
    return [{ classId: 0, score: bright / 144, box: [4 / 32, 8 / 32, 16 / 32, 20 / 32] as const }];
  }), ['square']);

describe('object detection', () => {
  it('writes a heat map per explained object and the objects image', async () => {
    const data = await folderWith({ 'a.png': await squarePng(0) });
    const config: AnalysisConfig = {
      dataset_type: 'application/x-image',
      probability_threshold: pyFloat(0.5),
      predictor: { model_name: 'finder', label_headers: ['square'] },
      methods: { shap: { use_logit: false, save_local_shap_values: true, num_samples: 40, seed: 2, image_config: { model_type: 'OBJECT_DETECTION', num_segments: 6, segment_compactness: 10, max_objects: 2, iou_threshold: pyFloat(0.5), context: pyFloat(1) } } },
    };
    const output = join(data, 'out');
    const result = await runAnalysis({ config, data, output, models: { finder: squareFinder }, concurrency: 1 });
    const record = result.document.images[0] as SucceededImageRecord;
    expect(record.objects).toHaveLength(1);
    expect(record.objects![0]).toMatchObject({ class_id: 0, label: 'square', score: 1, heat_map: 'shap_a_box1.jpeg' });
    // Σφ = full − expected; the full image finds the whole square (1), the noise baseline almost none of it.
    const o = record.objects![0];
    expect(o.shap_values.reduce((s, v) => s + v, 0)).toBeCloseTo(o.full_value - o.expected_value, 9);
    expect(o.full_value).toBe(1);
    expect(result.document.settings).toMatchObject({ model_type: 'OBJECT_DETECTION', max_objects: 2, iou_threshold: 0.5, context: 1, probability_threshold: 0.5 });
    expect((await readdir(output)).sort()).toEqual(
      ['a_image.jpeg', 'a_objects.jpeg', 'a_segments.png', 'analysis.json', 'report.html', 'report.pdf', 'shap_a_box1.jpeg'],
    );
  });

  it('refuses a classifier where the config asks for a detector', async () => {
    const data = await folderWith({ 'a.png': await squarePng(0) });
    const config = classificationConfig('m');
    config.methods.shap!.image_config!.model_type = 'OBJECT_DETECTION';
    await expect(runAnalysis({ config, data, output: join(data, 'out'), models: { m: brightness } })).rejects.toMatchObject({ field: 'models.m' });
  });
});

describe('S3 locations', () => {
  it('reads s3:// images and writes s3:// results, skipping the output prefix inside the input', async () => {
    const test = await startTestAws();
    try {
      await test.aws.s3.createBucket('my-bucket');
      await test.aws.s3.putObject('s3://my-bucket/cv/x/a.png', await squarePng(0));
      await test.aws.s3.putObject('s3://my-bucket/cv/b.png', await squarePng(4));
      await test.aws.s3.putObject('s3://my-bucket/cv/result/old.png', await squarePng(4));
      const result = await runAnalysis({
        config: classificationConfig('m'), data: 's3://my-bucket/cv/', output: 's3://my-bucket/cv/result', models: { m: brightness }, session: test.session, concurrency: 2,
      });
      expect(result.document.images.map((i) => i.file)).toEqual(['b.png', 'x/a.png']);
      const keys = await test.aws.s3.listObjects('s3://my-bucket/cv/result/');
      expect(keys).toEqual(expect.arrayContaining(['s3://my-bucket/cv/result/analysis.json', 's3://my-bucket/cv/result/x/shap_a.jpeg', 's3://my-bucket/cv/result/report.pdf']));
    } finally {
      await test.close();
    }
  });

  it('needs a session for an S3 location, and says so before any work', async () => {
    await expect(runAnalysis({ config: classificationConfig('m'), data: 's3://my-bucket/cv/', output: '/tmp/never-written', models: { m: brightness } })).rejects.toMatchObject({ field: 'data' });
  });
});

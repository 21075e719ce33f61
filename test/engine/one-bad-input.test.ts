/**
 * One bad image fails alone: odd shapes, huge images and errors of any kind are
 * that image's recorded failure, and the run goes on - unless the model itself
 * is broken, which the run finds before it starts or stops on early.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it, vi } from 'vitest';
import type { FailedImageRecord, SucceededImageRecord } from '../../src/analysis/document.js';
import { MAX_RESULT_SIDE } from '../../src/engine/enlarge.js';
import { runAnalysis } from '../../src/engine/run-analysis.js';
import { ModelError, ValidationError } from '../../src/errors.js';
import { explainObjectDetection } from '../../src/explain/detection.js';
import { functionClassifier, functionDetector } from '../../src/models/function.js';
import { brightness, classificationConfig, folderWith, squarePng } from '../helpers/engine-fixtures.js';

// Whole runs of the engine (worker threads, ONNX, report), a browser or an S3 server per test.
vi.setConfig({ testTimeout: 120_000 });

const png = (width: number, height: number, value = 200) =>
  sharp({ create: { width, height, channels: 3, background: { r: value, g: value / 2, b: 255 - value } } }).png().toBuffer();

/** A white PNG of `width × height` holding only its first row of pixel data (all of it when height is 1). */
function pngFirstRow(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const firstRow = deflateSync(Buffer.alloc(1 + width * 3, 255).fill(0, 0, 1));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', firstRow), chunk('IEND', Buffer.alloc(0))]);
}

describe('odd images fail alone, or not at all', () => {
  it('explains thin images with result images bounded on both axes', async () => {
    const data = await folderWith({ 'wide.png': await png(600, 2), 'line.png': await png(3000, 1), 'ok.png': await squarePng(0) });
    const output = join(data, 'out');
    const result = await runAnalysis({ config: classificationConfig('m', { num_samples: 20 }), data, output, models: { m: brightness }, concurrency: 1 });
    expect(result.document.images.map((i) => [i.file, i.status])).toEqual([['line.png', 'succeeded'], ['ok.png', 'succeeded'], ['wide.png', 'succeeded']]);
    for (const record of result.document.images as SucceededImageRecord[]) {
      const meta = await sharp(join(output, record.explanations![0].heat_map)).metadata();
      expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(Math.max(MAX_RESULT_SIDE, record.width, record.height));
    }
    expect((await sharp(join(output, 'wide_image.jpeg')).metadata()).width).toBe(3600);
  });

  it('fails an image over the pixel limit alone, from its header, and goes on', async () => {
    const data = await folderWith({ 'big.png': await png(1200, 1000), 'huge.png': pngFirstRow(10000, 10000), 'ok.png': await squarePng(0) });
    const result = await runAnalysis({ config: classificationConfig('m'), data, output: join(data, 'out'), models: { m: brightness }, maxPixels: 1_000_000, concurrency: 1 });
    const [big, huge, ok] = result.document.images;
    expect(big).toMatchObject({ status: 'failed', error: 'ImageTooLargeError' });
    expect((big as FailedImageRecord).reason).toContain('1200x1000 = 1200000 pixels, more than the limit of 1000000');
    // The default limit would refuse it too; here the header alone says 100 MP, before any pixel is decoded.
    expect(huge).toMatchObject({ status: 'failed', error: 'ImageTooLargeError' });
    expect(ok.status).toBe('succeeded');
    const byDefault = await runAnalysis({ config: classificationConfig('m'), data, files: ['huge.png'], output: join(data, 'out2'), models: { m: brightness } });
    expect((byDefault.document.images[0] as FailedImageRecord).reason).toContain('10000x10000 = 100000000 pixels, more than the limit of 24000000');
  });

  it('fails an image with a side beyond JPEG’s 65535 alone', async () => {
    const data = await folderWith({ 'long.png': pngFirstRow(70000, 1), 'ok.png': await squarePng(0) });
    const result = await runAnalysis({ config: classificationConfig('m'), data, output: join(data, 'out'), models: { m: brightness }, concurrency: 1 });
    expect(result.document.images[0]).toMatchObject({ status: 'failed', error: 'ImageTooLargeError' });
    expect(result.document.images[1].status).toBe('succeeded');
  });

  it('checks maxPixels and maxConsecutiveFailures before any work', async () => {
    const data = await folderWith({ 'a.png': await squarePng(0) });
    for (const [key, value] of [['maxPixels', 0], ['maxPixels', 1.5], ['maxConsecutiveFailures', 0]] as const) {
      await expect(runAnalysis({ config: classificationConfig('m'), data, output: join(data, 'out'), models: { m: brightness }, [key]: value })).rejects.toMatchObject({ field: key });
    }
    expect(await readdir(data)).toEqual(['a.png']);
  });

  it('records an error of any kind as that image’s failure', async () => {
    const data = await folderWith({ 'a.png': await squarePng(0), 'b.png': await squarePng(5) });
    let calls = 0;
    const buggy = functionClassifier((images) => {
      // Call 0 is the probe; a.png's explanation then meets a plain TypeError, not a ClarifyError.
      if (calls++ === 1) (undefined as unknown as { x: number }).x.toFixed();
      return images.map(() => [0.5, 0.5]);
    }, ['dark', 'bright']);
    const result = await runAnalysis({ config: classificationConfig('m'), data, output: join(data, 'out'), models: { m: buggy }, concurrency: 1 });
    expect(result.document.images[0]).toMatchObject({ file: 'a.png', status: 'failed', error: 'ModelError' });
    expect((result.document.images[0] as FailedImageRecord).reason).toMatch(/Cannot read properties of undefined/);
    expect(result.document.images[1].status).toBe('succeeded');
  });
});

describe('a broken model stops the run early, with one error', () => {
  it('stops after maxConsecutiveFailures images in a row fail in the model', async () => {
    const data = await folderWith(Object.fromEntries(await Promise.all(Array.from({ length: 8 }, async (_, i) => [`i${i}.png`, await squarePng(i % 7)] as const))));
    let calls = 0;
    const dying = functionClassifier((images) => {
      // The probe and the first image's calls succeed; then the endpoint goes down for good.
      if (calls++ > 3) throw new Error('HTTP 503 Service Unavailable');
      return images.map(() => [0.5, 0.5]);
    }, ['dark', 'bright']);
    const seen: string[] = [];
    const error = await runAnalysis({
      config: classificationConfig('m', { num_samples: 60 }), data, output: join(data, 'out'), models: { m: dying }, concurrency: 1, maxConsecutiveFailures: 3,
      onProgress: (e) => e.type === 'image' && seen.push(`${e.file}:${e.record.status}`),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as Error).message).toMatch(/^Stopped the run: 3 images in a row failed \(the last, i\d\.png: ModelError: .*HTTP 503/);
    expect(seen.filter((s) => s.endsWith(':failed'))).toHaveLength(3);
    expect(seen.length).toBeLessThan(8);
  });

  it('does not count images that fail for their content', async () => {
    const data = await folderWith({ 'a.png': 'x', 'b.png': 'y', 'c.png': 'z', 'd.png': await squarePng(0) });
    const result = await runAnalysis({ config: classificationConfig('m'), data, output: join(data, 'out'), models: { m: brightness }, concurrency: 1, maxConsecutiveFailures: 2 });
    expect(result.document.summary).toEqual({ images: 4, succeeded: 1, failed: 3 });
  });

  it('fails the run before any output when the model fails on the first images', async () => {
    const data = await folderWith({ 'a.png': await squarePng(0), 'b.png': await squarePng(1), 'c.png': await squarePng(2), 'd.png': await squarePng(3) });
    const down = functionClassifier(() => {
      throw new Error('connect ECONNREFUSED');
    }, ['dark', 'bright']);
    const output = join(data, 'out');
    await expect(runAnalysis({ config: classificationConfig('m'), data, output, models: { m: down } })).rejects.toThrow(
      /^The model failed on the first 3 images it was asked about, before the run started: a.png: .*ECONNREFUSED/,
    );
    expect(await readdir(output).catch(() => 'absent')).toBe('absent');
  });

  it('fails the run before any output when label_headers do not match the model’s outputs', async () => {
    const data = await folderWith({ 'a.png': await squarePng(0), 'b.png': await squarePng(1) });
    const config = classificationConfig('m');
    config.predictor!.label_headers = ['dark', 'bright', 'grey'];
    const output = join(data, 'out');
    const error = await runAnalysis({ config, data, output, models: { m: brightness } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: '$.predictor.label_headers' });
    expect((error as Error).message).toContain('the model returned 2 scores for a.png, the config names 3 classes');
    expect(await readdir(output).catch(() => 'absent')).toBe('absent');
  });

  it('fails the run before any output when the ONNX model file cannot be loaded (in the workers)', async () => {
    const data = await folderWith({ 'a.png': await squarePng(0), 'model.onnx': 'not a model' });
    const output = join(data, 'out');
    const error = await runAnalysis({ config: classificationConfig('m'), data, output, models: { m: { onnx: { model: join(data, 'model.onnx') } } }, concurrency: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'model' });
    expect(await readdir(output).catch(() => 'absent')).toBe('absent');
  });
});

describe('budgets and class counts are settled before the run', () => {
  it('bounds num_samples', async () => {
    const data = await folderWith({ 'a.png': await squarePng(0) });
    await expect(runAnalysis({ config: classificationConfig('m', { num_samples: 1e9 }), data, output: join(data, 'out'), models: { m: brightness } }))
      .rejects.toThrow('Invalid $.methods.shap.num_samples: got 1000000000; allowed: an integer from 1 to 1000000');
  });

  it('raises a num_samples below K + 2 to K + 2, as documented, and says so once', async () => {
    const data = await folderWith({ 'a.png': await squarePng(0), 'b.png': await squarePng(3) });
    const result = await runAnalysis({ config: classificationConfig('m', { num_samples: 3 }), data, output: join(data, 'out'), models: { m: brightness }, report: false });
    expect(result.document.summary.failed).toBe(0);
    expect(result.warnings).toEqual([expect.stringContaining('num_samples 3 is below num_segments + 2 (8)')]);
    for (const record of result.document.images as SucceededImageRecord[]) expect(record.num_evaluations).toBeGreaterThanOrEqual(Math.min(record.num_segments + 2, 2 ** record.num_segments - 2));
  });

  it('clamps topK to the model’s classes even without class names, and says so once', async () => {
    const data = await folderWith({ 'a.png': await squarePng(0), 'b.png': await squarePng(3) });
    const config = classificationConfig('m');
    delete config.predictor!.label_headers;
    const unnamed = functionClassifier(brightness.predict.bind(brightness));
    const result = await runAnalysis({ config, data, output: join(data, 'out'), models: { m: unnamed }, topK: 5, report: false });
    expect(result.document.summary.failed).toBe(0);
    expect((result.document.images[0] as SucceededImageRecord).explanations).toHaveLength(2);
    expect(result.warnings).toEqual(["topK 5 is more than the model's 2 classes: explaining 2"]);
  });
});

describe('object detection progress', () => {
  it('reports a total equal to the evaluations the sampler makes', async () => {
    const image = { width: 32, height: 32, channels: 3 as const, data: new Uint8Array(await sharp(await squarePng(0)).raw().toBuffer()) };
    const detector = functionDetector((images) => images.map(() => [{ classId: 0, score: 0.9, box: [0.1, 0.2, 0.5, 0.6] as const }]));
    const events: { evaluated: number; total: number }[] = [];
    // An odd budget: the paired sampler leaves the last slot unused, so the design is one short of the budget.
    const result = await explainObjectDetection({ image, model: detector, numSamples: 41, seed: 3, segmentation: { nSegments: 20, compactness: 10 }, onProgress: (e) => events.push(e) });
    const last = events[events.length - 1];
    expect(last.evaluated).toBe(last.total);
    expect(last.total).toBe(result.numEvaluations - 1);
  });
});

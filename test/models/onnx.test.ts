import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RasterImage } from '../../src/explain/image/raster.js';
import { decodeImage } from '../../src/models/decode.js';
import { OnnxImageClassifier } from '../../src/models/onnx-classifier.js';
import { imagesToTensor, softmax } from '../../src/models/preprocess.js';
import { ValidationError } from '../../src/errors.js';

const examples = new URL('../../examples/', import.meta.url);
const meta = JSON.parse(readFileSync(new URL('models/shapes-cnn.json', examples), 'utf8'));
const manifest: { image: string; label: number }[] = JSON.parse(readFileSync(new URL('images/manifest.json', examples), 'utf8'));
const modelPath = fileURLToPath(new URL('models/shapes-cnn.onnx', examples));

describe('OnnxImageClassifier with the demo model', () => {
  it('predicts the right class for every sample image, in one batch and one by one', async () => {
    const model = await OnnxImageClassifier.create({ model: modelPath, mean: meta.input.mean, std: meta.input.std, softmax: true, labels: meta.classes });
    expect(model.preprocess.size).toEqual([64, 64]);
    expect(model.preprocess.layout).toBe('NCHW');
    const images = await Promise.all(manifest.map((m) => decodeImage(fileURLToPath(new URL(`images/${m.image}`, examples)))));
    const batch = await model.predict(images);
    batch.forEach((scores, i) => {
      const argmax = scores.indexOf(Math.max(...scores));
      expect(meta.classes[argmax]).toBe(meta.classes[manifest[i].label]);
      expect(scores.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
    });
    const single = await model.predict([images[2]]);
    Array.from(single[0]).forEach((v, k) => expect(v).toBeCloseTo(batch[2][k], 5));
  });

  it('resizes other sizes to the input and accepts gray images', async () => {
    const model = await OnnxImageClassifier.create({ model: readFileSync(modelPath), mean: meta.input.mean, std: meta.input.std });
    const gray: RasterImage = { width: 100, height: 80, channels: 1, data: new Uint8Array(8000).fill(90) };
    const [logits] = await model.predict([gray]);
    expect(logits).toHaveLength(meta.classes.length);
  });

  it('rejects bad options', async () => {
    await expect(OnnxImageClassifier.create({ model: 42 as never })).rejects.toBeInstanceOf(ValidationError);
    await expect(OnnxImageClassifier.create({ model: modelPath, std: [1, 0, 1] })).rejects.toMatchObject({ field: 'std' });
    await expect(OnnxImageClassifier.create({ model: modelPath, outputName: 'nope' })).rejects.toMatchObject({ field: 'outputName' });
  });
});

describe('imagesToTensor', () => {
  const image: RasterImage = { width: 2, height: 1, channels: 3, data: Uint8Array.from([10, 20, 30, 40, 50, 60]) };
  const options = { size: [1, 2] as [number, number], scale: 1 / 255, mean: [0.1, 0.2, 0.3] as const, std: [0.5, 0.25, 2] as const };
  const f = (v: number, c: number) => Math.fround((v / 255 - options.mean[c]) / options.std[c]);

  it('writes NCHW planes and NHWC pixels with (v·scale − mean) / std', () => {
    const nchw = new Float32Array(6);
    imagesToTensor([image], options, nchw);
    expect(Array.from(nchw)).toEqual([f(10, 0), f(40, 0), f(20, 1), f(50, 1), f(30, 2), f(60, 2)]);
    const nhwc = new Float32Array(6);
    imagesToTensor([image], { ...options, layout: 'NHWC' }, nhwc);
    expect(Array.from(nhwc)).toEqual([f(10, 0), f(20, 1), f(30, 2), f(40, 0), f(50, 1), f(60, 2)]);
  });

  it('softmax matches exp / Σexp and survives large logits', () => {
    const p = softmax([1, 2, 3]);
    const e = [1, 2, 3].map(Math.exp);
    p.forEach((v, i) => expect(v).toBeCloseTo(e[i] / (e[0] + e[1] + e[2]), 6));
    expect(Array.from(softmax([1000, 1000]))).toEqual([0.5, 0.5]);
  });
});

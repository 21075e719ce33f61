import { describe, expect, it } from 'vitest';
import { explainImageClassification, noiseBaselines } from '../../src/explain/classification.js';
import type { ImageBaseline } from '../../src/explain/image/baseline.js';
import type { ImageClassifier } from '../../src/explain/model/image-model.js';
import type { RasterImage } from '../../src/explain/image/raster.js';
import { SeededRandom } from '../../src/explain/numeric/random.js';
import { ValidationError } from '../../src/errors.js';

const W = 12;
const H = 8;
function randomImage(seed: number): RasterImage & { data: Uint8Array } {
  const random = new SeededRandom(seed);
  return { width: W, height: H, channels: 3, data: Uint8Array.from({ length: W * H * 3 }, () => random.nextBelow(256)) };
}
const image = randomImage(1);
/** Six 4x4 blocks: 2^6 coalitions, all enumerated. */
const labels = Int32Array.from({ length: W * H }, (_, p) => Math.floor((p % W) / 4) + 3 * Math.floor(Math.floor(p / W) / 4));
const segmentation = { width: W, height: H, labels };
/** 24 blocks of 2x2: sampled, not enumerated. */
const fine = { width: W, height: H, labels: Int32Array.from({ length: W * H }, (_, p) => Math.floor((p % W) / 2) + 6 * Math.floor(Math.floor(p / W) / 2)) };
const weights = Float64Array.from({ length: W * H * 3 }, (_, i) => Math.sin(i + 1));
/** Additive in the segments: a weighted sum of the pixels (two classes). */
const additive: ImageClassifier = {
  predict: async (images) =>
    images.map((im) => {
      let a = 0;
      let b = 0;
      for (let i = 0; i < im.data.length; i++) {
        a += weights[i] * im.data[i];
        b += (i % 3 === 1 ? 1 : 0) * im.data[i];
      }
      return Float64Array.from([a / 1000, b / 1000]);
    }),
};
const list: ImageBaseline[] = [{ image: randomImage(2) }, 'mean', { color: [10, 200, 30] }];

describe('explainImageClassification with several baselines', () => {
  it('gives, exactly, the mean of the φ against each baseline for an additive model', async () => {
    const common = { image, model: additive, segmentation, labels: 'all' as const, seed: 4 };
    const together = await explainImageClassification({ ...common, baselines: list });
    expect(together.exact).toBe(true);
    expect(together.numEvaluations).toBe(64 * 3 + 1);
    const alone = await Promise.all(list.map((baseline) => explainImageClassification({ ...common, baseline })));
    for (let c = 0; c < 2; c++) {
      const e = together.explanations[c];
      let sum = 0;
      for (let j = 0; j < 6; j++) {
        const mean = alone.reduce((s, r) => s + r.explanations[c].shapValues[j], 0) / list.length;
        expect(Math.abs(e.shapValues[j] - mean)).toBeLessThan(1e-12);
        sum += e.shapValues[j];
      }
      const meanEmpty = alone.reduce((s, r) => s + r.explanations[c].expectedValue, 0) / list.length;
      expect(Math.abs(e.expectedValue - meanEmpty)).toBeLessThan(1e-12);
      expect(Math.abs(sum - (e.fullValue - meanEmpty))).toBeLessThan(1e-9);
    }
  });

  it('is bit-identical to the single baseline with one entry (sampled, small batches)', async () => {
    const common = { image, model: additive, numSamples: 20, seed: 9, batchSize: 5, segmentation: fine };
    const before = await explainImageClassification(common);
    const one = await explainImageClassification({ ...common, baselines: ['noise'] });
    expect(before.exact).toBe(false);
    expect(one.numEvaluations).toBe(before.numEvaluations);
    const bits = (r: typeof before) => r.explanations.map((e) => [...e.shapValues, ...e.standardErrors, e.expectedValue, e.fullValue]);
    expect(bits(one)).toEqual(bits(before));
    bits(one).flat().forEach((v, i) => expect(Object.is(v, bits(before).flat()[i])).toBe(true));
  });

  it('keeps a model call to batchSize images', async () => {
    const sizes: number[] = [];
    const model: ImageClassifier = { predict: async (images) => (sizes.push(images.length), additive.predict(images)) };
    await explainImageClassification({ image, model, segmentation, batchSize: 8, baselines: noiseBaselines(image, 3, 5) });
    expect(Math.max(...sizes)).toBeLessThanOrEqual(8);
    expect(sizes.slice(1).every((n) => n % 3 === 0)).toBe(true);
  });

  it('noiseBaselines draws count independent noise images, seed, seed + 1, …', () => {
    const [a, b] = noiseBaselines(image, 2, 7) as { image: RasterImage }[];
    const [c] = noiseBaselines(image, 1, 8) as { image: RasterImage }[];
    expect(a.image.width).toBe(W);
    expect(a.image.data).not.toEqual(b.image.data);
    expect(b.image.data).toEqual(c.image.data);
    expect(() => noiseBaselines(image, 0, 7)).toThrow(ValidationError);
  });

  it('rejects an empty list, a bad entry, a bad user image and baseline with baselines, naming the option', async () => {
    const run = (extra: object) => explainImageClassification({ image, model: additive, segmentation, ...extra });
    const field = async (extra: object) => {
      const error = await run(extra).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      return (error as ValidationError).message;
    };
    expect(await field({ baselines: [] })).toMatch(/baselines/);
    expect(await field({ baselines: 'noise' })).toMatch(/baselines/);
    expect(await field({ baselines: ['noise', 'grey'] })).toMatch(/baselines\[1\]/);
    expect(await field({ baselines: ['noise'], baseline: 'mean' })).toMatch(/baselines/);
    expect(await field({ baselines: [{ image: { width: 3, height: 2, channels: 3, data: new Uint8Array(5) } }] })).toMatch(/baselines\[0\]\.image/);
  });
});

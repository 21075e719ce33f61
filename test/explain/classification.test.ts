import { describe, expect, it } from 'vitest';
import { explainImageClassification } from '../../src/explain/classification.js';
import type { ImageClassifier } from '../../src/explain/model/image-model.js';
import type { RasterImage } from '../../src/explain/image/raster.js';
import { SeededRandom } from '../../src/explain/numeric/random.js';
import { slic } from '../../src/explain/slic/slic.js';
import { AbortError, ModelError, ValidationError } from '../../src/errors.js';

const W = 48;
const H = 40;
/** Coloured 12x10 tiles with mild noise: SLIC finds about 16-20 segments. */
function tiles(): RasterImage & { data: Uint8Array } {
  const random = new SeededRandom(3);
  const data = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const t = Math.floor(x / 12) + 4 * Math.floor(y / 10);
      for (let c = 0; c < 3; c++) data[(y * W + x) * 3 + c] = (t * (50 + 40 * c)) % 200 + random.nextBelow(20);
    }
  }
  return { width: W, height: H, channels: 3, data };
}

const image = tiles();
const region = { x0: 5, y0: 4, x1: 20, y1: 17 };
const inRegion = (p: number) => {
  const x = p % W;
  const y = Math.floor(p / W);
  return x >= region.x0 && x < region.x1 && y >= region.y0 && y < region.y1;
};

/** Class 0: the fraction of the region's pixels still showing the original; class 1: a constant; class 2: the rest. */
const regionModel: ImageClassifier = {
  predict: async (images) =>
    images.map((im) => {
      let same = 0;
      let total = 0;
      for (let p = 0; p < W * H; p++) {
        if (!inRegion(p)) continue;
        total++;
        if (im.data[p * 3] === image.data[p * 3] && im.data[p * 3 + 1] === image.data[p * 3 + 1] && im.data[p * 3 + 2] === image.data[p * 3 + 2]) same++;
      }
      return Float32Array.from([same / total, 0.5, 0.25]);
    }),
};

describe('explainImageClassification', () => {
  it('puts (almost) all |φ| of a region-only model on the segments that overlap the region', async () => {
    const result = await explainImageClassification({ image, model: regionModel, numSamples: 300, seed: 11 });
    const { segmentation } = result;
    expect(result.explanations.map((e) => e.label)).toEqual([0]);
    // The value is additive: φ_j must equal segment j's share of the region's pixels (counted here by brute force).
    const share = new Float64Array(segmentation.numSegments);
    let regionSize = 0;
    for (let p = 0; p < W * H; p++) if (inRegion(p)) {
      share[segmentation.labels[p]]++;
      regionSize++;
    }
    const { shapValues, expectedValue, fullValue } = result.explanations[0];
    let onRegion = 0;
    let total = 0;
    for (let j = 0; j < shapValues.length; j++) {
      expect(shapValues[j]).toBeCloseTo(share[j] / regionSize, 5);
      total += Math.abs(shapValues[j]);
      if (share[j] > 0) onRegion += Math.abs(shapValues[j]);
    }
    expect(onRegion / total).toBeGreaterThan(0.99);
    expect(fullValue).toBeCloseTo(1, 6);
    expect(expectedValue).toBeCloseTo(0, 6);
    expect(result.numEvaluations).toBe(1 + 302);
  });

  it('re-indexes SLIC labels densely and reports the mapping (Clarify defaults 20 / 5)', async () => {
    const result = await explainImageClassification({ image, model: regionModel, numSamples: 60, seed: 1 });
    const reference = slic(image, { nSegments: 20, compactness: 5 });
    const { labels, sourceLabels, numSegments } = result.segmentation;
    expect(numSegments).toBe(reference.numSegments);
    for (let p = 0; p < labels.length; p++) expect(sourceLabels[labels[p]]).toBe(reference.labels[p]);
    expect(Math.min(...labels)).toBe(0);
    expect(Math.max(...labels)).toBe(numSegments - 1);
  });

  it('is deterministic for a seed and reports it', async () => {
    const a = await explainImageClassification({ image, model: regionModel, numSamples: 40, seed: 5, labels: [0] });
    const b = await explainImageClassification({ image, model: regionModel, numSamples: 40, seed: 5, labels: [0] });
    expect(a.seed).toBe(5);
    expect(Array.from(a.explanations[0].shapValues)).toEqual(Array.from(b.explanations[0].shapValues));
  });

  it('selects labels: top k by score, explicit indices, all; names from the model', async () => {
    const named: ImageClassifier = { ...regionModel, predict: regionModel.predict, labels: ['region', 'half', 'quarter'] };
    const top2 = await explainImageClassification({ image, model: named, numSamples: 40, seed: 1, labels: 2 });
    expect(top2.explanations.map((e) => [e.label, e.name, e.score])).toEqual([
      [0, 'region', 1],
      [1, 'half', 0.5],
    ]);
    expect(Array.from(top2.scores)).toEqual([1, 0.5, 0.25]);
    const all = await explainImageClassification({ image, model: regionModel, numSamples: 40, seed: 1, labels: 'all' });
    expect(all.explanations.map((e) => e.label)).toEqual([0, 1, 2]);
    // A constant class gets no attribution at all.
    expect(Math.max(...all.explanations[1].shapValues.map(Math.abs))).toBeLessThan(1e-9);
    const explicit = await explainImageClassification({ image, model: regionModel, numSamples: 40, seed: 1, labels: [2] });
    expect(explicit.explanations[0].label).toBe(2);
  });

  it('gives the same explanation for a gray image as for its RGB copy, and reads 16-bit and RGBA', async () => {
    const gray = { width: W, height: H, channels: 1, data: image.data.filter((_, i) => i % 3 === 0) };
    const grayRgb = { width: W, height: H, channels: 3, data: Uint8Array.from(Array.from(gray.data).flatMap((v) => [v, v, v])) };
    const seen: number[] = [];
    const model: ImageClassifier = {
      predict: async (images) => images.map((im) => (seen.push(im.channels), Float32Array.from([im.data[0] / 255, im.data[5000] / 255]))),
    };
    const a = await explainImageClassification({ image: gray, model, numSamples: 40, seed: 2 });
    const b = await explainImageClassification({ image: grayRgb, model, numSamples: 40, seed: 2 });
    expect(Array.from(a.explanations[0].shapValues)).toEqual(Array.from(b.explanations[0].shapValues));
    expect(new Set(seen)).toEqual(new Set([3]));
    const wide = { width: W, height: H, channels: 4, data: Uint16Array.from({ length: W * H * 4 }, (_, i) => (i % 4 === 3 ? 0 : image.data[Math.floor(i / 4) * 3 + (i % 4)] * 257)) };
    const c = await explainImageClassification({ image: wide, model: regionModel, numSamples: 40, seed: 2 });
    const d = await explainImageClassification({ image, model: regionModel, numSamples: 40, seed: 2 });
    expect(Array.from(c.explanations[0].shapValues)).toEqual(Array.from(d.explanations[0].shapValues));
  });
});

describe('explainImageClassification: bad input and bad models', () => {
  const fixed = (scores: number[]): ImageClassifier => ({ predict: async (images) => images.map(() => Float32Array.from(scores)) });

  it('rejects labels out of range with a ValidationError', async () => {
    await expect(explainImageClassification({ image, model: fixed([0.2, 0.8]), labels: [2], seed: 1 })).rejects.toMatchObject({
      name: 'ValidationError',
      field: 'labels[0]',
    });
    await expect(explainImageClassification({ image, model: fixed([0.2, 0.8]), labels: 3, seed: 1 })).rejects.toBeInstanceOf(ValidationError);
    await expect(explainImageClassification({ image, model: fixed([0.2, 0.8]), labels: [-1] })).rejects.toMatchObject({ field: 'labels[0]' });
    const named = { ...fixed([0.2, 0.8]), labels: ['a', 'b'] };
    let calls = 0;
    const counting: ImageClassifier = { labels: ['a', 'b'], predict: async (im) => (calls++, named.predict(im)) };
    await expect(explainImageClassification({ image, model: counting, labels: [5] })).rejects.toBeInstanceOf(ValidationError);
    expect(calls).toBe(0);
  });

  it('rejects bad options before calling the model', async () => {
    let calls = 0;
    const model: ImageClassifier = { predict: async (im) => (calls++, im.map(() => [1])) };
    for (const bad of [{ batchSize: 0 }, { numSamples: 1.5 }, { seed: -1 }, { baseline: { color: [300, 0, 0] } }, { baseline: 'zeros' }, { link: 'probit' }]) {
      await expect(explainImageClassification({ image, model, ...(bad as object) })).rejects.toBeInstanceOf(ValidationError);
    }
    await expect(explainImageClassification({ image: { width: 2, height: 2, channels: 3, data: new Uint8Array(5) }, model })).rejects.toMatchObject({
      field: 'image.data',
    });
    expect(calls).toBe(0);
  });

  it('reports a model returning the wrong shape, NaN or too few classes as a ModelError naming the call and image', async () => {
    let calls = 0;
    // Call 0 scores the input image; masked images 0..15 go in call 1, 16..31 in call 2, 32..47 in call 3.
    const shortOnThirdCall: ImageClassifier = {
      predict: async (images) => {
        const call = calls++;
        return images.map((_, i) => (call === 3 && i === 3 ? [0.5] : [0.5, 0.5]));
      },
    };
    const err = await explainImageClassification({ image, model: shortOnThirdCall, seed: 1, numSamples: 60, batchSize: 16 }).catch((e) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect(err.call).toBe(3);
    expect(err.index).toBe(35);
    expect(err.message).toMatch(/call 3 .*masked image 35/);

    const nan: ImageClassifier = { predict: async (images) => images.map(() => [NaN, 1]) };
    await expect(explainImageClassification({ image, model: nan })).rejects.toThrow(/NaN at class 0 for the input image 0/);
    const wrongCount: ImageClassifier = { predict: async () => [[1, 2]] };
    await expect(explainImageClassification({ image, model: wrongCount, seed: 1, numSamples: 30 })).rejects.toThrow(/call 1 returned 1 score vectors for 32 images/);
    const fewer: ImageClassifier = { labels: ['a', 'b', 'c'], predict: async (images) => images.map(() => [1, 0]) };
    await expect(explainImageClassification({ image, model: fewer })).rejects.toThrow(/returned 2 scores for the input image 0; expected 3/);
    const throwing: ImageClassifier = { predict: async () => { throw new Error('boom'); } };
    await expect(explainImageClassification({ image, model: throwing })).rejects.toMatchObject({ name: 'ModelError', call: 0 });
  });

  it('stops with an AbortError', async () => {
    const controller = new AbortController();
    const model: ImageClassifier = { predict: async (images) => (controller.abort(), images.map(() => [1])) };
    await expect(explainImageClassification({ image, model, signal: controller.signal, seed: 1 })).rejects.toBeInstanceOf(AbortError);
  });
});

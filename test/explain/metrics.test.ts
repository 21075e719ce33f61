import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import type { RgbImage } from '../../src/explain/image/rgb.js';
import { toSegmentMap } from '../../src/explain/image/segments.js';
import { deletionInsertion, orderByValue, pointingGame, randomOrder } from '../../src/explain/metrics.js';
import type { ImageClassifier } from '../../src/explain/model/image-model.js';

// 4x2 image, two segments: left 2x2 (segment 0), right 2x2 (segment 1).
const W = 4;
const H = 2;
const segments = Int32Array.from([0, 0, 1, 1, 0, 0, 1, 1]);

describe('deletion and insertion', () => {
  // Three segments of 1, 2 and 3 pixels; the model scores the fraction of white pixels weighted by segment.
  const labels = Int32Array.from([0, 1, 1, 2, 2, 2]);
  const map = toSegmentMap({ labels, width: 6, height: 1 });
  const image: RgbImage = { width: 6, height: 1, channels: 3, data: new Uint8Array(18).fill(255) };
  const baseline: RgbImage = { width: 6, height: 1, channels: 3, data: new Uint8Array(18) };
  const weights = [0.5, 0.1, 0.05]; // per pixel: segment totals 0.5, 0.2, 0.15
  const model: ImageClassifier = {
    predict: async (images) =>
      images.map((im) => Float32Array.from([Array.from(labels).reduce((s, j, p) => s + (im.data[p * 3] === 255 ? weights[j] : 0), 0)])),
  };

  it('tracks the score as segments are removed or added in order, with trapezoidal AUC', async () => {
    const result = await deletionInsertion({ image, baseline, segments: map, order: [0, 1, 2], model, label: 0, batchSize: 3 });
    const del = [0.85, 0.35, 0.15, 0];
    const ins = [0, 0.5, 0.7, 0.85];
    del.forEach((v, k) => expect(result.deletion.scores[k]).toBeCloseTo(v, 6));
    ins.forEach((v, k) => expect(result.insertion.scores[k]).toBeCloseTo(v, 6));
    const trapezoid = (ys: number[]) => ys.slice(1).reduce((s, y, k) => s + (ys[k] + y) / 2, 0) / (ys.length - 1);
    expect(result.deletion.auc).toBeCloseTo(trapezoid(del), 6);
    expect(result.insertion.auc).toBeCloseTo(trapezoid(ins), 6);
    const reversed = await deletionInsertion({ image, baseline, segments: map, order: [2, 1, 0], model, label: 0 });
    expect(reversed.deletion.auc).toBeGreaterThan(result.deletion.auc);
    expect(reversed.insertion.auc).toBeLessThan(result.insertion.auc);
  });

  it('rejects an order that is not a permutation, and a label beyond the scores', async () => {
    await expect(deletionInsertion({ image, baseline, segments: map, order: [0, 0, 1], model, label: 0 })).rejects.toMatchObject({ field: 'order[1]' });
    await expect(deletionInsertion({ image, baseline, segments: map, order: [0, 1, 2], model, label: 3 })).rejects.toMatchObject({ field: 'label' });
  });

  it('orders by decreasing φ and draws seeded permutations', () => {
    expect(Array.from(orderByValue([0.1, 0.5, -1, 0.5]))).toEqual([1, 3, 0, 2]);
    const a = randomOrder(10, 3);
    expect(Array.from(a).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(randomOrder(10, 3))).toEqual(Array.from(a));
    expect(Array.from(randomOrder(10, 4))).not.toEqual(Array.from(a));
  });
});

describe('pointingGame', () => {
  it('hits when enough of the top segment lies in the mask or box', () => {
    // Top segment is 1 (right half).
    const mask = { mask: [0, 0, 1, 1, 0, 0, 1, 0] };
    expect(pointingGame({ segments, width: W, height: H, shapValues: [0.1, 0.9], target: mask })).toEqual({ hit: true, segment: 1, overlap: 0.75 });
    expect(pointingGame({ segments, width: W, height: H, shapValues: [0.1, 0.9], target: mask, minOverlap: 0.8 }).hit).toBe(false);
    expect(pointingGame({ segments, width: W, height: H, shapValues: [0.9, 0.1], target: mask })).toEqual({ hit: false, segment: 0, overlap: 0 });
    expect(pointingGame({ segments, width: W, height: H, shapValues: [0.1, 0.9], target: { box: [0.5, 0, 1, 1] } }).overlap).toBe(1);
    expect(() => pointingGame({ segments, width: W, height: H, shapValues: [1, 0], target: { mask: [1, 2, 3] } })).toThrow(ValidationError);
  });
});

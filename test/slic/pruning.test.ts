/**
 * The triangle-inequality bounds in the k-means rounds must never change a label:
 * compare against the plain exhaustive scan (scikit-image's loop structure) on random
 * images and options, including flat blocks where exact ties are common. This check
 * needs no Python, so it runs everywhere.
 */
import { describe, expect, it } from 'vitest';
import { regularGrid } from '../../src/explain/grid.js';
import { computeSlicFeatures } from '../../src/explain/slic-features.js';
import { slicKMeans, type SlicKMeansInput } from '../../src/explain/slic-kmeans.js';
import { resolveSlicOptions } from '../../src/explain/slic-options.js';
import { makeCases } from '../helpers/slic-random-cases.js';

function kmeansInput(c: ReturnType<typeof makeCases>[number]): SlicKMeansInput {
  const o = resolveSlicOptions(c.image, c.options);
  const { features } = computeSlicFeatures(c.image, o);
  for (let i = 0; i < features.length; i++) features[i] = features[i] * (1 / o.compactness);
  const { width, height, channels } = c.image;
  const [, gy, gx] = regularGrid([1, height, width], o.nSegments);
  const ys: number[] = [];
  const xs: number[] = [];
  for (let y = gy.start; y < height; y += gy.step) for (let x = gx.start; x < width; x += gx.step) ys.push(y), xs.push(x);
  const [, wy, wx] = regularGrid([1, height, width], ys.length);
  return {
    features, width, height, channels,
    seedY: Float64Array.from(ys), seedX: Float64Array.from(xs),
    windowY: wy.step, windowX: wx.step, step: Math.max(1, gy.step, gx.step),
    spacing: o.spacing, maxNumIter: o.maxNumIter, slicZero: o.slicZero, startLabel: o.startLabel,
  };
}

describe('SLIC k-means pruning', () => {
  it('gives the same labels as the exhaustive scan on 60 random cases', () => {
    const seed = 20261128;
    const failures = makeCases(seed, 60)
      .filter((c) => !c.options.slicZero)
      .filter((c) => {
        const input = kmeansInput(c);
        const pruned = slicKMeans(input);
        const plain = slicKMeans({ ...input, pruning: false });
        return pruned.some((v, i) => v !== plain[i]);
      })
      .map((c) => c.description);
    expect(failures).toEqual([]);
  });
});

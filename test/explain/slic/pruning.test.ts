/**
 * The restructured k-means (tile bounds, dropped candidates, early exits) must never
 * change a label: compare it against a literal transcription of scikit-image's loop
 * on random images and options, including flat blocks where exact ties are common,
 * and SLICO. This check needs no Python, so it runs everywhere.
 */
import { describe, expect, it } from 'vitest';
import { regularGrid } from '../../../src/explain/slic/grid.js';
import { computeSlicFeatures } from '../../../src/explain/slic/slic-features.js';
import { slicKMeans, type SlicKMeansInput } from '../../../src/explain/slic/slic-kmeans.js';
import { resolveSlicOptions } from '../../../src/explain/slic/slic-options.js';
import { makeCases } from '../../helpers/slic-random-cases.js';
import { referenceSlicKMeans } from '../../helpers/slic-reference-kmeans.js';

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

// The reference loop is a literal port of scikit-image's: seconds per test.
describe('SLIC k-means pruning', { timeout: 60_000 }, () => {
  const cases = makeCases(20261128, 80);

  it('gives the labels of scikit-image\'s loop on 80 random cases', () => {
    expect(cases).toHaveLength(80);
    const failures = cases
      .filter((c) => {
        const input = kmeansInput(c);
        const reference = referenceSlicKMeans(input);
        return slicKMeans(input).some((v, i) => v !== reference[i]);
      })
      .map((c) => c.description);
    expect(failures).toEqual([]);
  });

  it('leaves pixels outside every window unassigned next to blocks with many candidates', () => {
    // Seeds packed in one corner with small windows: the first block holds many
    // candidates, the blocks beside it only parts of one or two windows, and most
    // pixels lie in no window at all (scikit-image leaves them at startLabel - 1).
    const width = 96, height = 80, channels = 3;
    let state = 12345;
    const random = () => ((state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const features = Float64Array.from({ length: width * height * channels }, () => random() * 20);
    const seedY = Float64Array.from([3, 3, 3, 9, 9, 9, 15, 15, 15]);
    const seedX = Float64Array.from([3, 9, 15, 3, 9, 15, 3, 9, 15]);
    for (const startLabel of [0, 1]) {
      const input: SlicKMeansInput = {
        features, width, height, channels, seedY, seedX, windowY: 3, windowX: 3, step: 6,
        spacing: [1, 1, 1], maxNumIter: 5, slicZero: false, startLabel,
      };
      const reference = referenceSlicKMeans(input);
      const labels = slicKMeans(input);
      expect(reference.includes(startLabel - 1)).toBe(true);
      expect(Array.from(labels)).toEqual(Array.from(reference));
    }
  });

  it('gives the reference labels with superpixels of a few pixels (blocks with over 64 candidates)', () => {
    let state = 99;
    const random = () => ((state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const data = Uint8Array.from({ length: 64 * 48 * 3 }, () => Math.floor(random() * 256));
    const input = kmeansInput({
      image: { width: 64, height: 48, channels: 3, data },
      options: { nSegments: 1000, compactness: 5 },
      kwargs: { n_segments: 1000, compactness: 5 },
      description: '64x48 noise, 1000 segments',
    });
    expect(input.seedY.length).toBeGreaterThan(500);
    expect(Array.from(slicKMeans(input))).toEqual(Array.from(referenceSlicKMeans(input)));
  });

  it('gives the reference labels with more than 4096 centres (beyond the scan\'s slot table and one update pass)', () => {
    // 80 × 65 seeds 6 pixels apart reaching ±12 pixels: blocks keep few enough
    // candidates for the visit-list scan, and centres from 4096 on take its fallback
    // (no slot) and the update's second pass.
    const width = 480, height = 390, channels = 3;
    let state = 4242;
    const random = () => ((state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32);
    // Patches of colour with noise, so that segments follow them and move between rounds.
    const patch = Array.from({ length: 40 * 33 * 3 }, () => random() * 40);
    const features = new Float64Array(width * height * channels);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const q = (Math.floor(y / 12) * 40 + Math.floor(x / 12)) * 3;
        for (let c = 0; c < 3; c++) features[(y * width + x) * 3 + c] = patch[q + c] + random() * 4;
      }
    }
    const ys: number[] = [], xs: number[] = [];
    for (let y = 3; y < height; y += 6) for (let x = 3; x < width; x += 6) ys.push(y), xs.push(x);
    expect(ys.length).toBeGreaterThan(4096 + 1000);
    for (const startLabel of [0, 1]) {
      const input: SlicKMeansInput = {
        features, width, height, channels, seedY: Float64Array.from(ys), seedX: Float64Array.from(xs),
        windowY: 6, windowX: 6, step: 6, spacing: [1, 1, 1], maxNumIter: 4, slicZero: false, startLabel,
      };
      const labels = slicKMeans(input);
      expect(labels.some((l) => l - startLabel >= 4096)).toBe(true);
      expect(Array.from(labels)).toEqual(Array.from(referenceSlicKMeans(input)));
    }
  });

  it('covers SLICO, grayscale and several channel counts among the cases', () => {
    expect(cases.some((c) => c.options.slicZero)).toBe(true);
    expect(cases.some((c) => c.image.channels === 1)).toBe(true);
    expect(cases.some((c) => c.image.channels === 3)).toBe(true);
  });
});

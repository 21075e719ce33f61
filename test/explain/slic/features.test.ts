/**
 * The fused pass that turns 8- and 16-bit RGB into scaled Lab features (a table of
 * gamma-expanded values, copies for repeated pixels, a colour cache for 8-bit) must
 * give the same bits as the staged path (rescale, gamma, Lab, then scaling), whose
 * stages the live parity test compares with scikit-image's.
 */
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src/explain/numeric/random.js';
import type { PixelArray, RasterImage } from '../../../src/explain/image/raster.js';
import { computeSlicFeatures } from '../../../src/explain/slic/slic-features.js';

const lab = { lab: true, sigma: [0, 0, 0] as [number, number, number] };

/**
 * An image drawn from a palette of `colours` colours (black and white among them), in
 * runs of 1–4 equal pixels: many repeats, and far more colours than fit the cache
 * without collisions.
 */
function paletteImage(seed: number, width: number, height: number, colours: number, max: number): RasterImage {
  const r = new SeededRandom(seed);
  const palette = [
    [0, 0, 0],
    [max, max, max],
    ...Array.from({ length: colours - 2 }, () => [r.nextBelow(max + 1), r.nextBelow(max + 1), r.nextBelow(max + 1)]),
  ];
  const data: PixelArray = max > 255 ? new Uint16Array(width * height * 3) : new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; ) {
    const colour = palette[r.nextBelow(palette.length)];
    for (let run = 1 + r.nextBelow(4); run > 0 && p < width * height; run--, p++) data.set(colour, 3 * p);
  }
  return { width, height, channels: 3, data };
}

/** The index of the first element whose bits differ, or -1. */
function firstDifference(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

describe('SLIC features: the fused integer pass equals the staged conversion bit for bit', () => {
  it.each([
    ['8-bit, 3,000 colours (cache collisions)', paletteImage(1, 301, 217, 3000, 255)],
    ['8-bit, 40,000 colours (more colours than cache slots)', paletteImage(2, 320, 240, 40000, 255)],
    ['8-bit, black and white only', paletteImage(3, 64, 48, 2, 255)],
    ['16-bit, 3,000 colours', paletteImage(4, 160, 120, 3000, 65535)],
  ])('%s', (_name, image) => {
    for (const scale of [1, 0.2, 1 / 3]) {
      const fused = computeSlicFeatures(image, lab, false, scale).features;
      const staged = computeSlicFeatures(image, lab, true, scale).features;
      expect({ scale, firstDifference: firstDifference(fused, staged) }).toEqual({ scale, firstDifference: -1 });
    }
  });
});

import { describe, expect, it } from 'vitest';
import { buildBaseline, whiteNoise } from '../../../src/explain/image/baseline.js';
import { MaskedBatch } from '../../../src/explain/image/masking.js';
import { resizeBilinear } from '../../../src/explain/image/resize.js';
import { type RgbImage, toRgb8 } from '../../../src/explain/image/rgb.js';
import { toSegmentMap } from '../../../src/explain/image/segments.js';
import { SeededRandom } from '../../../src/explain/numeric/random.js';
import { ValidationError } from '../../../src/errors.js';

/** A random image and a random label image with non-consecutive SLIC-like labels. */
function fixture(width = 37, height = 23, seed = 1) {
  const random = new SeededRandom(seed);
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = random.nextBelow(256);
  const labels = new Int32Array(width * height);
  // Blocks with labels 1, 3, 5, ... plus scattered pixels, so segments have several runs per row.
  for (let p = 0; p < labels.length; p++) {
    const x = p % width;
    const y = Math.floor(p / width);
    labels[p] = random.nextBelow(10) === 0 ? 9 : 1 + 2 * (Math.floor(x / 10) + 4 * Math.floor(y / 8));
  }
  const image: RgbImage = { width, height, channels: 3, data };
  return { image, labels, width, height };
}

describe('toSegmentMap', () => {
  it('numbers segments densely in label order and covers every pixel exactly once with runs', () => {
    const { labels, width, height } = fixture();
    const map = toSegmentMap({ labels, width, height });
    const distinct = [...new Set(labels)].sort((a, b) => a - b);
    expect(Array.from(map.sourceLabels)).toEqual(distinct);
    for (let p = 0; p < labels.length; p++) expect(map.sourceLabels[map.labels[p]]).toBe(labels[p]);
    const covered = new Int32Array(labels.length).fill(-1);
    for (let j = 0; j < map.numSegments; j++) {
      let size = 0;
      for (let r = map.runStarts[j]; r < map.runStarts[j + 1]; r++) {
        for (let k = 0; k < map.runs[2 * r + 1]; k++) {
          const p = map.runs[2 * r] + k;
          expect(covered[p]).toBe(-1);
          covered[p] = j;
          size++;
        }
      }
      expect(size).toBe(map.sizes[j]);
    }
    expect(Array.from(covered)).toEqual(Array.from(map.labels));
  });
});

describe('MaskedBatch', () => {
  it('renders exactly the per-pixel reference for random masks, reusing its buffers', () => {
    const { image, labels, width, height } = fixture();
    const segments = toSegmentMap({ labels, width, height });
    const baseline = buildBaseline(image, 'noise', segments, 5);
    const batch = new MaskedBatch(image, baseline, segments, 4);
    const random = new SeededRandom(9);
    let buffer: ArrayBufferLike | undefined;
    for (let round = 0; round < 5; round++) {
      const masks = Array.from({ length: 1 + (round % 4) }, () =>
        Uint8Array.from({ length: segments.numSegments }, () => random.nextBelow(2)),
      );
      const out = batch.render(masks);
      expect(out).toHaveLength(masks.length);
      buffer ??= out[0].data.buffer;
      expect(out[0].data.buffer).toBe(buffer);
      masks.forEach((mask, i) => {
        const expected = new Uint8Array(width * height * 3);
        for (let p = 0; p < width * height; p++) {
          const from = mask[segments.labels[p]] ? image.data : baseline.data;
          for (let c = 0; c < 3; c++) expected[p * 3 + c] = from[p * 3 + c];
        }
        expect(Buffer.from(out[i].data).equals(Buffer.from(expected))).toBe(true);
      });
    }
  });

  it('refuses more masks than it holds', () => {
    const { image, labels, width, height } = fixture();
    const segments = toSegmentMap({ labels, width, height });
    const batch = new MaskedBatch(image, image, segments, 2);
    const mask = new Uint8Array(segments.numSegments);
    expect(() => batch.render([mask, mask, mask])).toThrow(RangeError);
  });
});

describe('baselines', () => {
  const { image, labels, width, height } = fixture();
  const segments = toSegmentMap({ labels, width, height });

  it('noise is seeded: same seed same bytes, other seed other bytes, roughly uniform', () => {
    const a = buildBaseline(image, 'noise', segments, 42).data;
    expect(Buffer.from(buildBaseline(image, 'noise', segments, 42).data).equals(Buffer.from(a))).toBe(true);
    expect(Buffer.from(buildBaseline(image, 'noise', segments, 43).data).equals(Buffer.from(a))).toBe(false);
    const big = whiteNoise(256 * 400, 7);
    const counts = new Int32Array(256);
    big.forEach((v) => counts[v]++);
    // 400 expected per value; a chi-square over 255 degrees of freedom stays far below 400.
    const chi2 = Array.from(counts).reduce((s, c) => s + (c - 400) ** 2 / 400, 0);
    expect(chi2).toBeLessThan(400);
    // The documented byte order: four bytes per 32-bit output, low byte first.
    const word = new SeededRandom(7).nextUint32();
    expect(Array.from(big.subarray(0, 4))).toEqual([word & 255, (word >>> 8) & 255, (word >>> 16) & 255, word >>> 24]);
  });

  it('mean gives each segment its rounded mean colour', () => {
    const base = buildBaseline(image, 'mean', segments, 0).data;
    for (let j = 0; j < segments.numSegments; j++) {
      const sums = [0, 0, 0];
      let n = 0;
      for (let p = 0; p < labels.length; p++) {
        if (segments.labels[p] !== j) continue;
        n++;
        for (let c = 0; c < 3; c++) sums[c] += image.data[p * 3 + c];
      }
      for (let p = 0; p < labels.length; p++) {
        if (segments.labels[p] !== j) continue;
        for (let c = 0; c < 3; c++) expect(base[p * 3 + c]).toBe(Math.round(sums[c] / n));
      }
    }
  });

  it('a constant colour fills every pixel; a bad colour is a ValidationError', () => {
    const base = buildBaseline(image, { color: [1, 2, 3] }, segments, 0).data;
    for (let p = 0; p < labels.length; p++) expect([base[p * 3], base[p * 3 + 1], base[p * 3 + 2]]).toEqual([1, 2, 3]);
  });

  it('blur keeps a constant image constant and smooths noise', () => {
    const flat: RgbImage = { width, height, channels: 3, data: new Uint8Array(width * height * 3).fill(77) };
    expect(buildBaseline(flat, 'blur', segments, 0).data.every((v) => v === 77)).toBe(true);
    const blurred = buildBaseline(image, { blur: 3 }, segments, 0).data;
    const variance = (d: Uint8Array) => {
      const m = d.reduce((s, v) => s + v, 0) / d.length;
      return d.reduce((s, v) => s + (v - m) ** 2, 0) / d.length;
    };
    expect(variance(blurred)).toBeLessThan(variance(image.data) / 10);
  });

  it('an image baseline is resized to the input (bilinear on pixel centres)', () => {
    // A 2x1 image [0, 200] stretched to 4x1: centres at −0.25, 0.25, 0.75, 1.25 → 0, 50, 150, 200.
    const small: RgbImage = { width: 2, height: 1, channels: 3, data: Uint8Array.from([0, 0, 0, 200, 200, 200]) };
    const wide = resizeBilinear(small, 4, 1);
    expect(Array.from(wide.data.filter((_, i) => i % 3 === 0))).toEqual([0, 50, 150, 200]);
    const base = buildBaseline(image, { image: { width: 1, height: 1, channels: 1, data: Uint8Array.from([9]) } }, segments, 0);
    expect(base.width).toBe(width);
    expect(base.data.every((v) => v === 9)).toBe(true);
  });
});

describe('toRgb8', () => {
  it('repeats gray, drops alpha, maps 16-bit and float to 8-bit', () => {
    expect(Array.from(toRgb8({ width: 1, height: 1, channels: 1, data: Uint8Array.from([7]) }).data)).toEqual([7, 7, 7]);
    expect(Array.from(toRgb8({ width: 1, height: 1, channels: 2, data: Uint8Array.from([7, 0]) }).data)).toEqual([7, 7, 7]);
    expect(Array.from(toRgb8({ width: 1, height: 1, channels: 4, data: Uint8Array.from([1, 2, 3, 0]) }).data)).toEqual([1, 2, 3]);
    expect(Array.from(toRgb8({ width: 1, height: 1, channels: 3, data: Uint16Array.from([65535, 257, 128]) }).data)).toEqual([255, 1, 0]);
    expect(Array.from(toRgb8({ width: 1, height: 1, channels: 3, data: Float32Array.from([1, 0.5, -1]) }).data)).toEqual([255, 128, 0]);
  });

  it('rejects more than 4 channels', () => {
    expect(() => toRgb8({ width: 1, height: 1, channels: 5, data: new Uint8Array(5) })).toThrow(ValidationError);
  });
});

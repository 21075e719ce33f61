/**
 * `fadeUncertain` of renderHeatmap (issue 30, item 6): a segment whose 95% interval
 * φ ± 1.96·se contains 0 is drawn at a quarter of its overlay opacity; a segment with a
 * clear effect, an exact φ (se = 0) and every heat map drawn without the option are drawn
 * as before (pinned against the renderer of before the option).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UNCERTAIN_OPACITY, heatmapColor, isUncertain, renderHeatmap } from '../../src/explain/image/heatmap.js';

const width = 40;
const height = 20;
/** Four segments, ten columns each, over a patterned image. */
const image = { width, height, channels: 3 as const, data: new Uint8Array(width * height * 3).map((_, i) => (i * 37) % 256) };
const segments = new Int32Array(width * height).map((_, p) => Math.floor((p % width) / 10));
const shapValues = [0.4, -0.05, 0.3, -0.2];
const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Drawn by heatmap.ts before `fadeUncertain` existed (the same inputs, `git show 5696a16:src/explain/image/heatmap.ts`). */
const BEFORE: [Record<string, unknown>, string][] = [
  [{}, '1825637e9c02c1edcd8cfaecaf770dcdab3453d157d050366074647c4820eeae'],
  [{ segmentNumbers: true }, '875e4691d69209341ab6f920f2ac7393b4af6467d56df4648be468f6ad7909b8'],
  [{ scale: 0.5 }, '5178180b7eee39ce1a3172cd91bb64248f0b209161a57863a9a2a9ce3b2fdfcc'],
];

/** The RGB of the pixel at column x, row y. */
const pixel = (data: Uint8Array, x: number, y: number) => [...data.subarray((y * width + x) * 4, (y * width + x) * 4 + 3)];

describe('renderHeatmap with fadeUncertain', () => {
  it('draws as before without the option, with it off, and without standard errors', () => {
    for (const [options, hash] of BEFORE) {
      expect(sha(renderHeatmap({ image, segments, shapValues, ...options }).data)).toBe(hash);
      expect(sha(renderHeatmap({ image, segments, shapValues, ...options, fadeUncertain: false, standardErrors: [1, 1, 1, 1] }).data)).toBe(hash);
      expect(sha(renderHeatmap({ image, segments, shapValues, ...options, fadeUncertain: true }).data)).toBe(hash);
      // Exact values (se = 0) are never faded.
      expect(sha(renderHeatmap({ image, segments, shapValues, ...options, fadeUncertain: true, standardErrors: [0, 0, 0, 0] }).data)).toBe(hash);
      // Every interval clear of 0: nothing faded.
      expect(sha(renderHeatmap({ image, segments, shapValues, ...options, fadeUncertain: true, standardErrors: shapValues.map((v) => Math.abs(v) / 4) }).data)).toBe(hash);
    }
  });

  it('fades a segment with |φ| < 1.96·se and leaves the one with a clear effect as it was', () => {
    // Segment 2: φ = 0.3, se = 0.2 (interval −0.092 … 0.692 holds 0); segment 1 too. Segment 0: φ = 0.4, se = 0.01.
    const standardErrors = [0.01, 0.03, 0.2, 0.05];
    expect(standardErrors.map((se, j) => isUncertain(shapValues[j], se))).toEqual([false, true, true, false]);
    const plain = renderHeatmap({ image, segments, shapValues, boundaryColor: null });
    const faded = renderHeatmap({ image, segments, shapValues, boundaryColor: null, fadeUncertain: true, standardErrors });
    const gray = renderHeatmap({ image, segments, shapValues: [0, 0, 0, 0], boundaryColor: null });
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const j = segments[y * width + x];
        if (j === 0 || j === 3) expect(pixel(faded.data, x, y)).toEqual(pixel(plain.data, x, y));
        if (j !== 2) continue;
        // Blue φ > 0: the faded pixel keeps a quarter of the overlay, so it is nearer the gray image.
        const [g, f, p] = [pixel(gray.data, x, y), pixel(faded.data, x, y), pixel(plain.data, x, y)];
        const overlay = p[2] - g[2];
        expect(overlay).toBeGreaterThan(10);
        expect(Math.abs(f[2] - g[2] - overlay * UNCERTAIN_OPACITY)).toBeLessThanOrEqual(1);
      }
    }
    // Over a mid-gray image, the faded colour is the colour bar's at a quarter of the opacity.
    const flat = { width, height, channels: 3 as const, data: new Uint8Array(width * height * 3).fill(128) };
    const out = renderHeatmap({ image: flat, segments, shapValues, scale: 0.4, boundaryColor: null, fadeUncertain: true, standardErrors });
    expect(pixel(out.data, 25, 5)).toEqual([...heatmapColor(0.3 / 0.4, { opacity: 0.7 * UNCERTAIN_OPACITY })]);
    expect(pixel(out.data, 5, 5)).toEqual([...heatmapColor(1)]);
    expect(pixel(out.data, 35, 5)).toEqual([...heatmapColor(-0.2 / 0.4)]);
  });

  it('marks the interval as the report does: |φ| ≤ 1.96·se, se > 0', () => {
    expect(isUncertain(0.196, 0.1)).toBe(true);
    expect(isUncertain(-0.197, 0.1)).toBe(false);
    expect(isUncertain(0, 0)).toBe(false);
    expect(isUncertain(0.1, undefined)).toBe(false);
  });

  it('refuses standard errors that are not one finite number ≥ 0 per value', () => {
    expect(() => renderHeatmap({ image, segments, shapValues, fadeUncertain: true, standardErrors: [0.1, 0.1] })).toThrow(/standardErrors/);
    expect(() => renderHeatmap({ image, segments, shapValues, fadeUncertain: true, standardErrors: [0.1, -1, 0.1, 0.1] })).toThrow(/standardErrors/);
    expect(() => renderHeatmap({ image, segments, shapValues, fadeUncertain: true, standardErrors: [0.1, NaN, 0.1, 0.1] })).toThrow(/standardErrors/);
  });
});

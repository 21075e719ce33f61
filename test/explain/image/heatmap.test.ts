import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors.js';
import { renderHeatmap, resolveScale } from '../../../src/explain/image/heatmap.js';
import type { RgbImage } from '../../../src/explain/image/rgb.js';

// 4x2 image, two segments: left 2x2 (segment 0), right 2x2 (segment 1).
const W = 4;
const H = 2;
const segments = Int32Array.from([0, 0, 1, 1, 0, 0, 1, 1]);
const gray = (v: number): RgbImage => ({ width: W, height: H, channels: 3, data: new Uint8Array(W * H * 3).fill(v) });

describe('renderHeatmap', () => {
  it('blends blue for positive and red for negative over faded gray, scaled by max |φ|', () => {
    const out = renderHeatmap({ image: gray(100), segments, shapValues: [2, -1], boundaryColor: null });
    expect(out.channels).toBe(4);
    const faded = 100 + 0.4 * 155; // fade 0.4 towards white
    const px = (p: number) => Array.from(out.data.subarray(p * 4, p * 4 + 4));
    // Segment 0: φ = max → opacity 0.7 of pure blue.
    expect(px(0)).toEqual([Math.round(faded * 0.3), Math.round(faded * 0.3), Math.round(faded * 0.3 + 255 * 0.7), 255]);
    // Segment 1: φ = −max/2 → opacity 0.35 of pure red.
    expect(px(3)).toEqual([Math.round(faded * 0.65 + 255 * 0.35), Math.round(faded * 0.65), Math.round(faded * 0.65), 255]);
  });

  it('draws boundaries where the right or lower neighbour differs', () => {
    const out = renderHeatmap({ image: gray(0), segments, shapValues: [0, 0], boundaryColor: [1, 2, 3] });
    const isBoundary = Array.from({ length: W * H }, (_, p) => out.data[p * 4] === 1 && out.data[p * 4 + 1] === 2);
    expect(isBoundary).toEqual([false, true, false, false, false, true, false, false]);
  });

  it('a zero explanation leaves the faded gray; a fixed or percentile scale saturates', () => {
    const out = renderHeatmap({ image: gray(50), segments, shapValues: [0, 0], boundaryColor: null, fade: 0 });
    expect(Array.from(out.data.subarray(0, 4))).toEqual([50, 50, 50, 255]);
    const sat = renderHeatmap({ image: gray(0), segments, shapValues: [5, 1], scale: 1, boundaryColor: null, opacity: 1, fade: 0 });
    expect(Array.from(sat.data.subarray(0, 4))).toEqual([0, 0, 255, 255]);
    expect(Array.from(sat.data.subarray(12, 16))).toEqual([0, 0, 255, 255]);
  });

  it('percentile scale interpolates like numpy.percentile', () => {
    // numpy.percentile([1, 2, 3, 4], 50) = 2.5; 90 → 3.7
    expect(resolveScale({ percentile: 50 }, [-4, 1, 3, -2])).toBeCloseTo(2.5, 12);
    expect(resolveScale({ percentile: 90 }, [-4, 1, 3, -2])).toBeCloseTo(3.7, 12);
    expect(resolveScale('max-abs', [-4, 1, 3, -2])).toBe(4);
  });

  it('rejects φ shorter than the segments and bad scales', () => {
    expect(() => renderHeatmap({ image: gray(0), segments, shapValues: [1] })).toThrow(ValidationError);
    expect(() => renderHeatmap({ image: gray(0), segments, shapValues: [1, 2], scale: -1 })).toThrow(ValidationError);
    expect(() => renderHeatmap({ image: gray(0), segments, shapValues: [1, 2], scale: { percentile: 101 } })).toThrow(ValidationError);
  });
});

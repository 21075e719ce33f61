/** FT on hand-computed examples: k = 1 with at most 9 advantaged rows, k = 5 above. */
import { describe, expect, it } from 'vitest';
import { flipTest, flipTestNeighbours } from '../../src/bias/flip-test.js';
import { MetricFailure } from '../../src/bias/metrics.js';

/** One feature per row; `side` 1 = disadvantaged. */
function input(x: number[], side: number[], predicted: number[]) {
  return {
    features: Float64Array.from(x),
    rows: x.length,
    stride: 1,
    dims: [0],
    sensitive: (r: number) => side[r] === 1,
    predicted: Uint8Array.from(predicted),
  };
}

describe('FT', () => {
  it('k is 5 above 9 advantaged rows, else 1', () => {
    expect(flipTestNeighbours(9)).toBe(1);
    expect(flipTestNeighbours(10)).toBe(5);
  });

  it('k = 1: (flips up − flips down) / n_d', () => {
    // Advantaged at 0 (pred 0) and 10 (pred 1). Disadvantaged at 1, 9, 2, all predicted 1:
    // their nearest advantaged rows say 0, 1, 0 → two flips up (model 1, k-NN 0), none down.
    expect(flipTest(input([0, 10, 1, 9, 2], [0, 0, 1, 1, 1], [0, 1, 1, 1, 1]))).toBeCloseTo(2 / 3, 15);
    // The same rows predicted 0: one flip down (the row at 9), none up.
    expect(flipTest(input([0, 10, 1, 9, 2], [0, 0, 1, 1, 1], [0, 1, 0, 0, 0]))).toBeCloseTo(-1 / 3, 15);
  });

  it('k = 5: a majority of the five nearest advantaged rows', () => {
    // Advantaged at 0..9 predicted [1,1,1,0,0,0,0,0,0,0] and 100 predicted 1 (11 rows → k = 5).
    // Disadvantaged at 1 (nearest 0,1,2,3,4 → 3 of 5 positive → 1) predicted 0: a flip down.
    // Disadvantaged at 8 (nearest 5..9 → 0) predicted 1: a flip up. FT = (1 − 1) / 2.
    const x = [...Array.from({ length: 10 }, (_, i) => i), 100, 1, 8];
    const side = [...Array.from({ length: 11 }, () => 0), 1, 1];
    const predicted = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1];
    expect(flipTest(input(x, side, predicted))).toBe(0);
    // Predicted 1 at 1 instead: no flip there; FT = 1/2.
    expect(flipTest(input(x, side, [...predicted.slice(0, 11), 1, 1]))).toBe(0.5);
  });

  it('uses Euclidean distance over every kept feature, unscaled', () => {
    // Two features; the second dominates (unscaled): the disadvantaged row (0, 50) is nearest (5, 50).
    const features = Float64Array.of(0, 0, 5, 50, 0, 50);
    const result = flipTest({ features, rows: 3, stride: 2, dims: [0, 1], sensitive: (r) => r === 2, predicted: Uint8Array.of(0, 1, 0) });
    expect(result).toBe(-1); // k-NN says 1, the model 0: one flip down over one row
    // Without the second feature the nearest is (0, ·): no flip.
    expect(flipTest({ features, rows: 3, stride: 2, dims: [0], sensitive: (r) => r === 2, predicted: Uint8Array.of(0, 1, 0) })).toBe(0);
  });

  it('reports empty sides, no feature and infinite features as scikit-learn and smclarify do', () => {
    const message = (f: () => unknown): string => {
      try {
        f();
      } catch (err) {
        expect(err).toBeInstanceOf(MetricFailure);
        return (err as Error).message;
      }
      return 'no error';
    };
    expect(message(() => flipTest(input([1, 2], [0, 0], [0, 1])))).toBe('Facet set is empty');
    expect(message(() => flipTest(input([1, 2], [1, 1], [0, 1])))).toBe('Negated Facet set is empty');
    expect(message(() => flipTest({ ...input([1, 2], [0, 1], [0, 1]), dims: [] }))).toMatch(/0 feature\(s\)/);
    expect(message(() => flipTest(input([Infinity, 2], [0, 1], [0, 1])))).toMatch(/infinity/);
  });
});

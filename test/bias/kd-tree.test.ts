/**
 * The k-d tree's neighbours equal a brute-force scan sorted by (squared distance, index),
 * ties included (duplicate points and integer grids), for k = 1..7 in 1 to 6 dimensions.
 */
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/explain/numeric/random.js';
import { KdTree } from '../../src/bias/kd-tree.js';

function bruteForce(points: Float64Array, n: number, d: number, q: Float64Array, k: number): number[] {
  const order = Array.from({ length: n }, (_, i) => {
    let dist = 0;
    for (let j = 0; j < d; j++) dist += (points[i * d + j]! - q[j]!) ** 2;
    return { i, dist };
  });
  order.sort((a, b) => a.dist - b.dist || a.i - b.i);
  return order.slice(0, k).map((o) => o.i);
}

function check(points: Float64Array, n: number, d: number, queries: Float64Array[], k: number): void {
  const tree = new KdTree(points, n, d);
  const index = new Int32Array(k);
  const dist = new Float64Array(k);
  for (const q of queries) {
    const found = tree.nearest(q, 0, k, index, dist);
    expect(found).toBe(Math.min(k, n));
    expect(Array.from(index.subarray(0, found))).toEqual(bruteForce(points, n, d, q, k));
  }
}

describe('KdTree', () => {
  it('finds the k nearest of random points exactly', () => {
    const r = new SeededRandom(7);
    for (const [n, d] of [
      [1, 1],
      [5, 2],
      [100, 3],
      [1000, 5],
      [3000, 2],
    ] as const) {
      const points = Float64Array.from({ length: n * d }, () => r.nextFloat() * 100);
      const queries = Array.from({ length: 60 }, () => Float64Array.from({ length: d }, () => r.nextFloat() * 110 - 5));
      for (const k of [1, 3, 5, 7]) check(points, n, d, queries, k);
    }
  });

  it('breaks distance ties by the lower index (duplicates and integer grids)', () => {
    const r = new SeededRandom(11);
    const n = 2000;
    const d = 2;
    const points = Float64Array.from({ length: n * d }, () => r.nextBelow(6));
    const queries = Array.from({ length: 200 }, () => Float64Array.from({ length: d }, () => r.nextBelow(7) - 0.5 * r.nextBelow(2)));
    for (const k of [1, 5, 6]) check(points, n, d, queries, k);
    const same = new Float64Array(500 * 3).fill(1);
    check(same, 500, 3, [Float64Array.of(1, 1, 1), Float64Array.of(0, 0, 0)], 5);
  });

  it('returns fewer neighbours than k when the tree has fewer points', () => {
    const tree = new KdTree(Float64Array.of(0, 1, 2), 3, 1);
    const index = new Int32Array(5);
    expect(tree.nearest(Float64Array.of(1.4), 0, 5, index, new Float64Array(5))).toBe(3);
    expect(Array.from(index.subarray(0, 3))).toEqual([1, 2, 0]);
  });
});

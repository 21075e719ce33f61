import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors.js';
import { ExactSum } from '../../../src/explain/tabular/exact-sum.js';
import {
  accumulateShap,
  aggregateShap,
  finishShapAggregate,
  mergeShapAggregates,
  type LocalShapValues,
} from '../../../src/explain/tabular/shap-aggregate.js';
import { SeededRandom } from '../../../src/explain/numeric/random.js';

// Three records, two outputs, three features; the global values below are worked by hand.
const local: LocalShapValues[] = [
  [[0.5, -1, 0], [2, 0, -4]],
  [[-0.25, 3, 0], [-2, 1, 1]],
  [[1, -2, 0], [0, 5, 1]],
];

describe('aggregateShap (Clarify agg_method)', () => {
  it("'mean_abs': the mean of |φ| over the records", () => {
    const global = aggregateShap(local, 'mean_abs').map((g) => Array.from(g));
    expect(global).toEqual([
      [(0.5 + 0.25 + 1) / 3, (1 + 3 + 2) / 3, 0],
      [(2 + 2 + 0) / 3, (0 + 1 + 5) / 3, (4 + 1 + 1) / 3],
    ]);
  });

  it("'mean_sq': the mean of φ², with no square root", () => {
    const global = aggregateShap(local, 'mean_sq').map((g) => Array.from(g));
    expect(global).toEqual([
      [(0.25 + 0.0625 + 1) / 3, (1 + 9 + 4) / 3, 0],
      [(4 + 4 + 0) / 3, (0 + 1 + 25) / 3, (16 + 1 + 1) / 3],
    ]);
  });

  it("'median': the signed median; of an even count, the mean of the two middle values", () => {
    expect(aggregateShap(local, 'median').map((g) => Array.from(g))).toEqual([
      [0.5, -1, 0],
      [0, 1, 1],
    ]);
    const four = [...local, [[3, 3, 3], [3, 3, 3]]];
    expect(aggregateShap(four, 'median').map((g) => Array.from(g))).toEqual([
      [(0.5 + 1) / 2, (-1 + 3) / 2, 0],
      [(0 + 2) / 2, (1 + 3) / 2, (1 + 1) / 2],
    ]);
  });

  it("defaults to 'mean_abs', Clarify's default", () => {
    expect(aggregateShap(local)).toEqual(aggregateShap(local, 'mean_abs'));
  });

  it('refuses an unknown method, no records and ragged or non-finite values', () => {
    expect(() => aggregateShap(local, 'mean' as never)).toThrow(ValidationError);
    expect(() => aggregateShap([], 'mean_abs')).toThrow(ValidationError);
    expect(() => aggregateShap([local[0], [[1, 2, 3]]], 'mean_abs')).toThrow(ValidationError);
    expect(() => aggregateShap([local[0], [[1, 2], [1, 2]]], 'mean_abs')).toThrow(ValidationError);
    expect(() => aggregateShap([[[1, Number.NaN, 0], [0, 0, 0]]], 'mean_abs')).toThrow(ValidationError);
  });
});

describe('sharded aggregation', () => {
  // Values whose plain sums depend on their order.
  const random = new SeededRandom(4);
  const many: LocalShapValues[] = Array.from({ length: 301 }, () => [
    Array.from({ length: 4 }, () => (random.nextFloat() - 0.5) * 10 ** (random.nextBelow(12) - 6)),
  ]);

  for (const method of ['mean_abs', 'mean_sq', 'median'] as const) {
    it(`${method}: shards merged give the one-pass result bit for bit, in any shard order`, () => {
      const whole = aggregateShap(many, method);
      const shards = [many.slice(0, 7), many.slice(7, 150), many.slice(150)];
      const parts = shards.map((shard) => accumulateShap(shard, method));
      // Through JSON, as shards' results travel between processes.
      const travelled = parts.map((part) => JSON.parse(JSON.stringify(part)) as typeof part);
      expect(finishShapAggregate(mergeShapAggregates(travelled))).toEqual(whole);
      expect(finishShapAggregate(mergeShapAggregates([...travelled].reverse()))).toEqual(whole);
      expect(mergeShapAggregates(parts).count).toBe(301);
    });
  }

  it('refuses to merge aggregates of different methods or shapes', () => {
    const a = accumulateShap(local, 'mean_abs');
    expect(() => mergeShapAggregates([a, accumulateShap(local, 'median')])).toThrow(ValidationError);
    expect(() => mergeShapAggregates([a, accumulateShap([[[1, 2]]], 'mean_abs')])).toThrow(ValidationError);
    expect(() => mergeShapAggregates([])).toThrow(ValidationError);
  });
});

describe('ExactSum', () => {
  it('is the correctly rounded sum, whatever the order (as math.fsum)', () => {
    const sum = new ExactSum();
    for (const x of [1e100, 1, -1e100]) sum.add(x);
    expect(sum.value()).toBe(1);
    const tenth = new ExactSum();
    for (let i = 0; i < 10; i++) tenth.add(0.1);
    expect(tenth.value()).toBe(1); // math.fsum([0.1] * 10) == 1.0; a plain loop gives 0.9999999999999999
    // math.fsum([1, 1e-16, 1e-16]) == 1.0000000000000002 (half-way case rounded by the partials below)
    const halfway = new ExactSum();
    for (const x of [1, 1e-16, 1e-16]) halfway.add(x);
    expect(halfway.value()).toBe(1.0000000000000002);
    expect(new ExactSum().value()).toBe(0);
  });

  it('merges exactly', () => {
    const a = new ExactSum();
    const b = new ExactSum();
    [1e20, 3, -7.5].forEach((x) => a.add(x));
    [-1e20, 0.5].forEach((x) => b.add(x));
    a.merge(b);
    expect(a.value()).toBe(-4);
    const c = new ExactSum(a.partials);
    c.merge([4]);
    expect(c.value()).toBe(0);
  });
});

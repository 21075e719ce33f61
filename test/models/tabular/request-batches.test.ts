import { describe, expect, it } from 'vitest';
import { planBatches } from '../../../src/models/tabular/request-batches.js';

describe('planBatches', () => {
  it('packs records up to the byte limit, counting the frame and separators', () => {
    // Records of 4 bytes joined by '\n': two make 9 bytes.
    expect(planBatches([4, 4, 4, 4, 4], { before: 0, between: 1, after: 0 }, 9, 100)).toEqual([
      { first: 0, count: 2 },
      { first: 2, count: 2 },
      { first: 4, count: 1 },
    ]);
    expect(planBatches([4, 4, 4], { before: 0, between: 1, after: 0 }, 8, 100)).toEqual([
      { first: 0, count: 1 },
      { first: 1, count: 1 },
      { first: 2, count: 1 },
    ]);
    // '[' + r + ',' + r + ']': 2 + 4 + 1 + 4 = 11.
    expect(planBatches([4, 4, 4], { before: 1, between: 1, after: 1 }, 11, 100)).toEqual([
      { first: 0, count: 2 },
      { first: 2, count: 1 },
    ]);
    expect(planBatches([], { before: 0, between: 1, after: 0 }, 9, 100)).toEqual([]);
  });

  it('caps the records a request', () => {
    expect(planBatches([1, 1, 1, 1, 1], { before: 0, between: 1, after: 0 }, 1000, 2).map((b) => b.count)).toEqual([2, 2, 1]);
  });

  it('refuses a record that alone is over the limit', () => {
    expect(() => planBatches([4, 12], { before: 0, between: 1, after: 0 }, 10, 100)).toThrow(expect.objectContaining({ field: 'maxPayloadBytes' }));
    expect(() => planBatches([4, 12], { before: 0, between: 1, after: 0 }, 10, 100)).toThrow(/record 1 alone makes a request body of 12 bytes/);
  });
});

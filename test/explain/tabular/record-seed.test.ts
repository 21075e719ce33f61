import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors.js';
import { recordSeed } from '../../../src/explain/tabular/record-seed.js';

describe('recordSeed', () => {
  it('is a function of the run seed and the record index alone, and spreads records apart', () => {
    expect(recordSeed(7, 3)).toBe(recordSeed(7, 3));
    const seeds = new Set(Array.from({ length: 10000 }, (_, i) => recordSeed(42, i)));
    expect(seeds.size).toBe(10000);
    expect(recordSeed(42, 0)).not.toBe(recordSeed(43, 0));
    // The high halves count: seeds and indices beyond 2^32.
    expect(recordSeed(2 ** 40, 0)).not.toBe(recordSeed(0, 0));
    expect(recordSeed(1, 2 ** 33)).not.toBe(recordSeed(1, 0));
    for (const seed of seeds) expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32).toBe(true);
  });

  it('refuses a bad seed or index', () => {
    expect(() => recordSeed(-1, 0)).toThrow(ValidationError);
    expect(() => recordSeed(1, -1)).toThrow(ValidationError);
    expect(() => recordSeed(1, 0.5)).toThrow(ValidationError);
  });
});

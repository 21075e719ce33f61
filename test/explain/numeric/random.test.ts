import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors.js';
import { SeededRandom, drawSeed, seedState } from '../../../src/explain/numeric/random.js';

// Known answers from an independent Python implementation of the reference C
// code (xoshiro128starstar.c and splitmix64.c by
// Blackman & Vigna), seeded the way random.ts documents: two SplitMix64 outputs,
// low 32 bits first.
const XOSHIRO_VECTORS: Record<number, number[]> = {
  0: [3737715805, 2584255861, 2876756834, 3286328325, 1553311962, 1625202774],
  1: [1695105466, 1423115009, 634581793, 1068227753, 716759206, 4186505319],
  42: [1776835114, 4165204688, 17111135, 2317295270, 2792088233, 2554630222],
  [Number.MAX_SAFE_INTEGER]: [1233166643, 1287031142, 661813442, 2960669951, 2601079046, 1036114921],
};

describe('SeededRandom (xoshiro128** seeded by SplitMix64)', () => {
  it('fills the state from SplitMix64 (the published seed-1234567 sequence)', () => {
    // SplitMix64 from seed 1234567 starts 6457827717110365317, 3203168211198807973.
    const first = 6457827717110365317n;
    const second = 3203168211198807973n;
    const expected = [first & 0xffffffffn, first >> 32n, second & 0xffffffffn, second >> 32n].map(Number);
    expect(Array.from(seedState(1234567))).toEqual(expected);
  });

  it.each(Object.entries(XOSHIRO_VECTORS))('matches the reference outputs for seed %s', (seed, outputs) => {
    const random = new SeededRandom(Number(seed));
    expect(outputs.map(() => random.nextUint32())).toEqual(outputs);
  });

  it('builds doubles from two outputs as NumPy random_sample does', () => {
    const words = new SeededRandom(7);
    const floats = new SeededRandom(7);
    for (let i = 0; i < 100; i++) {
      const a = words.nextUint32() >>> 5;
      const b = words.nextUint32() >>> 6;
      const u = floats.nextFloat();
      expect(u).toBe((a * 2 ** 26 + b) / 2 ** 53);
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    }
  });

  it('draws integers below n uniformly (chi-square) and never out of range', () => {
    const random = new SeededRandom(3);
    for (const n of [1, 2, 3, 7, 10, 20, 1000]) {
      for (let i = 0; i < 200; i++) {
        const k = random.nextBelow(n);
        expect(Number.isInteger(k) && k >= 0 && k < n).toBe(true);
      }
    }
    const n = 7;
    const draws = 70000;
    const counts = new Array<number>(n).fill(0);
    for (let i = 0; i < draws; i++) counts[random.nextBelow(n)]++;
    const expected = draws / n;
    const chi2 = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    // 6 degrees of freedom: P(chi2 > 22.46) = 0.001.
    expect(chi2).toBeLessThan(22.46);
  });

  it('draws standard normals (mean 0, variance 1)', () => {
    const random = new SeededRandom(11);
    const n = 50000;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const x = random.nextNormal();
      sum += x;
      squares += x * x;
    }
    const mean = sum / n;
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(squares / n - mean * mean - 1)).toBeLessThan(0.03);
  });

  it('gives the same stream for the same seed and a different one for another seed', () => {
    const a = new SeededRandom(123);
    const b = new SeededRandom(123);
    const c = new SeededRandom(124);
    const sa = Array.from({ length: 8 }, () => a.nextUint32());
    expect(Array.from({ length: 8 }, () => b.nextUint32())).toEqual(sa);
    expect(Array.from({ length: 8 }, () => c.nextUint32())).not.toEqual(sa);
  });

  it('rejects seeds that are not non-negative safe integers', () => {
    for (const seed of [-1, 1.5, Number.NaN, 2 ** 53, '1' as unknown as number]) {
      expect(() => new SeededRandom(seed)).toThrow(ValidationError);
    }
    try {
      new SeededRandom(-1);
    } catch (err) {
      expect(err).toMatchObject({ field: 'seed', value: -1 });
    }
  });

  it('draws fresh seeds that are plain integers a generator accepts', () => {
    const seeds = Array.from({ length: 20 }, () => drawSeed());
    for (const s of seeds) {
      expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
      expect(() => new SeededRandom(s)).not.toThrow();
    }
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });
});

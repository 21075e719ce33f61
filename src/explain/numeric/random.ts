/**
 * Seeded pseudo-random numbers for every random choice the engine makes
 * (Kernel SHAP coalitions, masking noise), so that the same seed gives the same
 * bytes out in Node, a browser or a worker.
 *
 * The generator is **xoshiro128\*\*** (Blackman & Vigna, 2018): 128 bits of
 * state, period 2^128 − 1, 32-bit output, and only 32-bit integer operations,
 * which JavaScript runs fast and bit-identically everywhere. Its state is
 * filled from the seed by **SplitMix64**, the seeder its authors recommend:
 * the first two 64-bit outputs give the four state words, low half first.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../../errors.js';

/** Largest seed accepted: seeds are non-negative safe integers. */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;
const UINT64_MASK = (1n << 64n) - 1n;

/**
 * A seeded xoshiro128** generator.
 *
 * @example
 * ```ts
 * const random = new SeededRandom(42);
 * const u = random.nextFloat();   // uniform in [0, 1)
 * const k = random.nextBelow(6);  // 0..5, unbiased
 * ```
 */
export class SeededRandom {
  /** The seed this generator started from. */
  readonly seed: number;
  // Four words kept as separate fields: cheaper than a typed array in V8's hot loop.
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /**
   * @param seed - a non-negative safe integer (0 ≤ seed ≤ 2^53 − 1).
   */
  constructor(seed: number) {
    validateSeed(seed, 'seed');
    this.seed = seed;
    const state = seedState(seed);
    this.s0 = state[0];
    this.s1 = state[1];
    this.s2 = state[2];
    this.s3 = state[3];
  }

  /** The next 32-bit output, an integer in [0, 2^32). */
  nextUint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 = s1 ^ this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /**
   * A uniform double in [0, 1) with 53 random bits, built from two outputs the
   * way NumPy's legacy `random_sample` does: `(a >>> 5) · 2^26 + (b >>> 6)`, over 2^53.
   */
  nextFloat(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / TWO_POW_53;
  }

  /**
   * A uniform integer in [0, n) without modulo bias: draws are masked to the
   * smallest power of two ≥ n and redrawn when they land at n or above
   * (fewer than two draws on average).
   *
   * @param n - an integer with 1 ≤ n ≤ 2^32.
   */
  nextBelow(n: number): number {
    if (n <= 1) return 0;
    if (n === TWO_POW_32) return this.nextUint32();
    const mask = 0xffffffff >>> Math.clz32(n - 1);
    for (;;) {
      const x = (this.nextUint32() & mask) >>> 0;
      if (x < n) return x;
    }
  }

  /**
   * A standard normal draw (mean 0, variance 1) by the Box–Muller transform;
   * uses two uniform doubles per call and keeps no cached second value, so the
   * stream position depends only on the number of calls.
   */
  nextNormal(): number {
    // 1 − u lies in (0, 1], so the logarithm is finite.
    const u = 1 - this.nextFloat();
    const v = this.nextFloat();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

/**
 * Draws a fresh seed (an integer in [0, 2^32)) from the platform's
 * cryptographic source when there is one. Use it when no seed was given, and
 * report the seed so the run can be repeated.
 */
export function drawSeed(): number {
  const crypto = (globalThis as { crypto?: { getRandomValues?: (array: Uint32Array) => Uint32Array } }).crypto;
  if (crypto?.getRandomValues) {
    const word = new Uint32Array(1);
    crypto.getRandomValues(word);
    return word[0];
  }
  // Every supported runtime has Web Crypto; this only keeps exotic hosts working.
  return Math.floor(Math.random() * TWO_POW_32);
}

/**
 * Throws {@link ValidationError} unless `seed` is an integer in [0, 2^53 − 1].
 * @internal
 */
export function validateSeed(seed: unknown, field: string): asserts seed is number {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
    throw new ValidationError(field, seed, `an integer from 0 to ${MAX_SEED}`);
  }
}

/**
 * The four xoshiro128** state words for `seed`: two SplitMix64 outputs split
 * into 32-bit halves, low half first. An all-zero state (which xoshiro cannot
 * leave) does not occur: SplitMix64 never returns two zeros in a row.
 * @internal
 */
export function seedState(seed: number): Uint32Array {
  // BigInt here runs four times per generator, never in the sampling loop.
  let z = BigInt(seed);
  const words = new Uint32Array(4);
  for (let i = 0; i < 2; i++) {
    z = (z + 0x9e3779b97f4a7c15n) & UINT64_MASK;
    let x = z;
    x = ((x ^ (x >> 30n)) * 0xbf58476d1ce4e5b9n) & UINT64_MASK;
    x = ((x ^ (x >> 27n)) * 0x94d049bb133111ebn) & UINT64_MASK;
    x ^= x >> 31n;
    words[2 * i] = Number(x & 0xffffffffn);
    words[2 * i + 1] = Number(x >> 32n);
  }
  return words;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

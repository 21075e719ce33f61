/**
 * Drawing one random subset of features at a time, and the counts the samplers
 * need: shared by the Kernel SHAP samplers.
 *
 * @internal
 */
import type { SeededRandom } from '../numeric/random.js';
import type { SubsetTable } from './kernel-shap-subsets.js';

/** The strata of a stratified design: which stratum each drawn subset belongs to, and each stratum's kernel mass per pair it holds. */
export interface Strata {
  /** The stratum of drawn subset i. */
  readonly of: Int32Array;
  /** Stratum b's kernel weight of one coalition times the pairs it holds: its weight per drawn pair is this over the pairs drawn. */
  readonly weights: Float64Array;
  /**
   * The draw round of drawn subset i, numbered across strata (stratum after stratum): the
   * standard errors deal subsets into groups by it, so that a group holds whole rounds and
   * an even share of every stratum (as does every prefix's).
   */
  readonly dealt: Int32Array;
  /** The draw rounds in all: `dealt` takes the values 0 .. rounds − 1, each at least once. */
  readonly rounds: number;
}

/** The drawn part of a Kernel SHAP design: the subsets drawn at random and their weights. */
export interface DrawnDesign {
  drawn: SubsetTable;
  drawnWithComplement: Uint8Array;
  drawnWeights: Float64Array;
  /** The strata of a stratified design (the `'leverage'` sampler); absent for the others. */
  strata?: Strata;
}

/** One random subset at a time, as a bitset, by a partial Fisher–Yates shuffle. */
export class SubsetDraw {
  /** The last subset drawn. */
  readonly bits: Int32Array;
  private readonly fullWords: Int32Array;
  private readonly perm: Int32Array;

  /**
   * @param pairMiddle - the middle bin of an even M is drawn as pairs (the `'paired'`
   *   sampler): of a middle subset and its complement, the side holding feature 0 is kept.
   */
  constructor(
    private readonly M: number,
    private readonly words: number,
    private readonly pairMiddle: boolean,
  ) {
    this.bits = new Int32Array(words);
    this.fullWords = fullBitset(M);
    this.perm = new Int32Array(M);
    for (let i = 0; i < M; i++) this.perm[i] = i;
  }

  /** Draws a size from `cdf`, then a subset of that size into {@link SubsetDraw.bits}; returns the size's bin. */
  next(random: SeededRandom, cdf: Float64Array, numFull: number): number {
    const u = random.nextFloat();
    let b = 0;
    while (b < cdf.length - 1 && cdf[b] <= u) b++;
    this.ofSize(random, numFull + 1 + b);
    return b;
  }

  /** Where the next balanced block starts in `perm`, and the size it was cut for. */
  private cursor = 0;
  private blockSize = -1;

  /** Draws a subset of size `s` into {@link SubsetDraw.bits}. */
  ofSize(random: SeededRandom, s: number): void {
    this.pick(random, 0, s);
  }

  /**
   * Draws a subset of size `s` disjoint from the ones drawn before it since the last
   * change of size, as long as the features last: consecutive blocks of one random
   * permutation, a fresh permutation whenever fewer than `s` features are left.
   */
  balancedOfSize(random: SeededRandom, s: number): void {
    if (this.blockSize !== s || this.cursor + s > this.M) this.cursor = 0;
    this.blockSize = s;
    this.pick(random, this.cursor, s);
    this.cursor += s;
  }

  /** Completes the partial Fisher–Yates shuffle of `perm` over positions from .. from + s − 1 and keeps those features. */
  private pick(random: SeededRandom, from: number, s: number): void {
    const { M, words, bits, perm, fullWords } = this;
    for (let w = 0; w < words; w++) bits[w] = 0;
    for (let i = from; i < from + s; i++) {
      const j = i + random.nextBelow(M - i);
      const picked = perm[j];
      perm[j] = perm[i];
      perm[i] = picked;
      bits[picked >>> 5] |= 1 << (picked & 31);
    }
    if (this.pairMiddle && 2 * s === M && (bits[0] & 1) === 0) {
      for (let w = 0; w < words; w++) bits[w] = ~bits[w] & fullWords[w];
    }
  }
}

/** The bitset of all M features. */
function fullBitset(M: number): Int32Array {
  const words = new Int32Array(Math.ceil(M / 32));
  for (let j = 0; j < M; j++) words[j >>> 5] |= 1 << (j & 31);
  return words;
}

/** C(n, k) in floating point; exact while the result stays below 2^53. */
export function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}


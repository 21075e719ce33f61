/**
 * The coalition design of Kernel SHAP: which coalitions the model sees and the
 * Shapley-kernel weight each one carries in the regression.
 *
 * It follows shap's `KernelExplainer` schedule: subset sizes s and M − s form
 * one bin; bins are enumerated whole, largest kernel weight first, while the
 * budget allows; the rest of the budget is drawn at random, each drawn subset
 * together with its complement, and a subset drawn again adds weight instead
 * of a model evaluation.
 *
 * @internal
 */
import type { SeededRandom } from '../numeric/random.js';
import { drawStratified, leverageShares } from './kernel-shap-stratified.js';
import { SubsetDraw, binomial, type DrawnDesign, type Strata } from './kernel-shap-subset-draw.js';
import { SubsetTable } from './kernel-shap-subsets.js';
import type { KernelShapSampler } from './kernel-shap-types.js';

/** A size bin that is enumerated completely, in lexicographic order. */
export interface EnumeratedBin {
  /** The smaller subset size s (s ≤ M/2); complements have size M − s. */
  readonly size: number;
  /** Whether each subset is followed by its complement. */
  readonly withComplements: boolean;
  /** Only subsets containing feature 0 are listed (the middle bin of the `'paired'` sampler, whose complements cover the rest). */
  readonly onlyWithFeature0: boolean;
  /** Kernel weight of every coalition in the bin. */
  readonly weight: number;
}

/** The full design: enumerated bins, then the drawn subsets. */
export interface CoalitionPlan {
  readonly numFeatures: number;
  /** Coalitions to evaluate, not counting the empty and the full one. */
  readonly rows: number;
  /** True when every coalition is enumerated, so the result is exact. */
  readonly exact: boolean;
  readonly bins: readonly EnumeratedBin[];
  /** Distinct drawn subsets (the smaller side of each drawn coalition), in draw order. */
  readonly drawn: SubsetTable;
  /** Whether drawn subset i is followed by its complement. */
  readonly drawnWithComplement: Uint8Array;
  /** Kernel weight of drawn subset i (and of its complement). */
  readonly drawnWeights: Float64Array;
  /** The strata of the drawn subsets, for a stratified design (`'leverage'`). */
  readonly strata?: Strata;
  /** Largest small side, ⌊M/2⌋. */
  readonly stride: number;
}

/**
 * The most coalitions a caller may ask for. The design is drawn before the
 * first model call and holds every distinct coalition, so an unbounded budget
 * (a typo such as `1e9`) would hang before any work; this bound keeps the design
 * to tens of megabytes, far beyond budgets whose error still improves visibly.
 */
export const MAX_NUM_SAMPLES = 1_000_000;

/**
 * The largest number of distinct coalitions besides the empty and the full
 * one, 2^M − 2; `Infinity` when it exceeds what a double counts exactly.
 */
export function maxCoalitions(numFeatures: number): number {
  return numFeatures <= 52 ? 2 ** numFeatures - 2 : Number.POSITIVE_INFINITY;
}

/**
 * Builds the design for `numSamples` coalitions (capped at 2^M − 2, where every
 * coalition is enumerated and no random number is drawn).
 *
 * @param random - called only when the design needs random draws.
 */
export function planCoalitions(
  numFeatures: number,
  numSamples: number,
  sampler: KernelShapSampler,
  random: () => SeededRandom,
): CoalitionPlan {
  const M = numFeatures;
  const budget = Math.min(numSamples, maxCoalitions(M));
  const exact = budget === maxCoalitions(M);
  const nSizes = Math.ceil((M - 1) / 2);
  const nPaired = Math.floor((M - 1) / 2);
  const sizeWeights = binWeights(M, nSizes, nPaired);
  const bins: EnumeratedBin[] = [];
  const binWeight = (s: number) => sizeWeights[s - 1] / binomial(M, s) / (s <= nPaired ? 2 : 1);
  const middleOfEven = (s: number) => 2 * s === M;
  const pairedDraw = (s: number) => s <= nPaired || (sampler !== 'shap' && middleOfEven(s));
  const bin = (s: number): EnumeratedBin => ({
    size: s,
    withComplements: pairedDraw(s),
    onlyWithFeature0: s > nPaired && pairedDraw(s),
    weight: binWeight(s),
  });

  let left = budget;
  let fixedRows = 0;
  let numFull = 0;
  if (exact) {
    for (let s = 1; s <= nSizes; s++) bins.push(bin(s));
    numFull = nSizes;
    fixedRows = budget;
  } else {
    // shap's rule: a bin is enumerated when its share of the remaining budget
    // covers all its coalitions; the shares are renormalised after each bin. The
    // shares are the bins' kernel mass, or for 'leverage' equal per subset size.
    const remaining = sampler === 'leverage' ? leverageShares(M, nSizes, nPaired) : Float64Array.from(sizeWeights);
    for (let s = 1; s <= nSizes; s++) {
      const count = binomial(M, s) * (s <= nPaired ? 2 : 1);
      if ((left * remaining[s - 1]) / count < 1 - 1e-8) break;
      numFull++;
      left -= count;
      fixedRows += count;
      const share = remaining[s - 1];
      if (share < 1) for (let i = 0; i < remaining.length; i++) remaining[i] /= 1 - share;
      bins.push(bin(s));
    }
  }

  const draws = numFull < nSizes && left > (sampler === 'leverage' ? 1 : 0);
  const drawn = !draws
    ? { rows: 0, design: { drawn: new SubsetTable(M, 0), drawnWithComplement: new Uint8Array(0), drawnWeights: new Float64Array(0) } }
    : sampler === 'leverage'
      ? drawStratified(M, left, numFull, nSizes, binWeight, random())
      : drawCoalitions(M, left, numFull, nSizes, sizeWeights, pairedDraw, sampler, random());
  return { numFeatures: M, rows: fixedRows + drawn.rows, exact, bins, stride: Math.floor(M / 2), ...drawn.design };
}

/**
 * The random phase. Sizes are drawn with probability proportional to their
 * bin's kernel weight (halved for bins whose draws yield two rows), the subset
 * by a partial Fisher–Yates shuffle. As in shap, at most 4 draws per open
 * budget slot are made, which bounds the loop when most draws are repeats.
 */
function drawCoalitions(
  M: number,
  budget: number,
  numFull: number,
  nSizes: number,
  sizeWeights: Float64Array,
  pairedDraw: (s: number) => boolean,
  sampler: KernelShapSampler,
  random: SeededRandom,
): { rows: number; design: DrawnDesign } {
  const sizes = sizeDistribution(numFull, nSizes, sizeWeights, pairedDraw);
  // Sized for the usual budgets; both grow if a huge budget really fills them.
  const table = new SubsetTable(M, Math.min(budget, 4096));
  const draw = new SubsetDraw(M, table.words, sampler === 'paired' && M % 2 === 0);
  let withComplement = new Uint8Array(Math.max(16, Math.min(budget, 4096)));
  let counts = new Float64Array(withComplement.length);
  let left = budget;
  // The 'paired' sampler never splits a pair, so it stops with one slot open.
  const minimumSlots = sampler === 'paired' ? 2 : 1;
  const maxDraws = 4 * budget;

  for (let d = 0; d < maxDraws && left >= minimumSlots; d++) {
    const b = draw.next(random, sizes.cdf, numFull);
    const index = table.findOrAdd(draw.bits);
    if (!table.added) {
      counts[index] += 1;
      continue;
    }
    if (index === counts.length) {
      withComplement = grow(withComplement, 2 * index);
      counts = grow(counts, 2 * index);
    }
    const pair = sizes.paired[b] === 1 && left >= 2;
    withComplement[index] = pair ? 1 : 0;
    counts[index] = 1;
    left -= pair ? 2 : 1;
  }

  const count = table.count;
  let total = 0;
  for (let i = 0; i < count; i++) total += counts[i] * (withComplement[i] ? 2 : 1);
  const scale = total > 0 ? sizes.weightLeft / total : 0;
  const weights = new Float64Array(count);
  for (let i = 0; i < count; i++) weights[i] = counts[i] * scale;
  return {
    rows: budget - left,
    design: { drawn: table, drawnWithComplement: withComplement.slice(0, count), drawnWeights: weights },
  };
}

/**
 * The distribution of the drawn sizes, bins `numFull + 1 .. nSizes` (index b for
 * size `numFull + 1 + b`): the cumulative probabilities, whether the bin's draws
 * come with their complement, and the kernel weight the bins hold together.
 */
function sizeDistribution(
  numFull: number,
  nSizes: number,
  sizeWeights: Float64Array,
  pairedDraw: (s: number) => boolean,
): { cdf: Float64Array; paired: Uint8Array; weightLeft: number } {
  const binCount = nSizes - numFull;
  const cdf = new Float64Array(binCount);
  const paired = new Uint8Array(binCount);
  let weightLeft = 0;
  let acc = 0;
  for (let b = 0; b < binCount; b++) {
    const s = numFull + 1 + b;
    paired[b] = pairedDraw(s) ? 1 : 0;
    weightLeft += sizeWeights[s - 1];
    acc += sizeWeights[s - 1] / (paired[b] ? 2 : 1);
    cdf[b] = acc;
  }
  for (let b = 0; b < binCount; b++) cdf[b] /= acc;
  return { cdf, paired, weightLeft };
}

/**
 * Shapley-kernel mass of each size bin s = 1..nSizes, normalised to sum 1:
 * (M − 1)/(s(M − s)), doubled for bins that also hold size M − s.
 */
function binWeights(M: number, nSizes: number, nPaired: number): Float64Array {
  const q = new Float64Array(nSizes);
  let sum = 0;
  for (let s = 1; s <= nSizes; s++) {
    q[s - 1] = ((M - 1) / (s * (M - s))) * (s <= nPaired ? 2 : 1);
    sum += q[s - 1];
  }
  for (let i = 0; i < nSizes; i++) q[i] /= sum;
  return q;
}

function grow<T extends Uint8Array | Float64Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(length);
  bigger.set(array);
  return bigger;
}

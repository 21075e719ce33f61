/**
 * The random phase of the `'leverage'` sampler: leverage-score sampling of Kernel
 * SHAP's coalitions (Musco & Witter, "Provably Accurate Shapley Value Estimation via
 * Leverage Score Sampling", ICLR 2025), drawn as a stratified sample.
 *
 * Once the constraint Σφ = v(N) − v(∅) is projected out, the leverage score of a
 * coalition of size s is proportional to 1 / C(M, s): every subset size deserves the
 * same number of rows, however little kernel weight it carries. So the budget left
 * after the enumerated bins is shared equally among the remaining sizes (a bin of
 * sizes s and M − s gets two shares, the middle size of an even M one). Within a
 * bin, subsets are drawn without replacement, each with its complement, and every
 * drawn coalition carries its kernel weight divided by its chance of being drawn,
 * so that each bin keeps exactly its kernel mass.
 *
 * Two departures from the paper, both chosen by measurement (bench/kernel-shap-samplers):
 *
 * - Where the paper flips a coin per coalition (a random number of rows per size),
 *   the number per bin here is fixed by the budget: the same expected design, with no
 *   variance from the bin counts and the budget met exactly.
 * - The subsets of one size are cut from random permutations of the features, as
 *   consecutive disjoint blocks, so that every feature appears about equally often in
 *   each size: the sampled normal equations are then closer to their expectation.
 *   This halves the error of some 20-feature games and costs a few percent on some
 *   100-feature ones (docs/kernel-shap.md has the table).
 *
 * @internal
 */
import type { SeededRandom } from '../numeric/random.js';
import { SubsetDraw, binomial, type DrawnDesign, type Strata } from './kernel-shap-subset-draw.js';
import { SubsetTable } from './kernel-shap-subsets.js';

/**
 * The leverage shares of the size bins s = 1..nSizes, normalised to sum 1: two for a
 * bin holding sizes s and M − s, one for the middle size of an even M.
 */
export function leverageShares(M: number, nSizes: number, nPaired: number): Float64Array {
  const shares = new Float64Array(nSizes);
  let sum = 0;
  for (let s = 1; s <= nSizes; s++) {
    shares[s - 1] = s <= nPaired ? 2 : 1;
    sum += shares[s - 1];
  }
  for (let i = 0; i < nSizes; i++) shares[i] /= sum;
  return shares;
}

/**
 * Draws `budget` rows (pairs of a subset and its complement; an odd last slot stays
 * unused) from the bins `numFull + 1 .. nSizes`, none of which fits whole.
 *
 * @param binWeight - the kernel weight of one coalition of bin s.
 */
export function drawStratified(
  M: number,
  budget: number,
  numFull: number,
  nSizes: number,
  binWeight: (s: number) => number,
  random: SeededRandom,
): { rows: number; design: DrawnDesign } {
  const pairs = pairsPerBin(M, Math.floor(budget / 2), numFull, nSizes);
  let total = 0;
  for (const p of pairs) total += p;
  // Drawn stratum by stratum, then stored interleaved (below); subsets of different
  // sizes never collide, so one table checks every stratum's duplicates.
  const drawnTable = new SubsetTable(M, total);
  const draw = new SubsetDraw(M, drawnTable.words, M % 2 === 0);
  const firstOfBin = new Int32Array(pairs.length + 1);
  const binOfEntry = new Int32Array(total);
  const stratumWeights = new Float64Array(pairs.length);
  for (let b = 0; b < pairs.length; b++) {
    const s = numFull + 1 + b;
    stratumWeights[b] = binWeight(s) * pairsInBin(M, s);
    firstOfBin[b] = drawnTable.count;
    const goal = drawnTable.count + pairs[b];
    while (drawnTable.count < goal) {
      draw.balancedOfSize(random, s);
      const entry = drawnTable.findOrAdd(draw.bits);
      if (drawnTable.added) binOfEntry[entry] = b;
    }
  }
  firstOfBin[pairs.length] = drawnTable.count;

  // The standard errors' groups take whole rounds (the blocks of one permutation), which
  // are what is drawn independently: dealing blocks of one round apart hides how evenly a
  // round covers the features, and overstates the errors by up to 2× (bench/kernel-shap-errors).
  const roundStart = new Int32Array(pairs.length);
  for (let b = 1; b < pairs.length; b++) roundStart[b] = roundStart[b - 1] + Math.ceil(pairs[b - 1] / blocksPerRound(M, numFull + b));
  const last = pairs.length - 1;
  const rounds = last < 0 ? 0 : roundStart[last] + Math.ceil(pairs[last] / blocksPerRound(M, numFull + 1 + last));
  const order = interleave(pairs, firstOfBin);
  const table = drawnTable.permuted(order);
  const weights = new Float64Array(total);
  const strata = new Int32Array(total);
  const dealt = new Int32Array(total);
  for (let i = 0; i < total; i++) {
    const drawnAt = order[i];
    const bin = binOfEntry[drawnAt];
    const rank = drawnAt - firstOfBin[bin];
    // Each drawn coalition stands for pairsInBin / pairs[bin] coalitions of its bin.
    weights[i] = stratumWeights[bin] / pairs[bin];
    strata[i] = bin;
    dealt[i] = roundStart[bin] + Math.floor(rank / blocksPerRound(M, numFull + 1 + bin));
  }
  return {
    rows: 2 * total,
    design: {
      drawn: table,
      drawnWithComplement: new Uint8Array(total).fill(1),
      drawnWeights: weights,
      strata: { of: strata, weights: stratumWeights, dealt, rounds },
    },
  };
}

/**
 * The drawn subsets in the order they are evaluated: the bins' k-th subsets spread
 * evenly (bin b's k-th at (k + ½) / pairs[b]), so that every prefix of the order is a
 * stratified sample in about the final proportions (what a run with a tolerance
 * stops after).
 */
function interleave(pairs: Int32Array, firstOfBin: Int32Array): Int32Array {
  const total = firstOfBin[pairs.length];
  const keys = new Float64Array(total);
  const order = new Int32Array(total);
  for (let b = 0; b < pairs.length; b++) {
    for (let k = 0; k < pairs[b]; k++) {
      keys[firstOfBin[b] + k] = (k + 0.5) / pairs[b];
      order[firstOfBin[b] + k] = firstOfBin[b] + k;
    }
  }
  // Entries are numbered bin after bin, so a tie in key goes to the smaller bin.
  return order.sort((x, y) => keys[x] - keys[y] || x - y);
}

/**
 * The weights of the first `prefix` drawn subsets of a stratified design as if the
 * draw had stopped there: each stratum's kernel mass shared among its subsets in the
 * prefix. With `prefix` = every drawn subset, the design's own weights, bit for bit.
 */
export function prefixWeights(strata: Strata, prefix: number, out: Float64Array): void {
  const counts = new Int32Array(strata.weights.length);
  for (let i = 0; i < prefix; i++) counts[strata.of[i]]++;
  for (let i = 0; i < prefix; i++) out[i] = strata.weights[strata.of[i]] / counts[strata.of[i]];
}

/**
 * The strata of the first `prefix` drawn subsets, their rounds renumbered 0 .. units − 1
 * (a prefix holds the first rounds of every stratum, so the full numbering has gaps): what
 * the standard errors of a run stopped after `prefix` subsets deal by.
 */
export function prefixStrata(strata: Strata, prefix: number): Strata {
  const compact = new Int32Array(strata.rounds).fill(-1);
  for (let i = 0; i < prefix; i++) compact[strata.dealt[i]] = 0;
  let units = 0;
  for (let k = 0; k < compact.length; k++) if (compact[k] === 0) compact[k] = units++;
  const dealt = new Int32Array(strata.dealt.length);
  for (let i = 0; i < prefix; i++) dealt[i] = compact[strata.dealt[i]];
  return { of: strata.of, weights: strata.weights, dealt, rounds: units };
}

/** Disjoint blocks of size s one permutation of M features yields. */
function blocksPerRound(M: number, s: number): number {
  return Math.floor(M / s);
}

/** Distinct pairs (a subset and its complement) in bin s: C(M, s), or half that for the middle of an even M. */
function pairsInBin(M: number, s: number): number {
  return 2 * s === M ? binomial(M, s) / 2 : binomial(M, s);
}

/**
 * `totalPairs` shared among the bins `numFull + 1 .. nSizes` by their leverage shares
 * (largest remainders), none above what its bin holds.
 */
function pairsPerBin(M: number, totalPairs: number, numFull: number, nSizes: number): Int32Array {
  const count = nSizes - numFull;
  const pairs = new Int32Array(count);
  const capacity = new Float64Array(count);
  const share = new Float64Array(count);
  for (let b = 0; b < count; b++) {
    const s = numFull + 1 + b;
    capacity[b] = pairsInBin(M, s);
    share[b] = 2 * s === M ? 0.5 : 1;
  }
  let left = totalPairs;
  // Bins filled to capacity leave their excess to the others; each pass fills at least one or ends.
  for (let pass = 0; pass <= count && left > 0; pass++) {
    let open = 0;
    for (let b = 0; b < count; b++) if (pairs[b] < capacity[b]) open += share[b];
    if (open === 0) break;
    const ideal = new Float64Array(count);
    let given = 0;
    for (let b = 0; b < count; b++) {
      if (pairs[b] >= capacity[b]) continue;
      ideal[b] = Math.min((left * share[b]) / open, capacity[b] - pairs[b]);
      const whole = Math.floor(ideal[b]);
      pairs[b] += whole;
      given += whole;
    }
    left -= given;
    // Largest remainders first; ties go to the smaller size.
    const order = Array.from({ length: count }, (_, b) => b)
      .filter((b) => pairs[b] < capacity[b] && ideal[b] > Math.floor(ideal[b]))
      .sort((a, c) => ideal[c] - Math.floor(ideal[c]) - (ideal[a] - Math.floor(ideal[a])) || a - c);
    for (const b of order) {
      if (left === 0) break;
      pairs[b] += 1;
      left -= 1;
    }
    if (given === 0 && order.length === 0) break;
  }
  return pairs;
}

/**
 * Exact Shapley values by brute force over all 2^M coalitions: the oracle that
 * Kernel SHAP is measured against, in tests and by users.
 *
 * @packageDocumentation
 */
import { ModelError, ValidationError } from '../../errors.js';

/** Largest M {@link exactShapley} accepts: 2^20 game evaluations. */
export const MAX_EXACT_FEATURES = 20;

/**
 * A game (value function) over M binary features: for a mask (`mask[j] === 1`
 * when feature j is present) it returns one value per output. Every call must
 * return the same number of outputs. The mask array is reused between calls.
 */
export type CoalitionGame = (mask: Uint8Array) => ArrayLike<number>;

/** Options of {@link exactShapley}. */
export interface ExactShapleyOptions {
  /** M, an integer from 1 to 20. */
  readonly numFeatures: number;
  /** The game; called once for each of the 2^M coalitions. */
  readonly game: CoalitionGame;
}

/** Result of {@link exactShapley}; the same shape as Kernel SHAP's. */
export interface ExactShapleyResult {
  /** φ per output and feature: `shapValues[output][feature]`. */
  readonly shapValues: Float64Array[];
  /** v(∅) per output. */
  readonly expectedValue: Float64Array;
  /** v(N) per output. */
  readonly fullValue: Float64Array;
}

/**
 * Shapley values from their definition:
 * φ_i = Σ_{S ⊆ N∖{i}} |S|!·(M − |S| − 1)!/M! · (v(S ∪ {i}) − v(S)).
 * Marginal contributions are summed per coalition size first and weighted
 * once per size, which keeps rounding low. Costs 2^M game calls and
 * M·2^(M−1) subtractions per output.
 *
 * @example
 * ```ts
 * import { exactShapley } from 'clarify-ts/explain';
 *
 * const { shapValues } = exactShapley({
 *   numFeatures: 3,
 *   game: (z) => [z[0] + 2 * z[1] * z[2]],
 * });
 * // shapValues[0] ≈ [1, 1, 1]
 * ```
 */
export function exactShapley(options: ExactShapleyOptions): ExactShapleyResult {
  if (options === null || typeof options !== 'object') {
    throw new ValidationError('options', options, 'an object { numFeatures, game }');
  }
  const M = options.numFeatures;
  if (typeof M !== 'number' || !Number.isInteger(M) || M < 1 || M > MAX_EXACT_FEATURES) {
    throw new ValidationError('numFeatures', M, `an integer from 1 to ${MAX_EXACT_FEATURES}`);
  }
  const { game } = options;
  if (typeof game !== 'function') {
    throw new ValidationError('game', game, 'a function (mask) => output vector');
  }

  const coalitions = 2 ** M;
  const mask = new Uint8Array(M);
  let D = 0;
  let values = new Float64Array(0);
  for (let m = 0; m < coalitions; m++) {
    for (let j = 0; j < M; j++) mask[j] = (m >>> j) & 1;
    const out = game(mask);
    const length = out !== null && typeof out === 'object' ? out.length : undefined;
    if (m === 0) {
      if (typeof length !== 'number' || length < 1) {
        throw new ModelError(`The game returned ${String(out)} for coalition 0; expected a non-empty array of numbers`, {
          index: 0,
        });
      }
      D = length;
      values = new Float64Array(coalitions * D);
    } else if (length !== D) {
      throw new ModelError(`The game returned ${length ?? String(out)} outputs for coalition ${m}; expected ${D}`, {
        index: m,
      });
    }
    for (let d = 0; d < D; d++) {
      const v = out[d];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new ModelError(`The game returned ${String(v)} at output ${d} for coalition ${m}; expected finite numbers`, {
          index: m,
        });
      }
      values[m * D + d] = v;
    }
  }

  // bySize[(i * M + s) * D + d] = Σ over S ∌ i with |S| = s of v(S ∪ {i}) − v(S).
  const bySize = new Float64Array(M * M * D);
  for (let m = 0; m < coalitions; m++) {
    const s = popcount(m);
    for (let i = 0; i < M; i++) {
      const bit = 1 << i;
      if (m & bit) continue;
      const withI = (m | bit) * D;
      const without = m * D;
      const base = (i * M + s) * D;
      for (let d = 0; d < D; d++) bySize[base + d] += values[withI + d] - values[without + d];
    }
  }
  const sizeWeight = new Float64Array(M);
  for (let s = 0; s < M; s++) sizeWeight[s] = 1 / (M * binomial(M - 1, s));
  const shapValues = Array.from({ length: D }, () => new Float64Array(M));
  for (let d = 0; d < D; d++) {
    for (let i = 0; i < M; i++) {
      let phi = 0;
      for (let s = 0; s < M; s++) phi += sizeWeight[s] * bySize[(i * M + s) * D + d];
      shapValues[d][i] = phi;
    }
  }
  return {
    shapValues,
    expectedValue: values.slice(0, D),
    fullValue: values.slice((coalitions - 1) * D, coalitions * D),
  };
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/**
 * The types of {@link kernelShap}'s options and result: a leaf module, so that the
 * parts of Kernel SHAP (options, sampler, output checks) import them without
 * importing `kernelShap` itself.
 *
 * @packageDocumentation
 */

/**
 * How coalitions are drawn once whole size bins no longer fit the budget.
 *
 * - `'leverage'` (the default): leverage-score sampling (Musco & Witter, ICLR
 *   2025). The budget is shared equally among subset sizes instead of by kernel
 *   weight; each size's subsets are drawn without replacement, each with its
 *   complement, as disjoint blocks of random permutations (so every feature appears
 *   about equally often), and weighted by the inverse of their chance of being drawn.
 *   The most accurate of the three in bench/kernel-shap-samplers; exact on pairwise games.
 * - `'paired'`: every drawn coalition comes with its complement, the middle
 *   size M/2 of an even M included, and a pair is never split by an odd budget
 *   (the last evaluation is left unused instead). Games with at most pairwise
 *   interactions are then estimated exactly at every budget.
 * - `'shap'`: shap's exact schedule, where the middle size M/2 is drawn without
 *   its complement and an odd budget ends on a coalition without its partner.
 */
export type KernelShapSampler = 'leverage' | 'paired' | 'shap';

/** How model outputs are mapped before they are explained (Clarify's `use_logit`). */
export type KernelShapLink = 'identity' | 'logit';

/**
 * The model as a function of coalitions: for each mask (`mask[j] === 1` when
 * feature j is present, 0 when it is replaced by its baseline) it returns one
 * output vector (one value per class, per detected object, …). Every vector
 * must have the same length. May return a promise.
 *
 * The mask arrays are reused by the next call once this one has settled:
 * copy a mask to keep it longer. The engine never reads them back, so a model
 * may also scribble on them.
 */
export type CoalitionModel = (
  masks: readonly Uint8Array[],
  signal: AbortSignal | undefined,
) => ReadonlyArray<ArrayLike<number>> | PromiseLike<ReadonlyArray<ArrayLike<number>>>;

/** Reported after every model call. */
export interface KernelShapProgress {
  /** Coalitions evaluated so far, the empty and the full one included. */
  readonly evaluated: number;
  /**
   * Coalitions that will be evaluated in all (`numEvaluations` of the result); with a
   * tolerance, the ceiling (the run may stop before it).
   */
  readonly total: number;
}

/** Options of {@link kernelShap}. */
export interface KernelShapOptions {
  /** M, the number of binary features (for images: superpixels). An integer ≥ 1. */
  readonly numFeatures: number;
  /** The model, called with batches of coalition masks. */
  readonly evaluate: CoalitionModel;
  /**
   * Coalitions to evaluate besides the empty and the full one. Capped at
   * 2^M − 2, where every coalition is enumerated and the result is exact.
   * At least min(M + 2, 2^M − 2), at most `MAX_NUM_SAMPLES` (1,000,000).
   * @default 2 * numFeatures + 2048 (shap's `"auto"`)
   */
  readonly numSamples?: number;
  /**
   * Seed of the random draws, an integer from 0 to 2^53 − 1. The same seed
   * gives the same bytes out; the seed used is returned in the result.
   * @default a fresh random seed
   */
  readonly seed?: number;
  /**
   * Largest number of masks per `evaluate` call. It bounds memory and does
   * not change the result.
   * @default 64
   */
  readonly batchSize?: number;
  /**
   * `'logit'` explains log(p / (1 − p)) of outputs that are probabilities
   * (clipped to [1e-15, 1 − 1e-15] as shap does); Clarify's `use_logit`.
   * @default 'identity'
   */
  readonly link?: KernelShapLink;
  /**
   * How coalitions are drawn beyond the fully enumerated sizes. `'leverage'`
   * shares the budget equally among subset sizes and draws each size's subsets
   * without replacement, evenly over the features; `'paired'` draws sizes by
   * kernel weight; both pair every subset with its complement, which makes games
   * with at most pairwise interactions exact. `'shap'` reproduces shap's schedule.
   * bench/kernel-shap-samplers compares them (docs/kernel-shap.md has the table).
   * See {@link KernelShapSampler}.
   * @default 'leverage'
   */
  readonly sampler?: KernelShapSampler;
  /**
   * Estimate `standardErrors` of the result. They cost no model call, but 32 more solves
   * of the regression, whose cost grows with M³ (bench/kernel-shap has the figures): turn
   * them off where the model is nearly free and the errors are not wanted. φ do not
   * depend on it.
   * @default true
   */
  readonly standardErrors?: boolean;
  /**
   * Stop sampling once every standard error is at most this, in the explained
   * output's units (after the link): checked after the enumerated bins and a first
   * share of drawn coalitions, then each time the drawn ones double, with
   * `numSamples` as the ceiling. Combined with `relativeTolerance` as
   * `tolerance + relativeTolerance · |fullValue − expectedValue|` per output. Needs
   * the `'leverage'` sampler and `standardErrors`; the result says whether the run
   * `converged` and after how many evaluations. With a tolerance, the evaluated
   * coalitions' outputs are kept until the end (`numSamples × outputs` numbers).
   * @default undefined (no tolerance: all `numSamples` are evaluated)
   */
  readonly tolerance?: number | undefined;
  /**
   * A tolerance as a fraction of |fullValue − expectedValue| of each output (what
   * the φ share among them); see `tolerance`.
   * @default undefined
   */
  readonly relativeTolerance?: number | undefined;
  /**
   * Feature selection before the regression. Only `false` is supported: shap
   * ≥ 0.47's default `num_features(10)` keeps at most 10 features and zeroes
   * small effects even when every coalition is enumerated (see
   * docs/kernel-shap.md), so it is not reproduced.
   * @default false
   */
  readonly l1Reg?: false;
  /**
   * Stops the work between model calls; the promise then rejects with an
   * `AbortError`. Also passed to `evaluate`.
   * @default undefined (not abortable)
   */
  readonly signal?: AbortSignal | undefined;
  /**
   * Called after every model call.
   * @default undefined (quiet)
   */
  readonly onProgress?: ((event: KernelShapProgress) => void) | undefined;
}

/** Result of {@link kernelShap}. All values are in link space. */
export interface KernelShapResult {
  /** φ per output and feature: `shapValues[output][feature]`. */
  readonly shapValues: Float64Array[];
  /**
   * Standard error of each φ from the sampling of coalitions, `[output][feature]`:
   * φ ± 1.96·se is a 95% interval around the value every coalition would give.
   * Estimated by a grouped jackknife over the drawn coalitions, at no extra model
   * call. Zeros when nothing was drawn at random (`exact`, or the budget was spent
   * on whole size bins); empty (`[]`) with the option `standardErrors: false`. See
   * docs/kernel-shap.md.
   */
  readonly standardErrors: Float64Array[];
  /** link(f(no feature present)) per output: the base of the explanation. */
  readonly expectedValue: Float64Array;
  /** link(f(all features present)) per output; Σ_j φ_j = fullValue − expectedValue. */
  readonly fullValue: Float64Array;
  /** Distinct coalitions the model evaluated, the empty and the full one included. */
  readonly numEvaluations: number;
  /**
   * With a `tolerance` or `relativeTolerance`: whether every standard error came
   * within it (`false`: the ceiling `numSamples` was reached first). Absent without one.
   */
  readonly converged?: boolean;
  /** True when every coalition was enumerated: φ are the exact Shapley values. */
  readonly exact: boolean;
  /** The seed used; pass it back as `seed` to repeat the run. */
  readonly seed: number;
  /**
   * True when the sampled coalitions did not determine φ uniquely (a singular
   * regression); φ is then the minimum-norm least-squares solution. Raise
   * `numSamples` when this happens.
   */
  readonly rankDeficient: boolean;
}

/**
 * Kernel SHAP over M binary features: exact when every coalition fits in the
 * budget, shap-compatible (and, by default, more accurate) when it samples.
 *
 * @packageDocumentation
 */
import { throwIfAborted } from '../errors.js';
import { callModel, checkedLength, readOutputs } from './kernel-shap-model.js';
import { resolveOptions } from './kernel-shap-options.js';
import { NormalEquations } from './kernel-shap-solver.js';
import { CoalitionCursor } from './kernel-shap-cursor.js';
import { planCoalitions, type KernelShapSampler } from './kernel-shap-sampler.js';
import { SeededRandom, drawSeed } from './random.js';

export type { KernelShapSampler } from './kernel-shap-sampler.js';

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
  /** Coalitions that will be evaluated in all (`numEvaluations` of the result). */
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
   * How coalitions are drawn beyond the fully enumerated sizes. `'paired'`
   * also pairs the middle size of an even M with its complement, which makes
   * games with at most pairwise interactions exact and lowers the error on
   * others; `'shap'` reproduces shap's schedule. See {@link KernelShapSampler}.
   * @default 'paired'
   */
  readonly sampler?: KernelShapSampler;
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
  readonly signal?: AbortSignal;
  /**
   * Called after every model call.
   * @default undefined (quiet)
   */
  readonly onProgress?: (event: KernelShapProgress) => void;
}

/** Result of {@link kernelShap}. All values are in link space. */
export interface KernelShapResult {
  /** φ per output and feature: `shapValues[output][feature]`. */
  readonly shapValues: Float64Array[];
  /** link(f(no feature present)) per output: the base of the explanation. */
  readonly expectedValue: Float64Array;
  /** link(f(all features present)) per output; Σ_j φ_j = fullValue − expectedValue. */
  readonly fullValue: Float64Array;
  /** Distinct coalitions the model evaluated, the empty and the full one included. */
  readonly numEvaluations: number;
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


/**
 * Explains a model over M binary features with Kernel SHAP.
 *
 * The empty and the full coalition are always evaluated and carry infinite
 * weight, so Σφ = fullValue − expectedValue up to rounding in every regime.
 * With `numSamples ≥ 2^M − 2` (the default for M ≤ 11) every coalition is
 * enumerated and φ are the exact Shapley values.
 *
 * @example
 * ```ts
 * import { kernelShap } from 'clarify-ts/explain';
 *
 * // Features are superpixels; a mask says which ones are kept.
 * const result = await kernelShap({
 *   numFeatures: segments,
 *   evaluate: async (masks) => Promise.all(masks.map((mask) => classify(render(mask)))),
 *   numSamples: 1000,
 *   seed: 7,
 * });
 * result.shapValues[classIndex]; // one value per superpixel
 * ```
 */
export async function kernelShap(options: KernelShapOptions): Promise<KernelShapResult> {
  const settings = resolveOptions(options);
  const { numFeatures: M, batchSize, signal } = settings;
  throwIfAborted(signal);
  const seed = settings.seed ?? drawSeed();
  const plan = planCoalitions(M, settings.numSamples, settings.sampler, () => new SeededRandom(seed));
  const total = plan.rows + 2;
  const cursor = new CoalitionCursor(plan);
  const half = plan.stride;

  // Per-batch bookkeeping, reused: each batch is folded in before the next is built.
  const maskCount = Math.min(batchSize, total);
  const batchIndices = new Int32Array(maskCount * Math.max(1, half));
  const batchSizes = new Int32Array(maskCount);
  const batchComplement = new Uint8Array(maskCount);
  const batchWeights = new Float64Array(maskCount);
  const batchGramWeights = new Float64Array(maskCount);
  // One buffer of mask views for all calls: allocating views per call cost a
  // tenth of the total time with a cheap model.
  const maskBuffer = new Uint8Array(maskCount * M);
  const maskViews = Array.from({ length: maskCount }, (_, r) => maskBuffer.subarray(r * M, (r + 1) * M));
  let outputs = 0;
  let linked = new Float64Array(0);
  let expectedValue = new Float64Array(0);
  let fullValue = new Float64Array(0);
  let equations: NormalEquations | null = null;
  let evaluated = 0;

  for (let call = 0; evaluated < total; call++) {
    throwIfAborted(signal);
    const first = evaluated;
    const count = Math.min(batchSize, total - first);
    const masks = count === maskCount ? maskViews : maskViews.slice(0, count);
    for (let r = 0; r < count; r++) {
      const index = first + r;
      if (index === 0 || index === 1) {
        masks[r].fill(index); // the empty, then the full coalition
        continue;
      }
      cursor.next();
      const size = cursor.size;
      batchSizes[r] = size;
      batchComplement[r] = cursor.complement ? 1 : 0;
      batchWeights[r] = cursor.weight;
      // A coalition and its complement share the u·uᵀ term of the Gram matrix: add it once, doubled.
      batchGramWeights[r] = cursor.complement ? 0 : cursor.followedByComplement ? 2 * cursor.weight : cursor.weight;
      const indices = cursor.indices;
      const at = r * half;
      for (let a = 0; a < size; a++) batchIndices[at + a] = indices[a];
      // Written through the shared buffer: faster than through the view, and than TypedArray#fill.
      const base = r * M;
      const absent = cursor.complement ? 1 : 0;
      for (let j = 0; j < M; j++) maskBuffer[base + j] = absent;
      const present = 1 - absent;
      for (let a = 0; a < size; a++) maskBuffer[base + indices[a]] = present;
    }

    const vectors = await callModel(settings.evaluate, masks, signal, call);
    throwIfAborted(signal);
    if (outputs === 0) {
      outputs = checkedLength(vectors, count, call, first, 0);
      linked = new Float64Array(maskCount * outputs);
      expectedValue = new Float64Array(outputs);
      fullValue = new Float64Array(outputs);
      equations = new NormalEquations(M, outputs);
    }
    readOutputs(vectors, count, outputs, call, first, settings.link, linked);

    for (let r = 0; r < count; r++) {
      const index = first + r;
      const offset = r * outputs;
      if (index === 0) for (let d = 0; d < outputs; d++) expectedValue[d] = linked[offset + d];
      else if (index === 1) for (let d = 0; d < outputs; d++) fullValue[d] = linked[offset + d];
      else {
        for (let d = 0; d < outputs; d++) linked[offset + d] -= expectedValue[d];
        (equations as NormalEquations).add(
          batchIndices,
          r * half,
          batchSizes[r],
          batchComplement[r] === 1,
          batchWeights[r],
          batchGramWeights[r],
          linked,
          offset,
        );
      }
    }
    evaluated += count;
    settings.onProgress?.({ evaluated, total });
  }

  const delta = new Float64Array(outputs);
  for (let d = 0; d < outputs; d++) delta[d] = fullValue[d] - expectedValue[d];
  const { phi, rankDeficient } = (equations as NormalEquations).solve(delta);
  return {
    shapValues: phi,
    expectedValue,
    fullValue,
    numEvaluations: total,
    exact: plan.exact,
    seed,
    rankDeficient,
  };
}

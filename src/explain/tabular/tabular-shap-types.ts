/**
 * The options and result of {@link explainTabularRecord}: a leaf module, so that the
 * engine and the tests can name them without importing the algorithm.
 *
 * @packageDocumentation
 */
import type { KernelShapProgress, KernelShapSampler } from '../shap/kernel-shap-types.js';
import type { TabularPredictor, TabularRow } from './tabular-predictor.js';

/** Options of {@link explainTabularRecord}. */
export interface TabularShapOptions {
  /** The record to explain: its feature values, label excluded. */
  readonly record: TabularRow;
  /**
   * The baseline (background) rows, at least one, each as wide as `record`: what "feature
   * absent" means (Clarify's `methods.shap.baseline`, or the rows {@link computeBaseline}
   * made). A coalition's value is the weighted mean of the model over these rows, with the
   * coalition's features taken from `record`.
   */
  readonly baseline: readonly TabularRow[];
  /**
   * One weight per baseline row, non-negative and not all 0; normalised to sum 1, as shap
   * does (`computeBaseline` returns cluster sizes here).
   * @default equal weights
   */
  readonly baselineWeights?: readonly number[] | undefined;
  /** The model; the only way out of the algorithm. */
  readonly predict: TabularPredictor;
  /**
   * Coalitions to evaluate besides the empty and the full one (Clarify's `num_samples`),
   * over the M features that vary; capped at 2^M − 2, where the result is exact.
   * @default 2 * M + 2048 (shap's `"auto"`)
   */
  readonly numSamples?: number | undefined;
  /**
   * Seed of the coalition draws, an integer from 0 to 2^53 − 1 (Clarify's `seed`). Use
   * {@link recordSeed} to give each record of a data set its own seed that does not depend
   * on how the data set was sharded.
   * @default a fresh random seed, returned in the result
   */
  readonly seed?: number | undefined;
  /**
   * Explain log(p / (1 − p)) of outputs that are probabilities (Clarify's `use_logit`).
   * As in shap, the logit is applied to the coalition's mean over the baseline, not to
   * each row's output.
   * @default false
   */
  readonly useLogit?: boolean | undefined;
  /**
   * How coalitions are drawn beyond the enumerated sizes; see `KernelShapSampler`.
   * @default 'leverage'
   */
  readonly sampler?: KernelShapSampler | undefined;
  /**
   * Stop sampling once every standard error is at most this (link units), `numSamples`
   * being the ceiling; see `KernelShapOptions.tolerance`.
   * @default undefined (all `numSamples` are evaluated)
   */
  readonly tolerance?: number | undefined;
  /**
   * A tolerance as a fraction of each output's |fullValue − expectedValue|; see `tolerance`.
   * @default undefined
   */
  readonly relativeTolerance?: number | undefined;
  /**
   * Most coalitions per `predict` call; a call carries 1 row for the full coalition and
   * one row per baseline row for every other. Changes neither the rows nor the result.
   * @default 64
   */
  readonly batchSize?: number | undefined;
  /**
   * Stops the work between model calls (the promise rejects with an `AbortError`); also
   * passed to `predict`.
   * @default undefined (not abortable)
   */
  readonly signal?: AbortSignal | undefined;
  /**
   * Called after every model call with the coalitions evaluated so far.
   * @default undefined (quiet)
   */
  readonly onProgress?: ((event: KernelShapProgress) => void) | undefined;
}

/** Result of {@link explainTabularRecord}. Values are in link space (log-odds with `useLogit`). */
export interface TabularShapExplanation {
  /** φ per output and feature: `shapValues[output][feature]`, every feature of the record (0 where it does not vary). */
  readonly shapValues: Float64Array[];
  /**
   * Standard error of each φ from the sampling of coalitions, `[output][feature]` like
   * `shapValues` (0 where a feature does not vary, and everywhere when `exact`); see
   * `KernelShapResult.standardErrors`.
   */
  readonly standardErrors: Float64Array[];
  /** link(weighted mean of f over the baseline rows) per output: the base of the explanation (Clarify's `expected_value`). */
  readonly expectedValue: number[];
  /** link(f(record)) per output; Σ_j φ_j = fullValue − expectedValue. */
  readonly fullValue: number[];
  /** The features that vary (differ from some baseline row), ascending: M = `varying.length`. */
  readonly varying: number[];
  /** Coalitions evaluated, the empty and the full one included (0 when no feature varies). */
  readonly numEvaluations: number;
  /** Rows sent to `predict`. */
  readonly modelRows: number;
  /** `predict` calls made. */
  readonly modelCalls: number;
  /** True when every coalition was enumerated: φ are the exact Shapley values of the value function. */
  readonly exact: boolean;
  /** The seed used; pass it back as `seed` to repeat the run. */
  readonly seed: number;
  /** True when the sampled coalitions did not determine φ uniquely (see `KernelShapResult`). */
  readonly rankDeficient: boolean;
  /** With a tolerance: whether every standard error came within it (see `KernelShapResult.converged`). */
  readonly converged?: boolean;
}

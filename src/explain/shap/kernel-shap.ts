/**
 * Kernel SHAP over M binary features: exact when every coalition fits in the
 * budget, shap-compatible (and, by default, more accurate) when it samples.
 *
 * @packageDocumentation
 */
import { throwIfAborted } from '../../errors.js';
import { guardedCall } from '../model/model-call.js';
import { SeededRandom, drawSeed } from '../numeric/random.js';
import { CoalitionBatch } from './kernel-shap-batch.js';
import { ErrorGroups, errorGroupCount, type StandardErrorMethod } from './kernel-shap-errors.js';
import { resolveOptions } from './kernel-shap-options.js';
import { checkedLength, readOutputs } from './kernel-shap-outputs.js';
import { planCoalitions } from './kernel-shap-sampler.js';
import { NormalEquations } from './kernel-shap-solver.js';
import type { KernelShapLink, KernelShapOptions, KernelShapResult } from './kernel-shap-types.js';

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
  return runKernelShap(options, 'jackknife');
}

/**
 * {@link kernelShap} with a choice of standard-error estimator (for the benchmark that
 * compares them; φ do not depend on it).
 *
 * @internal
 */
export async function runKernelShap(options: KernelShapOptions, errorMethod: StandardErrorMethod): Promise<KernelShapResult> {
  const settings = resolveOptions(options);
  const { numFeatures: M, batchSize, signal } = settings;
  throwIfAborted(signal);
  const seed = settings.seed ?? drawSeed();
  const plan = planCoalitions(M, settings.numSamples, settings.sampler, () => new SeededRandom(seed));
  const total = plan.rows + 2;
  const batch = new CoalitionBatch(plan, Math.min(batchSize, total));
  // Created once the first call shows how many outputs the model has.
  let regression: Regression | undefined;

  for (let call = 0, evaluated = 0; evaluated < total; call++) {
    throwIfAborted(signal);
    const first = evaluated;
    const count = Math.min(batchSize, total - first);
    const masks = batch.fill(first, count);
    const vectors = await guardedCall({ call }, signal, () => settings.evaluate(masks, signal));
    throwIfAborted(signal);
    regression ??= new Regression(M, checkedLength(vectors, count, call, first, 0), batch.capacity, settings.standardErrors ? plan.drawn.count : 0);
    regression.add(vectors, batch, first, count, call, settings.link);
    evaluated += count;
    settings.onProgress?.({ evaluated, total });
  }

  const solved = (regression as Regression).solve(errorMethod);
  const { phi, rankDeficient } = solved;
  const standardErrors = settings.standardErrors ? solved.standardErrors : [];
  return {
    shapValues: phi,
    standardErrors,
    expectedValue: (regression as Regression).expectedValue,
    fullValue: (regression as Regression).fullValue,
    numEvaluations: total,
    exact: plan.exact,
    seed,
    rankDeficient,
  };
}

/**
 * The regression's inputs, folded in batch by batch as the model's outputs come back:
 * link(f(∅)) and link(f(all)), and for every other coalition its output less
 * link(f(∅)), added to the normal equations with the coalition's weight.
 */
class Regression {
  /** link(f(no feature present)) per output. */
  readonly expectedValue: Float64Array;
  /** link(f(all features present)) per output. */
  readonly fullValue: Float64Array;
  /** link(output) of the current batch, `outputs` values per coalition. */
  private readonly linked: Float64Array;
  private readonly equations: NormalEquations;
  /** The drawn coalitions again, by group, for the standard errors. */
  private readonly errorGroups: ErrorGroups;

  constructor(
    numFeatures: number,
    private readonly outputs: number,
    capacity: number,
    drawnCount: number,
  ) {
    this.linked = new Float64Array(capacity * outputs);
    this.expectedValue = new Float64Array(outputs);
    this.fullValue = new Float64Array(outputs);
    this.equations = new NormalEquations(numFeatures, outputs);
    this.errorGroups = new ErrorGroups(numFeatures, outputs, errorGroupCount(numFeatures, outputs, drawnCount));
  }

  /** Checks a batch's outputs and folds them in; coalitions `first .. first + count − 1`. */
  add(
    vectors: ReadonlyArray<ArrayLike<number>>,
    batch: CoalitionBatch,
    first: number,
    count: number,
    call: number,
    link: KernelShapLink,
  ): void {
    const { outputs, linked, expectedValue, fullValue } = this;
    readOutputs(vectors, count, outputs, call, first, link, linked);
    for (let r = 0; r < count; r++) {
      const index = first + r;
      const offset = r * outputs;
      if (index === 0) for (let d = 0; d < outputs; d++) expectedValue[d] = linked[offset + d];
      else if (index === 1) for (let d = 0; d < outputs; d++) fullValue[d] = linked[offset + d];
      else {
        for (let d = 0; d < outputs; d++) linked[offset + d] -= expectedValue[d];
        const start = r * batch.stride;
        const complement = batch.complement[r] === 1;
        const weight = batch.weights[r];
        const gramWeight = batch.gramWeights[r];
        this.equations.add(batch.indices, start, batch.sizes[r], complement, weight, gramWeight, linked, offset);
        const drawnRow = batch.drawnRows[r];
        if (drawnRow >= 0 && this.errorGroups.count > 0) {
          const g = this.errorGroups.groupOf(drawnRow);
          this.errorGroups.groups[g].add(batch.indices, start, batch.sizes[r], complement, weight, gramWeight, linked, offset);
          this.errorGroups.weights[g] += weight;
        }
      }
    }
  }

  /** φ per output, constrained so that Σφ = fullValue − expectedValue, and their standard errors. */
  solve(errorMethod: StandardErrorMethod): { phi: Float64Array[]; rankDeficient: boolean; standardErrors: Float64Array[] } {
    const { outputs, expectedValue, fullValue } = this;
    const delta = new Float64Array(outputs);
    for (let d = 0; d < outputs; d++) delta[d] = fullValue[d] - expectedValue[d];
    const { phi, rankDeficient } = this.equations.solve(delta);
    const standardErrors = this.errorGroups.standardErrors(this.equations, delta, errorMethod);
    return { phi, rankDeficient, standardErrors };
  }
}

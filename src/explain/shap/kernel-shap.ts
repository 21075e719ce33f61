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
import type { StandardErrorMethod } from './kernel-shap-errors.js';
import { resolveOptions } from './kernel-shap-options.js';
import { checkedLength } from './kernel-shap-outputs.js';
import { Regression } from './kernel-shap-regression.js';
import { planCoalitions } from './kernel-shap-sampler.js';
import { runUntilConverged } from './kernel-shap-tolerance.js';
import type { KernelShapOptions, KernelShapResult } from './kernel-shap-types.js';

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
  if (settings.tolerance !== undefined || settings.relativeTolerance !== undefined) {
    return runUntilConverged(settings, plan, seed, errorMethod);
  }
  const total = plan.rows + 2;
  const batch = new CoalitionBatch(plan, Math.min(batchSize, total));
  // Created once the first call shows how many outputs the model has.
  let regression: Regression | undefined;
  // The standard errors' groups deal whole draw rounds for a stratified plan, else subsets.
  const units = settings.standardErrors ? (plan.strata ? plan.strata.rounds : plan.drawn.count) : 0;

  for (let call = 0, evaluated = 0; evaluated < total; call++) {
    throwIfAborted(signal);
    const first = evaluated;
    const count = Math.min(batchSize, total - first);
    const masks = batch.fill(first, count);
    const vectors = await guardedCall({ call }, signal, () => settings.evaluate(masks, signal));
    throwIfAborted(signal);
    regression ??= new Regression(M, checkedLength(vectors, count, call, first, 0), batch.capacity, units);
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


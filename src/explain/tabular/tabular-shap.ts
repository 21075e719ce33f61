/**
 * Kernel SHAP for one tabular record against baseline rows: shap's `KernelExplainer` with
 * the baseline as its background data, on the project's Kernel SHAP solver.
 *
 * @packageDocumentation
 */
import { ValidationError, throwIfAborted } from '../../errors.js';
import { guardedCall } from '../model/model-call.js';
import { drawSeed, validateSeed } from '../numeric/random.js';
import { kernelShap } from '../shap/kernel-shap.js';
import { readOutputs } from '../shap/kernel-shap-outputs.js';
import { checkTolerance } from '../shap/kernel-shap-options.js';
import { BackgroundGame } from './background-game.js';
import type { TabularRow } from './tabular-predictor.js';
import type { TabularShapExplanation, TabularShapOptions } from './tabular-shap-types.js';
import { checkRow, varyingFeatures } from './tabular-values.js';

/**
 * Explains one record of a tabular model with Kernel SHAP.
 *
 * The value of a coalition S is the weighted mean over the baseline rows b of
 * f(x_S ∪ b_¬S), with the link applied to that mean: exactly shap's `KernelExplainer`
 * given the baseline as its background data. Features whose value in the record is the
 * same as in every baseline row (numbers by NumPy's `isclose`, other values by `===`)
 * cannot change any coalition's value; as in shap they get φ = 0 and do not count in M.
 * With no varying feature every φ is 0; with one, it gets fullValue − expectedValue.
 *
 * Model calls are batched: each `predict` call carries the rows of up to `batchSize`
 * coalitions (one row per baseline row; one row, the record, for the full coalition).
 * Σφ = fullValue − expectedValue holds to rounding, sampled or exact.
 *
 * @example
 * ```ts
 * import { explainTabularRecord, type TabularRow } from 'clarify-ts/explain';
 *
 * // A model over [age, income, city] whose one output is a probability.
 * const predict = async (rows: readonly TabularRow[]) =>
 *   rows.map(([age, income, city]) => {
 *     const z = 0.03 * Number(age) + Number(income) / 1e5 - (city === 'Paris' ? 1 : 0);
 *     return [1 / (1 + Math.exp(-z))];
 *   });
 *
 * const { shapValues, expectedValue } = await explainTabularRecord({
 *   record: [42, 85000, 'Paris'],
 *   baseline: [[35, 50000, 'Lyon'], [50, 60000, 'Paris']],
 *   predict,
 *   numSamples: 500,
 *   seed: 7,
 * });
 * shapValues[0]; // φ of age, income and city for the one output
 * ```
 */
export async function explainTabularRecord(options: TabularShapOptions): Promise<TabularShapExplanation> {
  const { record, baseline, weights } = checkOptions(options);
  const { signal, predict } = options;
  throwIfAborted(signal);
  const varying = varyingFeatures(record, baseline);
  const link = options.useLogit === true ? 'logit' : 'identity';
  const P = record.length;
  const game = new BackgroundGame(record, baseline, weights, varying, predict);

  if (varying.length === 0) {
    // No coalition differs from another: φ = 0, and one call gives both ends.
    const [empty, full] = await guardedCall({ call: 0 }, signal, () => game.ends(signal));
    throwIfAborted(signal);
    const D = empty.length;
    const linked = new Float64Array(2 * D);
    readOutputs([empty, full], 2, D, 0, 0, link, linked);
    return {
      shapValues: Array.from({ length: D }, () => new Float64Array(P)),
      standardErrors: Array.from({ length: D }, () => new Float64Array(P)),
      expectedValue: Array.from(linked.subarray(0, D)),
      fullValue: Array.from(linked.subarray(D)),
      varying,
      numEvaluations: 0,
      modelRows: game.modelRows,
      modelCalls: game.modelCalls,
      exact: true,
      seed: options.seed ?? drawSeed(),
      rankDeficient: false,
      ...(options.tolerance !== undefined || options.relativeTolerance !== undefined ? { converged: true } : {}),
    };
  }

  const result = await kernelShap({
    numFeatures: varying.length,
    evaluate: (masks, s) => game.evaluate(masks, s),
    ...(options.numSamples !== undefined ? { numSamples: options.numSamples } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    ...(options.sampler !== undefined ? { sampler: options.sampler } : {}),
    ...(options.tolerance !== undefined ? { tolerance: options.tolerance } : {}),
    ...(options.relativeTolerance !== undefined ? { relativeTolerance: options.relativeTolerance } : {}),
    link,
    signal,
    onProgress: options.onProgress,
  });
  const spread = (perVarying: Float64Array): Float64Array => {
    const all = new Float64Array(P);
    for (let k = 0; k < varying.length; k++) all[varying[k]] = perVarying[k];
    return all;
  };
  return {
    shapValues: result.shapValues.map(spread),
    standardErrors: result.standardErrors.map(spread),
    expectedValue: Array.from(result.expectedValue),
    fullValue: Array.from(result.fullValue),
    varying,
    numEvaluations: result.numEvaluations,
    modelRows: game.modelRows,
    modelCalls: game.modelCalls,
    exact: result.exact,
    seed: result.seed,
    rankDeficient: result.rankDeficient,
    ...(result.converged !== undefined ? { converged: result.converged } : {}),
  };
}

/** Checks the record, the baseline and its weights (the rest is checked by `kernelShap`); weights normalised. */
function checkOptions(options: TabularShapOptions): { record: TabularRow; baseline: readonly TabularRow[]; weights: Float64Array } {
  if (options === null || typeof options !== 'object') {
    throw new ValidationError('options', options, 'an object { record, baseline, predict, ... }');
  }
  const { record, baseline, baselineWeights } = options;
  checkRow(record, undefined, 'record');
  if (!Array.isArray(baseline) || baseline.length === 0) {
    throw new ValidationError('baseline', baseline, 'a non-empty array of rows');
  }
  baseline.forEach((row, b) => checkRow(row, record.length, `baseline[${b}]`));
  // Also checked by kernelShap; here too, for a record with no varying feature never reaches it.
  checkTolerance('tolerance', options.tolerance);
  checkTolerance('relativeTolerance', options.relativeTolerance);
  if (typeof options.predict !== 'function') {
    throw new ValidationError('predict', options.predict, 'a function (rows, signal) => output vectors');
  }
  // Checked here too, for records with no varying feature, where kernelShap is not called
  // (kernelShap then checks numSamples against the record's M).
  if (options.seed !== undefined) validateSeed(options.seed, 'seed');
  for (const field of ['numSamples', 'batchSize'] as const) {
    const value = options[field];
    if (value !== undefined && (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1)) {
      throw new ValidationError(field, value, 'an integer >= 1');
    }
  }
  if (options.useLogit !== undefined && typeof options.useLogit !== 'boolean') {
    throw new ValidationError('useLogit', options.useLogit, 'true or false');
  }
  if (options.sampler !== undefined && options.sampler !== 'paired' && options.sampler !== 'shap' && options.sampler !== 'leverage') {
    throw new ValidationError('sampler', options.sampler, "'paired', 'shap' or 'leverage'");
  }
  const weights = new Float64Array(baseline.length);
  if (baselineWeights === undefined) {
    weights.fill(1 / baseline.length);
  } else {
    if (!Array.isArray(baselineWeights) || baselineWeights.length !== baseline.length) {
      throw new ValidationError('baselineWeights', baselineWeights, `an array of ${baseline.length} weights, one per baseline row`);
    }
    let total = 0;
    for (let b = 0; b < baselineWeights.length; b++) {
      const w: unknown = baselineWeights[b];
      if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
        throw new ValidationError(`baselineWeights[${b}]`, w, 'a finite number >= 0');
      }
      total += w;
    }
    if (!(total > 0)) throw new ValidationError('baselineWeights', baselineWeights, 'weights that are not all 0');
    for (let b = 0; b < weights.length; b++) weights[b] = baselineWeights[b] / total;
  }
  return { record, baseline, weights };
}

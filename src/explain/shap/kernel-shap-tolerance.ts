/**
 * Kernel SHAP that stops sampling once its standard errors are within a tolerance.
 *
 * The design is drawn for the ceiling (`numSamples`) with the `'leverage'` sampler,
 * whose drawn subsets are interleaved so that every prefix is a stratified sample in
 * about the final proportions. The model sees the enumerated bins, then the drawn
 * subsets in order; at checkpoints (a first share of the drawn subsets, then each
 * time they double) the regression is rebuilt from the outputs kept so far, with
 * each stratum's kernel mass shared among its subsets in the prefix, and solved with
 * standard errors. The run stops at the first checkpoint where every standard error
 * is within the tolerance, or at the ceiling, where the result is the one a run
 * without a tolerance gives (the same design, order and weights).
 *
 * Rebuilding at doubling checkpoints at most doubles the regression's work; no
 * coalition is evaluated twice.
 *
 * @internal
 */
import { throwIfAborted } from '../../errors.js';
import { guardedCall } from '../model/model-call.js';
import { CoalitionBatch } from './kernel-shap-batch.js';
import type { StandardErrorMethod } from './kernel-shap-errors.js';
import type { ResolvedOptions } from './kernel-shap-options.js';
import { checkedLength, readOutputs } from './kernel-shap-outputs.js';
import { Regression } from './kernel-shap-regression.js';
import type { CoalitionPlan } from './kernel-shap-sampler.js';
import { prefixStrata, prefixWeights } from './kernel-shap-stratified.js';
import type { KernelShapResult } from './kernel-shap-types.js';

/** The fewest drawn subsets before the first check: enough for the standard errors' 32 groups. */
const FIRST_CHECK = 32;

/** Runs `plan` until the standard errors are within the tolerance, or to its end. */
export async function runUntilConverged(
  settings: ResolvedOptions,
  plan: CoalitionPlan,
  seed: number,
  errorMethod: StandardErrorMethod,
): Promise<KernelShapResult> {
  const { numFeatures: M, batchSize, signal } = settings;
  const total = plan.rows + 2;
  const drawnCount = plan.drawn.count;
  const enumeratedEnd = total - 2 * drawnCount; // rows before the first drawn one
  const checkpoints = checkpointsFor(plan, enumeratedEnd);
  const finalWeights = plan.drawnWeights.slice();
  const batch = new CoalitionBatch(plan, Math.min(batchSize, total));
  let kept = new Float64Array(0);
  let outputs = 0;

  for (let call = 0, evaluated = 0, next = 0; ; ) {
    const stop = checkpoints[next];
    while (evaluated < stop) {
      throwIfAborted(signal);
      const first = evaluated;
      const count = Math.min(batchSize, stop - first);
      const masks = batch.fill(first, count);
      const vectors = await guardedCall({ call }, signal, () => settings.evaluate(masks, signal));
      throwIfAborted(signal);
      if (call === 0) {
        outputs = checkedLength(vectors, count, call, first, 0);
        kept = new Float64Array(total * outputs);
      }
      // Checked and linked now, kept linked: the replays read them with the identity link.
      readOutputs(vectors, count, outputs, call, first, settings.link, kept.subarray(first * outputs, (first + count) * outputs));
      call++;
      evaluated += count;
      settings.onProgress?.({ evaluated, total });
    }

    const prefix = (stop - enumeratedEnd) / 2;
    const last = stop === total;
    if (last) plan.drawnWeights.set(finalWeights);
    else if (plan.strata) prefixWeights(plan.strata, prefix, plan.drawnWeights);
    // A stratified plan's prefix deals its own rounds; at the end, the plan's (the same numbering).
    const replayed = plan.strata && !last ? { ...plan, strata: prefixStrata(plan.strata, prefix) } : plan;
    const units = replayed.strata ? replayed.strata.rounds : prefix;
    const regression = replay(replayed, M, outputs, kept, stop, Math.min(batchSize, total), units);
    const solved = regression.solve(errorMethod);
    const converged = withinTolerance(solved.standardErrors, regression, settings);
    if (converged || last) {
      plan.drawnWeights.set(finalWeights);
      return {
        shapValues: solved.phi,
        standardErrors: solved.standardErrors,
        expectedValue: regression.expectedValue,
        fullValue: regression.fullValue,
        numEvaluations: stop,
        exact: plan.exact,
        seed,
        rankDeficient: solved.rankDeficient,
        converged,
      };
    }
    next++;
  }
}

/**
 * Rows after which the tolerance is checked: the enumerated bins and the first
 * `FIRST_CHECK` drawn subsets (or one per stratum, if more), then each time the drawn
 * subsets double, and the end.
 */
function checkpointsFor(plan: CoalitionPlan, enumeratedEnd: number): number[] {
  const drawnCount = plan.drawn.count;
  const strata = plan.strata?.weights.length ?? 0;
  const points: number[] = [];
  for (let prefix = Math.max(FIRST_CHECK, strata); prefix < drawnCount; prefix *= 2) points.push(enumeratedEnd + 2 * prefix);
  points.push(plan.rows + 2);
  return points;
}

/** The regression over the first `rows` coalitions, from the outputs kept. */
function replay(
  plan: CoalitionPlan,
  M: number,
  outputs: number,
  kept: Float64Array,
  rows: number,
  capacity: number,
  dealingUnits: number,
): Regression {
  const batch = new CoalitionBatch(plan, capacity);
  const regression = new Regression(M, outputs, capacity, dealingUnits);
  const views: Float64Array[] = [];
  for (let first = 0, call = 0; first < rows; first += capacity, call++) {
    const count = Math.min(capacity, rows - first);
    batch.fill(first, count);
    views.length = count;
    for (let r = 0; r < count; r++) views[r] = kept.subarray((first + r) * outputs, (first + r + 1) * outputs);
    regression.add(views, batch, first, count, call, 'identity');
  }
  return regression;
}

/** Whether every standard error is within `tolerance + relativeTolerance · |fullValue − expectedValue|` of its output. */
function withinTolerance(errors: Float64Array[], regression: Regression, settings: ResolvedOptions): boolean {
  const absolute = settings.tolerance ?? 0;
  const relative = settings.relativeTolerance ?? 0;
  for (let d = 0; d < errors.length; d++) {
    const limit = absolute + relative * Math.abs(regression.fullValue[d] - regression.expectedValue[d]);
    for (const se of errors[d]) if (!(se <= limit)) return false;
  }
  return true;
}

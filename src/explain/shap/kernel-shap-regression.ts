/**
 * The regression of Kernel SHAP, fed batch by batch as the model's outputs come back.
 *
 * @internal
 */
import type { CoalitionBatch } from './kernel-shap-batch.js';
import { ErrorGroups, errorGroupCount, type StandardErrorMethod } from './kernel-shap-errors.js';
import { readOutputs } from './kernel-shap-outputs.js';
import { NormalEquations } from './kernel-shap-solver.js';
import type { KernelShapLink } from './kernel-shap-types.js';

/**
 * The regression's inputs, folded in batch by batch as the model's outputs come back:
 * link(f(∅)) and link(f(all)), and for every other coalition its output less
 * link(f(∅)), added to the normal equations with the coalition's weight.
 */
export class Regression {
  /** link(f(no feature present)) per output. */
  readonly expectedValue: Float64Array;
  /** link(f(all features present)) per output. */
  readonly fullValue: Float64Array;
  /** link(output) of the current batch, `outputs` values per coalition. */
  private readonly linked: Float64Array;
  private readonly equations: NormalEquations;
  /** The drawn coalitions again, by group, for the standard errors. */
  private readonly errorGroups: ErrorGroups;

  /**
   * @param dealingUnits - what the standard errors' groups are dealt (drawn subsets, or
   *   for a stratified plan its draw rounds) among the rows that will be added; 0 when no
   *   standard errors are wanted.
   */
  constructor(
    numFeatures: number,
    readonly outputs: number,
    capacity: number,
    dealingUnits: number,
  ) {
    this.linked = new Float64Array(capacity * outputs);
    this.expectedValue = new Float64Array(outputs);
    this.fullValue = new Float64Array(outputs);
    this.equations = new NormalEquations(numFeatures, outputs);
    this.errorGroups = new ErrorGroups(numFeatures, outputs, errorGroupCount(numFeatures, outputs, dealingUnits));
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

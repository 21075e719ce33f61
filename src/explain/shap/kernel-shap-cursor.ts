/**
 * Iteration over a Kernel SHAP coalition plan, one coalition at a time.
 *
 * @internal
 */
import type { CoalitionPlan, EnumeratedBin } from './kernel-shap-sampler.js';

/**
 * Walks a plan's coalitions in order. Each step exposes the coalition's
 * smaller side (`indices[0..size)`), whether the coalition is that side's
 * complement, and its weight. Enumerated bins are generated on the fly, so
 * full enumeration costs no memory per coalition.
 */
export class CoalitionCursor {
  /** Indices of the small side of the current coalition, ascending. */
  readonly indices: Int32Array;
  /** Number of valid entries in `indices`. */
  size = 0;
  /** True when the coalition is the complement of `indices`. */
  complement = false;
  /** Kernel weight of the current coalition. */
  weight = 0;
  /** True when the next coalition is this one's complement, with the same weight. */
  followedByComplement = false;
  /**
   * Where the current coalition's subset is dealt among the drawn ones (its index, or for a
   * stratified plan its `strata.dealt` place): what the standard errors group by; −1 for an enumerated bin.
   */
  drawnRow = -1;

  private readonly plan: CoalitionPlan;
  private binIndex = 0;
  private combination: Int32Array | null = null;
  private drawnIndex = 0;
  private pendingComplement = false;

  constructor(plan: CoalitionPlan) {
    this.plan = plan;
    this.indices = new Int32Array(Math.max(1, plan.stride));
  }

  /** Moves to the next coalition; false when the plan is exhausted. */
  next(): boolean {
    if (this.pendingComplement) {
      this.pendingComplement = false;
      this.followedByComplement = false;
      this.complement = true;
      return true;
    }
    this.complement = false;
    const { plan } = this;
    while (this.binIndex < plan.bins.length) {
      const bin = plan.bins[this.binIndex];
      if (this.advanceCombination(bin)) {
        this.size = bin.size;
        this.weight = bin.weight;
        const combination = this.combination as Int32Array;
        for (let a = 0; a < bin.size; a++) this.indices[a] = combination[a];
        this.pendingComplement = bin.withComplements;
        this.followedByComplement = bin.withComplements;
        this.drawnRow = -1;
        return true;
      }
      this.binIndex++;
      this.combination = null;
    }
    if (this.drawnIndex < plan.drawn.count) {
      const i = this.drawnIndex++;
      this.size = plan.drawn.read(i, this.indices);
      this.weight = plan.drawnWeights[i];
      this.pendingComplement = plan.drawnWithComplement[i] === 1;
      this.followedByComplement = this.pendingComplement;
      this.drawnRow = plan.strata ? plan.strata.dealt[i] : i;
      return true;
    }
    return false;
  }

  /** Lexicographic successor of the current combination (itertools order). */
  private advanceCombination(bin: EnumeratedBin): boolean {
    const M = this.plan.numFeatures;
    const s = bin.size;
    let c = this.combination;
    if (c === null) {
      c = new Int32Array(s);
      for (let i = 0; i < s; i++) c[i] = i;
      this.combination = c;
      return true;
    }
    let i = s - 1;
    while (i >= 0 && c[i] === M - s + i) i--;
    if (i < 0 || (bin.onlyWithFeature0 && i === 0)) return false;
    c[i]++;
    for (let j = i + 1; j < s; j++) c[j] = c[j - 1] + 1;
    return true;
  }
}

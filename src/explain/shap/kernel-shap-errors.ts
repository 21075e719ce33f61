/**
 * Standard errors of sampled Kernel SHAP, from the coalitions the sampler already
 * drew: no extra model call, and φ themselves untouched.
 *
 * The drawn subsets (each with its complement, when paired) are dealt round-robin
 * into K groups in draw order. A group's rows are accumulated in normal equations of
 * their own, beside the full ones. The estimate is then re-solved K more times:
 *
 * - `'jackknife'` (what `kernelShap` uses, chosen by measurement in
 *   bench/kernel-shap-errors; see docs/kernel-shap.md): without group g, the other
 *   groups' weights scaled up to the drawn mass W (by W / (W − W_g));
 *   se² = (K − 1)/K · Σ_g (φ₋g − φ̄)². Conservative at very small budgets.
 * - `'linearized-jackknife'`: the same deletions to first order, from one Cholesky
 *   factor of the full system; too small at small budgets (it misses the curvature).
 * - `'blend'`: √(se_jackknife · se_linearized), an empirical compromise.
 * - `'batch-means'`: group g alone, scaled to W, beside the enumerated bins;
 *   se² = Var_g(φ_g) / K. Far too small unless each group can solve the regression.
 *
 * The candidates other than the jackknife stay for the benchmark that compares them.
 *
 * The enumerated bins are deterministic and enter every re-solve unchanged, as do
 * v(∅), v(N) and the constraint; so does the last feature's φ through it.
 *
 * @internal
 */
import { NormalEquations, cholesky, choleskySolve } from './kernel-shap-solver.js';

/** How the standard errors are estimated from the groups. */
export type StandardErrorMethod = 'blend' | 'jackknife' | 'linearized-jackknife' | 'batch-means';

/** Groups of drawn subsets: 32 leave 31 degrees of freedom, so φ ± 1.96·se covers within 1% of 95%. */
export const ERROR_GROUPS = 32;

/** Doubles the group accumulators may hold together (64 MB); beyond it fewer groups are used. */
const MAX_GROUP_DOUBLES = 1 << 23;

/** At least this many groups, however large the problem (a jackknife over fewer is too noisy to use). */
const MIN_GROUPS = 8;

/**
 * The number of groups for a design with `drawnCount` drawn subsets: 0 when there is
 * nothing drawn (the result is deterministic), otherwise at most one group per subset.
 */
export function errorGroupCount(numFeatures: number, numOutputs: number, drawnCount: number): number {
  if (drawnCount === 0) return 0;
  const perGroup = NormalEquations.size(numFeatures, numOutputs);
  const byMemory = Math.max(MIN_GROUPS, Math.floor(MAX_GROUP_DOUBLES / perGroup));
  return Math.min(ERROR_GROUPS, byMemory, drawnCount);
}

/** The drawn rows' normal equations, one accumulator per group. */
export class ErrorGroups {
  readonly groups: NormalEquations[];
  /** Σ kernel weight of the rows in each group. */
  readonly weights: Float64Array;

  constructor(
    private readonly numFeatures: number,
    private readonly numOutputs: number,
    readonly count: number,
  ) {
    const size = NormalEquations.size(numFeatures, numOutputs);
    const storage = new Float64Array(count * size);
    this.groups = Array.from({ length: count }, (_, g) => new NormalEquations(numFeatures, numOutputs, storage.subarray(g * size, (g + 1) * size)));
    this.weights = new Float64Array(count);
  }

  /** The group of drawn subset `drawnRow`. */
  groupOf(drawnRow: number): number {
    return drawnRow % this.count;
  }

  /**
   * Standard error per output and feature, given the full design's equations.
   * Zeros when nothing was drawn; when a single subset was, the change dropping it makes.
   */
  standardErrors(full: NormalEquations, delta: Float64Array, method: StandardErrorMethod = 'jackknife'): Float64Array[] {
    const { numFeatures: M, numOutputs: D, count: K, groups } = this;
    const errors = Array.from({ length: D }, () => new Float64Array(M));
    if (K === 0) return errors;
    if (K === 1) {
      // One drawn subset leaves no spread to measure: report the change that dropping it
      // makes (φ from the enumerated bins alone), a bound rather than an estimate.
      const without = new NormalEquations(M, D);
      without.addScaled(full, 1);
      without.addScaled(groups[0], -1);
      const a = full.solve(delta).phi;
      const b = without.solve(delta).phi;
      for (let d = 0; d < D; d++) for (let j = 0; j < M; j++) errors[d][j] = Math.abs(a[d][j] - b[d][j]);
      return errors;
    }
    if (method === 'blend') {
      const jackknife = this.spread(full, delta, 'jackknife');
      const linearized = this.spread(full, delta, 'linearized-jackknife');
      for (let d = 0; d < D; d++) for (let j = 0; j < M; j++) errors[d][j] = Math.sqrt(jackknife[d][j] * linearized[d][j]);
      return errors;
    }
    return this.spread(full, delta, method);
  }

  /** The spread of the K re-solved estimates, as a standard error (K ≥ 2). */
  private spread(full: NormalEquations, delta: Float64Array, method: Exclude<StandardErrorMethod, 'blend'>): Float64Array[] {
    const { numFeatures: M, numOutputs: D, count: K, groups, weights } = this;
    const errors = Array.from({ length: D }, () => new Float64Array(M));
    // The drawn rows together; the enumerated bins are the full design less them.
    const drawn = new NormalEquations(M, D);
    let drawnWeight = 0;
    for (let g = 0; g < K; g++) {
      drawn.addScaled(groups[g], 1);
      drawnWeight += weights[g];
    }
    const estimates: Float64Array[][] = [];
    // Without a Cholesky factor (a rank-deficient design) the linearization falls back to re-solving.
    const linearized = method === 'linearized-jackknife' ? new LinearizedSolve(full, delta, M, D) : null;
    const equations = new NormalEquations(M, D);
    for (let g = 0; g < K; g++) {
      const scale = drawnWeight / (drawnWeight - weights[g]);
      if (linearized?.ready) {
        equations.assignCombination(0, full, scale - 1, drawn, -scale, groups[g]);
        estimates.push(linearized.change(equations));
      } else if (method !== 'batch-means') {
        equations.assignCombination(1, full, scale - 1, drawn, -scale, groups[g]);
        estimates.push(equations.solve(delta).phi);
      } else {
        equations.assignCombination(1, full, -1, drawn, drawnWeight / weights[g], groups[g]);
        estimates.push(equations.solve(delta).phi);
      }
    }
    const factor = method !== 'batch-means' ? (K - 1) / K : 1 / (K * (K - 1));
    for (let d = 0; d < D; d++) {
      for (let j = 0; j < M; j++) {
        let mean = 0;
        for (let g = 0; g < K; g++) mean += estimates[g][d][j];
        mean /= K;
        let squares = 0;
        for (let g = 0; g < K; g++) squares += (estimates[g][d][j] - mean) ** 2;
        errors[d][j] = Math.sqrt(factor * squares);
      }
    }
    return errors;
  }
}

/**
 * First-order change of φ when the accumulated sums change by dE: with the full
 * reduced system A·β = r, dβ = A⁻¹·(dr − dA·β), where (dA, dr) is dE's reduced
 * system (linear in the sums), and dφ_last = −Σ dβ.
 */
class LinearizedSolve {
  readonly ready: boolean;
  private readonly factor: Float64Array | null;
  private readonly beta: Float64Array;

  constructor(
    full: NormalEquations,
    private readonly delta: Float64Array,
    private readonly M: number,
    private readonly D: number,
  ) {
    const n = M - 1;
    if (M < 2) {
      this.factor = null;
      this.ready = false;
      this.beta = new Float64Array(0);
      return;
    }
    const { A, rhs } = full.reducedSystem(delta);
    this.factor = cholesky(A, n);
    this.ready = this.factor !== null;
    if (this.factor) for (let d = 0; d < D; d++) choleskySolve(this.factor, n, rhs.subarray(d * n, (d + 1) * n));
    this.beta = rhs;
  }

  change(equations: NormalEquations): Float64Array[] {
    const { M, D, beta } = this;
    const n = M - 1;
    const L = this.factor as Float64Array;
    const { A, rhs } = equations.reducedSystem(this.delta);
    const out = Array.from({ length: D }, () => new Float64Array(M));
    for (let d = 0; d < D; d++) {
      const r = rhs.subarray(d * n, (d + 1) * n);
      const b = beta.subarray(d * n, (d + 1) * n);
      for (let k = 0; k < n; k++) {
        let s = r[k];
        for (let j = 0; j < n; j++) s -= A[k * n + j] * b[j];
        r[k] = s;
      }
      choleskySolve(L, n, r);
      let sum = 0;
      for (let k = 0; k < n; k++) {
        out[d][k] = r[k];
        sum += r[k];
      }
      out[d][n] = -sum;
    }
    return out;
  }
}

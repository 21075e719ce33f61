/**
 * The constrained weighted least-squares step of Kernel SHAP, fed one
 * coalition at a time so that memory does not grow with the sample count.
 *
 * The problem, per output: minimise Σ w·(ŷ − zᵀφ)² subject to Σφ = Δ, where
 * ŷ = v(S) − v(∅) and Δ = v(N) − v(∅). As in shap, the last feature ℓ is
 * eliminated (φ_ℓ = Δ − Σ_{k<ℓ} φ_k), which leaves an unconstrained problem
 * in M − 1 unknowns with design X_k = z_k − z_ℓ and target ŷ − z_ℓ·Δ.
 *
 * Only the Gram matrix G = Σ w·z·zᵀ (shared by all outputs) and b = Σ w·z·ŷ
 * are accumulated; the normal equations XᵀWX and XᵀWy are read off them.
 * A coalition larger than M/2 is added through its complement u = 1 − z:
 * z·zᵀ = 11ᵀ − 1uᵀ − u1ᵀ + u·uᵀ, so every update touches at most (M/2)² cells,
 * and a coalition and its complement of equal weight add the same w·u·uᵀ,
 * which the caller may add once with twice the weight (`gramWeight`).
 *
 * @internal
 */

/** Normal equations of the Kernel SHAP regression, accumulated streaming. */
export class NormalEquations {
  private readonly M: number;
  private readonly D: number;
  /** Σ w·u·uᵀ over the small sides u, upper triangle, row-major M×M. */
  private readonly gram: Float64Array;
  /** Σ w over complement rows. */
  private complementWeight = 0;
  /** Σ w·u over complement rows. */
  private readonly complementVector: Float64Array;
  /** Σ w·z_k·ŷ_d, less the complement rows' Σ w·ŷ_d (kept apart in `complementTarget`). */
  private readonly target: Float64Array;
  /** Σ w·ŷ_d over complement rows. */
  private readonly complementTarget: Float64Array;

  /**
   * @param numFeatures - M ≥ 1.
   * @param numOutputs - D ≥ 1, model outputs per coalition.
   * @param storage - zeroed, {@link NormalEquations.size} doubles to hold the sums in
   *   (a slice of a larger buffer); a fresh one when absent.
   */
  constructor(numFeatures: number, numOutputs: number, storage?: Float64Array) {
    const M = numFeatures;
    const D = numOutputs;
    this.M = M;
    this.D = D;
    // Many accumulators (the standard errors' groups) share one zeroed buffer.
    const buffer = storage ?? new Float64Array(NormalEquations.size(M, D));
    this.gram = buffer.subarray(0, M * M);
    this.complementVector = buffer.subarray(M * M, M * M + M);
    this.target = buffer.subarray(M * M + M, M * M + M + M * D);
    this.complementTarget = buffer.subarray(M * M + M + M * D, M * M + M + M * D + D);
  }

  /** Doubles an accumulator holds: the length of the `storage` its constructor takes. */
  static size(numFeatures: number, numOutputs: number): number {
    return numFeatures * numFeatures + numFeatures + numFeatures * numOutputs + numOutputs;
  }

  /**
   * Adds one coalition.
   *
   * @param indices - holds the coalition's small side, ascending, at `start..start + size`.
   * @param complement - true when the coalition is everything except that side.
   * @param weight - its kernel weight.
   * @param gramWeight - the weight of its u·uᵀ term: `weight`, or 2·`weight`
   *   for a coalition whose complement follows with `gramWeight` 0.
   * @param y - ŷ per output, starting at `offset`.
   */
  add(
    indices: Int32Array,
    start: number,
    size: number,
    complement: boolean,
    weight: number,
    gramWeight: number,
    y: Float64Array,
    offset: number,
  ): void {
    const { M, D, gram, target } = this;
    const end = start + size;
    if (gramWeight !== 0) {
      for (let a = start; a < end; a++) {
        const row = indices[a] * M;
        for (let c = a; c < end; c++) gram[row + indices[c]] += gramWeight;
      }
    }
    if (complement) {
      this.complementWeight += weight;
      for (let a = start; a < end; a++) this.complementVector[indices[a]] += weight;
    }
    const sign = complement ? -1 : 1;
    for (let d = 0; d < D; d++) {
      const wy = weight * y[offset + d];
      if (complement) this.complementTarget[d] += wy;
      const signed = sign * wy;
      for (let a = start; a < end; a++) target[indices[a] * D + d] += signed;
    }
  }

  /**
   * Adds `factor` times another accumulator's sums (same M and D): the normal
   * equations of a reweighted design, for the standard errors.
   */
  addScaled(other: NormalEquations, factor: number): void {
    addScaledArray(this.gram, other.gram, factor);
    addScaledArray(this.complementVector, other.complementVector, factor);
    addScaledArray(this.target, other.target, factor);
    addScaledArray(this.complementTarget, other.complementTarget, factor);
    this.complementWeight += factor * other.complementWeight;
  }

  /** Sets the sums to a·A + b·B + c·C (accumulators of the same M and D), in one pass. */
  assignCombination(a: number, A: NormalEquations, b: number, B: NormalEquations, c: number, C: NormalEquations): void {
    combine(this.gram, a, A.gram, b, B.gram, c, C.gram);
    combine(this.complementVector, a, A.complementVector, b, B.complementVector, c, C.complementVector);
    combine(this.target, a, A.target, b, B.target, c, C.target);
    combine(this.complementTarget, a, A.complementTarget, b, B.complementTarget, c, C.complementTarget);
    this.complementWeight = a * A.complementWeight + b * B.complementWeight + c * C.complementWeight;
  }

  /**
   * Solves for φ given Δ per output.
   *
   * @returns φ per output (`[output][feature]`) and whether the normal matrix
   * was singular, in which case the minimum-norm least-squares solution is used.
   */
  solve(delta: Float64Array): { phi: Float64Array[]; rankDeficient: boolean } {
    const { M, D } = this;
    const phi = Array.from({ length: D }, () => new Float64Array(M));
    if (M === 1) {
      for (let d = 0; d < D; d++) phi[d][0] = delta[d];
      return { phi, rankDeficient: false };
    }
    const { A, rhs } = this.reducedSystem(delta);
    const n = M - 1;
    const l = M - 1;
    let rankDeficient = false;
    const factor = cholesky(A, n);
    if (factor !== null) {
      for (let d = 0; d < D; d++) choleskySolve(factor, n, rhs.subarray(d * n, (d + 1) * n));
    } else {
      rankDeficient = true;
      pseudoInverseSolve(A, n, rhs, D);
    }
    for (let d = 0; d < D; d++) {
      const beta = rhs.subarray(d * n, (d + 1) * n);
      let sum = 0;
      for (let k = 0; k < n; k++) {
        phi[d][k] = beta[k];
        sum += beta[k];
      }
      phi[d][l] = delta[d] - sum;
    }
    return { phi, rankDeficient };
  }

  /**
   * The normal equations after the last feature is eliminated: A (n×n, n = M − 1,
   * both triangles) and one right-hand side of length n per output. Both are linear
   * in the accumulated sums, for a fixed Δ. M ≥ 2.
   */
  reducedSystem(delta: Float64Array): { A: Float64Array; rhs: Float64Array } {
    const { M, D } = this;
    const G = this.fullGram();
    const n = M - 1;
    const l = M - 1;
    const A = new Float64Array(n * n);
    for (let k = 0; k < n; k++) {
      for (let j = k; j < n; j++) {
        const v = G[k * M + j] - G[k * M + l] - G[j * M + l] + G[l * M + l];
        A[k * n + j] = v;
        A[j * n + k] = v;
      }
    }
    const rhs = new Float64Array(n * D);
    for (let d = 0; d < D; d++) {
      const bl = this.targetAt(l, d);
      for (let k = 0; k < n; k++) {
        rhs[d * n + k] = this.targetAt(k, d) - bl - delta[d] * (G[k * M + l] - G[l * M + l]);
      }
    }
    return { A, rhs };
  }

  private targetAt(k: number, d: number): number {
    return this.target[k * this.D + d] + this.complementTarget[d];
  }

  /** G = Σ w·z·zᵀ, both triangles. */
  private fullGram(): Float64Array {
    const { M, gram, complementWeight: W, complementVector: v } = this;
    const G = new Float64Array(M * M);
    for (let i = 0; i < M; i++) {
      for (let j = i; j < M; j++) {
        const g = gram[i * M + j] + W - v[i] - v[j];
        G[i * M + j] = g;
        G[j * M + i] = g;
      }
    }
    return G;
  }
}

function combine(to: Float64Array, a: number, x: Float64Array, b: number, y: Float64Array, c: number, z: Float64Array): void {
  for (let i = 0; i < to.length; i++) to[i] = a * x[i] + b * y[i] + c * z[i];
}

function addScaledArray(to: Float64Array, from: Float64Array, factor: number): void {
  for (let i = 0; i < to.length; i++) to[i] += factor * from[i];
}

/**
 * Cholesky factor L (lower, row-major) of a symmetric matrix, or null when a
 * pivot is not clearly positive (≤ n·ε times the largest diagonal entry):
 * the matrix is then singular to working precision.
 */
export function cholesky(A: Float64Array, n: number): Float64Array | null {
  let maxDiagonal = 0;
  for (let i = 0; i < n; i++) maxDiagonal = Math.max(maxDiagonal, A[i * n + i]);
  const tolerance = n * Number.EPSILON * maxDiagonal;
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let pivot = A[j * n + j];
    for (let k = 0; k < j; k++) pivot -= L[j * n + k] * L[j * n + k];
    if (!(pivot > tolerance)) return null;
    const root = Math.sqrt(pivot);
    L[j * n + j] = root;
    for (let i = j + 1; i < n; i++) {
      let s = A[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = s / root;
    }
  }
  return L;
}

/** Solves L·Lᵀ·x = b in place. */
export function choleskySolve(L: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * n + k] * b[k];
    b[i] = s / L[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= L[k * n + i] * b[k];
    b[i] = s / L[i * n + i];
  }
}

/**
 * Minimum-norm solution of a singular symmetric positive semi-definite system,
 * by a cyclic Jacobi eigendecomposition A = V·Λ·Vᵀ and x = V·Λ⁺·Vᵀ·b. Since
 * A = XᵀWX, this equals the least-squares solution `lstsq` would give on the
 * √W-scaled rows. Eigenvalues below n·ε·λ_max are treated as zero: that is
 * the rounding level of eigenvalues computed from a normal matrix.
 * Overwrites `rhs` (D right-hand sides of length n, one after another).
 */
function pseudoInverseSolve(A: Float64Array, n: number, rhs: Float64Array, D: number): void {
  const a = Float64Array.from(A);
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const x = a[i * n + j] * a[i * n + j];
        total += x;
        if (i !== j) off += x;
      }
    }
    if (off <= Number.EPSILON * Number.EPSILON * total) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = V[k * n + p];
          const vkq = V[k * n + q];
          V[k * n + p] = c * vkp - s * vkq;
          V[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  let maxEigen = 0;
  for (let i = 0; i < n; i++) maxEigen = Math.max(maxEigen, Math.abs(a[i * n + i]));
  const cutoff = n * Number.EPSILON * maxEigen;
  const projected = new Float64Array(n);
  for (let d = 0; d < D; d++) {
    const b = rhs.subarray(d * n, (d + 1) * n);
    for (let e = 0; e < n; e++) {
      const lambda = a[e * n + e];
      let dot = 0;
      for (let k = 0; k < n; k++) dot += V[k * n + e] * b[k];
      projected[e] = lambda > cutoff ? dot / lambda : 0;
    }
    for (let k = 0; k < n; k++) {
      let x = 0;
      for (let e = 0; e < n; e++) x += V[k * n + e] * projected[e];
      b[k] = x;
    }
  }
}

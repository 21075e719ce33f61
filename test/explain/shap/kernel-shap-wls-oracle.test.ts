/**
 * mathjs as an independent solver of Kernel SHAP's regression (issue 26, item 16).
 *
 * Kernel SHAP is the constrained weighted least-squares problem
 *
 *   minimise  Σ_S w_S · (v(S) − v(∅) − z_Sᵀφ)²   subject to   Σφ = v(N) − v(∅),
 *
 * over the coalitions S the model was asked about. Here the problem is rebuilt
 * from the outside: the coalitions are the masks `evaluate` received (recorded
 * in the callback), the targets are what the model answered, and the weights
 * are the Shapley kernel (exact regime) or the sampler's design (sampled
 * regime, read from `planCoalitions`, the design kernelShap regresses on). It
 * is solved with mathjs as the KKT system
 *
 *   [ ZᵀWZ  1 ] [φ]   [ ZᵀWŷ ]
 *   [ 1ᵀ    0 ] [μ] = [  Δ   ]
 *
 * by LU with partial pivoting over the explicit design matrix. kernelShap
 * instead streams a Gram matrix (complements added through their small side),
 * eliminates the last feature and uses Cholesky: the two share no solver code,
 * so agreement checks the implementation's algebra, not one against itself.
 */
import { eigs, lup, lusolve, matrix, multiply, transpose, type Matrix } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { kernelShap } from '../../../src/explain/shap/kernel-shap.js';
import { planCoalitions } from '../../../src/explain/shap/kernel-shap-sampler.js';
import type { KernelShapLink, KernelShapSampler } from '../../../src/explain/shap/kernel-shap-types.js';
import { SeededRandom } from '../../../src/explain/numeric/random.js';
import { randomNonlinearGame } from '../../helpers/random-games.js';

type Game = (z: ArrayLike<number>) => number[];

/** An arbitrary game: an independent random value in [−2, 2] per coalition and output. */
function tableGame(M: number, outputs: number, seed: number): Game {
  const values = new Map<number, number[]>();
  const random = new SeededRandom(seed);
  return (z) => {
    let key = 0;
    for (let j = 0; j < M; j++) key = key * 2 + (z[j] ? 1 : 0);
    let v = values.get(key);
    if (v === undefined) {
      v = Array.from({ length: outputs }, () => 4 * random.nextFloat() - 2);
      values.set(key, v);
    }
    return v;
  };
}

/** A game of probabilities in (0.02, 0.98), for the logit link. */
function probabilityGame(M: number, seed: number): Game {
  const inner = randomNonlinearGame(M, 1, seed);
  return (z) => inner(z).map((v) => 0.02 + 0.96 / (1 + Math.exp(-v / 2)));
}

/** Runs kernelShap and records every mask the model saw, in order, with its answer. */
async function recorded(M: number, game: Game, numSamples: number, seed: number, sampler: KernelShapSampler, link: KernelShapLink = 'identity') {
  const masks: Uint8Array[] = [];
  const outputs: number[][] = [];
  const result = await kernelShap({
    numFeatures: M,
    numSamples,
    seed,
    sampler,
    link,
    batchSize: 37,
    evaluate: (batch) =>
      batch.map((mask) => {
        masks.push(Uint8Array.from(mask)); // the engine reuses mask buffers
        const v = game(mask);
        outputs.push(v);
        return v;
      }),
  });
  return { result, masks, outputs };
}

const key = (z: ArrayLike<number>) => Array.from(z).join('');
const size = (z: ArrayLike<number>) => Array.from(z).reduce((s, v) => s + v, 0);

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1);
  return c;
}

/** The Shapley kernel of a coalition of size s, from its textbook definition. */
const shapleyKernel = (M: number, s: number) => (M - 1) / (binomial(M, s) * s * (M - s));

/** Σ over all coalitions 1 ≤ |S| ≤ M − 1 of the Shapley kernel: the design's total weight when normalised to 1. */
function kernelMass(M: number): number {
  let sum = 0;
  for (let s = 1; s < M; s++) sum += binomial(M, s) * shapleyKernel(M, s);
  return sum;
}

/** Every s-subset of 0..M−1 (as 0/1 arrays), optionally only those holding feature 0. */
function subsets(M: number, s: number, onlyWithFeature0: boolean): number[][] {
  const out: number[][] = [];
  const walk = (start: number, chosen: number[]) => {
    if (chosen.length === s) {
      if (!onlyWithFeature0 || chosen[0] === 0) out.push(Array.from({ length: M }, (_, j) => (chosen.includes(j) ? 1 : 0)));
      return;
    }
    for (let j = start; j < M; j++) walk(j + 1, [...chosen, j]);
  };
  walk(0, []);
  return out;
}

/**
 * The weight of each coalition in the sampled regime, from the design
 * (`planCoalitions` with kernelShap's seed): enumerated bins carry their
 * kernel weight, drawn subsets the sampler's weight (repeated draws add
 * weight, not rows). Keyed by the mask as a 0/1 string.
 */
function designWeights(M: number, numSamples: number, sampler: KernelShapSampler, seed: number) {
  const plan = planCoalitions(M, numSamples, sampler, () => new SeededRandom(seed));
  const weights = new Map<string, number>();
  const enumerated = new Set<string>();
  const add = (z: number[], w: number, fromBin: boolean) => {
    const k = key(z);
    expect(weights.has(k)).toBe(false); // the design never lists a coalition twice
    weights.set(k, w);
    if (fromBin) enumerated.add(k);
  };
  for (const bin of plan.bins) {
    for (const z of subsets(M, bin.size, bin.onlyWithFeature0)) {
      add(z, bin.weight, true);
      if (bin.withComplements) add(z.map((v) => 1 - v), bin.weight, true);
    }
  }
  const indices = new Int32Array(M);
  for (let i = 0; i < plan.drawn.count; i++) {
    const n = plan.drawn.read(i, indices);
    const z = new Array<number>(M).fill(0);
    for (let a = 0; a < n; a++) z[indices[a]] = 1;
    add(z, plan.drawnWeights[i], false);
    if (plan.drawnWithComplement[i] === 1) add(z.map((v) => 1 - v), plan.drawnWeights[i], false);
  }
  return { weights, enumerated, rows: plan.rows, numBins: plan.bins.length, numDrawn: plan.drawn.count };
}

interface OracleSolution {
  /** φ per output. */
  phi: number[][];
  /** 2-norm condition number of the KKT matrix (ratio of extreme |eigenvalues|; it is symmetric). */
  condition: number;
}

/**
 * Solves the constrained WLS problem with mathjs: normal equations formed by
 * mathjs from the explicit design, bordered by the constraint, LU-solved.
 */
function mathjsWls(rows: Uint8Array[], weights: number[], targets: number[][], delta: number[]): OracleSolution {
  const M = rows[0].length;
  const Z = matrix(rows.map((z) => Array.from(z)));
  const WZ = matrix(rows.map((z, i) => Array.from(z, (v) => v * weights[i])));
  const normal = multiply(transpose(WZ), Z) as Matrix;
  const kkt: number[][] = [];
  for (let i = 0; i < M; i++) kkt.push([...(normal.valueOf() as number[][])[i], 1]);
  kkt.push([...new Array<number>(M).fill(1), 0]);
  const factors = lup(kkt);
  const phi = delta.map((d, o) => {
    const y = matrix(targets.map((t) => [t[o]]));
    const rhs = (multiply(transpose(WZ), y) as Matrix).valueOf() as number[][];
    const solution = lusolve(factors, [...rhs.map((r) => r[0]), d]) as Matrix;
    return (solution.valueOf() as number[][]).slice(0, M).map((r) => r[0]);
  });
  const values = (eigs(kkt, { eigenvectors: false }).values.valueOf() as number[]).map(Math.abs);
  return { phi, condition: Math.max(...values) / Math.min(...values) };
}

const logit = (p: number) => Math.log(p / (1 - p));

/**
 * Checks kernelShap's φ against the oracle's, within a tolerance, and the
 * run's shape: the empty and the full coalition first, then distinct ones.
 *
 * The tolerance is first-order perturbation theory, not a fudge factor. Both
 * sides are backward-stable solves of the same system from the same data,
 * each equivalent to solving it exactly after perturbing it by a relative δ of
 * a few rounding units; that moves the solution by at most about κ·δ relative
 * to its scale, κ being the KKT matrix's 2-norm condition number (computed
 * here by mathjs: 3 to 120 on these problems). δ = 8·(M + 1)·ε allows the
 * growth with the order M + 1 of LU and Cholesky backward errors (the Gram
 * sums, of non-negative terms, add only their own rounding); the scale is the
 * largest of |φ| and |Δ|, which the solution is built from. That makes the
 * tolerance 1e-13 to 1e-11 absolute; the measured gaps are 0 to 7e-14, at most
 * 7% of it, while a wrong design (uniform weights, one coalition left out)
 * moves φ by about 0.07, 10⁷ tolerances (checked below: 'would see a wrong design').
 */
function expectAgreement(
  M: number,
  run: Recorded,
  weightOf: (z: Uint8Array) => number,
  link: KernelShapLink = 'identity',
): void {
  const { masks, outputs, result } = run;
  expect(key(masks[0])).toBe('0'.repeat(M));
  expect(key(masks[1])).toBe('1'.repeat(M));
  const rows = masks.slice(2);
  expect(new Set(rows.map(key)).size).toBe(rows.length); // every coalition is asked about once
  const { gaps, delta, oracle } = compare(run, weightOf, link);
  gaps.forEach(({ gap, tolerance }) => expect(gap).toBeLessThanOrEqual(tolerance));
  oracle.phi.forEach((phi, o) => {
    // Efficiency holds in the oracle too, to rounding.
    expect(Math.abs(phi.reduce((s, p) => s + p, 0) - delta[o])).toBeLessThanOrEqual(1e-12 * M * Math.max(1, Math.abs(delta[o])));
  });
  const f = (v: number) => (link === 'logit' ? logit(v) : v);
  expect(result.expectedValue).toEqual(Float64Array.from(outputs[0], f));
  expect(result.fullValue).toEqual(Float64Array.from(outputs[1], f));
}

type Recorded = Awaited<ReturnType<typeof recorded>>;

/** The oracle's φ for the recorded run and its gap to kernelShap's, per output, with the tolerance. */
function compare(run: Recorded, weightOf: (z: Uint8Array) => number, link: KernelShapLink) {
  const { masks, outputs, result } = run;
  const M = masks[0].length;
  const f = (v: number) => (link === 'logit' ? logit(v) : v);
  const empty = outputs[0].map(f);
  const full = outputs[1].map(f);
  const rows = masks.slice(2);
  const targets = outputs.slice(2).map((v) => v.map((x, o) => f(x) - empty[o]));
  const delta = full.map((v, o) => v - empty[o]);
  const oracle = mathjsWls(rows, rows.map(weightOf), targets, delta);
  const gaps = oracle.phi.map((phi, o) => {
    const scale = Math.max(Math.abs(delta[o]), ...phi.map(Math.abs));
    return {
      gap: Math.max(...phi.map((p, j) => Math.abs(p - result.shapValues[o][j]))),
      tolerance: oracle.condition * 8 * (M + 1) * Number.EPSILON * scale,
    };
  });
  return { gaps, delta, oracle };
}

describe('kernelShap against a mathjs WLS oracle: exact regime (every coalition, Shapley-kernel weights)', { timeout: 30_000 }, () => {
  const cases: [number, string, number][] = [];
  for (let M = 2; M <= 10; M++) cases.push([M, 'table', 100 + M], [M, 'nonlinear', 200 + M]);

  it.each(cases)('M = %i, %s game', async (M, kind, seed) => {
    const game = kind === 'table' ? tableGame(M, 2, seed) : randomNonlinearGame(M, 3, seed);
    for (const sampler of ['paired', 'shap'] as const) {
      const run = await recorded(M, game, 2 ** M - 2 + (seed % 3), seed, sampler);
      expect(run.result.exact).toBe(true);
      expect(run.masks).toHaveLength(2 ** M); // all 2^M coalitions, the empty and the full one included
      // The weights come from the definition of the Shapley kernel, not from the implementation.
      expectAgreement(M, run, (z) => shapleyKernel(M, size(z)));
    }
  });

  it('agrees in logit space for a probability model', async () => {
    const M = 7;
    const run = await recorded(M, probabilityGame(M, 5), 2 ** M - 2, 5, 'paired', 'logit');
    expectAgreement(M, run, (z) => shapleyKernel(M, size(z)), 'logit');
  });
});

describe("kernelShap against a mathjs WLS oracle: sampled regime (the sampler's coalitions and weights)", { timeout: 30_000 }, () => {
  const cases: [number, number, KernelShapSampler, number][] = [
    [6, 20, 'paired', 1],
    [6, 21, 'shap', 2],
    [8, 60, 'paired', 3],
    [8, 61, 'shap', 4],
    [9, 100, 'paired', 5],
    [11, 1500, 'shap', 6], // most bins enumerated, the middle ones drawn
    [12, 200, 'paired', 7],
    [12, 333, 'shap', 8],
    [16, 300, 'paired', 9],
    [20, 400, 'paired', 10],
    [20, 401, 'shap', 11],
  ];
  const seen = { withBins: 0, withoutBins: 0, withRepeats: 0 };

  it.each(cases)('M = %i, numSamples %i, sampler %s, seed %i', async (M, numSamples, sampler, seed) => {
    for (const [kind, game] of [
      ['table', tableGame(M, 2, seed)],
      ['nonlinear', randomNonlinearGame(M, 2, seed)],
    ] as const) {
      const run = await recorded(M, game, numSamples, seed, sampler);
      expect(run.result.exact).toBe(false);
      expect(run.result.rankDeficient).toBe(false);
      const design = designWeights(M, numSamples, sampler, seed);
      // The model saw exactly the design's coalitions, each once.
      expect(run.masks.length - 2).toBe(design.rows);
      expect(new Set(run.masks.slice(2).map(key))).toEqual(new Set(design.weights.keys()));
      // What the design is made of: enumerated bins carry the normalised Shapley kernel, and the
      // drawn coalitions carry the remaining kernel mass, so all weights sum to 1.
      let total = 0;
      for (const [k, w] of design.weights) {
        total += w;
        if (design.enumerated.has(k)) {
          const s = [...k].filter((c) => c === '1').length;
          expect(Math.abs(w - shapleyKernel(M, s) / kernelMass(M))).toBeLessThanOrEqual(1e-15);
        }
      }
      expect(Math.abs(total - 1)).toBeLessThanOrEqual(1e-12);
      expectAgreement(M, run, (z) => design.weights.get(key(z)) as number);
      if (kind === 'table') {
        if (design.numBins > 0) seen.withBins++;
        else seen.withoutBins++;
        const drawnWeights = [...design.weights].filter(([k]) => !design.enumerated.has(k)).map(([, w]) => w);
        if (new Set(drawnWeights).size > 1) seen.withRepeats++;
      }
    }
  });

  it('would see a wrong design: uniform weights or one coalition dropped move φ far beyond the tolerance', async () => {
    const M = 12;
    const run = await recorded(M, randomNonlinearGame(M, 1, 7), 200, 7, 'paired');
    const design = designWeights(M, 200, 'paired', 7);
    const right = (z: Uint8Array) => design.weights.get(key(z)) as number;
    const uniform = compare(run, () => 1, 'identity').gaps[0];
    expect(uniform.gap).toBeGreaterThan(1e4 * uniform.tolerance);
    const dropped = key(run.masks[2]);
    const missing = compare(run, (z) => (key(z) === dropped ? 0 : right(z)), 'identity').gaps[0];
    expect(missing.gap).toBeGreaterThan(1e4 * missing.tolerance);
  });

  it('covered designs with and without enumerated bins, and with repeated draws', () => {
    // Runs after the cases above (vitest runs a file's tests in order).
    expect(seen.withBins).toBeGreaterThan(0);
    expect(seen.withoutBins).toBeGreaterThan(0);
    expect(seen.withRepeats).toBeGreaterThan(0);
  });
});

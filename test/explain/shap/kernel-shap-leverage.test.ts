/**
 * The `'leverage'` sampler (issue 30, item 4) and stopping at a tolerance (item 3):
 * the design keeps every bin's kernel mass, spends the budget, never repeats a
 * coalition, is exact where it must be, beats shap's schedule on a game with known
 * values, and a run with a tolerance stops early or, at its ceiling, gives the
 * untoleranced run's bytes.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { kernelShap } from '../../../src/explain/shap/kernel-shap.js';
import { planCoalitions } from '../../../src/explain/shap/kernel-shap-sampler.js';
import { SeededRandom } from '../../../src/explain/numeric/random.js';
import { randomNonlinearGame, randomPairwiseGame } from '../../helpers/random-games.js';
import { andThresholdGame, sparseNetGame } from '../../helpers/sampler-games.js';

const single = (f: (z: Uint8Array) => number) => (masks: readonly Uint8Array[]) => masks.map((z) => [f(z)]);

/** Shapley-kernel mass of subset size s (with its complement size) over all sizes, normalised. */
function kernelMass(M: number): number[] {
  const mass: number[] = [];
  for (let s = 1; s < M; s++) mass.push((M - 1) / (s * (M - s)));
  const sum = mass.reduce((a, b) => a + b, 0);
  return mass.map((m) => m / sum);
}

describe("the 'leverage' sampler", () => {
  it.each([
    [20, 500],
    [21, 777],
    [50, 2000],
  ])('M = %i, %i samples: every size keeps its kernel mass, the budget is spent, no coalition repeats', (M, n) => {
    const plan = planCoalitions(M, n, 'leverage', () => new SeededRandom(3));
    expect(plan.exact).toBe(false);
    // Budget: rows are whole pairs, so at most one slot stays open.
    expect(n - plan.rows).toBeGreaterThanOrEqual(0);
    expect(n - plan.rows).toBeLessThanOrEqual(1);
    // Mass per size: enumerated bins carry their weight per coalition, drawn ones their share.
    const perSize = new Array<number>(M).fill(0);
    for (const bin of plan.bins) {
      const binom = [...Array(bin.size).keys()].reduce((r, i) => (r * (M - i)) / (i + 1), 1);
      const listed = bin.onlyWithFeature0 ? binom / 2 : binom;
      perSize[bin.size] += listed * bin.weight;
      if (bin.withComplements) perSize[M - bin.size] += listed * bin.weight;
    }
    const members = new Int32Array(M);
    const seen = new Set<string>();
    for (let i = 0; i < plan.drawn.count; i++) {
      const size = plan.drawn.read(i, members);
      const key = Array.from(members.subarray(0, size)).join(',');
      expect(seen.has(key)).toBe(false);
      seen.add(key);
      expect(plan.drawnWithComplement[i]).toBe(1);
      perSize[size] += plan.drawnWeights[i];
      perSize[M - size] += plan.drawnWeights[i];
    }
    const expected = kernelMass(M);
    for (let s = 1; s < M; s++) {
      expect(perSize[s]).toBeCloseTo(expected[s - 1], 12);
    }
  });

  it('shares the drawn budget equally among subset sizes, each size as disjoint blocks of features', () => {
    const M = 60;
    const plan = planCoalitions(M, 1200, 'leverage', () => new SeededRandom(9));
    const perSize = new Map<number, number[][]>();
    const members = new Int32Array(M);
    for (let i = 0; i < plan.drawn.count; i++) {
      const size = plan.drawn.read(i, members);
      const list = perSize.get(size) ?? [];
      list.push(Array.from(members.subarray(0, size)));
      perSize.set(size, list);
    }
    const counts = [...perSize.entries()].filter(([s]) => 2 * s !== M).map(([, l]) => l.length);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    // Size 3: 20 disjoint blocks per permutation, so every feature appears equally often
    // within each run of 20 subsets.
    const three = perSize.get(3) ?? [];
    expect(three.length).toBeGreaterThanOrEqual(10);
    const appearances = new Array<number>(M).fill(0);
    for (const subset of three.slice(0, Math.min(20, three.length))) for (const j of subset) appearances[j]++;
    expect(Math.max(...appearances)).toBe(1);
  });

  it('gives finite standard errors at every small budget, however few draw rounds it holds', async () => {
    // A design whose drawn subsets all come from one or two permutation rounds once dealt
    // every subset to one group, and the jackknife divided by zero (found by a tabular run).
    for (let M = 3; M <= 14; M++) {
      const game = randomNonlinearGame(M, 1, M);
      for (let n = M + 2; n <= 4 * M && n < 2 ** M - 2; n++) {
        const r = await kernelShap({ numFeatures: M, evaluate: (masks) => masks.map(game), numSamples: n, seed: n });
        for (const se of r.standardErrors[0]) expect(Number.isFinite(se) && se >= 0, `M = ${M}, n = ${n}`).toBe(true);
        for (const phi of r.shapValues[0]) expect(Number.isFinite(phi)).toBe(true);
      }
    }
  });

  it('is exact on pairwise games at every budget', async () => {
    const game = randomPairwiseGame(24, 5);
    const exact = await kernelShap({ numFeatures: 24, evaluate: single((z) => game.game(z)), numSamples: 300, seed: 1 });
    for (let j = 0; j < 24; j++) expect(exact.shapValues[0][j]).toBeCloseTo(game.phi[j] as number, 10);
  });

  it("has lower error than shap's schedule on the 50-feature AND + threshold game (30 seeds, 1000 samples)", async () => {
    const game = andThresholdGame(50, 50);
    const norm = Math.hypot(...game.phi);
    const mean = async (sampler: 'leverage' | 'shap') => {
      let total = 0;
      for (let seed = 0; seed < 30; seed++) {
        const r = await kernelShap({ numFeatures: 50, evaluate: single(game.value), numSamples: 1000, seed, sampler, standardErrors: false });
        total += Math.hypot(...game.phi.map((p, j) => (r.shapValues[0][j] as number) - p)) / norm;
      }
      return total / 30;
    };
    // bench/kernel-shap-samplers: 0.75; the seeds are fixed, so this is a fixed number.
    expect((await mean('leverage')) / (await mean('shap'))).toBeLessThan(0.85);
  });
});

describe("the default sampler's bytes", () => {
  it('are pinned: φ and standard errors of three runs (digests of the code of 2026-12-07)', async () => {
    // A change here changes every sampled explanation: bump the digests only on purpose,
    // and say so in the changelog.
    const cases = [
      { M: 20, n: 500, seed: 1, batchSize: 64, digest: '425ac4b5ab6e0c71c16d238a28e272ab' },
      { M: 31, n: 1000, seed: 4, batchSize: 7, digest: 'fc35be79fd8e214d1e81da3a4b33d633' },
      { M: 8, n: 200, seed: 3, batchSize: 64, digest: '41a686e089ebfa43fbae3ec2e221bdf1' },
    ];
    for (const c of cases) {
      const game = randomNonlinearGame(c.M, 3, c.seed);
      const r = await kernelShap({ numFeatures: c.M, evaluate: (masks) => masks.map(game), numSamples: c.n, seed: c.seed, batchSize: c.batchSize });
      const hash = createHash('sha256');
      for (const phi of r.shapValues) hash.update(new Uint8Array(phi.buffer, phi.byteOffset, phi.byteLength));
      for (const se of r.standardErrors) hash.update(new Uint8Array(se.buffer, se.byteOffset, se.byteLength));
      expect(hash.digest('hex').slice(0, 32), JSON.stringify(c)).toBe(c.digest);
    }
  });
});

describe('kernelShap with a tolerance', () => {
  const game = sparseNetGame(40, 40);
  const evaluate = single(game.value);

  it('at its ceiling gives the bytes of the run without a tolerance, and says it did not converge', async () => {
    const plain = await kernelShap({ numFeatures: 40, evaluate, numSamples: 1500, seed: 2 });
    const capped = await kernelShap({ numFeatures: 40, evaluate, numSamples: 1500, seed: 2, tolerance: 1e-12 });
    expect(plain.converged).toBeUndefined();
    expect(capped.converged).toBe(false);
    expect(capped.numEvaluations).toBe(plain.numEvaluations);
    expect(Array.from(capped.shapValues[0])).toEqual(Array.from(plain.shapValues[0]));
    expect(Array.from(capped.standardErrors[0])).toEqual(Array.from(plain.standardErrors[0]));
  });

  it('stops once every standard error is within it, with fewer evaluations and honest errors', async () => {
    const full = await kernelShap({ numFeatures: 40, evaluate, numSamples: 4000, seed: 2 });
    const tolerance = 3 * Math.max(...full.standardErrors[0]);
    let calls = 0;
    const r = await kernelShap({
      numFeatures: 40,
      evaluate: (masks) => {
        calls += masks.length;
        return evaluate(masks);
      },
      numSamples: 4000,
      seed: 2,
      tolerance,
    });
    expect(r.converged).toBe(true);
    expect(r.numEvaluations).toBeLessThan(full.numEvaluations);
    expect(calls).toBe(r.numEvaluations);
    for (const se of r.standardErrors[0]) expect(se).toBeLessThanOrEqual(tolerance);
    // Σφ still holds exactly (up to rounding) at the early stop.
    const sum = r.shapValues[0].reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo((r.fullValue[0] as number) - (r.expectedValue[0] as number), 10);
  });

  it('takes a relative tolerance, as a fraction of |fullValue − expectedValue|', async () => {
    const r = await kernelShap({ numFeatures: 40, evaluate, numSamples: 4000, seed: 2, relativeTolerance: 0.5 });
    const limit = 0.5 * Math.abs((r.fullValue[0] as number) - (r.expectedValue[0] as number));
    expect(r.converged).toBe(true);
    for (const se of r.standardErrors[0]) expect(se).toBeLessThanOrEqual(limit);
  });

  it('is exact and converged at once when every coalition fits', async () => {
    const r = await kernelShap({ numFeatures: 8, evaluate: single((z) => z[0] * z[1] * z[2]), numSamples: 1000, seed: 1, tolerance: 1e-9 });
    expect(r.exact).toBe(true);
    expect(r.converged).toBe(true);
  });

  it('is refused with a clear error for other samplers, without standard errors, or when not a positive number', async () => {
    await expect(kernelShap({ numFeatures: 40, evaluate, tolerance: 0.1, sampler: 'paired' })).rejects.toMatchObject({ field: 'sampler' });
    await expect(kernelShap({ numFeatures: 40, evaluate, tolerance: 0.1, standardErrors: false })).rejects.toMatchObject({ field: 'standardErrors' });
    await expect(kernelShap({ numFeatures: 40, evaluate, tolerance: 0 })).rejects.toMatchObject({ field: 'tolerance' });
    await expect(kernelShap({ numFeatures: 40, evaluate, relativeTolerance: Number.NaN })).rejects.toMatchObject({ field: 'relativeTolerance' });
  });
});

/**
 * Kernel SHAP's standard errors (issue 30, items 1–2): zeros where nothing is drawn,
 * rounding-level where the regression is exact whatever the draw, a √n law where it is
 * not, coverage on a game with known values, and φ unchanged to the bit by adding them.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { kernelShap, runKernelShap } from '../../../src/explain/shap/kernel-shap.js';
import { planCoalitions } from '../../../src/explain/shap/kernel-shap-sampler.js';
import type { KernelShapSampler } from '../../../src/explain/shap/kernel-shap-types.js';
import { SeededRandom } from '../../../src/explain/numeric/random.js';
import { randomNonlinearGame, randomPairwiseGame } from '../../helpers/random-games.js';
import { evaluateGame, groupGame } from '../../helpers/shap-game.js';

const model = (f: (z: Uint8Array) => number[]) => (masks: readonly Uint8Array[]) => masks.map(f);

/** Rows the random phase gave the model (a drawn subset and its complement are two). */
function drawnRows(M: number, numSamples: number, sampler: KernelShapSampler): number {
  const plan = planCoalitions(M, numSamples, sampler, () => new SeededRandom(1));
  let rows = 0;
  for (let i = 0; i < plan.drawn.count; i++) rows += plan.drawnWithComplement[i] === 1 ? 2 : 1;
  return rows;
}

describe('kernelShap standard errors', () => {
  it('are zeros in the exact regime, for every output', async () => {
    const game = randomNonlinearGame(9, 3, 1);
    const result = await kernelShap({ numFeatures: 9, evaluate: model(game), numSamples: 510, seed: 1 });
    expect(result.exact).toBe(true);
    expect(result.standardErrors).toHaveLength(3);
    for (const row of result.standardErrors) expect(Array.from(row)).toEqual(new Array(9).fill(0));
  });

  it('are at rounding level where any paired design is solved exactly (pairwise game), and positive elsewhere', async () => {
    const { game } = randomPairwiseGame(20, 3);
    const pairwise = await kernelShap({ numFeatures: 20, evaluate: model((z) => [game(z)]), numSamples: 500, seed: 4 });
    expect(pairwise.exact).toBe(false);
    for (const se of pairwise.standardErrors[0]) expect(se).toBeLessThan(1e-12);
    const nonlinear = await kernelShap({ numFeatures: 20, evaluate: model(randomNonlinearGame(20, 1, 3)), numSamples: 500, seed: 4 });
    for (const se of nonlinear.standardErrors[0]) expect(se).toBeGreaterThan(1e-4);
  });

  it('shrink as 1/√n: the ratio from 500 to 2000 samples is √(drawn rows ratio) within the small-budget inflation', async () => {
    // A pairwise game under shap's schedule: its only error is the unpaired middle size, so
    // the errors come from the draws alone. The enumerated bins are the same at both budgets
    // (size 1 only), so the √n law applies to the drawn rows: √(1920 / 420) = 2.14 at M = 40.
    const M = 40;
    const { game } = randomPairwiseGame(M, 7);
    const meanSe = async (numSamples: number) => {
      let sum = 0;
      for (let seed = 0; seed < 10; seed++) {
        const r = await kernelShap({ numFeatures: M, evaluate: model((z) => [game(z)]), numSamples, seed, sampler: 'shap' });
        for (const se of r.standardErrors[0]) sum += se;
      }
      return sum / (10 * M);
    };
    const expected = (lo: number, hi: number) => Math.sqrt(drawnRows(M, hi, 'shap') / drawnRows(M, lo, 'shap'));
    const ratio500 = (await meanSe(500)) / (await meanSe(2000));
    const ratio1000 = (await meanSe(1000)) / (await meanSe(4000));
    // Measured: 2.41 against 2.14 at 500 → 2000, 2.15 against 2.06 at 1000 → 4000. The
    // estimate is a regression, not a mean: at small budgets the jackknife also sees its
    // curvature and overstates the error a little (bench/kernel-shap-errors: rms se / rms
    // error 1.19 at 500 samples, 1.02 at 2000, M = 50), which fades as n grows. Averaging
    // 400 (feature, seed) values leaves about 2% noise on each mean.
    expect(ratio500 / expected(500, 2000)).toBeGreaterThan(0.95);
    expect(ratio500 / expected(500, 2000)).toBeLessThan(1.25);
    expect(ratio1000 / expected(1000, 4000)).toBeGreaterThan(0.95);
    expect(ratio1000 / expected(1000, 4000)).toBeLessThan(1.1);
  });

  it("cover the true values about 95% of the time with the 'paired' sampler (M = 20 and 50, 2000 samples, 30 seeds)", async () => {
    for (const M of [20, 50]) {
      const { game, phi } = groupGame(M, M);
      let covered = 0;
      let pairs = 0;
      for (let seed = 0; seed < 30; seed++) {
        const r = await kernelShap({ numFeatures: M, evaluate: model((z) => [evaluateGame(game, z)]), numSamples: 2000, seed, sampler: 'paired' });
        for (let j = 0; j < M; j++) {
          if (Math.abs(r.shapValues[0][j] - (phi[j] as number)) <= 1.96 * (r.standardErrors[0][j] as number)) covered++;
          pairs++;
        }
      }
      // 600 or 1500 pairs, correlated within a run: ±3% is about two standard errors.
      expect(covered / pairs).toBeGreaterThan(0.92);
      expect(covered / pairs).toBeLessThan(0.98);
    }
  });

  it("cover the true values at least 93% of the time with the default 'leverage' sampler, conservatively (M = 20 and 50)", async () => {
    // The jackknife does not see the stratified, balanced design, so it overstates the
    // error (bench/kernel-shap-errors: coverage 93.5–100%); it must never understate it.
    for (const M of [20, 50]) {
      const { game, phi } = groupGame(M, M);
      let covered = 0;
      let pairs = 0;
      for (let seed = 0; seed < 30; seed++) {
        const r = await kernelShap({ numFeatures: M, evaluate: model((z) => [evaluateGame(game, z)]), numSamples: 2000, seed });
        for (let j = 0; j < M; j++) {
          if (Math.abs(r.shapValues[0][j] - (phi[j] as number)) <= 1.96 * (r.standardErrors[0][j] as number)) covered++;
          pairs++;
        }
      }
      expect(covered / pairs).toBeGreaterThan(0.92);
    }
  });

  it('do not change φ: the same bytes as before standard errors existed, whatever the estimator', async () => {
    // Digests of φ computed by the code before this change (git HEAD of 2026-12-07).
    const cases = [
      { M: 20, n: 500, seed: 1, sampler: 'paired', batchSize: 64, digest: '8a06c33e706d1071d68fc44400f768d8' },
      { M: 20, n: 301, seed: 2, sampler: 'shap', batchSize: 64, digest: 'bae5ea9f9c7c99dd3057a34663e728d3' },
      { M: 8, n: 2048, seed: 3, sampler: 'paired', batchSize: 64, digest: '4e4eabaa16854548aad513e2570096a7' },
      { M: 31, n: 1000, seed: 4, sampler: 'paired', batchSize: 7, digest: '9376760b07006c1514b19b78d62c4d07' },
    ] as const;
    for (const c of cases) {
      const game = randomNonlinearGame(c.M, 3, c.seed);
      for (const method of ['jackknife', 'linearized-jackknife', 'batch-means'] as const) {
        const r = await runKernelShap({ numFeatures: c.M, evaluate: model(game), numSamples: c.n, seed: c.seed, sampler: c.sampler, batchSize: c.batchSize }, method);
        const hash = createHash('sha256');
        for (const phi of r.shapValues) hash.update(new Uint8Array(phi.buffer, phi.byteOffset, phi.byteLength));
        expect(hash.digest('hex').slice(0, 32), `${JSON.stringify(c)} ${method}`).toBe(c.digest);
      }
    }
    const { game } = groupGame(50, 50);
    const r = await kernelShap({ numFeatures: 50, evaluate: model((z) => [evaluateGame(game, z)]), numSamples: 2000, seed: 5, sampler: 'paired' });
    const hash = createHash('sha256');
    hash.update(new Uint8Array((r.shapValues[0] as Float64Array).buffer));
    expect(hash.digest('hex').slice(0, 32)).toBe('d4be17d048458900526bb7192d551f46');
  });

  it('are skipped with standardErrors: false (an empty list), φ unchanged; a non-boolean is refused', async () => {
    const game = randomNonlinearGame(20, 2, 5);
    const on = await kernelShap({ numFeatures: 20, evaluate: model(game), numSamples: 300, seed: 5 });
    const off = await kernelShap({ numFeatures: 20, evaluate: model(game), numSamples: 300, seed: 5, standardErrors: false });
    expect(off.standardErrors).toEqual([]);
    expect(off.shapValues).toEqual(on.shapValues);
    await expect(kernelShap({ numFeatures: 20, evaluate: model(game), standardErrors: 'yes' as never })).rejects.toMatchObject({ field: 'standardErrors' });
  });

  it('do not depend on batchSize', async () => {
    const game = randomNonlinearGame(25, 2, 9);
    const a = await kernelShap({ numFeatures: 25, evaluate: model(game), numSamples: 700, seed: 9, batchSize: 64 });
    const b = await kernelShap({ numFeatures: 25, evaluate: model(game), numSamples: 700, seed: 9, batchSize: 5 });
    expect(b.standardErrors).toEqual(a.standardErrors);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kernelShap } from '../../../src/explain/shap/kernel-shap.js';
import type { KernelShapSampler } from '../../../src/explain/shap/kernel-shap-types.js';
import { exactShapley } from '../../../src/explain/shap/shapley-exact.js';
import { evaluateGame, gameModel, type FixtureGame } from '../../helpers/shap-game.js';
import { maxAbs, randomNonlinearGame, randomPairwiseGame } from '../../helpers/random-games.js';
import { exactly } from '../../helpers/cases.js';

interface ExactCase {
  id: string;
  M: number;
  game: FixtureGame;
  oracle_phi: number[];
  expected_value: number;
  f_x: number;
  shap: { l1_reg_false: { phi: number[] } };
}
const exactFixture = JSON.parse(readFileSync(new URL('../../fixtures/shap/exact.json', import.meta.url), 'utf8')) as {
  cases: ExactCase[];
};

const batchOf = (f: (z: ArrayLike<number>) => number[]) => (masks: readonly Uint8Array[]) => masks.map(f);
const scalarBatch = (f: (z: ArrayLike<number>) => number) => (masks: readonly Uint8Array[]) => masks.map((z) => [f(z)]);
const sum = (values: ArrayLike<number>) => {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
};

describe('kernelShap: exact regime (every coalition enumerated)', () => {
  it.each(Array.from({ length: 11 }, (_, i) => i + 1))(
    'equals brute-force Shapley values on a random non-linear game with 3 outputs, M = %i',
    async (M) => {
      const game = randomNonlinearGame(M, 3, 1000 + M);
      const result = await kernelShap({ numFeatures: M, evaluate: batchOf(game) });
      const oracle = exactShapley({ numFeatures: M, game });
      expect(result.exact).toBe(true);
      expect(result.numEvaluations).toBe(2 ** M);
      for (let d = 0; d < 3; d++) {
        const scale = maxAbs(oracle.shapValues[d]);
        for (let i = 0; i < M; i++) {
          expect(Math.abs(result.shapValues[d][i] - oracle.shapValues[d][i])).toBeLessThanOrEqual(1e-10 * scale);
        }
        expect(result.expectedValue[d]).toBe(oracle.expectedValue[d]);
        expect(result.fullValue[d]).toBe(oracle.fullValue[d]);
      }
    },
  );

  it.each(exactly(12, exactFixture.cases, 'shap exact fixture cases').map((c) => [c.id, c] as const))(
    "matches the real shap library's φ and the oracle within 1e-9: %s",
    async (_id, c) => {
      for (const sampler of ['paired', 'shap'] as const) {
        const result = await kernelShap({ numFeatures: c.M, evaluate: gameModel(c.game), sampler });
        expect(result.exact).toBe(true);
        expect(result.expectedValue[0]).toBe(c.expected_value);
        for (let i = 0; i < c.M; i++) {
          expect(Math.abs(result.shapValues[0][i] - c.shap.l1_reg_false.phi[i])).toBeLessThan(1e-9);
          expect(Math.abs(result.shapValues[0][i] - c.oracle_phi[i])).toBeLessThan(1e-9);
        }
      }
    },
  );

  it('gives φ = 0 to a feature the game ignores and equal φ to symmetric features', async () => {
    // Features 1 and 3 enter symmetrically; feature 4 is ignored.
    const game = (z: ArrayLike<number>) =>
      Math.sin(z[0] + z[1] + z[3]) + 2 * z[1] * z[3] * z[2] + 0.5 * z[0] * z[5] + z[1] * z[5] + z[3] * z[5];
    const result = await kernelShap({ numFeatures: 6, evaluate: scalarBatch(game) });
    const phi = result.shapValues[0];
    expect(Math.abs(phi[4])).toBeLessThan(1e-13);
    expect(Math.abs(phi[1] - phi[3])).toBeLessThan(1e-13);
    expect(Math.abs(phi[1])).toBeGreaterThan(0.1);
  });

  it('caps numSamples at 2^M − 2 and draws no random numbers there', async () => {
    const game = randomNonlinearGame(5, 1, 5);
    const a = await kernelShap({ numFeatures: 5, evaluate: batchOf(game), numSamples: 10_000, seed: 1 });
    const b = await kernelShap({ numFeatures: 5, evaluate: batchOf(game), numSamples: 30, seed: 2 });
    expect(a.numEvaluations).toBe(32);
    expect(a.exact && b.exact).toBe(true);
    expect(a.shapValues).toEqual(b.shapValues);
  });

  it('gives Δ to the only feature when M = 1', async () => {
    const result = await kernelShap({ numFeatures: 1, evaluate: scalarBatch((z) => 3 + 4 * z[0]) });
    expect(Array.from(result.shapValues[0])).toEqual([4]);
    expect(result.numEvaluations).toBe(2);
  });

  it("explains log-odds with link 'logit': the exact Shapley values of logit(f)", async () => {
    const logistic = (z: ArrayLike<number>) => 1 / (1 + Math.exp(-(0.8 * z[0] - 1.2 * z[1] + 2 * z[2] * z[3] - 0.4)));
    const result = await kernelShap({ numFeatures: 4, evaluate: scalarBatch(logistic), link: 'logit' });
    const logit = (p: number) => Math.log(p / (1 - p));
    const oracle = exactShapley({ numFeatures: 4, game: (z) => [logit(logistic(z))] });
    for (let i = 0; i < 4; i++) expect(result.shapValues[0][i]).toBeCloseTo(oracle.shapValues[0][i], 12);
    expect(result.expectedValue[0]).toBeCloseTo(-0.4, 12);
  });
});

describe('kernelShap: sampled regime', () => {
  it.each([20, 50, 100])('keeps efficiency Σφ = f(all) − f(none) within M·1e-10 at M = %i', async (M) => {
    const game = randomNonlinearGame(M, 2, 77 + M);
    for (const sampler of ['paired', 'shap'] as const) {
      const result = await kernelShap({ numFeatures: M, evaluate: batchOf(game), numSamples: 2 * M + 60, seed: 5, sampler });
      expect(result.exact).toBe(false);
      for (let d = 0; d < 2; d++) {
        const delta = result.fullValue[d] - result.expectedValue[d];
        expect(Math.abs(sum(result.shapValues[d]) - delta)).toBeLessThanOrEqual(M * 1e-10);
      }
    }
  });

  it.each([20, 50])('recovers an additive game exactly (φ = coefficients) at M = %i', async (M) => {
    const coefficients = Array.from({ length: M }, (_, i) => Math.sin(i + 1) * 2);
    const game = (z: ArrayLike<number>) => 0.7 + coefficients.reduce((s, a, i) => s + a * z[i], 0);
    for (const sampler of ['paired', 'shap'] as const) {
      for (const numSamples of [2 * M + 2, 3 * M + 1, 500]) {
        const result = await kernelShap({ numFeatures: M, evaluate: scalarBatch(game), numSamples, seed: 9, sampler });
        expect(result.rankDeficient).toBe(false);
        for (let i = 0; i < M; i++) expect(Math.abs(result.shapValues[0][i] - coefficients[i])).toBeLessThan(1e-10);
      }
    }
  });

  it('flags a budget too small to determine φ and still keeps efficiency', async () => {
    // A coalition and its complement give one regression direction, so M + 2
    // coalitions (the minimum) leave about M/2 directions for M − 1 unknowns.
    const M = 30;
    const game = randomNonlinearGame(M, 1, 3);
    const result = await kernelShap({ numFeatures: M, evaluate: batchOf(game), numSamples: M + 2, seed: 1 });
    expect(result.rankDeficient).toBe(true);
    const delta = result.fullValue[0] - result.expectedValue[0];
    expect(Math.abs(sum(result.shapValues[0]) - delta)).toBeLessThanOrEqual(M * 1e-10);
    expect(result.shapValues[0].every(Number.isFinite)).toBe(true);
  });

  const pairwiseCases: [number, number][] = [
    [20, 100],
    [20, 101],
    [20, 500],
    [21, 100],
    [21, 333],
    [16, 400],
  ];
  it.each(pairwiseCases)(
    "is exact (≤ 1e-12) on games with at most pairwise interactions, default sampler: M = %i, numSamples = %i",
    async (M, numSamples) => {
      for (let seed = 0; seed < 5; seed++) {
        const { game, phi } = randomPairwiseGame(M, 300 + seed);
        const result = await kernelShap({ numFeatures: M, evaluate: scalarBatch(game), numSamples, seed });
        expect(result.exact).toBe(false);
        for (let i = 0; i < M; i++) expect(Math.abs(result.shapValues[0][i] - phi[i])).toBeLessThanOrEqual(1e-12);
      }
    },
  );

  it("is not exact on the same games with sampler 'shap' when M is even (the unpaired middle layer)", async () => {
    const M = 20;
    const { game, phi } = randomPairwiseGame(M, 300);
    const result = await kernelShap({ numFeatures: M, evaluate: scalarBatch(game), numSamples: 500, seed: 1, sampler: 'shap' });
    const error = Math.max(...phi.map((p, i) => Math.abs(result.shapValues[0][i] - p)));
    expect(error).toBeGreaterThan(1e-3);
    const odd = randomPairwiseGame(21, 301);
    const oddResult = await kernelShap({ numFeatures: 21, evaluate: scalarBatch(odd.game), numSamples: 500, seed: 1, sampler: 'shap' });
    for (let i = 0; i < 21; i++) expect(Math.abs(oddResult.shapValues[0][i] - odd.phi[i])).toBeLessThan(1e-12);
  });

  it('gets closer to the exact values as the budget grows (M = 14, 20 seeds)', async () => {
    const M = 14;
    const game = randomNonlinearGame(M, 1, 14);
    const oracle = exactShapley({ numFeatures: M, game }).shapValues[0];
    const meanError = async (numSamples: number, sampler: KernelShapSampler) => {
      let total = 0;
      for (let seed = 0; seed < 20; seed++) {
        const r = await kernelShap({ numFeatures: M, evaluate: batchOf(game), numSamples, seed, sampler });
        total += Math.max(...oracle.map((p, i) => Math.abs(r.shapValues[0][i] - p)));
      }
      return total / 20;
    };
    for (const sampler of ['paired', 'shap'] as const) {
      const coarse = await meanError(200, sampler);
      const fine = await meanError(3000, sampler);
      expect(fine).toBeLessThan(coarse / 2);
    }
  });

  it('evaluates each distinct coalition once, at most batchSize per call, numSamples + 2 in all', async () => {
    const seen = new Set<string>();
    let calls = 0;
    let duplicates = 0;
    const M = 20;
    const result = await kernelShap({
      numFeatures: M,
      numSamples: 300,
      batchSize: 37,
      seed: 4,
      evaluate: (masks) => {
        calls++;
        expect(masks.length).toBeLessThanOrEqual(37);
        for (const m of masks) {
          const key = m.join('');
          if (seen.has(key)) duplicates++;
          seen.add(key);
        }
        return masks.map((m) => [sum(m)]);
      },
    });
    expect(duplicates).toBe(0);
    expect(result.numEvaluations).toBe(302);
    expect(seen.size).toBe(302);
    expect(seen.has('0'.repeat(M)) && seen.has('1'.repeat(M))).toBe(true);
    expect(calls).toBe(Math.ceil(302 / 37));
  });
});

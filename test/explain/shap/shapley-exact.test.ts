import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ModelError, ValidationError } from '../../../src/errors.js';
import { exactShapley } from '../../../src/explain/shap/shapley-exact.js';
import { evaluateGame, type FixtureGame } from '../../helpers/shap-game.js';
import { exactly } from '../../helpers/cases.js';

interface ExactCase {
  id: string;
  M: number;
  game: FixtureGame;
  oracle_phi: number[];
  f_background: number;
  f_x: number;
}
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/shap/exact.json', import.meta.url), 'utf8')) as {
  cases: ExactCase[];
};

/** Shapley values as the mean marginal contribution over all M! orderings. */
function permutationShapley(M: number, v: (z: Uint8Array) => number): number[] {
  const phi = new Array<number>(M).fill(0);
  let orderings = 0;
  const order = Array.from({ length: M }, (_, i) => i);
  const visit = (k: number): void => {
    if (k === M) {
      orderings++;
      const z = new Uint8Array(M);
      let before = v(z);
      for (const i of order) {
        z[i] = 1;
        const after = v(z);
        phi[i] += after - before;
        before = after;
      }
      return;
    }
    for (let j = k; j < M; j++) {
      [order[k], order[j]] = [order[j], order[k]];
      visit(k + 1);
      [order[k], order[j]] = [order[j], order[k]];
    }
  };
  visit(0);
  return phi.map((p) => p / orderings);
}

describe('exactShapley', () => {
  it.each(exactly(12, fixture.cases, 'shap exact fixture cases').map((c) => [c.id, c] as const))(
    'reproduces the brute-force oracle of the shap fixtures: %s',
    (_id, c) => {
      const result = exactShapley({ numFeatures: c.M, game: (z) => [evaluateGame(c.game, z)] });
      const scale = Math.max(1, ...c.oracle_phi.map(Math.abs));
      for (let i = 0; i < c.M; i++) expect(Math.abs(result.shapValues[0][i] - c.oracle_phi[i])).toBeLessThan(1e-12 * scale);
      expect(result.expectedValue[0]).toBe(c.f_background);
      expect(result.fullValue[0]).toBeCloseTo(c.f_x, 12);
    },
  );

  it('agrees with the permutation definition on a non-linear game, several outputs at once', () => {
    const M = 6;
    const games = [
      (z: Uint8Array) => Math.sin(z[0] + 2 * z[1] - z[5]) + z[2] * z[3] * z[4],
      (z: Uint8Array) => Math.exp(0.3 * (z[0] + z[1] + z[2])) - 2 * z[4] * z[5],
      (z: Uint8Array) => (z[0] + z[1] + z[2] + z[3] >= 3 ? 1.5 : 0) + 0.25 * z[5],
    ];
    const result = exactShapley({ numFeatures: M, game: (z) => games.map((g) => g(z)) });
    games.forEach((g, d) => {
      const expected = permutationShapley(M, g);
      for (let i = 0; i < M; i++) expect(result.shapValues[d][i]).toBeCloseTo(expected[i], 13);
    });
  });

  it('meets the closed form of an additive-plus-pairwise game (φ_i = a_i + Σ b/2)', () => {
    const a = [0.5, -1, 2, 0.25, 0];
    const pairs: [number, number, number][] = [
      [0, 1, 1],
      [1, 3, -0.5],
      [2, 4, 2],
    ];
    const game = (z: Uint8Array) => {
      let f = 3;
      a.forEach((ai, i) => (f += ai * z[i]));
      for (const [i, j, b] of pairs) f += b * z[i] * z[j];
      return [f];
    };
    const expected = a.slice();
    for (const [i, j, b] of pairs) {
      expected[i] += b / 2;
      expected[j] += b / 2;
    }
    const { shapValues } = exactShapley({ numFeatures: 5, game });
    for (let i = 0; i < 5; i++) expect(shapValues[0][i]).toBeCloseTo(expected[i], 14);
  });

  it('rejects numFeatures outside 1..20 and a missing game', () => {
    for (const numFeatures of [0, 21, 2.5]) {
      expect(() => exactShapley({ numFeatures, game: () => [0] })).toThrow(ValidationError);
    }
    expect(() => exactShapley({ numFeatures: 3, game: undefined as never })).toThrow(/game/);
  });

  it('raises a ModelError naming the coalition for bad game outputs', () => {
    const nan = () => exactShapley({ numFeatures: 3, game: (z) => [z[1] && z[2] ? Number.NaN : 1] });
    expect(nan).toThrow(ModelError);
    expect(nan).toThrow(/coalition 6/);
    const ragged = () => exactShapley({ numFeatures: 3, game: (z) => (z[0] ? [1, 2] : [1]) });
    expect(ragged).toThrow(/coalition 1/);
  });
});

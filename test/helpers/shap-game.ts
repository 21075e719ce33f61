/**
 * The game family of test/fixtures/shap (see its README): one evaluator for
 * every game shap was run on. Written from the README's definition, shared by
 * the Kernel SHAP tests and bench/kernel-shap.
 */
import { SeededRandom } from '../../src/explain/numeric/random.js';

/** A game as stored in the shap fixtures. */
export interface FixtureGame {
  id: string;
  M: number;
  c0: number;
  a: number[];
  pairs: [number, number, number][];
  ands: { S: number[]; c: number }[];
  thresholds: { T: number[]; t: number; g: number }[];
  sines: { d: number[]; s: number }[];
}

/** f(z) for a coalition indicator z ∈ {0,1}^M. */
export function evaluateGame(game: FixtureGame, z: ArrayLike<number>): number {
  let f = game.c0;
  for (let i = 0; i < game.M; i++) f += game.a[i] * z[i];
  for (const [i, j, b] of game.pairs) f += b * z[i] * z[j];
  for (const { S, c } of game.ands) {
    let product = 1;
    for (const i of S) product *= z[i];
    f += c * product;
  }
  for (const { T, t, g } of game.thresholds) {
    let count = 0;
    for (const i of T) count += z[i];
    if (count >= t) f += g;
  }
  for (const { d, s } of game.sines) {
    let x = 0;
    for (let i = 0; i < game.M; i++) x += d[i] * z[i];
    f += s * Math.sin(x);
  }
  return f;
}

/** The game as a batched single-output model for kernelShap. */
export function gameModel(game: FixtureGame): (masks: readonly Uint8Array[]) => number[][] {
  return (masks) => masks.map((z) => [evaluateGame(game, z)]);
}

/**
 * A game in the fixture family with linear terms, ANDs and thresholds (no sines),
 * so its Shapley values have a closed form: φ_i = a_i + Σ c/|S| + Σ g/|T|.
 */
export function groupGame(M: number, seed: number): { game: FixtureGame; phi: number[] } {
  const random = new SeededRandom(seed);
  const u = (lo: number, hi: number) => lo + (hi - lo) * random.nextFloat();
  const pick = (k: number) => {
    const chosen = new Set<number>();
    while (chosen.size < k) chosen.add(random.nextBelow(M));
    return [...chosen];
  };
  const a = Array.from({ length: M }, () => u(-0.2, 0.2));
  const ands = [3, 3, 4, 5, 6, 8].map((k) => ({ S: pick(k), c: u(1.5, 3) * (random.nextFloat() < 0.5 ? -1 : 1) }));
  const thresholds = [6, 8, 10, 12].map((k) => ({ T: pick(k), t: Math.ceil(0.6 * k), g: u(1.5, 3) }));
  const phi = a.slice();
  for (const { S, c } of ands) for (const i of S) phi[i] += c / S.length;
  for (const { T, g } of thresholds) for (const i of T) phi[i] += g / T.length;
  return { game: { id: `M${M}_groups`, M, c0: 0, a, pairs: [], ands, thresholds, sines: [] }, phi };
}


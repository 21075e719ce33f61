/**
 * The game family of test/fixtures/shap (see its README): one evaluator for
 * every game shap was run on. Written from the README's definition, shared by
 * the Kernel SHAP tests and bench/kernel-shap.
 */

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

/**
 * Random test games over M binary features (inputs only; expected values come
 * from independent oracles).
 */
import { SeededRandom } from '../../src/explain/numeric/random.js';

/** A non-linear game with `outputs` outputs: linear, pairwise, AND, sine and exponential terms. */
export function randomNonlinearGame(M: number, outputs: number, seed: number): (z: ArrayLike<number>) => number[] {
  const random = new SeededRandom(seed);
  const u = (lo: number, hi: number) => lo + (hi - lo) * random.nextFloat();
  const terms = Array.from({ length: outputs }, () => ({
    c0: u(-1, 1),
    a: Array.from({ length: M }, () => u(-1, 1)),
    b: Array.from({ length: M * M }, () => u(-0.5, 0.5)),
    and: Array.from({ length: Math.min(M, 3) }, () => random.nextBelow(M)),
    andWeight: u(-2, 2),
    d: Array.from({ length: M }, () => u(-1.5, 1.5)),
    e: Array.from({ length: M }, () => u(-0.3, 0.3)),
  }));
  return (z) =>
    terms.map((t) => {
      let f = t.c0;
      let sine = 0;
      let exponent = 0;
      for (let i = 0; i < M; i++) {
        f += t.a[i] * z[i];
        sine += t.d[i] * z[i];
        exponent += t.e[i] * z[i];
        for (let j = i + 1; j < M; j++) f += t.b[i * M + j] * z[i] * z[j];
      }
      let product = 1;
      for (const i of t.and) product *= z[i];
      return f + t.andWeight * product + Math.sin(sine) + Math.exp(exponent);
    });
}

/** A game with at most pairwise interactions, and its exact Shapley values (closed form). */
export function randomPairwiseGame(M: number, seed: number): { game: (z: ArrayLike<number>) => number; phi: number[] } {
  const random = new SeededRandom(seed);
  const u = (lo: number, hi: number) => lo + (hi - lo) * random.nextFloat();
  const c0 = u(-1, 1);
  const a = Array.from({ length: M }, () => u(-1, 1));
  const pairs: [number, number, number][] = [];
  for (let i = 0; i < M; i++) for (let j = i + 1; j < M; j++) if (random.nextFloat() < 0.3) pairs.push([i, j, u(-1, 1)]);
  const phi = a.slice();
  for (const [i, j, b] of pairs) {
    phi[i] += b / 2;
    phi[j] += b / 2;
  }
  const game = (z: ArrayLike<number>) => {
    let f = c0;
    for (let i = 0; i < M; i++) f += a[i] * z[i];
    for (const [i, j, b] of pairs) f += b * z[i] * z[j];
    return f;
  };
  return { game, phi };
}

/** Largest absolute entry. */
export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}

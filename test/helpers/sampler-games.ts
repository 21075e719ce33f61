/**
 * Games with known Shapley values at any M, for comparing Kernel SHAP's samplers
 * (bench/kernel-shap-samplers and the sampler tests): additive, pairwise, AND +
 * threshold (the fixtures' family, closed form) and small random ReLU networks
 * (exact by enumerating each hidden unit's few inputs, or the whole game at M ≤ 20).
 */
import { SeededRandom } from '../../src/explain/numeric/random.js';
import { exactShapley } from '../../src/explain/shap/shapley-exact.js';
import { evaluateGame, groupGame } from './shap-game.js';

/** A single-output game over M binary features and its exact Shapley values. */
export interface KnownGame {
  readonly id: string;
  readonly M: number;
  readonly value: (z: ArrayLike<number>) => number;
  readonly phi: number[];
}

const uniform = (random: SeededRandom, lo: number, hi: number) => lo + (hi - lo) * random.nextFloat();
const normal = (random: SeededRandom) => Math.sqrt(-2 * Math.log(1 - random.nextFloat())) * Math.cos(2 * Math.PI * random.nextFloat());

function pick(random: SeededRandom, M: number, k: number): number[] {
  const chosen = new Set<number>();
  while (chosen.size < k) chosen.add(random.nextBelow(M));
  return [...chosen];
}

/** v(z) = Σ a_i z_i: φ_i = a_i. */
export function additiveGame(M: number, seed: number): KnownGame {
  const random = new SeededRandom(seed);
  const a = Array.from({ length: M }, () => uniform(random, -1, 1));
  return {
    id: `additive M=${M}`,
    M,
    value: (z) => {
      let f = 0;
      for (let i = 0; i < M; i++) f += a[i] * z[i];
      return f;
    },
    phi: a,
  };
}

/** v(z) = Σ a_i z_i + Σ b_ij z_i z_j over 2M random pairs: φ_i = a_i + Σ_j b_ij / 2. */
export function pairwiseGame(M: number, seed: number): KnownGame {
  const random = new SeededRandom(seed);
  const a = Array.from({ length: M }, () => uniform(random, -0.5, 0.5));
  const pairs = Array.from({ length: 2 * M }, () => {
    const [i, j] = pick(random, M, 2);
    return [i, j, uniform(random, -1, 1)] as const;
  });
  const phi = a.slice();
  for (const [i, j, b] of pairs) {
    phi[i] += b / 2;
    phi[j] += b / 2;
  }
  return {
    id: `pairwise M=${M}`,
    M,
    value: (z) => {
      let f = 0;
      for (let i = 0; i < M; i++) f += a[i] * z[i];
      for (const [i, j, b] of pairs) f += b * z[i] * z[j];
      return f;
    },
    phi,
  };
}

/** The fixtures' AND + threshold family (6 ANDs of 3–8 features, 4 thresholds over 6–12), closed form. */
export function andThresholdGame(M: number, seed: number): KnownGame {
  const { game, phi } = groupGame(M, seed);
  return { id: `AND + threshold M=${M}`, M, value: (z) => evaluateGame(game, z), phi };
}

/**
 * A random two-layer ReLU network, v(z) = Σ_h w_h · relu(b_h + Σ_{j ∈ S_h} a_hj z_j),
 * with M/2 hidden units that each read 2–8 random features (overlapping, so features
 * interact across units). Each unit is a game on its own inputs, so its Shapley values
 * come from enumerating at most 2^8 coalitions; the network's are their sum.
 */
export function sparseNetGame(M: number, seed: number): KnownGame {
  const random = new SeededRandom(seed);
  const units = Array.from({ length: Math.max(2, Math.floor(M / 2)) }, () => {
    const inputs = pick(random, M, Math.min(M, 2 + random.nextBelow(7)));
    return {
      inputs,
      a: inputs.map(() => normal(random)),
      b: 0.5 * normal(random),
      w: normal(random),
    };
  });
  const phi = new Array<number>(M).fill(0);
  for (const unit of units) {
    const k = unit.inputs.length;
    const local = exactShapley({
      numFeatures: k,
      game: (mask) => {
        let x = unit.b;
        for (let t = 0; t < k; t++) x += unit.a[t] * mask[t];
        return [unit.w * Math.max(0, x)];
      },
    }).shapValues[0];
    for (let t = 0; t < k; t++) phi[unit.inputs[t]] += local[t];
  }
  return {
    id: `ReLU net M=${M}`,
    M,
    value: (z) => {
      let f = 0;
      for (const unit of units) {
        let x = unit.b;
        for (let t = 0; t < unit.inputs.length; t++) x += unit.a[t] * z[unit.inputs[t]];
        f += unit.w * Math.max(0, x);
      }
      return f;
    },
    phi,
  };
}

/**
 * A dense random network of M ≤ 20 inputs, 16 tanh hidden units and a sigmoid output,
 * exact by enumerating all 2^M coalitions (about a second at M = 20).
 */
export function denseNetGame(M: number, seed: number): KnownGame {
  const random = new SeededRandom(seed);
  const H = 16;
  const a = Array.from({ length: H }, () => Array.from({ length: M }, () => normal(random) / Math.sqrt(M / 4)));
  const b = Array.from({ length: H }, () => 0.5 * normal(random));
  const w = Array.from({ length: H }, () => normal(random) / 2);
  const value = (z: ArrayLike<number>) => {
    let out = 0;
    for (let h = 0; h < H; h++) {
      let x = b[h];
      for (let j = 0; j < M; j++) x += a[h][j] * z[j];
      out += w[h] * Math.tanh(x);
    }
    return 1 / (1 + Math.exp(-out));
  };
  const phi = Array.from(exactShapley({ numFeatures: M, game: (mask) => [value(mask)] }).shapValues[0]);
  return { id: `dense net M=${M}`, M, value, phi };
}

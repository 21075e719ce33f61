import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CoalitionCursor } from '../../../src/explain/shap/kernel-shap-cursor.js';
import { planCoalitions } from '../../../src/explain/shap/kernel-shap-sampler.js';
import type { KernelShapSampler } from '../../../src/explain/shap/kernel-shap-types.js';
import { NormalEquations } from '../../../src/explain/shap/kernel-shap-solver.js';
import { SeededRandom } from '../../../src/explain/numeric/random.js';
import { exactly } from '../../helpers/cases.js';

const exactFixture = JSON.parse(readFileSync(new URL('../../fixtures/shap/exact.json', import.meta.url), 'utf8')) as {
  cases: { id: string; M: number; kernel_weights_l1_reg_false?: { mask: string; w: number }[] }[];
};
const sampledFixture = JSON.parse(readFileSync(new URL('../../fixtures/shap/sampled.json', import.meta.url), 'utf8')) as {
  games: { id: string; M: number; by_nsamples: { nsamples: number; num_full_subsets: number; fixed_coalitions: number }[] }[];
};

interface Row {
  mask: string;
  weight: number;
}

function rowsOf(M: number, numSamples: number, sampler: KernelShapSampler, seed = 1): Row[] {
  const plan = planCoalitions(M, numSamples, sampler, () => new SeededRandom(seed));
  const cursor = new CoalitionCursor(plan);
  const rows: Row[] = [];
  while (cursor.next()) {
    const z = new Array<number>(M).fill(cursor.complement ? 1 : 0);
    for (let a = 0; a < cursor.size; a++) z[cursor.indices[a]] = cursor.complement ? 0 : 1;
    rows.push({ mask: z.join(''), weight: cursor.weight });
  }
  return rows;
}

/** Shapley-kernel weight π(s) = (M − 1)/(C(M, s)·s·(M − s)), by direct products. */
function shapleyKernel(M: number, s: number): number {
  let c = 1;
  for (let i = 0; i < s; i++) c = (c * (M - i)) / (i + 1);
  return (M - 1) / (c * s * (M - s));
}

describe('coalition plan', () => {
  const withWeights = exactFixture.cases.filter((c) => c.kernel_weights_l1_reg_false !== undefined);
  it.each(exactly(9, withWeights, 'exact fixture cases with kernel weights').map((c) => [c.id, c] as const))(
    "lists the same coalitions, in the same order and with the same weights, as shap (sampler 'shap'): %s",
    (_id, c) => {
      const expected = c.kernel_weights_l1_reg_false as { mask: string; w: number }[];
      const rows = rowsOf(c.M, 2 ** c.M - 2, 'shap');
      expect(rows.map((r) => r.mask)).toEqual(expected.map((e) => e.mask));
      rows.forEach((r, i) => expect(Math.abs(r.weight - expected[i].w)).toBeLessThanOrEqual(1e-15 * expected[i].w));
    },
  );

  it.each([4, 7, 8])("enumerates every coalition once with Shapley-kernel weights (sampler 'paired'), M = %i", (M) => {
    const rows = rowsOf(M, 2 ** M - 2, 'paired');
    expect(new Set(rows.map((r) => r.mask)).size).toBe(2 ** M - 2);
    const total = rows.reduce((s, r) => s + r.weight, 0);
    for (const r of rows) {
      const size = [...r.mask].filter((ch) => ch === '1').length;
      expect(r.weight / total).toBeCloseTo(shapleyKernel(M, size) / sumKernel(M), 14);
    }
  });

  it.each(
    exactly(
      15,
      sampledFixture.games.flatMap((g) => g.by_nsamples.map((b) => [g.M, b.nsamples, b.fixed_coalitions] as const)),
      'sampled fixture budgets',
    ),
  )(
    "enumerates the same whole size bins as shap: M = %i, numSamples = %i → %i fixed coalitions",
    (M, numSamples, fixed) => {
      for (const sampler of ['paired', 'shap'] as const) {
        const plan = planCoalitions(M, numSamples, sampler, () => new SeededRandom(1));
        const enumerated = plan.bins.reduce((s, b) => s + (b.withComplements ? 2 : 1) * binomial(M, b.size) / (b.onlyWithFeature0 ? 2 : 1), 0);
        expect(enumerated).toBe(fixed);
      }
    },
  );

  it('matches the M = 50 schedule of the shap README (100, 200 → 0 bins; 500, 1000, 2000 → sizes 1 and 49)', () => {
    const fixed = (n: number) => planCoalitions(50, n, 'shap', () => new SeededRandom(1)).bins.length;
    expect([100, 200, 500, 1000, 2000].map(fixed)).toEqual([0, 0, 1, 1, 1]);
  });

  it.each([
    [20, 500],
    [21, 501],
    [12, 4000],
    [50, 777],
    [16, 20_000],
    [6, 40],
    [8, 150],
  ])('draws distinct coalitions, uses the budget and spreads the kernel mass: M = %i, numSamples = %i', (M, numSamples) => {
    for (const sampler of ['paired', 'shap'] as const) {
      const plan = planCoalitions(M, numSamples, sampler, () => new SeededRandom(3));
      const rows = rowsOf(M, numSamples, sampler, 3);
      expect(new Set(rows.map((r) => r.mask)).size).toBe(rows.length);
      expect(rows.length).toBe(plan.rows);
      expect(plan.rows).toBeLessThanOrEqual(numSamples);
      // The 4-draws-per-slot cap (as in shap) can stop short only when most draws repeat.
      if (M >= 20) expect(plan.rows).toBeGreaterThanOrEqual(numSamples - 1);
      expect(rows.reduce((s, r) => s + r.weight, 0)).toBeCloseTo(1, 12);
    }
  });

  it("pairs every drawn coalition with its complement at equal weight under 'paired', even M included", () => {
    for (const [M, n] of [
      [20, 501],
      [16, 300],
      [21, 400],
    ]) {
      const rows = rowsOf(M, n, 'paired', 8);
      const weights = new Map(rows.map((r) => [r.mask, r.weight]));
      expect(rows.length % 2).toBe(0);
      for (const r of rows) {
        const complement = [...r.mask].map((ch) => (ch === '1' ? '0' : '1')).join('');
        expect(weights.get(complement)).toBe(r.weight);
      }
    }
  });
});

describe('normal equations', () => {
  it('returns the minimum-norm least-squares solution when the design is singular', () => {
    // Rows {0,1} (ŷ = 2) and its complement {2} (ŷ = 1) with Δ = 3: only φ0 + φ1 is
    // determined (= 2); the minimum-norm split is φ0 = φ1 = 1, then φ2 = 3 − 2 = 1.
    const equations = new NormalEquations(3, 1);
    equations.add(Int32Array.from([0, 1]), 0, 2, false, 1, 1, Float64Array.from([2]), 0);
    equations.add(Int32Array.from([2]), 0, 1, false, 1, 1, Float64Array.from([1]), 0);
    const { phi, rankDeficient } = equations.solve(Float64Array.from([3]));
    expect(rankDeficient).toBe(true);
    for (let i = 0; i < 3; i++) expect(phi[0][i]).toBeCloseTo(1, 12);
  });

  it('adds a coalition through its complement exactly as the coalition itself', () => {
    const direct = new NormalEquations(5, 2);
    const viaComplement = new NormalEquations(5, 2);
    const rows: [number[], number[], number][] = [
      [[0, 1, 2], [1.5, -2], 0.3],
      [[3], [0.25, 4], 0.7],
      [[1, 4], [-1, 1], 0.2],
      [[0, 2, 3, 4], [2, 0.5], 0.4],
    ];
    for (const [ones, y, w] of rows) {
      const zeros = [0, 1, 2, 3, 4].filter((i) => !ones.includes(i));
      direct.add(Int32Array.from(ones), 0, ones.length, false, w, w, Float64Array.from(y), 0);
      viaComplement.add(Int32Array.from(zeros), 0, zeros.length, true, w, w, Float64Array.from(y), 0);
    }
    const delta = Float64Array.from([1, -1]);
    const a = direct.solve(delta).phi;
    const b = viaComplement.solve(delta).phi;
    for (let d = 0; d < 2; d++) for (let i = 0; i < 5; i++) expect(b[d][i]).toBeCloseTo(a[d][i], 12);
  });
});

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 0; i < k; i++) r = (r * (n - i)) / (i + 1);
  return r;
}

function sumKernel(M: number): number {
  let total = 0;
  for (let s = 1; s < M; s++) total += binomial(M, s) * shapleyKernel(M, s);
  return total;
}

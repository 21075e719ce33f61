import { describe, expect, it } from 'vitest';
import { AbortError, ModelError, ValidationError } from '../../../src/errors.js';
import { explainTabularRecord } from '../../../src/explain/tabular/tabular-shap.js';
import type { TabularPredictor, TabularRow, TabularValue } from '../../../src/explain/tabular/tabular-predictor.js';
import { SeededRandom } from '../../../src/explain/numeric/random.js';

/** A model of one row, lifted to a predictor over rows. */
type RowModel = (row: TabularRow) => number[];
const predictorOf =
  (model: RowModel): TabularPredictor =>
  async (rows) =>
    rows.map(model);

const logit = (p: number) => Math.log(p / (1 - p));

/**
 * Shapley values from their definition, over all P features, with the value function
 * written out independently of the code under test: v(S) = link(Σ_b w_b f(x_S ∪ b_¬S)).
 */
function bruteForce(
  model: RowModel,
  record: TabularRow,
  baseline: readonly TabularRow[],
  weights: readonly number[] | undefined,
  link: (p: number) => number = (p) => p,
): { phi: number[][]; expected: number[]; full: number[] } {
  const P = record.length;
  const total = weights ? weights.reduce((a, b) => a + b, 0) : baseline.length;
  const w = baseline.map((_, b) => (weights ? weights[b] : 1) / total);
  const value = new Map<number, number[]>();
  for (let s = 0; s < 2 ** P; s++) {
    let mean: number[] | undefined;
    baseline.forEach((b, i) => {
      const row = b.map((v, j) => ((s >> j) & 1 ? record[j] : v));
      const y = model(row);
      mean ??= y.map(() => 0);
      y.forEach((yd, d) => ((mean as number[])[d] += w[i] * yd));
    });
    value.set(s, (mean as number[]).map(link));
  }
  const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
  const D = value.get(0)!.length;
  const phi = Array.from({ length: D }, () => new Array<number>(P).fill(0));
  for (let i = 0; i < P; i++) {
    for (let s = 0; s < 2 ** P; s++) {
      if ((s >> i) & 1) continue;
      let size = 0;
      for (let j = 0; j < P; j++) size += (s >> j) & 1;
      const weight = (factorial(size) * factorial(P - size - 1)) / factorial(P);
      const withI = value.get(s | (1 << i))!;
      const without = value.get(s)!;
      for (let d = 0; d < D; d++) phi[d][i] += weight * (withI[d] - without[d]);
    }
  }
  return { phi, expected: value.get(0)!, full: value.get(2 ** P - 1)! };
}

const num = (v: TabularValue) => (typeof v === 'number' ? v : Number.NaN);

// Three games over mixed rows [number, string, number, boolean, string, number].
const additive: RowModel = (r) => [
  0.5 * num(r[0]) + (r[1] === 'red' ? 2 : r[1] === 'blue' ? -1 : 0) + 0.25 * num(r[2]) + (r[3] ? 1.5 : 0) + (r[4] === 'yes' ? 0.7 : 0) - 0.1 * num(r[5]),
  -num(r[0]) + num(r[5]),
];
const interaction: RowModel = (r) => [
  num(r[0]) * num(r[2]) + (r[1] === 'red' ? num(r[5]) : -num(r[5])) + (r[3] && r[4] === 'yes' ? 3 : 0),
  Math.sin(num(r[0]) + num(r[5])) * (r[1] === 'blue' ? 2 : 1),
];
const andGame: RowModel = (r) => [
  num(r[0]) > 2 && r[1] === 'red' && r[3] === true ? 1 : 0,
  (num(r[2]) > 0 && r[4] === 'yes') || num(r[5]) < 0 ? 1 : 0,
];

const record: TabularRow = [3, 'red', 1.5, true, 'yes', -2];
const baseline: TabularRow[] = [
  [1, 'blue', 0.5, false, 'no', 4],
  [2, 'green', -1, true, 'no', 1],
  [0.5, 'red', 2, false, 'yes', 3],
];

describe('explainTabularRecord: exact regime against brute-force Shapley values', () => {
  const games = [
    ['additive', additive],
    ['interaction', interaction],
    ['AND', andGame],
  ] as const;
  for (const [name, model] of games) {
    for (const weights of [undefined, [1, 2, 5]]) {
      it(`${name} game, ${weights ? 'weighted' : 'equal-weight'} baseline of 3 rows`, async () => {
        const result = await explainTabularRecord({ record, baseline, ...(weights ? { baselineWeights: weights } : {}), predict: predictorOf(model), seed: 1 });
        const oracle = bruteForce(model, record, baseline, weights);
        expect(result.exact).toBe(true);
        expect(result.varying).toEqual([0, 1, 2, 3, 4, 5]);
        expect(result.numEvaluations).toBe(2 ** 6);
        for (let d = 0; d < 2; d++) {
          expect(result.expectedValue[d]).toBeCloseTo(oracle.expected[d], 12);
          expect(result.fullValue[d]).toBe(oracle.full[d]);
          for (let j = 0; j < 6; j++) expect(Math.abs(result.shapValues[d][j] - oracle.phi[d][j])).toBeLessThan(1e-12);
          const sum = result.shapValues[d].reduce((a, b) => a + b, 0);
          expect(Math.abs(sum - (result.fullValue[d] - result.expectedValue[d]))).toBeLessThan(1e-12);
        }
      });
    }
  }

  it('applies the logit to the baseline mean, as shap does, with useLogit', async () => {
    const sigmoid: RowModel = (r) => {
      const [a] = interaction(r);
      return [1 / (1 + Math.exp(-a / 4)), 1 / (1 + Math.exp(a / 8))];
    };
    const result = await explainTabularRecord({ record, baseline, predict: predictorOf(sigmoid), useLogit: true, seed: 2 });
    const oracle = bruteForce(sigmoid, record, baseline, undefined, logit);
    for (let d = 0; d < 2; d++) {
      expect(result.expectedValue[d]).toBeCloseTo(oracle.expected[d], 12);
      for (let j = 0; j < 6; j++) expect(Math.abs(result.shapValues[d][j] - oracle.phi[d][j])).toBeLessThan(1e-12);
    }
    // Not the mean of the logits: that would be another (wrong) value function.
    const meanOfLogits = baseline.reduce((a, b) => a + logit(sigmoid(b)[0]), 0) / 3;
    expect(Math.abs(result.expectedValue[0] - meanOfLogits)).toBeGreaterThan(1e-3);
  });
});

describe('explainTabularRecord: features that do not vary', () => {
  it('gives φ = 0 to features equal in the record and every baseline row, and leaves them out of M', async () => {
    // Features 1 and 4 equal everywhere; feature 2 within NumPy's isclose tolerance.
    const rec: TabularRow = [3, 'red', 1.5, true, 'yes', -2];
    const base: TabularRow[] = [
      [1, 'red', 1.5 + 1e-12, false, 'yes', 4],
      [2, 'red', 1.5, true, 'yes', 1],
    ];
    const calls: number[] = [];
    const predict: TabularPredictor = async (rows) => {
      calls.push(rows.length);
      return rows.map(interaction);
    };
    const result = await explainTabularRecord({ record: rec, baseline: base, predict, seed: 3 });
    expect(result.varying).toEqual([0, 3, 5]);
    expect(result.numEvaluations).toBe(2 ** 3); // M = 3: 8 coalitions, not 64
    const oracle = bruteForce(interaction, rec, base, undefined);
    for (let d = 0; d < 2; d++) {
      for (const j of [1, 2, 4]) expect(result.shapValues[d][j]).toBe(0);
      // Feature 2 differs by 1e-12 in one row: its brute-force φ is tiny, and the others match.
      for (const j of [0, 3, 5]) expect(Math.abs(result.shapValues[d][j] - oracle.phi[d][j])).toBeLessThan(1e-9);
    }
  });

  it('with one varying feature gives it fullValue − expectedValue', async () => {
    const base: TabularRow[] = [[3, 'red', 0], [3, 'red', 5]];
    const result = await explainTabularRecord({ record: [3, 'red', 2], baseline: base, predict: predictorOf((r) => [num(r[2]) ** 2]) });
    expect(result.varying).toEqual([2]);
    expect(result.expectedValue[0]).toBe(12.5);
    expect(result.fullValue[0]).toBe(4);
    expect(Array.from(result.shapValues[0])).toEqual([0, 0, -8.5]);
  });

  it('with no varying feature gives φ = 0 from a single model call', async () => {
    const calls: number[] = [];
    const predict: TabularPredictor = (rows) => {
      calls.push(rows.length);
      return rows.map((r) => [num(r[0]) * 2, 1]);
    };
    const result = await explainTabularRecord({ record: [2, 'a'], baseline: [[2, 'a'], [2 + 1e-15, 'a']], predict, seed: 5 });
    expect(calls).toEqual([3]);
    expect(result.varying).toEqual([]);
    expect(result.numEvaluations).toBe(0);
    expect(result.shapValues.map((phi) => Array.from(phi))).toEqual([[0, 0], [0, 0]]);
    expect(result.fullValue).toEqual([4, 1]);
    expect(result.expectedValue[0]).toBeCloseTo(4, 14);
    expect(result.seed).toBe(5);
  });
});

describe('explainTabularRecord: sampled regime', () => {
  // 12 features, every interaction of high order: ANDs of 3 and thresholds over sums.
  const P = 12;
  const rnd = new SeededRandom(99);
  const coefficients = Array.from({ length: P }, () => rnd.nextFloat() * 2 - 1);
  const model: RowModel = (r) => {
    const x = r.map(num);
    let f = 0;
    for (let j = 0; j < P; j++) f += coefficients[j] * x[j];
    f += x[0] > 0.5 && x[1] > 0.5 && x[2] > 0.5 ? 2 : 0;
    f += x[3] + x[4] + x[5] + x[6] > 2 ? 1.5 : 0;
    f += x[7] * x[8] * x[9];
    f += Math.sin(x[10] + x[11] + x[0]);
    return [f];
  };
  const rec: TabularRow = Array.from({ length: P }, () => 1);
  const base: TabularRow[] = [Array.from({ length: P }, () => 0), Array.from({ length: P }, (_, j) => (j % 3) / 4)];

  it('converges to the exact values: the error shrinks as numSamples grows', async () => {
    const exact = await explainTabularRecord({ record: rec, baseline: base, predict: predictorOf(model), numSamples: 2 ** P - 2 });
    expect(exact.exact).toBe(true);
    const norm = Math.hypot(...exact.shapValues[0]);
    const meanError = async (numSamples: number) => {
      let total = 0;
      for (let seed = 0; seed < 12; seed++) {
        const r = await explainTabularRecord({ record: rec, baseline: base, predict: predictorOf(model), numSamples, seed });
        expect(r.exact).toBe(false);
        let sq = 0;
        for (let j = 0; j < P; j++) sq += (r.shapValues[0][j] - exact.shapValues[0][j]) ** 2;
        total += Math.sqrt(sq) / norm;
        // Efficiency holds in every sampled run.
        const sum = r.shapValues[0].reduce((a, b) => a + b, 0);
        expect(Math.abs(sum - (r.fullValue[0] - r.expectedValue[0]))).toBeLessThan(1e-12);
      }
      return total / 12;
    };
    const errors = [await meanError(60), await meanError(300), await meanError(1500)];
    expect(errors[1]).toBeLessThan(errors[0] * 0.75);
    expect(errors[2]).toBeLessThan(errors[1] * 0.75);
    expect(errors[2]).toBeLessThan(0.1);
  });

  it('is repeatable per seed and independent of batchSize', async () => {
    const run = (batchSize: number) => explainTabularRecord({ record: rec, baseline: base, predict: predictorOf(model), numSamples: 200, seed: 11, batchSize });
    const a = await run(64);
    const b = await run(7);
    const c = await run(64);
    expect(Array.from(b.shapValues[0])).toEqual(Array.from(a.shapValues[0]));
    expect(Array.from(c.shapValues[0])).toEqual(Array.from(a.shapValues[0]));
  });
});

describe('explainTabularRecord: model calls', () => {
  it('sends one predict call per batch of coalitions, N rows each (one for the full coalition)', async () => {
    const calls: number[] = [];
    const predict: TabularPredictor = async (rows) => {
      calls.push(rows.length);
      return rows.map(additive);
    };
    const result = await explainTabularRecord({ record, baseline, predict, batchSize: 10, seed: 1 });
    expect(result.numEvaluations).toBe(64);
    expect(calls.length).toBe(7); // ⌈64 / 10⌉
    expect(result.modelCalls).toBe(7);
    // 63 coalitions of 3 rows, and the full coalition as the record alone.
    expect(calls.reduce((a, b) => a + b, 0)).toBe(63 * 3 + 1);
    expect(result.modelRows).toBe(63 * 3 + 1);
    expect(calls[0]).toBe(3 + 1 + 8 * 3); // empty, full, then 8 more
  });

  it('passes the baseline rows themselves for the empty coalition and never changes them', async () => {
    const frozen = baseline.map((row) => Object.freeze([...row]));
    let first: readonly TabularRow[] | undefined;
    const predict: TabularPredictor = (rows) => {
      first ??= rows;
      return rows.map(additive);
    };
    await explainTabularRecord({ record, baseline: frozen, predict, seed: 1 });
    expect(first!.slice(0, 3)).toEqual(frozen);
    expect(first![3]).toBe(record);
  });

  it('refuses a wrong number of vectors, ragged vectors and non-finite outputs (ModelError)', async () => {
    const bad = async (predict: TabularPredictor) => explainTabularRecord({ record, baseline, predict, seed: 1 }).catch((e: unknown) => e);
    const short = await bad((rows) => rows.slice(1).map(additive));
    expect(short).toBeInstanceOf(ModelError);
    expect((short as ModelError).message).toMatch(/for 190 rows/);
    expect(await bad((rows) => rows.map((r, i) => (i === 2 ? [1] : additive(r))))).toBeInstanceOf(ModelError);
    const nan = await bad((rows) => rows.map((r, i) => (i === 5 ? [Number.NaN, 1] : additive(r))));
    expect(nan).toBeInstanceOf(ModelError);
    expect((nan as ModelError).index).toBe(5);
    const thrown = await bad(() => {
      throw new Error('endpoint down');
    });
    expect(thrown).toBeInstanceOf(ModelError);
    expect((thrown as ModelError).cause).toBeInstanceOf(Error);
  });

  it('stops with an AbortError', async () => {
    const controller = new AbortController();
    const predict: TabularPredictor = async (rows) => {
      controller.abort();
      return rows.map(additive);
    };
    await expect(explainTabularRecord({ record, baseline, predict, signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
  });

  it('refuses bad input before any model call (ValidationError)', async () => {
    const predict = predictorOf(additive);
    const cases: object[] = [
      { record: [], baseline, predict },
      { record, baseline: [], predict },
      { record, baseline: [[1, 2]], predict },
      { record: [1, null], baseline: [[1, 2]], predict },
      { record, baseline, baselineWeights: [1, 2], predict },
      { record, baseline, baselineWeights: [1, -1, 1], predict },
      { record, baseline, baselineWeights: [0, 0, 0], predict },
      { record, baseline },
      { record, baseline, predict, seed: -1 },
      { record, baseline, predict, numSamples: 3 },
      // Refused even when no feature varies (kernelShap is then not called).
      { record, baseline: [record], predict, numSamples: 0 },
      { record, baseline: [record], predict, batchSize: 1.5 },
      { record, baseline: [record], predict, useLogit: 'yes' },
      { record, baseline: [record], predict, sampler: 'random' },
      { record, baseline: [record], predict, tolerance: 0 },
      { record, baseline: [record], predict, relativeTolerance: Number.NaN },
    ];
    for (const options of cases) {
      await expect(explainTabularRecord(options as never)).rejects.toBeInstanceOf(ValidationError);
    }
  });
});

/**
 * Kernel SHAP benchmark.
 *
 * 1. Accuracy per model evaluation: M = 20 games of test/fixtures/shap, mean
 *    relative L2 error against the exact Shapley values over 30 seeds, for
 *    budgets 100..2000, beside the real shap library's figures from the fixture.
 * 2. Overhead: sampler + solver time for M = 20, 500 samples with a trivially
 *    cheap model (wall time minus time inside the model), median of many runs,
 *    beside shap's 4.7 ms: without standard errors (shap computes none; the
 *    target), then with them (the default).
 *
 * Run: node --import tsx bench/kernel-shap/index.ts
 * Writes bench/results/kernel-shap.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { kernelShap } from '../../src/explain/shap/kernel-shap.js';
import type { KernelShapSampler } from '../../src/explain/shap/kernel-shap-types.js';
import { evaluateGame, gameModel, groupGame, type FixtureGame } from '../../test/helpers/shap-game.js';

interface SampledGame {
  id: string;
  M: number;
  game: FixtureGame;
  oracle_phi: number[];
  by_nsamples: {
    nsamples: number;
    variants: { l1_reg_false: { mean_rel_l2_err: number; std_rel_l2_err: number } };
  }[];
}

const root = new URL('../../', import.meta.url);
const sampled = JSON.parse(readFileSync(new URL('test/fixtures/shap/sampled.json', root), 'utf8')) as {
  games: SampledGame[];
  setup: { seeds: number[] };
};
const timing = JSON.parse(readFileSync(new URL('test/fixtures/shap/timing.json', root), 'utf8')) as {
  headline: { median_wall_ms: number; median_overhead_ms: number };
};

const SEEDS = sampled.setup.seeds; // 0..29, as shap was run
const BUDGETS = [100, 200, 500, 1000, 2000];
const EXTRA_SEEDS = 300; // a tighter estimate of the 'shap' sampler's mean, to tell noise from bias

async function meanRelativeError(game: SampledGame, numSamples: number, sampler: KernelShapSampler, seeds: number[]) {
  const norm = Math.hypot(...game.oracle_phi);
  const errors: number[] = [];
  for (const seed of seeds) {
    const result = await kernelShap({ numFeatures: game.M, evaluate: gameModel(game.game), numSamples, seed, sampler });
    let squared = 0;
    for (let i = 0; i < game.M; i++) squared += (result.shapValues[0][i] - game.oracle_phi[i]) ** 2;
    errors.push(Math.sqrt(squared) / norm);
  }
  const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
  const sd = Math.sqrt(errors.reduce((a, e) => a + (e - mean) ** 2, 0) / (errors.length - 1));
  return { mean, standardError: sd / Math.sqrt(errors.length) };
}

interface AccuracyRow {
  game: string;
  numSamples: number;
  shap: number;
  shapStandardError: number;
  oursShapSampler: number;
  oursShapSampler300: number;
  oursShapSampler300StandardError: number;
  oursPaired: number;
  oursLeverage: number;
  ratioShapSampler: number;
  ratioPaired: number;
  ratioLeverage: number;
}

async function accuracy(): Promise<AccuracyRow[]> {
  const rows: AccuracyRow[] = [];
  const manySeeds = Array.from({ length: EXTRA_SEEDS }, (_, i) => i);
  for (const game of sampled.games) {
    for (const numSamples of BUDGETS) {
      const reference = game.by_nsamples.find((b) => b.nsamples === numSamples)?.variants.l1_reg_false;
      if (!reference) throw new Error(`no shap figure for ${game.id} at ${numSamples}`);
      const shapSampler = await meanRelativeError(game, numSamples, 'shap', SEEDS);
      const shapSampler300 = await meanRelativeError(game, numSamples, 'shap', manySeeds);
      const paired = await meanRelativeError(game, numSamples, 'paired', SEEDS);
      const leverage = await meanRelativeError(game, numSamples, 'leverage', SEEDS);
      rows.push({
        game: game.id,
        numSamples,
        shap: reference.mean_rel_l2_err,
        shapStandardError: reference.std_rel_l2_err / Math.sqrt(SEEDS.length),
        oursShapSampler: shapSampler.mean,
        oursShapSampler300: shapSampler300.mean,
        oursShapSampler300StandardError: shapSampler300.standardError,
        oursPaired: paired.mean,
        oursLeverage: leverage.mean,
        ratioShapSampler: shapSampler.mean / reference.mean_rel_l2_err,
        ratioPaired: paired.mean / reference.mean_rel_l2_err,
        ratioLeverage: leverage.mean / reference.mean_rel_l2_err,
      });
    }
  }
  return rows;
}

async function overhead(sampler: KernelShapSampler, runs: number, standardErrors: boolean) {
  let inModel = 0;
  const model = (masks: readonly Uint8Array[]) => {
    const start = performance.now();
    const out = masks.map((mask) => {
      let s = 0;
      for (let j = 0; j < mask.length; j++) s += mask[j];
      return [s];
    });
    inModel += performance.now() - start;
    return out;
  };
  const wall: number[] = [];
  const own: number[] = [];
  for (let i = 0; i < runs + 500; i++) {
    inModel = 0;
    const start = performance.now();
    await kernelShap({ numFeatures: 20, evaluate: model, numSamples: 500, seed: i, sampler, standardErrors });
    const elapsed = performance.now() - start;
    if (i >= 500) {
      wall.push(elapsed);
      own.push(elapsed - inModel);
    }
  }
  const quantile = (values: number[], q: number) => values.slice().sort((a, b) => a - b)[Math.floor(q * (values.length - 1))];
  return {
    sampler,
    standardErrors,
    runs,
    medianWallMs: quantile(wall, 0.5),
    medianOverheadMs: quantile(own, 0.5),
    p10OverheadMs: quantile(own, 0.1),
    p90OverheadMs: quantile(own, 0.9),
  };
}

interface ScalingRow {
  M: number;
  numSamples: number;
  sampler: KernelShapSampler;
  meanRelativeL2: number;
}

/** Error against budget for larger M, on games built like the fixtures' AND + threshold games. */
async function scaling(): Promise<ScalingRow[]> {
  const rows: ScalingRow[] = [];
  for (const M of [50, 100]) {
    const { game, phi } = groupGame(M, M);
    const norm = Math.hypot(...phi);
    for (const numSamples of [500, 1000, 2000, 5000]) {
      for (const sampler of ['shap', 'paired', 'leverage'] as const) {
        let total = 0;
        for (const seed of SEEDS) {
          const result = await kernelShap({
            numFeatures: M,
            evaluate: (masks) => masks.map((z) => [evaluateGame(game, z)]),
            numSamples,
            seed,
            sampler,
          });
          let squared = 0;
          for (let i = 0; i < M; i++) squared += (result.shapValues[0][i] - phi[i]) ** 2;
          total += Math.sqrt(squared) / norm;
        }
        rows.push({ M, numSamples, sampler, meanRelativeL2: total / SEEDS.length });
      }
    }
  }
  return rows;
}

const format = (x: number) => (x < 0.01 ? x.toExponential(2) : x.toFixed(4));

const accuracyRows = await accuracy();
console.log('\nAccuracy: mean relative L2 error vs exact Shapley values, M = 20, 30 seeds');
console.table(
  accuracyRows.map((r) => ({
    game: r.game,
    n: r.numSamples,
    'shap (lib)': `${format(r.shap)} ±${format(r.shapStandardError)}`,
    "ours 'shap'": format(r.oursShapSampler),
    'ratio': r.ratioShapSampler.toFixed(3),
    "ours 'shap' 300 seeds": `${format(r.oursShapSampler300)} ±${format(r.oursShapSampler300StandardError)}`,
    "ours 'paired'": format(r.oursPaired),
    'ratio ': r.ratioPaired.toFixed(3),
    "ours 'leverage' (default)": format(r.oursLeverage),
    'ratio  ': r.ratioLeverage.toFixed(3),
  })),
);
const meanRatio = (key: 'ratioShapSampler' | 'ratioPaired' | 'ratioLeverage') =>
  accuracyRows.reduce((s, r) => s + r[key], 0) / accuracyRows.length;
const worstShapSampler = Math.max(...accuracyRows.map((r) => r.ratioShapSampler));
// 30 seeds leave a standard error of 2–10% on both sides; the 300-seed run says
// whether a gap is noise (|z| < 2) or a real difference from shap.
const zScores = accuracyRows.map(
  (r) => (r.oursShapSampler300 - r.shap) / Math.hypot(r.shapStandardError, r.oursShapSampler300StandardError),
);
const worstShapSampler300 = Math.max(...accuracyRows.map((r) => r.oursShapSampler300 / r.shap));
const largestZ = Math.max(...zScores.map(Math.abs));
console.log(
  `'shap' sampler: mean ratio to shap ${meanRatio('ratioShapSampler').toFixed(3)}, worst ${worstShapSampler.toFixed(3)} ` +
    `(30 seeds), worst ${worstShapSampler300.toFixed(3)} (300 seeds), largest |z| ${largestZ.toFixed(2)} (target ≤ 1.10)`,
);
console.log(`'paired' sampler: mean ratio to shap ${meanRatio('ratioPaired').toFixed(3)} (target ≤ 0.80)`);
console.log(`'leverage' sampler (default): mean ratio to shap ${meanRatio('ratioLeverage').toFixed(3)} (see bench/kernel-shap-samplers)`);

const scalingRows = await scaling();
console.log('\nLarger M: mean relative L2 error, AND + threshold games (closed-form Shapley values), 30 seeds');
console.table(
  [50, 100].flatMap((M) =>
    (['shap', 'paired', 'leverage'] as const).map((sampler) => ({
      M,
      sampler,
      ...Object.fromEntries(
        scalingRows
          .filter((r) => r.M === M && r.sampler === sampler)
          .map((r) => [`n = ${r.numSamples}`, format(r.meanRelativeL2)]),
      ),
    })),
  ),
);

// Without standard errors, as shap computes none (the target); with them, the default.
const timings = [
  await overhead('leverage', 3000, false),
  await overhead('paired', 3000, false),
  await overhead('shap', 3000, false),
  await overhead('leverage', 3000, true),
  await overhead('paired', 3000, true),
  await overhead('shap', 3000, true),
];
console.log(`\nOverhead: M = 20, numSamples = 500, trivial model (load average ${loadavg()[0].toFixed(2)})`);
console.table(
  timings.map((t) => ({
    sampler: t.sampler,
    'standard errors': t.standardErrors,
    'median wall ms': t.medianWallMs.toFixed(4),
    'median overhead ms': t.medianOverheadMs.toFixed(4),
    'p10 ms': t.p10OverheadMs.toFixed(4),
    'p90 ms': t.p90OverheadMs.toFixed(4),
    'shap overhead ms': timing.headline.median_overhead_ms.toFixed(2),
    'speed-up': (timing.headline.median_overhead_ms / t.medianOverheadMs).toFixed(1) + 'x',
  })),
);

mkdirSync(new URL('bench/results/', root), { recursive: true });
writeFileSync(
  new URL('bench/results/kernel-shap.json', root),
  JSON.stringify(
    {
      node: process.version,
      loadAverage: loadavg(),
      accuracy: accuracyRows,
      meanRatioShapSampler: meanRatio('ratioShapSampler'),
      worstRatioShapSampler: worstShapSampler,
      worstRatioShapSampler300Seeds: worstShapSampler300,
      largestAbsZShapSampler300Seeds: largestZ,
      meanRatioPaired: meanRatio('ratioPaired'),
      meanRatioLeverage: meanRatio('ratioLeverage'),
      scaling: scalingRows,
      overhead: timings,
      shapOverheadMs: timing.headline.median_overhead_ms,
    },
    null,
    1,
  ) + '\n',
);

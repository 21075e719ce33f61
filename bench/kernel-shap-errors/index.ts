/**
 * Calibration of Kernel SHAP's standard errors.
 *
 * On games with known Shapley values (M = 20: the fixtures' AND + threshold and
 * polynomial + sine games, exact values by enumeration; M = 50: two AND + threshold
 * games with closed-form values), counts how often φ ± 1.96·se contains the true
 * value, over every (feature, seed) pair, at 200, 500 and 2000 samples, for the
 * chosen estimator (the grouped jackknife) and the candidates it was chosen over, all
 * from the same 32 groups of drawn coalitions: batch means, the linearized
 * (infinitesimal) jackknife, and the geometric mean of the two jackknifes ('blend').
 * Target: 93–97% for the chosen one.
 *
 * Run: node --import tsx bench/kernel-shap-errors/index.ts [--quick]
 * Writes bench/results/kernel-shap-errors.json. Full: 100 seeds, both samplers, four
 * games, about a minute. `--quick` (seconds): 30 seeds, the jackknife and the default
 * sampler only, one game per M.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { runKernelShap } from '../../src/explain/shap/kernel-shap.js';
import type { StandardErrorMethod } from '../../src/explain/shap/kernel-shap-errors.js';
import type { KernelShapSampler } from '../../src/explain/shap/kernel-shap-types.js';
import { evaluateGame, groupGame, type FixtureGame } from '../../test/helpers/shap-game.js';

const quick = process.argv.includes('--quick');
const root = new URL('../../', import.meta.url);
const sampled = JSON.parse(readFileSync(new URL('test/fixtures/shap/sampled.json', root), 'utf8')) as {
  games: { id: string; M: number; game: FixtureGame; oracle_phi: number[] }[];
};

interface Game {
  id: string;
  M: number;
  game: FixtureGame;
  phi: number[];
}

const fixture = (id: string): Game => {
  const g = sampled.games.find((x) => x.id === id);
  if (!g) throw new Error(`no fixture game ${id}`);
  return { id, M: g.M, game: g.game, phi: g.oracle_phi };
};
const grouped = (M: number, seed: number): Game => {
  const { game, phi } = groupGame(M, seed);
  return { id: `M${M}_groups_seed${seed}`, M, game, phi };
};

const GAMES: Game[] = quick
  ? [fixture('M20_and_threshold'), grouped(50, 50)]
  : [fixture('M20_and_threshold'), fixture('M20_poly_sin'), grouped(50, 50), grouped(50, 51)];
const BUDGETS = [200, 500, 2000];
const SEEDS = Array.from({ length: quick ? 30 : 100 }, (_, i) => i);
const METHODS: StandardErrorMethod[] = quick ? ['jackknife'] : ['blend', 'jackknife', 'linearized-jackknife', 'batch-means'];
const SAMPLERS: KernelShapSampler[] = quick ? ['leverage'] : ['leverage', 'paired', 'shap'];

interface Row {
  game: string;
  M: number;
  numSamples: number;
  sampler: KernelShapSampler;
  method: StandardErrorMethod;
  pairs: number;
  coverage: number;
  /** √(mean se²) / √(mean (φ − φ*)²): 1 when the errors are the right size on average. */
  rmsRatio: number;
  meanStandardError: number;
}

async function measure(game: Game, numSamples: number, sampler: KernelShapSampler, method: StandardErrorMethod): Promise<Row> {
  let covered = 0;
  let pairs = 0;
  let squaredErrors = 0;
  let squaredSe = 0;
  let sumSe = 0;
  for (const seed of SEEDS) {
    const result = await runKernelShap(
      { numFeatures: game.M, evaluate: (masks) => masks.map((z) => [evaluateGame(game.game, z)]), numSamples, seed, sampler },
      method,
    );
    for (let j = 0; j < game.M; j++) {
      const error = result.shapValues[0][j] - game.phi[j];
      const se = result.standardErrors[0][j];
      if (Math.abs(error) <= 1.96 * se) covered++;
      pairs++;
      squaredErrors += error * error;
      squaredSe += se * se;
      sumSe += se;
    }
  }
  return {
    game: game.id,
    M: game.M,
    numSamples,
    sampler,
    method,
    pairs,
    coverage: covered / pairs,
    rmsRatio: Math.sqrt(squaredSe / squaredErrors),
    meanStandardError: sumSe / pairs,
  };
}

const started = performance.now();
const rows: Row[] = [];
for (const game of GAMES) {
  for (const sampler of SAMPLERS) {
    for (const method of METHODS) {
      for (const numSamples of BUDGETS) rows.push(await measure(game, numSamples, sampler, method));
    }
  }
}
const seconds = (performance.now() - started) / 1000;

console.log(`\nCoverage of φ ± 1.96·se over (feature, seed) pairs, ${SEEDS.length} seeds (target 93–97%)`);
console.table(
  rows.map((r) => ({
    game: r.game,
    sampler: r.sampler,
    method: r.method,
    n: r.numSamples,
    pairs: r.pairs,
    coverage: `${(100 * r.coverage).toFixed(1)}%`,
    'rms se / rms error': r.rmsRatio.toFixed(3),
    'mean se': r.meanStandardError.toExponential(2),
  })),
);
const chosen = rows.filter((r) => r.method === 'jackknife');
const low = Math.min(...chosen.map((r) => r.coverage));
const high = Math.max(...chosen.map((r) => r.coverage));
const pass = low >= 0.93 && high <= 0.97;
// From about 10 samples per feature on, the regime the docs promise 93–97% in.
const enough = chosen.filter((r) => r.numSamples >= 10 * r.M);
const enoughRange = [Math.min(...enough.map((r) => r.coverage)), Math.max(...enough.map((r) => r.coverage))];
const misses = chosen.filter((r) => r.coverage < 0.93 || r.coverage > 0.97);
console.log(
  `jackknife: coverage ${(100 * low).toFixed(1)}–${(100 * high).toFixed(1)}% over all cells (target 93–97%: ${pass ? 'met' : 'not met'}); ` +
    `${(100 * enoughRange[0]!).toFixed(1)}–${(100 * enoughRange[1]!).toFixed(1)}% from 10 samples per feature on; ${seconds.toFixed(1)} s`,
);
for (const r of misses) {
  console.log(`  outside 93–97%: ${r.game} '${r.sampler}' n = ${r.numSamples}: ${(100 * r.coverage).toFixed(1)}% (se ${r.rmsRatio > 1 ? 'too large' : 'too small'} by ${r.rmsRatio.toFixed(2)}x)`);
}

mkdirSync(new URL('bench/results/', root), { recursive: true });
writeFileSync(
  new URL('bench/results/kernel-shap-errors.json', root),
  JSON.stringify({ node: process.version, quick, seeds: SEEDS.length, seconds, rows, coverageRange: [low, high], coverageFrom10PerFeature: enoughRange, pass }, null, 1) + '\n',
);

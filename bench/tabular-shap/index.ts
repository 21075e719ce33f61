/**
 * Tabular Kernel SHAP benchmark (issue 29, item 12): the engine's time outside the model,
 * as a share of the model's time, for a model that costs about 50 µs per row.
 *
 * 1. `explainTabularRecord`: 12 features (9 numeric, 3 categorical), 500 samples, a
 *    5-row baseline computed by `computeBaseline`, a small MLP in plain JavaScript sized at
 *    start-up to cost ≈ 50 µs per row. Engine time = wall time − time inside `predict`.
 * 2. `partialDependence`: 2 features × 15 grid values × 500 rows, same model, 3 runs each.
 * 3. `computeBaseline` on 5,000 rows, and `aggregateShap` over the records' local values.
 *
 * Run: node --import tsx bench/tabular-shap/index.ts [--records N] [--quick]
 * Writes bench/results/tabular-shap.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { median } from '../median.mjs';
import { SeededRandom } from '../../src/explain/numeric/random.js';
import { computeBaseline } from '../../src/explain/tabular/computed-baseline.js';
import { partialDependence } from '../../src/explain/tabular/partial-dependence.js';
import { pdpGrid } from '../../src/explain/tabular/pdp-grid.js';
import { recordSeed } from '../../src/explain/tabular/record-seed.js';
import { aggregateShap } from '../../src/explain/tabular/shap-aggregate.js';
import type { TabularPredictor, TabularRow } from '../../src/explain/tabular/tabular-predictor.js';
import { explainTabularRecord } from '../../src/explain/tabular/tabular-shap.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const recordsArg = args.indexOf('--records');
const RECORDS = recordsArg >= 0 ? Number(args[recordsArg + 1]) : quick ? 4 : 20;
const WARM_UP = quick ? 1 : 3;
const NUM_SAMPLES = 500;
const BASELINE_ROWS = 5;
const TARGET_US_PER_ROW = 50;
const TARGET_PERCENT = 5;

// --- Data: 9 numeric features and 3 categorical ones of 4 levels each.
const NUMERIC = 9;
const LEVELS = [
  ['north', 'south', 'east', 'west'],
  ['bronze', 'silver', 'gold', 'platinum'],
  ['web', 'store', 'phone', 'partner'],
];
const random = new SeededRandom(2026);
function makeRow(): TabularRow {
  const numeric = Array.from({ length: NUMERIC }, (_, j) => Math.round((random.nextNormal() * (j + 1) + j * 3) * 100) / 100);
  const categorical = LEVELS.map((levels) => levels[random.nextBelow(levels.length)]);
  return [...numeric, ...categorical];
}
const dataset = Array.from({ length: 5000 }, makeRow);

// --- The model: one-hot encoding, then a 2-hidden-layer tanh MLP, softmax over 2 classes.
const INPUTS = NUMERIC + LEVELS.reduce((n, levels) => n + levels.length, 0);
function makeMlp(hidden: number) {
  const r = new SeededRandom(7);
  const weights = (rows: number, cols: number) => Float64Array.from({ length: rows * cols }, () => (r.nextFloat() - 0.5) / Math.sqrt(cols));
  const w1 = weights(hidden, INPUTS);
  const w2 = weights(hidden, hidden);
  const w3 = weights(2, hidden);
  const x = new Float64Array(INPUTS);
  const h1 = new Float64Array(hidden);
  const h2 = new Float64Array(hidden);
  const levelIndex = LEVELS.map((levels) => new Map(levels.map((v, i) => [v, i])));
  return (row: TabularRow): number[] => {
    x.fill(0);
    for (let j = 0; j < NUMERIC; j++) x[j] = (row[j] as number) / 10;
    let at = NUMERIC;
    LEVELS.forEach((levels, c) => {
      x[at + (levelIndex[c].get(row[NUMERIC + c] as string) ?? 0)] = 1;
      at += levels.length;
    });
    for (let i = 0; i < hidden; i++) {
      let s = 0;
      for (let j = 0; j < INPUTS; j++) s += w1[i * INPUTS + j] * x[j];
      h1[i] = Math.tanh(s);
    }
    for (let i = 0; i < hidden; i++) {
      let s = 0;
      for (let j = 0; j < hidden; j++) s += w2[i * hidden + j] * h1[j];
      h2[i] = Math.tanh(s);
    }
    let a = 0;
    let b = 0;
    for (let j = 0; j < hidden; j++) {
      a += w3[j] * h2[j];
      b += w3[hidden + j] * h2[j];
    }
    const m = Math.max(a, b);
    const ea = Math.exp(a - m);
    const eb = Math.exp(b - m);
    return [ea / (ea + eb), eb / (ea + eb)];
  };
}

function microsPerRow(model: (row: TabularRow) => number[], rows: number): number {
  for (let i = 0; i < 2000; i++) model(dataset[i % dataset.length]); // warm up
  const start = performance.now();
  for (let i = 0; i < rows; i++) model(dataset[i % dataset.length]);
  return ((performance.now() - start) * 1000) / rows;
}

// Size the hidden layers so that a row costs about TARGET_US_PER_ROW.
// The cost grows like hidden², so each step rescales by the square root of the miss.
let hidden = 64;
let model = makeMlp(hidden);
let cost = microsPerRow(model, 4000);
for (let step = 0; step < 6 && Math.abs(cost / TARGET_US_PER_ROW - 1) > 0.08; step++) {
  hidden = Math.max(8, Math.round(hidden * Math.sqrt(TARGET_US_PER_ROW / cost)));
  model = makeMlp(hidden);
  cost = microsPerRow(model, 4000);
}

let modelMs = 0;
const predict: TabularPredictor = (rows) => {
  const start = performance.now();
  const out = rows.map(model);
  modelMs += performance.now() - start;
  return out;
};

// --- 3. The computed baseline (also the baseline of the SHAP runs).
const baselineStart = performance.now();
const baseline = computeBaseline({ rows: dataset, numClusters: BASELINE_ROWS, seed: 0 });
const baselineMs = performance.now() - baselineStart;

// --- 1. explainTabularRecord.
interface RecordTiming {
  wallMs: number;
  modelMs: number;
  engineMs: number;
  rows: number;
  calls: number;
}
const timings: RecordTiming[] = [];
const local: Float64Array[][] = [];
for (let i = 0; i < WARM_UP + RECORDS; i++) {
  const record = dataset[100 + i];
  modelMs = 0;
  const start = performance.now();
  const result = await explainTabularRecord({
    record,
    baseline: baseline.rows,
    baselineWeights: baseline.weights,
    predict,
    numSamples: NUM_SAMPLES,
    seed: recordSeed(1, i),
  });
  const wallMs = performance.now() - start;
  if (i < WARM_UP) continue;
  local.push(result.shapValues);
  timings.push({ wallMs, modelMs, engineMs: wallMs - modelMs, rows: result.modelRows, calls: result.modelCalls });
}
// The same records with an instant model: the engine's own cost per record.
const instant: TabularPredictor = (rows) => rows.map(() => [0.25, 0.75]);
const instantMs: number[] = [];
for (let i = 0; i < WARM_UP + RECORDS; i++) {
  const start = performance.now();
  await explainTabularRecord({ record: dataset[100 + i], baseline: baseline.rows, baselineWeights: baseline.weights, predict: instant, numSamples: NUM_SAMPLES, seed: recordSeed(1, i) });
  if (i >= WARM_UP) instantMs.push(performance.now() - start);
}

const totalModel = timings.reduce((a, t) => a + t.modelMs, 0);
const totalEngine = timings.reduce((a, t) => a + t.engineMs, 0);
const shapPercent = (100 * totalEngine) / totalModel;
// Less disturbed by other processes: the medians, and the instant model's time against the
// time the rows would take at exactly TARGET_US_PER_ROW.
const shapMedianPercent = (100 * median(timings.map((t) => t.engineMs))) / median(timings.map((t) => t.modelMs));
const instantPercent = (100 * median(instantMs)) / ((timings[0].rows * TARGET_US_PER_ROW) / 1000);

const aggregateStart = performance.now();
aggregateShap(local, 'mean_abs');
const aggregateMs = performance.now() - aggregateStart;

// --- 2. partialDependence: each feature 3 times; the medians.
const PDP_RUNS = quick ? 1 : 3;
const pdpRows = dataset.slice(0, 500);
const pdpTimings: { feature: number; wallMs: number; modelMs: number; engineMs: number; rows: number }[] = [];
for (const feature of [0, NUMERIC]) {
  const grid = pdpGrid(
    dataset.map((row) => row[feature]),
    { gridResolution: 15 },
  );
  const runs: { wallMs: number; modelMs: number; rows: number }[] = [];
  for (let run = 0; run < PDP_RUNS; run++) {
    modelMs = 0;
    const start = performance.now();
    const result = await partialDependence({ rows: pdpRows, feature, featureValues: grid.featureValues, predict });
    runs.push({ wallMs: performance.now() - start, modelMs, rows: result.modelRows });
  }
  const wallMs = median(runs.map((r) => r.wallMs));
  const engineMs = median(runs.map((r) => r.wallMs - r.modelMs));
  pdpTimings.push({ feature, wallMs, modelMs: median(runs.map((r) => r.modelMs)), engineMs, rows: runs[0].rows });
}
const pdpPercent = (100 * pdpTimings.reduce((a, t) => a + t.engineMs, 0)) / pdpTimings.reduce((a, t) => a + t.modelMs, 0);

// --- Report.
const load = loadavg()[0];
console.log(`Model: ${INPUTS} inputs → ${hidden} → ${hidden} → 2 (tanh MLP, softmax), ${cost.toFixed(1)} µs per row`);
console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, load average ${load.toFixed(2)}\n`);
console.log(`explainTabularRecord: ${RECORDS} records × (12 features, numSamples ${NUM_SAMPLES}, ${baseline.rows.length} baseline rows)`);
console.table({
  'rows per record': timings[0].rows,
  'predict calls per record': timings[0].calls,
  'median wall ms': median(timings.map((t) => t.wallMs)).toFixed(1),
  'median model ms': median(timings.map((t) => t.modelMs)).toFixed(1),
  'median engine ms': median(timings.map((t) => t.engineMs)).toFixed(2),
  'engine / model (totals)': `${shapPercent.toFixed(2)} %`,
  'engine / model (medians)': `${shapMedianPercent.toFixed(2)} %`,
  'median ms, instant model': median(instantMs).toFixed(2),
  'instant-model ms / (rows × 50 µs)': `${instantPercent.toFixed(2)} %`,
  target: `≤ ${TARGET_PERCENT} %`,
});
console.log(`partialDependence: 2 features × 15 grid values × ${pdpRows.length} rows (medians of ${PDP_RUNS} runs)`);
console.table(pdpTimings.map((t) => ({ feature: t.feature, rows: t.rows, 'wall ms': t.wallMs.toFixed(1), 'model ms': t.modelMs.toFixed(1), 'engine ms': t.engineMs.toFixed(2) })));
console.log(`engine / model: ${pdpPercent.toFixed(2)} %`);
console.log(`computeBaseline (k-prototypes, ${dataset.length} rows, ${BASELINE_ROWS} clusters): ${baselineMs.toFixed(1)} ms; aggregateShap over ${local.length} records: ${aggregateMs.toFixed(2)} ms`);
const met = shapPercent <= TARGET_PERCENT && pdpPercent <= TARGET_PERCENT;
console.log(met ? '\nTarget met.' : '\nTarget NOT met.');

const root = new URL('../../', import.meta.url);
mkdirSync(new URL('bench/results/', root), { recursive: true });
writeFileSync(
  new URL('bench/results/tabular-shap.json', root),
  JSON.stringify(
    {
      node: process.version,
      cpus: cpus().length,
      loadAverage: loadavg(),
      model: { inputs: INPUTS, hidden, microsPerRow: cost },
      shap: {
        records: RECORDS,
        numSamples: NUM_SAMPLES,
        baselineRows: baseline.rows.length,
        enginePercentOfModel: shapPercent,
        enginePercentOfModelMedians: shapMedianPercent,
        medianMsWithInstantModel: median(instantMs),
        instantModelPercentOf50usRows: instantPercent,
        perRecord: timings,
      },
      pdp: { rows: pdpRows.length, gridResolution: 15, enginePercentOfModel: pdpPercent, perFeature: pdpTimings },
      computeBaselineMs: baselineMs,
      aggregateShapMs: aggregateMs,
      targetPercent: TARGET_PERCENT,
      met,
    },
    null,
    1,
  ) + '\n',
);

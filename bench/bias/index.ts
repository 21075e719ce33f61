/**
 * Bias metrics benchmark (issue 29, item 11), side by side with smclarify on pandas.
 *
 * 1. Pre-training bias, methods "all", three facets and a group variable, on a
 *    1,000,000-row × 20-column CSV: the engine (src/data's CSV reader + runBiasAnalysis) and
 *    smclarify (pandas.read_csv + bias_report per facet), each in a fresh process, from
 *    the file to the report; wall time and peak RSS; the two reports must agree.
 * 2. FT at growing row counts, from the CSV, both sides.
 * 3. FT's k-NN alone (the k-d tree, in this process) at growing row counts against n log n,
 *    and a brute-force scan at the smallest size for contrast.
 *
 * Run: npm run bench -- bias   (or node --import tsx bench/bias/index.ts)
 * Flags: --quick (100,000 rows, small FT sizes, one run), --rows N, --no-smclarify.
 * BENCH_RUNS sets the runs per side (default 3; medians reported). Data are cached in the
 * OS temp folder (bench/bias/data.ts). Writes bench/results/bias.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from '../median.mjs';
import { compareSections } from '../../test/bias/helpers/compare.js';
import { SeededRandom } from '../../src/explain/numeric/random.js';
import { flipTest } from '../../src/bias/flip-test.js';
import { incomeTable, numericTable } from './data.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const SMCLARIFY = join(root, '..', 'shared', 'reference', 'smclarify');
const PYTHON = '/usr/bin/python3';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const rowsFlag = args.indexOf('--rows');
const rows = rowsFlag >= 0 ? Number(args[rowsFlag + 1]) : quick ? 100_000 : 1_000_000;
const runs = Number(process.env.BENCH_RUNS ?? (quick ? 1 : 3));
if (!Number.isInteger(rows) || rows < 100) throw new Error(`--rows must be an integer >= 100, got ${String(args[rowsFlag + 1])}`);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`BENCH_RUNS must be an integer >= 1, got ${String(process.env.BENCH_RUNS)}`);

function smclarifyUnavailable(): string | undefined {
  if (args.includes('--no-smclarify')) return '--no-smclarify';
  const probe = spawnSync(PYTHON, ['-c', 'import pandas, sklearn, smclarify'], { env: { ...process.env, PYTHONPATH: SMCLARIFY } });
  return probe.status === 0 ? undefined : 'python3-pandas / python3-sklearn or smclarify missing';
}
const noSmclarify = smclarifyUnavailable();

interface Run {
  total_ms: number;
  peak_rss_mb: number;
  rows: number;
  report: Record<string, unknown>;
  [key: string]: unknown;
}

function runChild(command: string, commandArgs: string[], env: NodeJS.ProcessEnv = {}): Run {
  const result = spawnSync(command, commandArgs, {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    env: { ...process.env, ...env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
  });
  if (result.status !== 0) throw new Error(`${command} ${commandArgs[0]} failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop() as string) as Run;
}

const ours = (csv: string, config: object): Run => runChild(process.execPath, ['--import', 'tsx', join(here, 'ours.ts'), csv, JSON.stringify(config)]);
const theirs = (csv: string, config: object): Run =>
  runChild(PYTHON, [join(here, 'smclarify_bench.py'), csv, JSON.stringify(config)], { PYTHONPATH: SMCLARIFY });

const fmtS = (ms: number): string => (ms / 1000).toFixed(2);

// 1. Pre-training, methods "all".
const preConfig = {
  dataset_type: 'text/csv',
  label: 'approved',
  label_values_or_threshold: [1],
  facet: [
    { name_or_index: 'sex', value_or_threshold: ['Female'] },
    { name_or_index: 'race', value_or_threshold: ['Black', 'Hispanic'] },
    { name_or_index: 'income', value_or_threshold: [50000] },
  ],
  group_variable: 'region',
  methods: { pre_training_bias: { methods: 'all' } },
};
console.log(`bias benchmark: ${rows.toLocaleString('en')} rows, ${runs} run(s) per side, ${cpus().length} CPUs, load ${loadavg()[0]?.toFixed(2)}`);
const incomeCsv = await incomeTable(rows);
const oursRuns: Run[] = [];
const theirRuns: Run[] = [];
for (let i = 0; i < runs; i++) {
  oursRuns.push(ours(incomeCsv, preConfig));
  if (noSmclarify === undefined) theirRuns.push(theirs(incomeCsv, preConfig));
}
const oursTotal = median(oursRuns.map((r) => r.total_ms));
const oursRss = Math.max(...oursRuns.map((r) => r.peak_rss_mb));
const pre = {
  rows,
  columns: 20,
  runs,
  ours: {
    total_s: oursTotal / 1000,
    profile_s: median(oursRuns.map((r) => r.profile_ms as number)) / 1000,
    bias_s: median(oursRuns.map((r) => r.bias_ms as number)) / 1000,
    passes_after_profile: oursRuns[0]?.passes,
    peak_rss_mb: oursRss,
  },
  smclarify:
    theirRuns.length === 0
      ? { skipped: noSmclarify }
      : {
          total_s: median(theirRuns.map((r) => r.total_ms)) / 1000,
          read_csv_s: median(theirRuns.map((r) => r.read_ms as number)) / 1000,
          bias_s: median(theirRuns.map((r) => r.bias_ms as number)) / 1000,
          peak_rss_mb: Math.max(...theirRuns.map((r) => r.peak_rss_mb)),
        },
  agree: theirRuns.length === 0 ? undefined : compareSections(oursRuns[0]!.report, theirRuns[0]!.report),
};
console.log('\n| pre-training "all", 3 facets + group | total s | read/profile s | metrics s | peak RSS MB |');
console.log('|---|---|---|---|---|');
console.log(`| clarify-ts (src/data CSV + runBiasAnalysis) | ${fmtS(oursTotal)} | ${pre.ours.profile_s.toFixed(2)} | ${pre.ours.bias_s.toFixed(2)} | ${oursRss.toFixed(0)} |`);
if (theirRuns.length > 0) {
  const s = pre.smclarify as { total_s: number; read_csv_s: number; bias_s: number; peak_rss_mb: number };
  console.log(`| smclarify (pandas read_csv + bias_report) | ${s.total_s.toFixed(2)} | ${s.read_csv_s.toFixed(2)} | ${s.bias_s.toFixed(2)} | ${s.peak_rss_mb.toFixed(0)} |`);
  console.log(`\nspeed-up (smclarify total / ours): ${(s.total_s / (oursTotal / 1000)).toFixed(2)}x; reports agree: ${pre.agree?.length === 0 ? 'yes' : `NO ${JSON.stringify(pre.agree)}`}`);
} else console.log(`\nsmclarify skipped: ${noSmclarify}`);

// 2. FT at growing sizes.
const ftSizes = quick ? [10_000, 20_000, 40_000] : [25_000, 50_000, 100_000, 200_000];
const ftConfig = {
  dataset_type: 'text/csv',
  label: 'approved',
  label_values_or_threshold: [1],
  predicted_label: 'predicted',
  facet: [{ name_or_index: 'female', value_or_threshold: [1] }],
  methods: { post_training_bias: { methods: ['FT'] } },
};
const ft = [];
console.log('\n| FT rows | ours s | ours µs per n·log2(n) | smclarify s | agree |');
console.log('|---|---|---|---|---|');
for (const n of ftSizes) {
  const csv = await numericTable(n);
  const o = ours(csv, ftConfig);
  const t = noSmclarify === undefined ? theirs(csv, ftConfig) : undefined;
  const perNLogN = ((o.bias_ms as number) * 1000) / (n * Math.log2(n));
  const agree = t === undefined ? undefined : compareSections(o.report, t.report).length === 0;
  ft.push({ rows: n, ours_s: (o.bias_ms as number) / 1000, ours_us_per_n_log_n: perNLogN, smclarify_s: t === undefined ? undefined : (t.bias_ms as number) / 1000, agree });
  console.log(`| ${n.toLocaleString('en')} | ${fmtS(o.bias_ms as number)} | ${perNLogN.toFixed(3)} | ${t === undefined ? '–' : fmtS(t.bias_ms as number)} | ${agree === undefined ? '–' : agree ? 'yes' : 'NO'} |`);
}

// 3. The k-NN alone: 6 float features, 45% disadvantaged rows.
function knnInput(n: number) {
  const r = new SeededRandom(n);
  const d = 6;
  const features = Float64Array.from({ length: n * d }, () => Math.round(r.nextFloat() * 10000) / 100);
  const side = Uint8Array.from({ length: n }, () => (r.nextFloat() < 0.45 ? 1 : 0));
  const predicted = Uint8Array.from({ length: n }, () => (r.nextFloat() < 0.5 ? 1 : 0));
  return { features, rows: n, stride: d, dims: [0, 1, 2, 3, 4, 5], sensitive: (i: number) => side[i] === 1, predicted };
}
function bruteForceMs(n: number): number {
  const { features, sensitive } = knnInput(n);
  const d = 6;
  const a: number[] = [];
  const q: number[] = [];
  for (let i = 0; i < n; i++) (sensitive(i) ? q : a).push(i);
  const start = performance.now();
  const best = new Float64Array(5);
  for (const i of q) {
    best.fill(Infinity);
    for (const j of a) {
      let dist = 0;
      for (let k = 0; k < d; k++) dist += (features[i * d + k]! - features[j * d + k]!) ** 2;
      if (dist < best[4]!) {
        let p = 4;
        while (p > 0 && best[p - 1]! > dist) {
          best[p] = best[p - 1]!;
          p--;
        }
        best[p] = dist;
      }
    }
  }
  return performance.now() - start;
}
const knnSizes = quick ? [20_000, 40_000, 80_000] : [50_000, 100_000, 200_000, 400_000, 800_000];
const knn = [];
console.log('\n| k-NN rows (6 features) | k-d tree s | µs per n·log2(n) | brute force s |');
console.log('|---|---|---|---|');
for (const [i, n] of knnSizes.entries()) {
  const input = knnInput(n);
  const start = performance.now();
  flipTest(input);
  const ms = performance.now() - start;
  const brute = i === 0 ? bruteForceMs(n) : undefined;
  knn.push({ rows: n, kd_tree_s: ms / 1000, us_per_n_log_n: (ms * 1000) / (n * Math.log2(n)), brute_force_s: brute === undefined ? undefined : brute / 1000 });
  console.log(`| ${n.toLocaleString('en')} | ${fmtS(ms)} | ${((ms * 1000) / (n * Math.log2(n))).toFixed(3)} | ${brute === undefined ? '–' : fmtS(brute)} |`);
}

mkdirSync(join(here, '..', 'results'), { recursive: true });
writeFileSync(
  join(here, '..', 'results', 'bias.json'),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: cpus().length, load: loadavg()[0], pre_training: pre, flip_test: ft, knn }, null, 2)}\n`,
);
if (pre.agree !== undefined && pre.agree.length > 0) process.exitCode = 1;

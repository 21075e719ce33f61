/**
 * Engine throughput: images per minute of `runAnalysis` on the demo model and
 * on a ResNet-18-sized ONNX model (20 segments, 500 samples), with 1 and 2
 * worker threads, and the peak resident memory of each run. For reference, the same
 * work is also split between two separate processes at concurrency 1 (`2 processes`
 * rows; each pays its own start-up), which shows what process-level parallelism
 * gets on the same machine. `--demo-only` skips the ResNet-sized runs.
 *
 * It measures the built package (`dist/`, what `clarify-ts` and `import 'clarify-ts'`
 * run): it runs `npm run build` first, unless `--no-build` is given. Running from the
 * TypeScript sources would make every worker transform and compile them through tsx,
 * work that the shipped engine never does.
 *
 * This machine's speed drifts by ±25% within minutes, so a single run of each
 * concurrency can say little about their ratio: the runs alternate (1, 2, then 2, 1,
 * ...), `BENCH_ENGINE_REPEATS` pairs per model (default 3 for the demo, 2 for the
 * ResNet-sized model), and the verdict uses the median ratio of the pairs.
 *
 * Run: `node --import tsx bench/engine/index.ts` (or `npm run bench -- engine`).
 * Writes bench/results/engine.json.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import sharp from 'sharp';
import type { runAnalysis as RunAnalysis } from '../../src/engine/run-analysis.js';
import type { OnnxModelSpec } from '../../src/engine/model-source.js';
import { resnet18Onnx } from '../explain/resnet18.js';
import { median } from '../median.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const here = fileURLToPath(import.meta.url);

interface Row {
  model: string;
  images: number;
  concurrency: number | '2 processes';
  /** Which alternating pair the run belongs to (the reference row has none). */
  pair?: number;
  seconds: number;
  /**
   * CPU time of the whole process over the run (main thread, workers, V8's compiler
   * and GC threads, libuv and libvips threads) divided by the wall time.
   */
  coresBusy: number;
  imagesPerMinute: number;
  peakRssMb: number;
}

/** `runAnalysis` from the built package, building it first unless `--no-build`. */
async function builtEngine(): Promise<typeof RunAnalysis> {
  if (!process.argv.includes('--no-build')) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status ?? build.signal})`);
  }
  const built = (await import(pathToFileURL(join(ROOT, 'dist/index.js')).href)) as { runAnalysis: typeof RunAnalysis };
  return built.runAnalysis;
}

function config(modelName: string, numSegments: number, labels?: string[]) {
  return {
    dataset_type: 'application/x-image',
    predictor: { model_name: modelName, ...(labels ? { label_headers: labels } : {}) },
    methods: { shap: { use_logit: false, save_local_shap_values: true, num_samples: 500, seed: 1, image_config: { model_type: 'IMAGE_CLASSIFICATION', num_segments: numSegments, segment_compactness: 5 } } },
  } as const;
}

async function measure(runAnalysis: typeof RunAnalysis, name: string, data: string, files: string[], spec: OnnxModelSpec, cfg: ReturnType<typeof config>, concurrency: number): Promise<Row> {
  const output = mkdtempSync(join(tmpdir(), 'bench-engine-out-'));
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  const started = performance.now();
  const cpu = process.cpuUsage();
  await runAnalysis({ config: cfg, data, files, output, models: { [cfg.predictor.model_name]: spec }, concurrency, report: false });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  const coresBusy = (used.user + used.system) / 1e6 / seconds;
  return { model: name, images: files.length, concurrency, seconds, coresBusy, imagesPerMinute: (files.length / seconds) * 60, peakRssMb: peak / 2 ** 20 };
}

/** The same work split between two processes at concurrency 1; the slower one sets the time. */
async function measureTwoProcesses(name: string, data: string, files: string[], spec: OnnxModelSpec, cfg: ReturnType<typeof config>): Promise<Row> {
  const halves = [files.filter((_, i) => i % 2 === 0), files.filter((_, i) => i % 2 === 1)];
  const seconds = await Promise.all(
    halves.map(
      (part) =>
        new Promise<number>((resolve, reject) => {
          const job = { config: cfg, data, files: part, output: mkdtempSync(join(tmpdir(), 'bench-engine-out-')), modelName: cfg.predictor.model_name, spec };
          const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/engine/child.ts'), JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'inherit'] });
          let out = '';
          child.stdout.on('data', (d: Buffer) => (out += d.toString()));
          child.on('error', reject);
          child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop() as string).seconds) : reject(new Error(`bench child exited with ${code}`))));
        }),
    ),
  );
  const slowest = Math.max(...seconds);
  return { model: name, images: files.length, concurrency: '2 processes', seconds: slowest, coresBusy: Number.NaN, imagesPerMinute: (files.length / slowest) * 60, peakRssMb: Number.NaN };
}

/** `pairs` runs at concurrency 1 and 2, alternating which goes first. */
async function alternate(pairs: number, one: (concurrency: number) => Promise<Row>): Promise<Row[]> {
  const rows: Row[] = [];
  for (let pair = 0; pair < pairs; pair++) {
    for (const c of pair % 2 === 0 ? [1, 2] : [2, 1]) rows.push({ ...(await one(c)), pair });
  }
  return rows;
}

/** Runs the benchmark, prints a table and writes bench/results/engine.json. */
export async function run(): Promise<Row[]> {
  const demoOnly = process.argv.includes('--demo-only');
  const runAnalysis = await builtEngine();
  // The reference children are TypeScript scripts run through tsx (the engine they import is built).
  const canSpawnTs = here.endsWith('.ts');
  const rows: Row[] = [];
  const meta = JSON.parse(readFileSync(join(ROOT, 'examples/models/shapes-cnn.json'), 'utf8'));
  const manifest = (JSON.parse(readFileSync(join(ROOT, 'examples/images/manifest.json'), 'utf8')) as { image: string }[]).map((m) => m.image);
  const demo: OnnxModelSpec = { onnx: { model: join(ROOT, 'examples/models/shapes-cnn.onnx'), softmax: true, mean: meta.input.mean, std: meta.input.std } };
  // 32 images (the 8 samples, 4 copies each) so that starting the workers is a small part of the time.
  const demoDir = mkdtempSync(join(tmpdir(), 'bench-engine-demo-'));
  const demoFiles: string[] = [];
  for (let copy = 0; copy < 4; copy++) {
    for (const f of manifest) {
      const name = `${copy}-${f}`;
      writeFileSync(join(demoDir, name), readFileSync(join(ROOT, 'examples/images', f)));
      demoFiles.push(name);
    }
  }
  const repeats = (fallback: number) => Number(process.env.BENCH_ENGINE_REPEATS ?? fallback);
  for (const row of await alternate(repeats(3), (c) => measure(runAnalysis, 'demo (shapes-cnn, 64x64)', demoDir, demoFiles, demo, config('demo', 20, meta.classes), c))) rows.push(row);
  if (canSpawnTs) rows.push(await measureTwoProcesses('demo (shapes-cnn, 64x64)', demoDir, demoFiles, demo, config('demo', 20, meta.classes)));
  if (demoOnly) return report(rows);

  // ResNet-18-sized: the 8 sample images enlarged to 224 x 224. Images differ in cost (a
  // picture with few segments needs fewer distinct coalitions), so with only 4 images one
  // worker idled for the last ~20% of a concurrency-2 run; 8 make the tail a smaller part.
  const dir = mkdtempSync(join(tmpdir(), 'bench-engine-resnet-'));
  const resnetPath = join(dir, 'resnet18.onnx');
  writeFileSync(resnetPath, resnet18Onnx(1).bytes);
  const photos = manifest;
  mkdirSync(join(dir, 'images'));
  for (const f of photos) await sharp(join(ROOT, 'examples/images', f)).resize(224, 224, { kernel: 'cubic' }).png().toFile(join(dir, 'images', f));
  const resnet: OnnxModelSpec = { onnx: { model: resnetPath, softmax: true } };
  for (const row of await alternate(repeats(2), (c) => measure(runAnalysis, 'resnet18-sized (224x224)', join(dir, 'images'), photos, resnet, config('resnet', 20), c))) rows.push(row);
  if (canSpawnTs) rows.push(await measureTwoProcesses('resnet18-sized (224x224)', join(dir, 'images'), photos, resnet, config('resnet', 20)));
  return report(rows);
}

async function report(rows: Row[]): Promise<Row[]> {
  console.table(
    rows.map((r) => ({
      ...r,
      seconds: r.seconds.toFixed(1),
      coresBusy: Number.isNaN(r.coresBusy) ? '' : r.coresBusy.toFixed(2),
      imagesPerMinute: r.imagesPerMinute.toFixed(1),
      peakRssMb: Number.isNaN(r.peakRssMb) ? 'per process' : r.peakRssMb.toFixed(0),
    })),
  );
  const verdicts: Record<string, unknown>[] = [];
  for (const model of new Set(rows.map((r) => r.model))) {
    const mine = rows.filter((r) => r.model === model);
    const at = (c: number) => mine.filter((r) => r.concurrency === c);
    const ratios = [...new Set(mine.map((r) => r.pair).filter((p) => p !== undefined))].map((pair) => {
      const [one] = at(1).filter((r) => r.pair === pair);
      const [two] = at(2).filter((r) => r.pair === pair);
      return two.imagesPerMinute / one.imagesPerMinute;
    });
    const oneMedian = median(at(1).map((r) => r.imagesPerMinute));
    const processes = mine.find((r) => r.concurrency === '2 processes');
    const vsProcesses = processes
      ? `; two separate processes (each with its own start-up) reach ${(processes.imagesPerMinute / oneMedian).toFixed(2)}x the median concurrency-1 run`
      : '';
    const ratio = median(ratios);
    verdicts.push({ model, pairRatios: ratios, medianRatio: ratio });
    console.log(
      `${model}: concurrency 2 = ${ratio.toFixed(2)}x concurrency 1 (median of ${ratios.length} alternating pairs: ${ratios.map((r) => r.toFixed(2)).join(', ')})${vsProcesses}`,
    );
  }
  const results = join(ROOT, 'bench/results');
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, 'engine.json'), `${JSON.stringify({ node: process.version, cpus: (await import('node:os')).availableParallelism(), verdicts, rows }, null, 2)}\n`);
  return rows;
}

// Run directly (`node --import tsx bench/engine/index.ts`); bench/run.ts imports run() itself.
if (process.argv[1] === here && here.endsWith('.ts')) await run();

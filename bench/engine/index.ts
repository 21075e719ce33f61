/**
 * Engine throughput: images per minute of `runAnalysis` on the demo model and
 * on a ResNet-18-sized ONNX model (20 segments, 500 samples), with 1 and 2
 * worker threads, and the peak resident memory of each run. For reference, the same
 * work is also split between two separate processes at concurrency 1 (`2 processes`
 * rows; each pays its own start-up), which shows what process-level parallelism
 * gets on the same machine. `--demo-only` skips the ResNet-sized runs.
 *
 * Run: `node --import tsx bench/engine/index.ts` (or `npm run bench -- engine`).
 * Writes bench/results/engine.json.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { runAnalysis } from '../../src/engine/run-analysis.js';
import type { OnnxModelSpec } from '../../src/engine/model-source.js';
import { resnet18Onnx } from '../explain/resnet18.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const here = fileURLToPath(import.meta.url);

interface Row {
  model: string;
  images: number;
  concurrency: number | '2 processes';
  seconds: number;
  imagesPerMinute: number;
  peakRssMb: number;
}

/** The engine's worker module, bundled next to this bench when the bench itself runs bundled. */
async function ensureBundledWorker(): Promise<void> {
  if (here.endsWith('.ts')) return;
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(ROOT, 'src/engine/worker.ts')],
    outfile: join(dirname(here), 'engine/worker.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
}

function config(modelName: string, numSegments: number, labels?: string[]) {
  return {
    dataset_type: 'application/x-image',
    predictor: { model_name: modelName, ...(labels ? { label_headers: labels } : {}) },
    methods: { shap: { use_logit: false, save_local_shap_values: true, num_samples: 500, seed: 1, image_config: { model_type: 'IMAGE_CLASSIFICATION', num_segments: numSegments, segment_compactness: 5 } } },
  } as const;
}

async function measure(name: string, data: string, files: string[], spec: OnnxModelSpec, cfg: ReturnType<typeof config>, concurrency: number): Promise<Row> {
  const output = mkdtempSync(join(tmpdir(), 'bench-engine-out-'));
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  const started = performance.now();
  await runAnalysis({ config: cfg, data, files, output, models: { [cfg.predictor.model_name]: spec }, concurrency, report: false });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  return { model: name, images: files.length, concurrency, seconds, imagesPerMinute: (files.length / seconds) * 60, peakRssMb: peak / 2 ** 20 };
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
  return { model: name, images: files.length, concurrency: '2 processes', seconds: slowest, imagesPerMinute: (files.length / slowest) * 60, peakRssMb: Number.NaN };
}

/** Runs the benchmark, prints a table and writes bench/results/engine.json. */
export async function run(): Promise<Row[]> {
  const demoOnly = process.argv.includes('--demo-only');
  // The reference children run the TypeScript sources through tsx.
  const canSpawnTs = here.endsWith('.ts');
  await ensureBundledWorker();
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
  for (const c of [1, 2]) rows.push(await measure('demo (shapes-cnn, 64x64)', demoDir, demoFiles, demo, config('demo', 20, meta.classes), c));
  if (canSpawnTs) rows.push(await measureTwoProcesses('demo (shapes-cnn, 64x64)', demoDir, demoFiles, demo, config('demo', 20, meta.classes)));
  if (demoOnly) return report(rows);

  // ResNet-18-sized: 4 photos-sized inputs (the sample images enlarged to 224 x 224).
  const dir = mkdtempSync(join(tmpdir(), 'bench-engine-resnet-'));
  const resnetPath = join(dir, 'resnet18.onnx');
  writeFileSync(resnetPath, resnet18Onnx(1).bytes);
  const photos = manifest.slice(0, 4);
  mkdirSync(join(dir, 'images'));
  for (const f of photos) await sharp(join(ROOT, 'examples/images', f)).resize(224, 224, { kernel: 'cubic' }).png().toFile(join(dir, 'images', f));
  const resnet: OnnxModelSpec = { onnx: { model: resnetPath, softmax: true } };
  for (const c of [1, 2]) rows.push(await measure('resnet18-sized (224x224)', join(dir, 'images'), photos, resnet, config('resnet', 20), c));
  if (canSpawnTs) rows.push(await measureTwoProcesses('resnet18-sized (224x224)', join(dir, 'images'), photos, resnet, config('resnet', 20)));
  return report(rows);
}

async function report(rows: Row[]): Promise<Row[]> {
  console.table(rows.map((r) => ({ ...r, seconds: r.seconds.toFixed(1), imagesPerMinute: r.imagesPerMinute.toFixed(1), peakRssMb: Number.isNaN(r.peakRssMb) ? 'per process' : r.peakRssMb.toFixed(0) })));
  for (const model of new Set(rows.map((r) => r.model))) {
    const [one, two, processes] = rows.filter((r) => r.model === model);
    const vsProcesses = processes
      ? `; two separate processes (each with its own start-up) reach ${(processes.imagesPerMinute / one.imagesPerMinute).toFixed(2)}x`
      : '';
    console.log(`${model}: concurrency 2 = ${(two.imagesPerMinute / one.imagesPerMinute).toFixed(2)}x concurrency 1${vsProcesses}`);
  }
  const results = join(ROOT, 'bench/results');
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, 'engine.json'), `${JSON.stringify({ node: process.version, cpus: (await import('node:os')).availableParallelism(), rows }, null, 2)}\n`);
  return rows;
}

// Run directly (`node --import tsx bench/engine/index.ts`); bench/run.ts imports run() itself.
if (process.argv[1] === here && here.endsWith('.ts')) await run();

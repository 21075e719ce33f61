/**
 * Image-explanation benchmark.
 *
 * 1. Overhead: (a) one explanation at Clarify's defaults (20 segments, 500
 *    samples, batch 32) against (b) the model alone on the same 503 images
 *    (the original and 502 masked ones), pre-built, in the same batches;
 *    overhead = a / b − 1, plus the engine's time outside the model measured
 *    within the same run (robust on a busy machine). For the demo
 *    CNN (64 × 64) and a random-weight ResNet-18-sized ONNX at 224 × 224,
 *    generated here (not committed).
 * 2. Peak RSS of a 12-megapixel explanation at 500 and 2000 samples (each in a
 *    fresh child process, cheap model): memory must not grow with numSamples.
 *
 * Run: node --import tsx bench/explain/index.ts   (add --quick to skip the 12 MP runs)
 * Writes bench/results/explain.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { explainImageClassification } from '../../src/explain/classification.js';
import type { ImageClassifier } from '../../src/explain/model/image-model.js';
import type { RasterImage } from '../../src/explain/image/raster.js';
import { resizeBilinear } from '../../src/explain/image/resize.js';
import { toRgb8 } from '../../src/explain/image/rgb.js';
import { decodeImage } from '../../src/models/decode.js';
import { OnnxImageClassifier } from '../../src/models/onnx-classifier.js';
import { resnet18Onnx } from './resnet18.js';
import { blocks, sparseGridModel } from './blocks.js';
import { median } from '../median.mjs';

const root = new URL('../../', import.meta.url);
const SAMPLES = 500;
const BATCH = 32;
const REPEATS = 5;


async function overhead(name: string, model: ImageClassifier, image: RasterImage) {
  // A recording run collects the exact masked images the explanation sends.
  const recorded: RasterImage[] = [];
  const recorder: ImageClassifier = {
    predict: async (images, signal) => {
      for (const im of images) recorded.push({ ...im, data: im.data.slice() });
      return model.predict(images, signal);
    },
  };
  const options = { image, numSamples: SAMPLES, batchSize: BATCH, seed: 1 } as const;
  await explainImageClassification({ ...options, model: recorder });
  const explainMs: number[] = [];
  const insideMs: number[] = [];
  const modelMs: number[] = [];
  // Time spent inside the model during an explanation: the rest is the engine's own work,
  // measured in the same run, so a busy machine slows both sides alike.
  let inside = 0;
  const timed: ImageClassifier = {
    predict: async (images, signal) => {
      const t = performance.now();
      try {
        return await model.predict(images, signal);
      } finally {
        inside += performance.now() - t;
      }
    },
  };
  for (let r = 0; r < REPEATS; r++) {
    inside = 0;
    let t = performance.now();
    await explainImageClassification({ ...options, model: timed });
    explainMs.push(performance.now() - t);
    insideMs.push(inside);
    // Same calls: the original image alone, then batches of 32 masked images.
    t = performance.now();
    await model.predict(recorded.slice(0, 1));
    for (let i = 1; i < recorded.length; i += BATCH) await model.predict(recorded.slice(i, i + BATCH));
    modelMs.push(performance.now() - t);
  }
  const a = median(explainMs);
  const b = median(modelMs);
  const engine = median(explainMs.map((e, i) => (e - insideMs[i]) / insideMs[i]));
  return {
    model: name,
    images: recorded.length,
    explainMs: a,
    modelOnlyMs: b,
    overhead: a / b - 1,
    overheadOfFastest: Math.min(...explainMs) / Math.min(...modelMs) - 1,
    engineShare: engine,
    engineMs: median(explainMs.map((e, i) => e - insideMs[i])),
    explainRuns: explainMs,
    insideModelRuns: insideMs,
    modelRuns: modelMs,
  };
}

/** Child mode: explain a 12 MP image with a cheap model and print the peak RSS. */
async function rssChild(numSamples: number, batchSize: number) {
  const width = 4000;
  const height = 3000;
  const image = blocks(width, height);
  const model = sparseGridModel;
  const t = performance.now();
  const result = await explainImageClassification({ image, model, numSamples, batchSize, seed: 1 });
  const ms = performance.now() - t;
  process.stdout.write(
    JSON.stringify({ numSamples, batchSize, segments: result.segmentation.numSegments, ms, maxRssMB: process.resourceUsage().maxRSS / 1024 }),
  );
}

async function main() {
  const child = process.argv.indexOf('--rss-child');
  if (child >= 0) {
    await rssChild(Number(process.argv[child + 1]), Number(process.argv[child + 2]));
    return;
  }
  const quick = process.argv.includes('--quick');
  const meta = JSON.parse(readFileSync(new URL('examples/models/shapes-cnn.json', root), 'utf8'));
  const demo = await OnnxImageClassifier.create({
    model: fileURLToPath(new URL('examples/models/shapes-cnn.onnx', root)),
    mean: meta.input.mean,
    std: meta.input.std,
    softmax: true,
    labels: meta.classes,
  });
  const sample = await decodeImage(fileURLToPath(new URL('examples/images/01-circle.png', root)));
  const rows = [await overhead('demo CNN 64x64', demo, sample)];
  const t = performance.now();
  const { bytes, parameters } = resnet18Onnx(1);
  const generateMs = performance.now() - t;
  const resnet = await OnnxImageClassifier.create({ model: bytes, softmax: true });
  rows.push(await overhead(`random ResNet-18 224x224 (${(parameters / 1e6).toFixed(1)} M params)`, resnet, resizeBilinear(toRgb8(sample), 224, 224)));

  const memory: unknown[] = [];
  if (!quick) {
    for (const [numSamples, batchSize] of [[500, 8], [2000, 8], [2000, 32]]) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--rss-child', String(numSamples), String(batchSize)], {
        cwd: fileURLToPath(root),
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      });
      memory.push(JSON.parse(out));
    }
  }

  console.log(`\nExplanation overhead over the model alone (500 samples, batch 32, median of ${REPEATS})`);
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  console.table(
    rows.map((r) => ({
      model: r.model,
      images: r.images,
      'explain ms (a)': r.explainMs.toFixed(0),
      'model-only ms (b)': r.modelOnlyMs.toFixed(0),
      'a/b - 1': pct(r.overhead),
      'fastest a / fastest b - 1': pct(r.overheadOfFastest),
      'engine ms outside model': r.engineMs.toFixed(0),
      'engine / model, same run': pct(r.engineShare),
    })),
  );
  if (memory.length) {
    console.log('Peak RSS, 4000x3000 image, cheap model');
    console.table(memory);
  }
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    loadavg: loadavg(),
    resnetGenerateMs: generateMs,
    overhead: rows,
    memory,
  };
  mkdirSync(new URL('bench/results/', root), { recursive: true });
  writeFileSync(new URL('bench/results/explain.json', root), JSON.stringify(result, null, 2) + '\n');
}

await main();

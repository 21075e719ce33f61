/**
 * Child process of abort.test.ts: runs `runAnalysis` with the real ONNX model
 * on worker threads and aborts it, once per abort point given on the command
 * line. It lives in its own process because the failure it guards against is
 * a native crash (SIGABRT) that would take the test runner down with it.
 *
 * Usage: node --import tsx test/engine/abort-child.ts <concurrency> <point>...
 * where a point is `start` (abort on the start event, before any image),
 * `first-image` (abort on the first image event, while other images may still
 * be on workers) or `delay:<ms>` (abort that long after runAnalysis is called).
 * For each run it prints one line `run <point>: <outcome>`; it exits 0 only
 * when every run rejected with AbortError and left no temporary file, lock
 * file, analysis.json or unreadable image behind. It is left to exit on its
 * own, so that a pool that never closes shows too.
 */
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { AnalysisConfig } from '../../src/clarify/analysis-config.js';
import type { OnnxModelSpec } from '../../src/engine/model-source.js';
import { runAnalysis } from '../../src/engine/run-analysis.js';
import { AbortError } from '../../src/errors.js';

const examples = new URL('../../examples/', import.meta.url);
const meta = JSON.parse(await readFile(new URL('models/shapes-cnn.json', examples), 'utf8')) as {
  classes: string[];
  input: { mean: [number, number, number]; std: [number, number, number] };
};
const spec: OnnxModelSpec = { onnx: { model: fileURLToPath(new URL('models/shapes-cnn.onnx', examples)), softmax: true, mean: meta.input.mean, std: meta.input.std } };
const images = ['01-circle.png', '02-square.png', '03-triangle.png', '04-cross.png'];

// Many segments and samples: each image takes dozens of session.run calls, so
// an abort almost always lands while one is in flight on some worker.
const config: AnalysisConfig = {
  dataset_type: 'application/x-image',
  predictor: { model_name: 'shapes', label_headers: meta.classes },
  methods: { shap: { use_logit: false, save_local_shap_values: true, num_samples: 1000, seed: 3, image_config: { model_type: 'IMAGE_CLASSIFICATION', num_segments: 40, segment_compactness: 10 } } },
};

const [concurrencyArg, ...points] = process.argv.slice(2);
const concurrency = Number(concurrencyArg);
if (!Number.isSafeInteger(concurrency) || concurrency < 1 || points.length === 0) {
  console.error('usage: abort-child.ts <concurrency> <start|first-image|delay:ms>...');
  process.exit(2);
}

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Runs once, aborting at `point`; returns what went wrong, or undefined. */
async function abortedRun(point: string): Promise<string | undefined> {
  const root = await mkdtemp(join(tmpdir(), 'clarify-abort-'));
  const data = join(root, 'data');
  const output = join(root, 'out');
  await mkdir(data);
  for (const f of images) await copyFile(fileURLToPath(new URL(`images/${f}`, examples)), join(data, f));

  const controller = new AbortController();
  const delay = point.startsWith('delay:') ? Number(point.slice('delay:'.length)) : undefined;
  // Counted from the call, not from the start event, so that it can land in the model probe too.
  const timer = delay === undefined ? undefined : setTimeout(() => controller.abort(), delay);
  const onProgress = (event: { type: string }) => {
    if (event.type === 'start' && point === 'start') controller.abort();
    if (event.type === 'image' && point === 'first-image') controller.abort();
  };
  let outcome: string;
  try {
    await runAnalysis({ config, data, output, models: { shapes: spec }, concurrency, report: false, signal: controller.signal, onProgress });
    outcome = 'resolved';
  } catch (err) {
    outcome = err instanceof AbortError ? 'AbortError' : `rejected with ${(err as Error).name}: ${(err as Error).message}`;
  } finally {
    clearTimeout(timer);
  }
  const written = await filesUnder(output);
  const leftovers = written.filter((f) => f.endsWith('.tmp') || f.endsWith('.lock') || f.endsWith('analysis.json'));
  // Whatever was written before the abort must be whole: every image decodes.
  const broken: string[] = [];
  for (const f of written.filter((w) => /\.(jpe?g|png)$/i.test(w))) {
    await sharp(f).stats().catch(() => broken.push(f));
  }
  console.log(`run ${point}: ${outcome}, ${written.length} files written, leftovers [${leftovers.join(', ')}], broken [${broken.join(', ')}]`);
  await rm(root, { recursive: true, force: true });
  if (outcome !== 'AbortError') return outcome;
  if (leftovers.length > 0) return `left ${leftovers.join(', ')}`;
  if (broken.length > 0) return `half-written ${broken.join(', ')}`;
  return undefined;
}

let failed = false;
for (const point of points) {
  const problem = await abortedRun(point);
  if (problem !== undefined) failed = true;
}
process.exitCode = failed ? 1 : 0;

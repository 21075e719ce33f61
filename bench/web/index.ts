/**
 * The browser against Node (issue 31, item 6): one explanation of a 224 × 224 image at
 * 500 samples (Clarify's defaults otherwise: 20 SLIC segments, noise baseline, batch 32)
 * with the demo CNN (examples/models/shapes-cnn.onnx and its sidecar), timed
 * - in headless Chromium: the demo page (examples/web, built with Vite into a temporary
 *   folder and served on loopback), the image opened through its file input, explained in
 *   its Web Worker by `WebOnnxImageClassifier` on onnxruntime-web (WebAssembly, one
 *   thread); the time is the page's own, from the request to the result (`lastRun.ms`);
 * - in Node, in this process: the same `WebOnnxImageClassifier` on onnxruntime-web's Node
 *   build (the same WebAssembly file, one thread), and Node's `OnnxImageClassifier` on
 *   onnxruntime-node (native kernels, its default threads).
 * The image is demo image 03-triangle.png enlarged to 224 × 224 by sharp (the model itself
 * resizes to its 64 × 64 input), written as a PNG that both sides decode to the same pixels
 * (checked). One warm-up run, then REPEATS timed runs per side; medians. φ of the page and
 * of onnxruntime-web in Node are compared bit for bit.
 *
 * Run: npm run bench -- web   (add --quick for one timed run per side)
 * Needs Debian's chromium (/usr/bin/chromium). Writes bench/results/web.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ortWeb from 'onnxruntime-web';
import sharp from 'sharp';
import { build } from 'vite';
import { explainImageClassification } from '../../src/explain/classification.js';
import type { ImageClassifier } from '../../src/explain/model/image-model.js';
import { CLARIFY_SLIC_DEFAULTS } from '../../src/explain/index.js';
import { OnnxImageClassifier } from '../../src/models/onnx-classifier.js';
import { WebOnnxImageClassifier } from '../../src/web/index.js';
import { CHROMIUM, hasChromium, launchChromium } from '../../test/helpers/chromium.js';
import { serveStatic } from '../../test/helpers/static-server.js';
import { median } from '../median.mjs';

const root = new URL('../../', import.meta.url);
const SIZE = 224;
const SETTINGS = { numSamples: 500, numSegments: 20, seed: 1 };
const REPEATS = process.argv.includes('--quick') ? 1 : 3;
const MODEL = fileURLToPath(new URL('examples/models/shapes-cnn.onnx', root));
const SIDECAR = JSON.parse(readFileSync(new URL('examples/models/shapes-cnn.json', root), 'utf8'));

interface PageHook {
  ready: boolean;
  state: string;
  error: string | null;
  image: { name: string; width: number; height: number; data: Uint8Array } | null;
  lastRun: { ms: number } | null;
  lastResult: { shapValues: number[]; numEvaluations: number } | null;
}
type Win = { __clarify: PageHook };

/** Times `explainImageClassification` with `model`: one warm-up, REPEATS timed runs. */
async function timeNode(model: ImageClassifier, image: { width: number; height: number; channels: 3; data: Uint8Array }) {
  const options = { image, model, labels: 'top' as const, segmentation: { ...CLARIFY_SLIC_DEFAULTS, nSegments: SETTINGS.numSegments }, numSamples: SETTINGS.numSamples, seed: SETTINGS.seed };
  let result = await explainImageClassification(options);
  const ms: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const t = performance.now();
    result = await explainImageClassification(options);
    ms.push(performance.now() - t);
  }
  return { ms, result };
}

async function timeChromium(pngFile: string, name: string, pixels: Uint8Array) {
  const out = await mkdtemp(join(tmpdir(), 'clarify-bench-web-'));
  let server: Server | undefined;
  const browser = await launchChromium();
  try {
    await build({ configFile: fileURLToPath(new URL('examples/web/vite.config.ts', root)), logLevel: 'warn', build: { outDir: out, emptyOutDir: true } });
    const served = await serveStatic(out);
    server = served.server;
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${served.origin}/`);
    await page.waitForFunction(() => (globalThis as unknown as Win).__clarify?.ready === true, undefined, { timeout: 60_000 });
    await page.setInputFiles('#file', pngFile);
    await page.waitForFunction((n) => (globalThis as unknown as Win).__clarify.image?.name === n, name);
    const seen = await page.evaluate(() => Array.from((globalThis as unknown as Win).__clarify.image!.data));
    if (!Buffer.from(seen).equals(Buffer.from(pixels))) throw new Error('the page decoded other pixels than sharp');
    await page.fill('#numSamples', String(SETTINGS.numSamples));
    await page.fill('#numSegments', String(SETTINGS.numSegments));
    await page.fill('#seed', String(SETTINGS.seed));
    const ms: number[] = [];
    let shapValues: number[] = [];
    for (let r = 0; r <= REPEATS; r++) {
      await page.click('#run');
      await page.waitForFunction(() => (globalThis as unknown as Win).__clarify.state !== 'running', undefined, { timeout: 300_000 });
      const hook = await page.evaluate(() => {
        const h = (globalThis as unknown as Win).__clarify;
        return { state: h.state, error: h.error, ms: h.lastRun?.ms ?? NaN, shapValues: h.lastResult?.shapValues ?? [] };
      });
      if (hook.state !== 'done') throw new Error(`the page's run ended ${hook.state}: ${hook.error}`);
      if (r > 0) ms.push(hook.ms); // run 0 warms up
      shapValues = hook.shapValues;
    }
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
    return { ms, shapValues, version: browser.version() };
  } finally {
    await browser.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await rm(out, { recursive: true, force: true });
  }
}

async function main() {
  if (!hasChromium) {
    console.error(`bench/web needs Chromium at ${CHROMIUM} (Debian: apt-get install -y chromium)`);
    process.exit(1);
  }
  const work = await mkdtemp(join(tmpdir(), 'clarify-bench-web-img-'));
  const name = `03-triangle-${SIZE}.png`;
  const pngFile = join(work, name);
  await sharp(fileURLToPath(new URL('examples/images/03-triangle.png', root))).resize(SIZE, SIZE).removeAlpha().png().toFile(pngFile);
  const { data, info } = await sharp(pngFile).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const image = { width: info.width, height: info.height, channels: 3 as const, data: new Uint8Array(data) };

  ortWeb.env.wasm.numThreads = 1;
  const webModel = await WebOnnxImageClassifier.create({ ort: ortWeb, model: new Uint8Array(readFileSync(MODEL)), sidecar: SIDECAR });
  const nodeWeb = await timeNode(webModel, image);
  const nativeModel = await OnnxImageClassifier.create({ model: MODEL });
  const nodeNative = await timeNode(nativeModel, image);
  const chromium = await timeChromium(pngFile, name, image.data);
  await rm(work, { recursive: true, force: true });

  const webPhi = Array.from(nodeWeb.result.explanations[0].shapValues);
  const identical = chromium.shapValues.length === webPhi.length && chromium.shapValues.every((v, j) => Object.is(v, webPhi[j]));
  const nativePhi = nodeNative.result.explanations[0].shapValues;
  const maxNativeDiff = Math.max(...webPhi.map((v, j) => Math.abs(v - nativePhi[j])));
  const rows = [
    { side: 'Chromium, demo page (worker, onnxruntime-web WASM, 1 thread)', ms: median(chromium.ms), runs: chromium.ms },
    { side: 'Node, onnxruntime-web WASM, 1 thread', ms: median(nodeWeb.ms), runs: nodeWeb.ms },
    { side: 'Node, onnxruntime-node (native)', ms: median(nodeNative.ms), runs: nodeNative.ms },
  ];
  const base = rows[1].ms;
  console.log(`One ${SIZE} × ${SIZE} image, ${SETTINGS.numSamples} samples, ${SETTINGS.numSegments} segments, shapes-cnn.onnx; ${nodeWeb.result.numEvaluations} model evaluations; median of ${REPEATS}`);
  for (const r of rows) console.log(`${r.side.padEnd(62)} ${r.ms.toFixed(0).padStart(6)} ms  ${(r.ms / base).toFixed(2)}× Node (onnxruntime-web)`);
  console.log(`φ, Chromium vs Node (onnxruntime-web): ${identical ? 'identical bits' : 'DIFFERENT'}; onnxruntime-node vs onnxruntime-web: max |Δφ| ${maxNativeDiff.toExponential(2)}`);

  mkdirSync(new URL('bench/results/', root), { recursive: true });
  writeFileSync(
    new URL('bench/results/web.json', root),
    JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        chromium: chromium.version,
        cpus: cpus().length,
        cpu: cpus()[0]?.model,
        image: { width: SIZE, height: SIZE, source: 'examples/images/03-triangle.png, enlarged by sharp' },
        settings: SETTINGS,
        evaluations: nodeWeb.result.numEvaluations,
        repeats: REPEATS,
        results: rows,
        chromiumOverNodeWeb: rows[0].ms / base,
        nodeNativeOverNodeWeb: rows[2].ms / base,
        phiIdenticalChromiumNodeWeb: identical,
        maxAbsPhiDiffNativeVsWeb: maxNativeDiff,
      },
      null,
      2,
    ) + '\n',
  );
}

await main();

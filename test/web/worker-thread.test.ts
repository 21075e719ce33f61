/**
 * The protocol across a real thread: `serveExplanations` (bundled from src/web with
 * esbuild) runs in a `worker_threads` Worker, in its own JavaScript realm, with
 * onnxruntime-web's WASM backend and the demo model; the page side talks to it through a
 * transferred MessagePort. The request's typed arrays arrive as the worker realm's own
 * (structured cloning re-creates them there), so the raster checks' `instanceof` tests
 * pass, and the result equals the in-thread explanation with the same model bit for bit.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runInNewContext } from 'node:vm';
import { MessageChannel, Worker } from 'node:worker_threads';
import * as esbuild from 'esbuild';
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { explainImageClassification } from '../../src/explain/classification.js';
import { validateRaster } from '../../src/explain/image/raster.js';
import { decodeImage } from '../../src/models/decode.js';
import { ExplanationWorker, type MessagePortLike, type OnnxSidecar, WebOnnxImageClassifier } from '../../src/web/index.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });
ort.env.wasm.numThreads = 1;

const examples = new URL('../../examples/', import.meta.url);
const modelPath = fileURLToPath(new URL('models/shapes-cnn.onnx', examples));
const sidecarPath = fileURLToPath(new URL('models/shapes-cnn.json', examples));
const circlePath = fileURLToPath(new URL('images/01-circle.png', examples));

let dir: string;
let worker: Worker;
let client: ExplanationWorker<{ model: string; sidecar: string }>;
let channel: MessageChannel;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clarify-web-worker-'));
  await esbuild.build({
    entryPoints: [fileURLToPath(new URL('../../src/web/index.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    outfile: join(dir, 'web.mjs'),
    logLevel: 'silent',
  });
  const ortUrl = pathToFileURL(createRequire(import.meta.url).resolve('onnxruntime-web')).href;
  await writeFile(
    join(dir, 'worker.mjs'),
    `import { readFile } from 'node:fs/promises';
import { workerData } from 'node:worker_threads';
import { WebOnnxImageClassifier, serveExplanations } from './web.mjs';
const ortModule = await import(${JSON.stringify(ortUrl)});
const ort = ortModule.default ?? ortModule;
ort.env.wasm.numThreads = 1;
const models = new Map();
serveExplanations(workerData.port, {
  createModel: async ({ model, sidecar }) => {
    if (!models.has(model)) {
      models.set(model, WebOnnxImageClassifier.create({ ort, model: await readFile(model), sidecar: JSON.parse(await readFile(sidecar, 'utf8')) }));
    }
    return models.get(model);
  },
});
`,
  );
  channel = new MessageChannel();
  worker = new Worker(join(dir, 'worker.mjs'), { workerData: { port: channel.port2 }, transferList: [channel.port2] });
  client = new ExplanationWorker(channel.port1 as unknown as MessagePortLike);
});

afterAll(async () => {
  client?.terminate();
  await worker?.terminate();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a real worker thread', () => {
  it('explains with onnxruntime-web there exactly as here, bit for bit', async () => {
    const decoded = await decodeImage(circlePath);
    // As a canvas gives it: RGBA in a Uint8ClampedArray.
    const rgba = new Uint8ClampedArray(decoded.width * decoded.height * 4);
    for (let p = 0; p < decoded.width * decoded.height; p++) {
      for (let c = 0; c < 3; c++) rgba[p * 4 + c] = decoded.data[p * decoded.channels + c];
      rgba[p * 4 + 3] = 255;
    }
    const image = { width: decoded.width, height: decoded.height, channels: 4, data: rgba };
    const options = { numSamples: 48, seed: 5, labels: 2 } as const;
    const sidecar = JSON.parse(await readFile(sidecarPath, 'utf8')) as OnnxSidecar;
    const here = await WebOnnxImageClassifier.create({ ort, model: new Uint8Array(await readFile(modelPath)), sidecar });
    const inThread = await explainImageClassification({ ...options, image, model: here });

    const events: number[] = [];
    const result = await client.explain({ image, model: { model: modelPath, sidecar: sidecarPath }, options }, { onProgress: (e) => events.push(e.evaluated) });
    expect(events.length).toBeGreaterThan(0);
    expect(result).toEqual(inThread);
    for (const [k, e] of result.explanations.entries()) {
      const want = inThread.explanations[k].shapValues;
      expect(Buffer.from(e.shapValues.buffer, e.shapValues.byteOffset, e.shapValues.byteLength).equals(Buffer.from(want.buffer, want.byteOffset, want.byteLength))).toBe(true);
    }
    // The typed arrays that come back are this realm's own.
    expect(result.scores).toBeInstanceOf(Float64Array);
    expect(result.segmentation.labels).toBeInstanceOf(Int32Array);
    expect(result.explanations[0].name).toBe('circle');
  });

  it('brings back a typed error from the worker thread', async () => {
    const err = await client
      .explain({ image: { width: 2, height: 2, channels: 3, data: new Uint8Array(5) }, model: { model: modelPath, sidecar: sidecarPath } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).field).toBe('image.data');
  });

  it('a typed array from another realm without cloning (a vm context) is refused with a hint; cloned, it is accepted', () => {
    const foreign = runInNewContext('new Uint8Array(12)') as Uint8Array;
    const image = { width: 2, height: 2, channels: 3, data: foreign };
    let refused: unknown;
    try {
      validateRaster(image);
    } catch (err) {
      refused = err;
    }
    // Structured cloning (what a worker's postMessage does) re-creates the array in the
    // receiving realm, so the worker never meets this; an iframe's or vm context's array
    // passed directly does, and is told what to do rather than mis-read.
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).field).toBe('image.data');
    expect((refused as ValidationError).message).toContain('from another JavaScript realm');
    expect(() => validateRaster({ ...image, data: structuredClone(foreign) })).not.toThrow();
    expect(() => validateRaster({ ...image, data: new Uint8Array(foreign) })).not.toThrow();
  });
});

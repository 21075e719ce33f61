/**
 * `WebOnnxImageClassifier` (onnxruntime-web, here on its WASM backend in Node) against
 * Node's `OnnxImageClassifier` (onnxruntime-node) on the demo model: the same settings,
 * sidecar and preprocessing (one implementation), scores equal to float32 rounding (not
 * bit for bit: the two runtimes' convolution kernels round differently), explanations
 * equal to 1e-6, and the same errors.
 */
import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { explainImageClassification } from '../../src/explain/classification.js';
import type { RasterImage } from '../../src/explain/image/raster.js';
import { decodeImage } from '../../src/models/decode.js';
import { OnnxImageClassifier } from '../../src/models/onnx-classifier.js';
import { type FetchLike, type OnnxSidecar, WebOnnxImageClassifier, type WebOrtModule, onnxSidecarUrl } from '../../src/web/index.js';

vi.setConfig({ testTimeout: 60_000 });
ort.env.wasm.numThreads = 1;
// The module as a page imports it must be what the `ort` option takes (a compile-time check).
const ortModule: WebOrtModule = ort;

const examples = new URL('../../examples/', import.meta.url);
const modelPath = fileURLToPath(new URL('models/shapes-cnn.onnx', examples));
const sidecarPath = fileURLToPath(new URL('models/shapes-cnn.json', examples));
const imagesDir = fileURLToPath(new URL('images/', examples));

let modelBytes: Uint8Array;
let sidecarText: string;
let sidecar: OnnxSidecar;
let images: { name: string; image: RasterImage }[];
let nodeModel: OnnxImageClassifier;

beforeAll(async () => {
  modelBytes = new Uint8Array(await readFile(modelPath));
  sidecarText = await readFile(sidecarPath, 'utf8');
  sidecar = JSON.parse(sidecarText) as OnnxSidecar;
  const names = (await readdir(imagesDir)).filter((f) => /\.(png|jpe?g)$/i.test(f) && !f.includes('.mask.')).sort();
  images = await Promise.all(names.map(async (name) => ({ name, image: await decodeImage(`${imagesDir}${name}`) })));
  nodeModel = await OnnxImageClassifier.create({ model: modelPath });
});

/** A fetch that serves `files` by URL, and 404 for anything else; records what was asked. */
function fakeFetch(files: Record<string, Uint8Array | string>, asked: string[] = []): FetchLike {
  return async (url) => {
    asked.push(url);
    const body = files[url];
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    return {
      ok: body !== undefined,
      status: body === undefined ? 404 : 200,
      statusText: body === undefined ? 'Not Found' : 'OK',
      arrayBuffer: async () => (bytes ? bytes.slice().buffer : new ArrayBuffer(0)),
      text: async () => (typeof body === 'string' ? body : ''),
    };
  };
}

describe('WebOnnxImageClassifier', () => {
  it('takes the sidecar as Node does: the same labels and preprocessing', async () => {
    const web = await WebOnnxImageClassifier.create({ ort: ortModule, model: modelBytes, sidecar });
    expect(web.labels).toEqual(nodeModel.labels);
    expect(web.preprocess).toEqual(nodeModel.preprocess);
    expect(web.sidecar).toBe('options.sidecar');
  });

  it("scores every example image as onnxruntime-node does, to float32 rounding (not bit for bit)", async () => {
    const web = await WebOnnxImageClassifier.create({ ort: ortModule, model: modelBytes, sidecar });
    let identical = 0;
    let count = 0;
    let worst = 0;
    for (const { name, image } of images) {
      const [a] = await nodeModel.predict([image]);
      const [b] = await web.predict([image]);
      expect(b, name).toBeInstanceOf(Float32Array);
      expect(b.length, name).toBe(a.length);
      for (let i = 0; i < a.length; i++) {
        count++;
        if (Object.is(a[i], b[i])) identical++;
        worst = Math.max(worst, Math.abs(a[i] - b[i]));
      }
      expect(Array.from(b).indexOf(Math.max(...b)), name).toBe(Array.from(a).indexOf(Math.max(...a)));
    }
    // Measured: 1.2e-7 at most (one float32 ulp at ~0.98), about a fifth of the scores identical.
    expect(worst).toBeLessThanOrEqual(1e-6);
    expect(identical).toBeLessThan(count);
    // Batches give the same scores as single images.
    const batch = await web.predict(images.slice(0, 3).map((i) => i.image));
    for (let k = 0; k < 3; k++) expect(Array.from(batch[k])).toEqual(Array.from((await web.predict([images[k].image]))[0]));
  });

  it('explains as the Node classifier does: the same segments and labels, φ equal to 1e-6', async () => {
    const web = await WebOnnxImageClassifier.create({ ort: ortModule, model: modelBytes, sidecar });
    for (const { name, image } of images.slice(0, 2)) {
      const options = { image, numSamples: 64, seed: 7, labels: 2 } as const;
      const a = await explainImageClassification({ ...options, model: nodeModel });
      const b = await explainImageClassification({ ...options, model: web });
      expect(b.segmentation.labels, name).toEqual(a.segmentation.labels);
      expect(b.explanations.map((e) => [e.label, e.name]), name).toEqual(a.explanations.map((e) => [e.label, e.name]));
      for (let k = 0; k < a.explanations.length; k++) {
        const [x, y] = [a.explanations[k], b.explanations[k]];
        expect(Math.abs(x.expectedValue - y.expectedValue)).toBeLessThanOrEqual(1e-6);
        expect(Math.abs(x.fullValue - y.fullValue)).toBeLessThanOrEqual(1e-6);
        for (let j = 0; j < x.shapValues.length; j++) expect(Math.abs(x.shapValues[j] - y.shapValues[j]), `${name} φ${j}`).toBeLessThanOrEqual(1e-6);
      }
    }
  });

  it('fetches a model URL and the sidecar beside it (query kept); a missing default sidecar is none', async () => {
    const asked: string[] = [];
    const files = { '/m/shapes-cnn.onnx?v=2': modelBytes, '/m/shapes-cnn.json?v=2': sidecarText };
    const web = await WebOnnxImageClassifier.create({ ort: ortModule, model: '/m/shapes-cnn.onnx?v=2', fetch: fakeFetch(files, asked) });
    expect(asked).toEqual(['/m/shapes-cnn.json?v=2', '/m/shapes-cnn.onnx?v=2']);
    expect(web.sidecar).toBe('/m/shapes-cnn.json?v=2');
    expect(web.labels).toEqual(sidecar.classes);
    expect(onnxSidecarUrl('a/b.ONNX#x')).toBe('a/b.json#x');

    const bare = await WebOnnxImageClassifier.create({ ort: ortModule, model: '/m/net.onnx', fetch: fakeFetch({ '/m/net.onnx': modelBytes }), size: [64, 64] });
    expect(bare.sidecar).toBeUndefined();
    expect(bare.labels).toBeUndefined();
    expect(bare.preprocess).toMatchObject({ scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1] });
  });

  it('refuses what Node refuses, with the same errors', async () => {
    const both = async (options: Record<string, unknown>) => {
      const node = await OnnxImageClassifier.create({ model: modelPath, ...options }).catch((e: unknown) => e);
      const web = await WebOnnxImageClassifier.create({ ort: ortModule, model: modelBytes, sidecar, ...options }).catch((e: unknown) => e);
      expect(node).toBeInstanceOf(ValidationError);
      expect(web).toBeInstanceOf(ValidationError);
      return [node as ValidationError, web as ValidationError];
    };
    for (const options of [{ size: [32, 32] }, { maxBatch: 0 }, { layout: 'NHWC' }, { dtype: 'uint8' }, { mean: [0, 0] }, { inputName: 'x' }, { resizeShorterSide: 10 }]) {
      const [node, web] = await both(options);
      expect(web.field, JSON.stringify(options)).toBe(node.field);
      expect(web.message, JSON.stringify(options)).toBe(node.message);
    }
  });

  it("names the sidecar's bad values by its key and source", async () => {
    const bad = { ...sidecar, input: { ...sidecar.input, std: [0, 1, 1] } } as unknown as OnnxSidecar;
    const err = await WebOnnxImageClassifier.create({ ort: ortModule, model: modelBytes, sidecar: bad }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).field).toBe('model sidecar input.std');
    expect((err as ValidationError).message).toContain('in options.sidecar');

    const typed = await WebOnnxImageClassifier.create({ ort: ortModule, model: modelBytes, sidecar: { input: { size: 'big' } } as unknown as OnnxSidecar }).catch((e: unknown) => e);
    expect((typed as ValidationError).field).toBe('model sidecar input.size');

    const notJson = await WebOnnxImageClassifier.create({ ort: ortModule, model: '/m.onnx', fetch: fakeFetch({ '/m.onnx': modelBytes, '/m.json': '{ nope' }) }).catch((e: unknown) => e);
    expect((notJson as ValidationError).field).toBe('model sidecar');
    expect((notJson as ValidationError).message).toContain('not JSON');

    const missing = await WebOnnxImageClassifier.create({ ort: ortModule, model: modelBytes, sidecar: '/gone.json', fetch: fakeFetch({}) }).catch((e: unknown) => e);
    expect((missing as ValidationError).field).toBe('sidecar');
    expect((missing as ValidationError).message).toContain('HTTP 404');
  });

  it('refuses a missing runtime, a model that is not ONNX or cannot be fetched', async () => {
    const noOrt = await WebOnnxImageClassifier.create({ model: modelBytes } as never).catch((e: unknown) => e);
    expect((noOrt as ValidationError).field).toBe('ort');
    const garbage = await WebOnnxImageClassifier.create({ ort: ortModule, model: new Uint8Array([1, 2, 3]), size: [64, 64] }).catch((e: unknown) => e);
    expect((garbage as ValidationError).field).toBe('model');
    expect((garbage as ValidationError).allowed).toBe('an ONNX model that onnxruntime-web can load');
    const gone = await WebOnnxImageClassifier.create({ ort: ortModule, model: '/nothing.onnx', sidecar: false, fetch: fakeFetch({}) }).catch((e: unknown) => e);
    expect((gone as ValidationError).field).toBe('model');
    expect((gone as ValidationError).message).toContain('HTTP 404');
    const wrongType = await WebOnnxImageClassifier.create({ ort: ortModule, model: 42 as never }).catch((e: unknown) => e);
    expect((wrongType as ValidationError).field).toBe('model');
  });

  it('takes the model as an ArrayBuffer too, and can be released', async () => {
    const web = await WebOnnxImageClassifier.create({ ort: ortModule, model: modelBytes.slice().buffer, sidecar });
    const [scores] = await web.predict([images[0].image]);
    expect(scores.length).toBe(6);
    await web.release();
  });
});

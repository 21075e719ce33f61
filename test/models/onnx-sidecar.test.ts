/**
 * `OnnxImageClassifier.create({ model: 'x.onnx' })` reads `x.json` (class names
 * and preprocessing) as the CLI does, and so does an ONNX spec loaded in the
 * engine's worker threads.
 */
import { copyFile, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { SucceededImageRecord } from '../../src/analysis/document.js';
import { runAnalysis } from '../../src/engine/run-analysis.js';
import { onnxModelFile } from '../../src/cli/onnx-model-file.js';
import { ValidationError } from '../../src/errors.js';
import type { RasterImage } from '../../src/explain/image/raster.js';
import { decodeImage } from '../../src/models/decode.js';
import { OnnxImageClassifier } from '../../src/models/onnx-classifier.js';
import type { OnnxClassifierOptions } from '../../src/models/onnx-options.js';
import { onnxSidecarPath, readOnnxSidecar } from '../../src/models/onnx-sidecar.js';
import { softmax } from '../../src/models/preprocess.js';

// Whole runs of the engine (worker threads, ONNX, report), a browser or an S3 server per test.
vi.setConfig({ testTimeout: 120_000 });

const examples = new URL('../../examples/', import.meta.url);
const demoModel = fileURLToPath(new URL('models/shapes-cnn.onnx', examples));
const demoSidecar = fileURLToPath(new URL('models/shapes-cnn.json', examples));
const circlePath = fileURLToPath(new URL('images/01-circle.png', examples));
type Triple = [number, number, number];
const meta = JSON.parse(await readFile(demoSidecar, 'utf8')) as { classes: string[]; input: { mean: Triple; std: Triple } };

let circle: RasterImage;
beforeAll(async () => {
  circle = await decodeImage(circlePath);
});

const argmax = (v: ArrayLike<number>) => Array.from(v).indexOf(Math.max(...Array.from(v)));

/** A folder holding a copy of the demo model as `net.onnx`, and `files` beside it. */
async function modelFolder(files: Record<string, string> = {}): Promise<{ dir: string; model: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'clarify-sidecar-'));
  const model = join(dir, 'net.onnx');
  await copyFile(demoModel, model);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return { dir, model };
}

describe("OnnxImageClassifier reads the model's sidecar", () => {
  it('the demo model alone explains the right class: classes, mean, std and softmax from shapes-cnn.json', async () => {
    const model = await OnnxImageClassifier.create({ model: demoModel });
    expect(model.sidecar).toBe(demoSidecar);
    expect(model.labels).toEqual(meta.classes);
    expect(model.preprocess).toMatchObject({ size: [64, 64], layout: 'NCHW', mean: meta.input.mean, std: meta.input.std });
    const [scores] = await model.predict([circle]);
    expect(model.labels?.[argmax(scores)]).toBe('circle');
    expect(scores[argmax(scores)]).toBeCloseTo(0.977, 2);
    expect(scores.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
  });

  it('gives what the explicit options give, and explicit options override it', async () => {
    const explicit = await OnnxImageClassifier.create({ model: demoModel, sidecar: false, mean: meta.input.mean, std: meta.input.std, softmax: true, labels: meta.classes });
    const implicit = await OnnxImageClassifier.create({ model: demoModel });
    expect(Array.from((await implicit.predict([circle]))[0])).toEqual(Array.from((await explicit.predict([circle]))[0]));

    const logits = await OnnxImageClassifier.create({ model: demoModel, softmax: false, labels: ['a', 'b', 'c', 'd', 'e', 'f'] });
    expect(logits.labels).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    const [raw] = await logits.predict([circle]);
    expect(Array.from(softmax(raw)).map((v) => v.toFixed(5))).toEqual(Array.from((await implicit.predict([circle]))[0]).map((v) => v.toFixed(5)));
    // undefined means "not given": the sidecar's value stays.
    // As a JavaScript caller, or one forwarding its own optional values, may write it.
    const spread = await OnnxImageClassifier.create({ model: demoModel, mean: undefined, labels: undefined } as unknown as OnnxClassifierOptions);
    expect(spread.preprocess.mean).toEqual(meta.input.mean);
    expect(spread.labels).toEqual(meta.classes);
  });

  it('sidecar: false reads none (what create did before sidecars: no mean, no softmax)', async () => {
    const model = await OnnxImageClassifier.create({ model: demoModel, sidecar: false });
    expect(model.sidecar).toBeUndefined();
    expect(model.labels).toBeUndefined();
    expect(model.preprocess).toMatchObject({ mean: [0, 0, 0], std: [1, 1, 1] });
    const [scores] = await model.predict([circle]);
    expect(scores.reduce((s, v) => s + v, 0)).not.toBeCloseTo(1, 2);
  });

  it('sidecar: a path reads that file, also for a model given as bytes; bytes alone read none', async () => {
    const bytes = await readFile(demoModel);
    expect((await OnnxImageClassifier.create({ model: bytes })).labels).toBeUndefined();
    const { dir } = await modelFolder({ 'other.json': JSON.stringify({ classes: ['n', 'c', 's', 't', 'x', '*'], output: { softmax: true } }) });
    const model = await OnnxImageClassifier.create({ model: bytes, sidecar: join(dir, 'other.json') });
    expect(model.sidecar).toBe(join(dir, 'other.json'));
    expect(model.labels).toEqual(['n', 'c', 's', 't', 'x', '*']);
    expect(model.preprocess.mean).toEqual([0, 0, 0]);
    const [scores] = await model.predict([circle]);
    expect(scores.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
  });

  it('a sidecar asked for by path must exist; a bad sidecar option is refused', async () => {
    const { dir, model } = await modelFolder();
    const missing = join(dir, 'missing.json');
    const error = await OnnxImageClassifier.create({ model, sidecar: missing }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'sidecar', value: missing });
    expect((error as Error).message).toMatch(/^Invalid sidecar: got ".*missing\.json"; allowed: a readable JSON file: .*\(ENOENT/);
    // The default sidecar may be absent: then there is none.
    expect((await OnnxImageClassifier.create({ model })).sidecar).toBeUndefined();
    for (const bad of [true, '', 42]) {
      await expect(OnnxImageClassifier.create({ model, sidecar: bad as never })).rejects.toThrow("allowed: false, or the path of the model's JSON sidecar");
    }
  });

  it('a malformed sidecar is a ValidationError naming the file', async () => {
    const notJson = await modelFolder({ 'net.json': '{ "classes": [' });
    await expect(OnnxImageClassifier.create({ model: notJson.model })).rejects.toMatchObject({ field: 'model sidecar', value: join(notJson.dir, 'net.json') });
    await expect(OnnxImageClassifier.create({ model: notJson.model })).rejects.toThrow(/allowed: a JSON object .* \(not JSON: /);

    const array = await modelFolder({ 'net.json': '[]' });
    await expect(OnnxImageClassifier.create({ model: array.model })).rejects.toThrow(`Invalid model sidecar: got "${join(array.dir, 'net.json')}"`);

    const wrongType = await modelFolder({ 'net.json': JSON.stringify({ input: { size: 64 } }) });
    await expect(OnnxImageClassifier.create({ model: wrongType.model })).rejects.toThrow(
      `Invalid model sidecar input.size: got 64; allowed: [height, width] (in ${join(wrongType.dir, 'net.json')})`,
    );

    // A value of the right type but out of range is named by its sidecar key too.
    const zeroStd = await modelFolder({ 'net.json': JSON.stringify({ input: { std: [1, 0, 1] } }) });
    await expect(OnnxImageClassifier.create({ model: zeroStd.model })).rejects.toThrow(
      `Invalid model sidecar input.std: got array(3); allowed: [r, g, b] finite non-zero numbers (in ${join(zeroStd.dir, 'net.json')})`,
    );
    // ... unless an option replaces it.
    expect((await OnnxImageClassifier.create({ model: zeroStd.model, std: [1, 1, 1] })).preprocess.std).toEqual([1, 1, 1]);

    const wrongSize = await modelFolder({ 'net.json': JSON.stringify({ input: { size: [32, 32] } }) });
    await expect(OnnxImageClassifier.create({ model: wrongSize.model })).rejects.toThrow(
      `Invalid model sidecar input.size: got array(2); allowed: [64, 64], the model's fixed input size (the model's input 'image' is float32 [batch, 3, 64, 64]; in ${join(wrongSize.dir, 'net.json')})`,
    );

    const wrongOutput = await modelFolder({ 'net.json': JSON.stringify({ output: { name: 'probabilities' } }) });
    await expect(OnnxImageClassifier.create({ model: wrongOutput.model })).rejects.toMatchObject({
      field: 'model sidecar output.name',
      allowed: "one of the model's outputs: logits",
    });
  });

  it('a model not named .onnx gets <name>.json, never itself', async () => {
    expect(onnxSidecarPath('/m/resnet.onnx')).toBe('/m/resnet.json');
    expect(onnxSidecarPath('/m/RESNET.ONNX')).toBe('/m/RESNET.json');
    expect(onnxSidecarPath('/m/resnet.bin')).toBe('/m/resnet.bin.json');
    const { dir } = await modelFolder();
    await copyFile(demoModel, join(dir, 'net.bin'));
    await writeFile(join(dir, 'net.bin.json'), JSON.stringify({ classes: ['0', '1', '2', '3', '4', '5'] }));
    expect((await OnnxImageClassifier.create({ model: join(dir, 'net.bin') })).labels).toEqual(['0', '1', '2', '3', '4', '5']);
  });

  it('readOnnxSidecar: undefined when absent, an error when required', async () => {
    const { dir } = await modelFolder();
    expect(await readOnnxSidecar(join(dir, 'none.json'))).toBeUndefined();
    await expect(readOnnxSidecar(join(dir, 'none.json'), true)).rejects.toMatchObject({ field: 'sidecar' });
    expect(await readOnnxSidecar(demoSidecar)).toMatchObject({ classes: meta.classes, output: { softmax: true } });
  });
});

describe('the CLI and the engine read the same sidecar', () => {
  it("the CLI's model spec leaves the sidecar to the loader, and its classes name the labels", async () => {
    const { spec, labels } = await onnxModelFile(demoModel, undefined);
    expect(spec).toEqual({ onnx: { model: demoModel } });
    expect(labels).toEqual(meta.classes);
    // The spec loads as the CLI's workers load it: with the sidecar's preprocessing.
    const model = await OnnxImageClassifier.create(spec.onnx);
    expect(model.labels?.[argmax((await model.predict([circle]))[0])]).toBe('circle');
    // --labels is an explicit option: it overrides the sidecar's classes in the workers too.
    const { dir } = await modelFolder({ 'labels.txt': 'a\nb\nc\nd\ne\nf\n' });
    const withLabels = await onnxModelFile(demoModel, join(dir, 'labels.txt'));
    expect(withLabels.spec.onnx.labels).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('an ONNX spec of just the model, run in worker threads, explains the sidecar-aware way', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clarify-sidecar-run-'));
    await copyFile(circlePath, join(dir, 'circle.png'));
    const result = await runAnalysis({
      config: {
        dataset_type: 'application/x-image',
        predictor: { model_name: 'shapes' },
        methods: { shap: { use_logit: false, save_local_shap_values: true, num_samples: 20, seed: 1, image_config: { model_type: 'IMAGE_CLASSIFICATION', num_segments: 6 } } },
      },
      data: dir,
      output: join(dir, 'out'),
      models: { shapes: { onnx: { model: demoModel } } },
      concurrency: 1,
      report: false,
    });
    expect(result).toBeDefined();
    const analysis = JSON.parse(await readFile(join(dir, 'out', 'analysis.json'), 'utf8')) as { images: SucceededImageRecord[] };
    const predicted = analysis.images[0].predicted_label;
    expect(predicted?.label).toBe('circle');
    expect(predicted?.score).toBeCloseTo(0.977, 2);
  });

  it('a malformed sidecar of an ONNX spec fails the run before any output, naming the file', async () => {
    const { dir, model } = await modelFolder({ 'net.json': JSON.stringify({ input: { mean: [0.5, 0.5] } }) });
    await copyFile(circlePath, join(dir, 'circle.png'));
    const error = await runAnalysis({
      config: { dataset_type: 'application/x-image', predictor: { model_name: 'm' }, methods: { shap: { use_logit: false, save_local_shap_values: true, num_samples: 20, image_config: { model_type: 'IMAGE_CLASSIFICATION' } } } },
      data: dir,
      output: join(dir, 'out'),
      models: { m: { onnx: { model } } },
      concurrency: 1,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toBe(`Invalid model sidecar input.mean: got array(2); allowed: three numbers [r, g, b] (in ${join(dir, 'net.json')})`);
    expect(await readdir(join(dir, 'out')).catch(() => 'absent')).toBe('absent');
  });
});

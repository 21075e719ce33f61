/**
 * Preprocessing for real image models (BGR, resize of the shorter side + centre
 * crop, uint8 inputs, size and layout from the model), each checked on a small
 * ONNX model built here and run by onnxruntime-node. Most models are "echo"
 * models whose scores are the very tensor they were fed, compared with an
 * independent computation below; a wrong step gives other numbers.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import type { RasterImage } from '../../src/explain/image/raster.js';
import { resizeBilinear } from '../../src/explain/image/resize.js';
import { SeededRandom } from '../../src/explain/numeric/random.js';
import { OnnxImageClassifier } from '../../src/models/onnx-classifier.js';
import { imagesToTensor } from '../../src/models/preprocess.js';
import { type ValueSpec, echoModel, encodeModel } from '../helpers/onnx-proto.js';

type Rgb = RasterImage & { channels: 3; data: Uint8Array };

function randomImage(width: number, height: number, seed: number): Rgb {
  const random = new SeededRandom(seed);
  return { width, height, channels: 3, data: Uint8Array.from({ length: width * height * 3 }, () => random.nextUint32() & 255) };
}

const px = (im: Rgb, x: number, y: number, c: number) => im.data[(y * im.width + x) * 3 + c];

/** The test's own crop: rows top.., columns left.. of `im`. */
function crop(im: Rgb, left: number, top: number, width: number, height: number): Rgb {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = px(im, left + x, top + y, c);
  return { width, height, channels: 3, data };
}

/** An exact 2× shrink: with pixel-centre bilinear sampling each output pixel is the mean of a 2×2 block. */
function halve(im: Rgb): Rgb {
  const width = im.width / 2;
  const height = im.height / 2;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        const sum = px(im, 2 * x, 2 * y, c) + px(im, 2 * x + 1, 2 * y, c) + px(im, 2 * x, 2 * y + 1, c) + px(im, 2 * x + 1, 2 * y + 1, c);
        data[(y * width + x) * 3 + c] = Math.round(sum / 4);
      }
    }
  }
  return { width, height, channels: 3, data };
}

/** Bilinear resize written from the definition (align_corners=False, edges clamped), as weights of four neighbours. */
function bilinear(im: Rgb, width: number, height: number): Rgb {
  const data = new Uint8Array(width * height * 3);
  const clamp = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);
  for (let y = 0; y < height; y++) {
    const sy = clamp(((y + 0.5) * im.height) / height - 0.5, im.height - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, im.height - 1);
    const wy = sy - y0;
    for (let x = 0; x < width; x++) {
      const sx = clamp(((x + 0.5) * im.width) / width - 0.5, im.width - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, im.width - 1);
      const wx = sx - x0;
      for (let c = 0; c < 3; c++) {
        const v = (1 - wy) * (1 - wx) * px(im, x0, y0, c) + (1 - wy) * wx * px(im, x1, y0, c) + wy * (1 - wx) * px(im, x0, y1, c) + wy * wx * px(im, x1, y1, c);
        data[(y * width + x) * 3 + c] = Math.round(v);
      }
    }
  }
  return { width, height, channels: 3, data };
}

interface Normalise {
  order?: 'RGB' | 'BGR';
  layout?: 'NCHW' | 'NHWC';
  scale?: number;
  mean?: readonly number[];
  std?: readonly number[];
}

/** The tensor a model should get for an already resized image, as float32 values. */
function expectedTensor(im: Rgb, { order = 'RGB', layout = 'NCHW', scale = 1 / 255, mean = [0, 0, 0], std = [1, 1, 1] }: Normalise): number[] {
  const source = order === 'BGR' ? [2, 1, 0] : [0, 1, 2];
  const value = (x: number, y: number, k: number) => Math.fround((px(im, x, y, source[k]) * scale - mean[source[k]]) / std[source[k]]);
  const out: number[] = [];
  if (layout === 'NCHW') {
    for (let k = 0; k < 3; k++) for (let y = 0; y < im.height; y++) for (let x = 0; x < im.width; x++) out.push(value(x, y, k));
  } else {
    for (let y = 0; y < im.height; y++) for (let x = 0; x < im.width; x++) for (let k = 0; k < 3; k++) out.push(value(x, y, k));
  }
  return out;
}

async function echo(input: ValueSpec, options: Record<string, unknown> = {}): Promise<OnnxImageClassifier> {
  return OnnxImageClassifier.create({ model: echoModel(input), ...options });
}

async function run(model: OnnxImageClassifier, image: RasterImage): Promise<number[]> {
  const [scores] = await model.predict([image]);
  return Array.from(scores);
}

/** Scores `[mean of tensor channel 0, mean of tensor channel 2]`: a model whose class 0 means "much of what it calls channel 0". */
function channelMeansModel(): Uint8Array {
  return encodeModel({
    nodes: [
      { op: 'Conv', inputs: ['image', 'pick'], outputs: ['picked'], attributes: [{ name: 'kernel_shape', ints: [1, 1] }] },
      { op: 'GlobalAveragePool', inputs: ['picked'], outputs: ['pooled'] },
      { op: 'Flatten', inputs: ['pooled'], outputs: ['scores'], attributes: [{ name: 'axis', int: 1 }] },
    ],
    initializers: [{ name: 'pick', dims: [2, 3, 1, 1], data: Float32Array.from([1, 0, 0, 0, 0, 1]) }],
    input: { name: 'image', dims: ['batch', 3, 8, 8] },
    output: { name: 'scores', dims: ['batch', 2] },
    opset: 13,
  });
}

describe('channelOrder', () => {
  const image = randomImage(3, 2, 1);
  const norm = { scale: 1, mean: [10, 20, 30], std: [1, 2, 4] } as const;

  it("'BGR' puts blue first in NCHW, with mean and std staying in R, G, B order", async () => {
    const model = await echo({ name: 'x', dims: [1, 3, 2, 3] }, { ...norm, channelOrder: 'BGR' });
    expect(model.preprocess.channelOrder).toBe('BGR');
    expect(await run(model, image)).toEqual(expectedTensor(image, { ...norm, order: 'BGR' }));
    // The RGB tensor differs: the check above could not pass by accident.
    expect(await run(await echo({ name: 'x', dims: [1, 3, 2, 3] }, norm), image)).toEqual(expectedTensor(image, norm));
    expect(expectedTensor(image, { ...norm, order: 'BGR' })).not.toEqual(expectedTensor(image, norm));
  });

  it("'BGR' in NHWC (layout read from the model's input [1, 2, 3, 3])", async () => {
    const model = await echo({ name: 'x', dims: [1, 2, 3, 3] }, { ...norm, channelOrder: 'BGR' });
    expect(model.preprocess.layout).toBe('NHWC');
    expect(await run(model, image)).toEqual(expectedTensor(image, { ...norm, order: 'BGR', layout: 'NHWC' }));
  });

  it('a BGR model calls a blue image blue only when told its channel order', async () => {
    const blue: Rgb = { width: 8, height: 8, channels: 3, data: new Uint8Array(8 * 8 * 3).map((_, i) => (i % 3 === 2 ? 230 : 20)) };
    const bgr = await OnnxImageClassifier.create({ model: channelMeansModel(), channelOrder: 'BGR', labels: ['blue', 'red'] });
    const bgrScores = await run(bgr, blue);
    expect(bgrScores[0]).toBeCloseTo(230 / 255, 5);
    expect(bgrScores[0]).toBeGreaterThan(bgrScores[1]);
    const rgb = await OnnxImageClassifier.create({ model: channelMeansModel(), labels: ['blue', 'red'] });
    const rgbScores = await run(rgb, blue);
    expect(rgbScores[0]).toBeLessThan(rgbScores[1]);
  });

  it('is validated', async () => {
    await expect(echo({ name: 'x', dims: [1, 3, 2, 2] }, { channelOrder: 'bgr' })).rejects.toThrow(
      `Invalid channelOrder: got "bgr"; allowed: 'RGB' or 'BGR'`,
    );
  });
});

describe('resizeShorterSide: resize the shorter side, then crop the centre', () => {
  it('a landscape image: exact 2× shrink of the shorter side, then the centre columns', async () => {
    const image = randomImage(16, 8, 2);
    // Shorter side 8 → 4: the resized image is 8 × 4 (w × h), and the centre 4 × 4 starts at column 2.
    const model = await echo({ name: 'x', dims: [1, 3, 4, 4] }, { resizeShorterSide: 4, scale: 1 });
    expect(model.preprocess.size).toEqual([4, 4]);
    expect(await run(model, image)).toEqual(expectedTensor(crop(halve(image), 2, 0, 4, 4), { scale: 1 }));
    // Squashing the whole image to 4 × 4 would give other values.
    const squashed = await echo({ name: 'x', dims: [1, 3, 4, 4] }, { scale: 1 });
    expect(await run(squashed, image)).not.toEqual(await run(model, image));
  });

  it('a portrait image, NHWC: the centre rows', async () => {
    const image = randomImage(8, 20, 3);
    // 8 × 20 → 4 × 10, centre 4 × 4 from row 3.
    const model = await echo({ name: 'x', dims: [1, 4, 4, 3] }, { resizeShorterSide: 4, scale: 1 });
    expect(await run(model, image)).toEqual(expectedTensor(crop(halve(image), 0, 3, 4, 4), { scale: 1, layout: 'NHWC' }));
  });

  it("rounds an odd margin as torchvision's CenterCrop does (Python's round: half to even)", async () => {
    const model = await echo({ name: 'x', dims: [1, 3, 4, 4] }, { resizeShorterSide: 4, scale: 1 });
    // Shorter side already 4: no resize. int(round((9 − 4) / 2)) = round(2.5) = 2; int(round((11 − 4) / 2)) = round(3.5) = 4.
    const nine = randomImage(4, 9, 4);
    expect(await run(model, nine)).toEqual(expectedTensor(crop(nine, 0, 2, 4, 4), { scale: 1 }));
    const eleven = randomImage(11, 4, 5);
    expect(await run(model, eleven)).toEqual(expectedTensor(crop(eleven, 4, 0, 4, 4), { scale: 1 }));
  });

  it('matches a bilinear resize to floor(n · long / short), then the centre crop, for an arbitrary size', async () => {
    const image = randomImage(50, 37, 6);
    // torchvision: Resize(24) gives 24 × int(24 · 50 / 37) = 24 × 32 (h × w); CenterCrop(20): top round(2) = 2, left round(6) = 6.
    const expected = crop(bilinear(image, 32, 24), 6, 2, 20, 20);
    const model = await echo({ name: 'x', dims: [1, 3, 20, 20] }, { resizeShorterSide: 24, scale: 1, mean: [0, 0, 0], std: [1, 1, 1] });
    const got = await run(model, image);
    const want = expectedTensor(expected, { scale: 1 });
    // The oracle weighs four neighbours at once, the engine interpolates twice: rounding may differ by one level.
    const off = got.map((v, i) => Math.abs(v - want[i]));
    expect(Math.max(...off)).toBeLessThanOrEqual(1);
    expect(off.filter((d) => d > 0).length).toBeLessThan(got.length / 50);
    // Only the crop is computed, but its bytes are those of resizing everything and cropping.
    expect(got).toEqual(expectedTensor(crop(resizeBilinear(image, 32, 24) as Rgb, 6, 2, 20, 20), { scale: 1 }));
  });

  it('must leave room for the crop, and names the size', async () => {
    await expect(echo({ name: 'x', dims: [1, 3, 4, 6] }, { resizeShorterSide: 5 })).rejects.toThrow(
      'Invalid resizeShorterSide: got 5; allowed: an integer >= 6, the larger side of size [4, 6], so that the centre crop fits any image',
    );
    await expect(echo({ name: 'x', dims: [1, 3, 4, 4] }, { resizeShorterSide: 4.5 })).rejects.toMatchObject({ field: 'resizeShorterSide' });
  });
});

describe('uint8 inputs', () => {
  const nhwc: ValueSpec = { name: 'pixels', dims: ['batch', 2, 4, 3], type: 'uint8' };

  it('feeds raw 0..255 samples to a model whose input is uint8 (read from the model)', async () => {
    const image = randomImage(4, 2, 7);
    const model = await echo(nhwc);
    expect(model.preprocess).toMatchObject({ dtype: 'uint8', layout: 'NHWC', size: [2, 4] });
    expect(model.preprocess.mean).toBeUndefined();
    expect(await run(model, image)).toEqual(Array.from(image.data));
  });

  it('with BGR and a resize', async () => {
    const image = randomImage(8, 4, 8);
    const model = await echo(nhwc, { channelOrder: 'BGR' });
    expect(await run(model, image)).toEqual(expectedTensor(halve(image), { order: 'BGR', layout: 'NHWC', scale: 1 }));
    // A batch of two, NCHW.
    const nchw = await echo({ name: 'pixels', dims: ['batch', 3, 2, 4], type: 'uint8' });
    const other = randomImage(4, 2, 9);
    const scores = await nchw.predict([halve(image), other]);
    expect(Array.from(scores[1])).toEqual(expectedTensor(other, { scale: 1 }));
  });

  it('refuses scale, mean and std, and a dtype that contradicts the model', async () => {
    await expect(echo(nhwc, { mean: [0.5, 0.5, 0.5] })).rejects.toThrow(
      "Invalid mean: got array(3); allowed: nothing with dtype 'uint8' (a uint8 input takes the 0..255 samples as they are)",
    );
    await expect(echo(nhwc, { dtype: 'float32' })).rejects.toThrow(
      "Invalid dtype: got \"float32\"; allowed: 'uint8', the element type of the model's input 'pixels'",
    );
    await expect(echo({ name: 'x', dims: [1, 3, 2, 2] }, { dtype: 'uint8' })).rejects.toMatchObject({ field: 'dtype', allowed: expect.stringContaining("'float32'") });
    await expect(echo({ name: 'x', dims: [1, 3, 2, 2] }, { dtype: 'int8' })).rejects.toMatchObject({ field: 'dtype' });
  });

  it('imagesToTensor writes bytes into a Uint8Array and refuses the wrong array type', () => {
    const image = randomImage(2, 1, 10);
    const out = new Uint8Array(6);
    imagesToTensor([image], { size: [1, 2], dtype: 'uint8', channelOrder: 'BGR' }, out);
    expect(Array.from(out)).toEqual([image.data[2], image.data[5], image.data[1], image.data[4], image.data[0], image.data[3]]);
    expect(() => imagesToTensor([image], { size: [1, 2], dtype: 'uint8' }, new Float32Array(6))).toThrow(ValidationError);
    expect(() => imagesToTensor([image], { size: [1, 2] }, new Uint8Array(6))).toThrow("allowed: a Float32Array (dtype 'float32')");
    expect(() => imagesToTensor([image], { size: [1, 2] }, new Float32Array(5))).toThrow('allowed: at least 6 samples');
  });
});

describe("size and layout from the model's input", () => {
  it('reads a fixed, non-square NHWC size', async () => {
    const image = randomImage(10, 4, 11);
    const model = await echo({ name: 'x', dims: [1, 2, 5, 3] }, { scale: 1 });
    expect(model.preprocess).toMatchObject({ size: [2, 5], layout: 'NHWC' });
    expect(await run(model, image)).toEqual(expectedTensor(halve(image), { scale: 1, layout: 'NHWC' }));
  });

  it('refuses a size or layout that contradicts a fixed input, naming its shape', async () => {
    const input: ValueSpec = { name: 'x', dims: ['batch', 3, 4, 6] };
    await expect(echo(input, { size: [6, 4] })).rejects.toThrow(
      "Invalid size: got array(2); allowed: [4, 6], the model's fixed input size (the model's input 'x' is float32 [batch, 3, 4, 6])",
    );
    await expect(echo(input, { layout: 'NHWC' })).rejects.toThrow(
      "Invalid layout: got \"NHWC\"; allowed: 'NCHW', the layout of the model's input (the model's input 'x' is float32 [batch, 3, 4, 6])",
    );
    // One fixed spatial axis is checked, the other taken from the options.
    const partly = await echo({ name: 'x', dims: ['batch', 3, 4, 'w'] }, { size: [4, 9] });
    expect(partly.preprocess.size).toEqual([4, 9]);
    await expect(echo({ name: 'x', dims: ['batch', 3, 4, 'w'] }, { size: [5, 9] })).rejects.toMatchObject({ field: 'size', allowed: "[4, width], the model's fixed input size" });
  });

  it('asks for a size when the spatial axes are dynamic, named or not', async () => {
    await expect(echo({ name: 'x', dims: ['batch', 3, 'h', 'w'] })).rejects.toThrow(
      'Invalid size: got undefined; allowed: [height, width] (the model input has dynamic spatial axes ([batch, 3, h, w]); pass size)',
    );
    await expect(echo({ name: 'x', dims: [null, 3, null, null] })).rejects.toMatchObject({ field: 'size' });
    const image = randomImage(6, 4, 12);
    const model = await echo({ name: 'x', dims: [null, null, null, 3] }, { size: [2, 3], scale: 1 });
    expect(model.preprocess.layout).toBe('NHWC');
    expect(await run(model, image)).toEqual(expectedTensor(halve(image), { scale: 1, layout: 'NHWC' }));
  });

  it('refuses inputs that are not 3-channel images', async () => {
    await expect(echo({ name: 'x', dims: [1, 1, 28, 28] })).rejects.toThrow(
      "Invalid model: got Uint8Array(", // the bytes; the shape is in the reason
    );
    await expect(echo({ name: 'x', dims: [1, 1, 28, 28] })).rejects.toThrow(
      "allowed: an image classifier with 3 colour channels (the model's input 'x' is float32 [1, 1, 28, 28])",
    );
    await expect(echo({ name: 'x', dims: ['batch', 48] })).rejects.toThrow(
      "allowed: an image classifier whose input is [N, 3, H, W] or [N, H, W, 3] (the model's input 'x' is float32 [batch, 48])",
    );
    await expect(echo({ name: 'x', dims: [1, 3, 2, 2], type: 'int64' })).rejects.toThrow(
      "allowed: an image classifier whose input is float32 or uint8 (the model's input 'x' is int64)",
    );
  });
});

describe('the new preprocessing in the sidecar', () => {
  it('reads channelOrder, resizeShorterSide and dtype from <model>.json', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clarify-onnx-'));
    const model = join(dir, 'echo.onnx');
    await writeFile(model, echoModel({ name: 'pixels', dims: [1, 3, 4, 4], type: 'uint8' }));
    await writeFile(join(dir, 'echo.json'), JSON.stringify({ input: { channelOrder: 'BGR', resizeShorterSide: 4, dtype: 'uint8' } }));
    const classifier = await OnnxImageClassifier.create({ model });
    expect(classifier.preprocess).toMatchObject({ channelOrder: 'BGR', resizeShorterSide: 4, dtype: 'uint8' });
    const image = randomImage(16, 8, 13);
    expect(await run(classifier, image)).toEqual(expectedTensor(crop(halve(image), 2, 0, 4, 4), { order: 'BGR', scale: 1 }));
  });

  it('names the sidecar key and file of a value out of range', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clarify-onnx-'));
    const model = join(dir, 'echo.onnx');
    await writeFile(model, echoModel({ name: 'x', dims: [1, 3, 4, 4] }));
    const sidecar = join(dir, 'echo.json');
    await writeFile(sidecar, JSON.stringify({ input: { resizeShorterSide: 3, channelOrder: 'GBR' } }));
    const error = await OnnxImageClassifier.create({ model }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toBe(`Invalid model sidecar input.channelOrder: got "GBR"; allowed: 'RGB' or 'BGR' (in ${sidecar})`);
    await writeFile(sidecar, JSON.stringify({ input: { resizeShorterSide: 3 } }));
    await expect(OnnxImageClassifier.create({ model })).rejects.toThrow(
      `Invalid model sidecar input.resizeShorterSide: got 3; allowed: an integer >= 4, the larger side of size [4, 4], so that the centre crop fits any image (in ${sidecar})`,
    );
    // An explicit option replaces the sidecar's value, bad or not.
    const fixed = await OnnxImageClassifier.create({ model, resizeShorterSide: 8 });
    expect(fixed.preprocess.resizeShorterSide).toBe(8);
  });
});

describe('existing options are unchanged', () => {
  it('RGB float32 NCHW squash with scale, mean and std', async () => {
    const image = randomImage(8, 4, 14);
    const norm = { scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } as const;
    const model = await echo({ name: 'x', dims: [1, 3, 2, 4] }, norm);
    expect(await run(model, image)).toEqual(expectedTensor(halve(image), norm));
  });
});

/**
 * scijs ndarray images in, ndarray maps out (issue 26, item 16).
 *
 * Views are built from the same pixels stored in other layouts (padded and
 * cropped, planar and transposed, strided, flipped, one image of a batch), so
 * that a view read wrongly (an axis swapped, an offset or a stride ignored)
 * gives other pixels and other results. SLIC labels are compared with
 * scikit-image's own fixtures, Kernel SHAP's φ byte for byte with the same
 * pixels given as a contiguous RasterImage.
 */
import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors.js';
import { deletionInsertion, orderByValue } from '../../../src/explain/metrics.js';
import { explainImageClassification } from '../../../src/explain/classification.js';
import { explainObjectDetection } from '../../../src/explain/detection.js';
import { renderHeatmap } from '../../../src/explain/image/heatmap.js';
import type { ImageClassifier, ObjectDetector } from '../../../src/explain/model/image-model.js';
import * as explain from '../../../src/explain/index.js';
import { labelsAsNdarray, phiMap, rasterAsNdarray } from '../../../src/explain/image/ndarray.js';
import { type PixelArray, type RasterImage, toRasterImage, validateRaster } from '../../../src/explain/image/raster.js';
import { SeededRandom } from '../../../src/explain/numeric/random.js';
import { toRgb8 } from '../../../src/explain/image/rgb.js';
import { toSegmentMap } from '../../../src/explain/image/segments.js';
import { slic } from '../../../src/explain/slic/slic.js';
import { exactly } from '../../helpers/cases.js';
import { readFixtureImage, readFixtureLabels, readManifest, toSlicOptions } from '../../helpers/slic-fixtures.js';

type Ctor = new (length: number) => PixelArray;
const ctorOf = (data: PixelArray): Ctor => data.constructor as Ctor;

/** A buffer of `length` random samples of `data`'s type: what a view must not read. */
function garbage(data: PixelArray, length: number, seed: number): PixelArray {
  const random = new SeededRandom(seed);
  const out = new (ctorOf(data))(length);
  const float = data instanceof Float32Array || data instanceof Float64Array;
  for (let i = 0; i < length; i++) out[i] = float ? random.nextFloat() : random.nextBelow(data instanceof Uint16Array ? 65536 : 256);
  return out;
}

/** The view's shape: `[h, w]` for a gray image given 2-D, else `[h, w, c]`. */
const dims = (image: RasterImage, twoD: boolean): number[] => (twoD ? [image.height, image.width] : [image.height, image.width, image.channels]);

/**
 * The same pixels as `image`, as ndarray views of several layouts. For a gray
 * image `twoD` makes them `[h, w]` views.
 */
function views(image: RasterImage, twoD = false): Record<string, explain.NdArrayLike> {
  const { width: w, height: h, channels: c, data } = image;
  const at = (y: number, x: number, k: number) => data[(y * w + x) * c + k];
  const fill = (nd: ndarray.NdArray<PixelArray>, index: (y: number, x: number, k: number) => number[]) => {
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let k = 0; k < c; k++) nd.set(...index(y, x, k), at(y, x, k));
  };
  const threeD = (i: number[]) => (twoD ? i.slice(0, 2) : i);

  // Padded by 3/2 rows and 5/4 columns, then cropped with .hi().lo().
  const padded = ndarray(garbage(data, (h + 5) * (w + 9) * c, 1), twoD ? [h + 5, w + 9] : [h + 5, w + 9, c]);
  fill(padded, (y, x, k) => threeD([y + 3, x + 5, k]));
  const crop = padded.hi(h + 3, w + 5).lo(3, 5);

  // Planar [c, h, w] (or [w, h] for gray), seen channels-last through a transpose.
  const planar = ndarray(garbage(data, h * w * c, 2), twoD ? [w, h] : [c, h, w]);
  fill(planar, (y, x, k) => (twoD ? [x, y] : [k, y, x]));
  const transposed = twoD ? planar.transpose(1, 0) : planar.transpose(1, 2, 0);

  // Every second row and every third column of a larger array.
  const sparse = ndarray(garbage(data, 2 * h * 3 * w * c, 3), twoD ? [2 * h, 3 * w] : [2 * h, 3 * w, c]);
  fill(sparse, (y, x, k) => threeD([2 * y, 3 * x, k]));
  const stepped = sparse.step(2, 3);

  // Stored upside down and mirrored: negative strides.
  const mirrored = ndarray(garbage(data, h * w * c, 4), dims(image, twoD));
  fill(mirrored, (y, x, k) => threeD([h - 1 - y, w - 1 - x, k]));
  const flipped = mirrored.step(-1, -1);

  // Image 1 of a batch of 3: contiguous, at an offset (wrapped, not copied).
  const batch = ndarray(garbage(data, 3 * h * w * c, 5), [3, ...dims(image, twoD)]);
  fill(batch, (y, x, k) => (twoD ? [1, y, x] : [1, y, x, k]));
  const picked = batch.pick(1);

  return { crop, transposed, stepped, flipped, picked };
}

const manifest = readManifest().cases;
// Non-square images (a swapped axis shows), gray, a one-row strip, smoothing and SLICO.
const slicCases = [6, 8, 11, 18, 21, 25, 42, 36, 51].map((i) => manifest[i]);

// SLIC on every view of a fixture photo: several seconds per test.
describe('ndarray images: SLIC reads views exactly', { timeout: 60_000 }, () => {
  it.each(exactly(9, slicCases, 'SLIC fixture cases').map((c) => [`${c.image} ${JSON.stringify(c.slic_kwargs)}`, c] as const))(
    "every view gives scikit-image's labels: %s",
    async (_name, c) => {
      const image = await readFixtureImage(c);
      const expected = readFixtureLabels(c);
      const options = toSlicOptions(c.slic_kwargs);
      const candidates = { ...views(image), ...(image.channels === 1 ? prefixed('2d-', views(image, true)) : {}) };
      for (const [name, view] of Object.entries(candidates)) {
        const result = slic(view, options);
        expect({ name, width: result.width, height: result.height }).toEqual({ name, width: c.width, height: c.height });
        expect({ name, same: sameInt32(result.labels, expected) }).toEqual({ name, same: true });
        expect(result.numSegments).toBe(c.num_labels);
      }
    },
  );

  it('gives the contiguous raster\'s labels for uint16, float32 and float64 views', async () => {
    // Smoothing (sigma 3) reads neighbours across rows and columns; noise64 with SLICO adapts per segment.
    for (const c of [manifest[50], manifest[29]]) await compareTypes(c);
  });

  async function compareTypes(c: (typeof manifest)[number]): Promise<void> {
    const base = await readFixtureImage(c);
    const options = toSlicOptions(c.slic_kwargs);
    const u8 = base.data as Uint8Array;
    const typed: PixelArray[] = [
      Uint16Array.from(u8, (v) => v * 257),
      Float32Array.from(u8, (v) => v / 255),
      Float64Array.from(u8, (v) => (v / 255) ** 2.2),
      Uint8ClampedArray.from(u8),
    ];
    for (const data of typed) {
      const raster: RasterImage = { ...base, data };
      const expected = slic(raster, options).labels;
      for (const [name, view] of Object.entries(views(raster))) {
        expect({ type: data.constructor.name, name, same: sameInt32(slic(view, options).labels, expected) }).toEqual({
          type: data.constructor.name,
          name,
          same: true,
        });
      }
    }
  }

  it('copies a strided view once, keeping the array type and the exact samples; wraps a contiguous one', () => {
    const data = Float32Array.from({ length: 4 * 5 * 3 }, (_, i) => Math.fround(i / 7));
    const nd = ndarray(data, [4, 5, 3]);
    const crop = toRasterImage(nd.hi(3, 4).lo(1, 2));
    expect(crop).toMatchObject({ width: 2, height: 2, channels: 3 });
    expect(crop.data).toBeInstanceOf(Float32Array);
    const expected: number[] = [];
    for (let y = 0; y < 2; y++) for (let x = 0; x < 2; x++) for (let c = 0; c < 3; c++) expected.push(data[(y + 1) * 15 + (x + 2) * 3 + c]);
    expect(Array.from(crop.data)).toEqual(expected);
    expect(crop.data.buffer).not.toBe(data.buffer);
    expect(toRasterImage(nd).data.buffer).toBe(data.buffer);
    // Row 2 of [h, w, c] is a contiguous [w, c] plane at an offset: wrapped, read as a gray [h, w] image.
    const row = toRasterImage(nd.pick(2));
    expect(row).toMatchObject({ width: 3, height: 5, channels: 1 });
    expect(row.data.buffer).toBe(data.buffer);
    expect(Array.from(row.data)).toEqual(Array.from(data.subarray(30, 45)));
    // Column 1 is strided: copied.
    const column = toRasterImage(nd.pick(null, 1));
    expect(Array.from(column.data)).toEqual([3, 4, 5, 18, 19, 20, 33, 34, 35, 48, 49, 50].map((k) => data[k]));
  });
});

describe('ndarray images: explanations, heat maps, baselines and metrics', () => {
  const W = 48;
  const H = 40;
  const random = new SeededRandom(3);
  const tiles: RasterImage & { data: Uint8Array } = {
    width: W,
    height: H,
    channels: 3,
    data: Uint8Array.from({ length: W * H * 3 }, (_, i) => {
      const p = Math.floor(i / 3);
      const t = Math.floor((p % W) / 12) + 4 * Math.floor(p / W / 10);
      return ((t * (50 + 40 * (i % 3))) % 200) + random.nextBelow(20);
    }),
  };
  /** Scores that depend on every pixel: two weighted channel means. */
  const model: ImageClassifier = {
    predict: async (images) =>
      images.map((im) => {
        let a = 0;
        let b = 0;
        for (let p = 0; p < W * H; p++) {
          a += im.data[p * 3] * ((p % W) + 1);
          b += im.data[p * 3 + 2] * (Math.floor(p / W) + 1) + im.data[p * 3 + 1];
        }
        return Float32Array.from([a / (255 * W * W * H), b / (255 * W * H * H)]);
      }),
  };
  const bytes = (a: Float64Array) => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

  it("gives Kernel SHAP the contiguous image's φ, bit for bit, for every view (fixed seed)", async () => {
    const reference = await explainImageClassification({ image: tiles, model, numSamples: 120, seed: 9, labels: 'all' });
    expect(reference.exact).toBe(false);
    for (const [name, view] of Object.entries(views(tiles))) {
      const result = await explainImageClassification({ image: view, model, numSamples: 120, seed: 9, labels: 'all' });
      expect({ name, labels: sameInt32(result.segmentation.labels, reference.segmentation.labels) }).toEqual({ name, labels: true });
      for (let k = 0; k < 2; k++) {
        expect({ name, k, phi: bytes(result.explanations[k].shapValues) }).toEqual({ name, k, phi: bytes(reference.explanations[k].shapValues) });
      }
    }
  });

  it('reads a gray [h, w] float view like the same pixels as a gray raster', async () => {
    const gray = Float64Array.from({ length: W * H }, (_, p) => tiles.data[p * 3] / 255);
    const raster: RasterImage = { width: W, height: H, channels: 1, data: gray };
    const a = await explainImageClassification({ image: raster, model, numSamples: 60, seed: 4 });
    for (const [name, view] of Object.entries(views(raster, true))) {
      const b = await explainImageClassification({ image: view, model, numSamples: 60, seed: 4 });
      expect({ name, phi: bytes(b.explanations[0].shapValues) }).toEqual({ name, phi: bytes(a.explanations[0].shapValues) });
    }
  });

  it('accepts views as the detection image, a baseline image, the heat map image and the metrics images', async () => {
    const { crop, transposed } = views(tiles);
    const detector: ObjectDetector = {
      detect: async (images) =>
        images.map((im) => {
          let s = 0;
          for (let y = 8; y < 24; y++) for (let x = 6; x < 30; x++) s += im.data[(y * W + x) * 3 + 1];
          return [{ classId: 1, score: Math.min(1, s / (255 * 16 * 24) + 0.5), box: [6 / W, 8 / H, 30 / W, 24 / H] as const }];
        }),
    };
    const baselinePixels = Uint8Array.from({ length: W * H * 3 }, (_, i) => (i * 37) % 256);
    const baselineRaster: RasterImage = { width: W, height: H, channels: 3, data: baselinePixels };
    const baselineView = views(baselineRaster).stepped;
    const a = await explainObjectDetection({ image: tiles, model: detector, numSamples: 80, seed: 2, baseline: { image: baselineRaster } });
    const b = await explainObjectDetection({ image: crop, model: detector, numSamples: 80, seed: 2, baseline: { image: baselineView } });
    expect(a.objects).toHaveLength(1);
    expect(bytes(b.objects[0].shapValues)).toEqual(bytes(a.objects[0].shapValues));

    const shapValues = a.objects[0].shapValues;
    const segments = a.segmentation.labels;
    expect(Array.from(renderHeatmap({ image: transposed, segments, shapValues }).data)).toEqual(
      Array.from(renderHeatmap({ image: tiles, segments, shapValues }).data),
    );

    const segmentMap = toSegmentMap(a.segmentation);
    const order = orderByValue(shapValues);
    const common = { segments: segmentMap, order, model, label: 0 };
    const fromRaster = await deletionInsertion({ ...common, image: tiles, baseline: baselineRaster });
    const fromViews = await deletionInsertion({ ...common, image: transposed, baseline: baselineView });
    expect(bytes(fromViews.deletion.scores)).toEqual(bytes(fromRaster.deletion.scores));
    expect(bytes(fromViews.insertion.scores)).toEqual(bytes(fromRaster.insertion.scores));
  });

  it('toRgb8 converts gray, RGBA and float views as it converts rasters', () => {
    const rgba = Uint8ClampedArray.from({ length: 3 * 2 * 4 }, (_, i) => (i * 41) % 256);
    const raster: RasterImage = { width: 2, height: 3, channels: 4, data: rgba };
    for (const view of Object.values(views(raster))) expect(Array.from(toRgb8(view).data)).toEqual(Array.from(toRgb8(raster).data));
    const gray = ndarray(new Float32Array([0, 0.5, 1, 0.25]), [2, 2]);
    expect(toRgb8(gray)).toMatchObject({ width: 2, height: 2, channels: 3 });
    expect(Array.from(toRgb8(gray).data)).toEqual([0, 0, 0, 128, 128, 128, 255, 255, 255, 64, 64, 64]);
    const rgb = ndarray(new Uint8Array(12), [2, 2, 3]);
    expect(toRgb8(rgb).data.buffer).toBe(rgb.data.buffer); // contiguous uint8 RGB: no copy at all
  });
});

describe('ndarray images: clear errors naming the field', () => {
  const catchError = (f: () => unknown): ValidationError => {
    try {
      f();
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      return err as ValidationError;
    }
    throw new Error('expected a ValidationError');
  };

  it('rejects wrong dimensionality, empty axes, other dtypes and views reaching outside data', () => {
    const batch = catchError(() => slic(ndarray(new Uint8Array(2 * 4 * 4 * 3), [2, 4, 4, 3])));
    expect(batch.field).toBe('image.shape');
    expect(batch.message).toContain('.pick(0)');
    expect(catchError(() => slic(ndarray(new Uint8Array(8), [8]))).field).toBe('image.shape');
    expect(catchError(() => slic(ndarray(new Uint8Array(0), [0, 4, 3]))).field).toBe('image.shape[0]');
    const int16 = catchError(() => slic(ndarray(new Int16Array(12), [2, 2, 3]) as never));
    expect(int16.field).toBe('image.data');
    expect(int16.message).toContain('Int16Array');
    expect(catchError(() => slic(ndarray([1, 2, 3, 4], [2, 2]) as never)).field).toBe('image.data');
    expect(catchError(() => slic(ndarray(new Uint8Array(12), [2, 2, 3], [6, 3, 1], 1))).field).toBe('image.stride');
    expect(catchError(() => slic({ data: new Uint8Array(4), shape: [2, 2], stride: [2], offset: 0 })).field).toBe('image.stride');
    expect(catchError(() => slic({ data: new Uint8Array(4), shape: [2, 2], stride: [2, 1], offset: 0.5 })).field).toBe('image.offset');
  });

  it('names the data index and the element of a NaN in a float view', () => {
    const data = new Float64Array(4 * 4);
    const view = ndarray(data, [4, 4]).hi(3, 3).lo(1, 1); // rows 1-2, columns 1-2
    data[2 * 4 + 2] = Number.NaN; // element (1, 1) of the view
    const error = catchError(() => slic(view));
    expect(error.field).toBe('image.data[10]');
    expect(error.message).toContain('element (1, 1)');
    expect(catchError(() => validateRaster(view)).field).toBe('image.data[10]');
  });

  it('names shape[2] for too many channels to render, with the planar hint', () => {
    const planar = ndarray(new Uint8Array(3 * 8 * 8), [3, 8, 8]); // [c, h, w] passed as is
    const error = catchError(() => toRgb8(planar));
    expect(error.field).toBe('image.shape[2]');
    expect(error.message).toContain('.transpose(1, 2, 0)');
    expect(slic(planar, { nSegments: 2 }).width).toBe(8); // SLIC itself takes any channel count
  });

  it('prefixes baseline and metrics fields, and rejects before any model call', async () => {
    let calls = 0;
    const model: ImageClassifier = { predict: async (images) => images.map(() => (calls++, [1])) };
    const image = ndarray(new Uint8Array(8 * 8 * 3), [8, 8, 3]);
    await expect(
      explainImageClassification({ image, model, baseline: { image: ndarray(new Uint8Array(8), [2, 2, 2, 1]) } }),
    ).rejects.toMatchObject({ name: 'ValidationError', field: 'baseline.image.shape' });
    await expect(explainImageClassification({ image: ndarray(new Int32Array(192), [8, 8, 3]) as never, model })).rejects.toMatchObject({
      field: 'image.data',
    });
    expect(calls).toBe(0);
    const segments = toSegmentMap({ labels: new Int32Array(64), width: 8, height: 8 });
    await expect(
      deletionInsertion({ image, baseline: ndarray(new Uint8Array(64 * 5), [8, 8, 5]), segments, order: [0], model, label: 0 }),
    ).rejects.toMatchObject({ field: 'baseline.shape[2]' });
  });
});

describe('ndarray maps out', () => {
  const W = 40;
  const H = 30;
  const image = ndarray(
    Uint8Array.from({ length: W * H * 3 }, (_, i) => ((Math.floor(i / 3) % W < 20 ? 40 : 200) + (i % 3) * 10) % 256),
    [H, W, 3],
  );

  it('labelsAsNdarray is an [h, w] view over the labels, sharing memory', () => {
    const segmentation = slic(image, { nSegments: 4 });
    const labels = labelsAsNdarray(segmentation, ndarray);
    expect(labels.shape).toEqual([H, W]);
    expect(labels.dtype).toBe('int32');
    expect(labels.data).toBe(segmentation.labels);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) expect(labels.get(y, x)).toBe(segmentation.labels[y * W + x]);
  });

  it("phiMap puts each segment's φ on its pixels", async () => {
    const model: ImageClassifier = { predict: async (images) => images.map((im) => [im.data[0] / 255 + im.data[(W * H - 1) * 3] / 100]) };
    const result = await explainImageClassification({ image, model, numSamples: 40, seed: 3 });
    const { segmentation } = result;
    const phi = phiMap(result.explanations[0], segmentation, ndarray);
    expect(phi.shape).toEqual([H, W]);
    expect(phi.dtype).toBe('float64');
    const { shapValues } = result.explanations[0];
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) expect(phi.get(y, x)).toBe(shapValues[segmentation.labels[y * W + x]]);
    // φ given directly, and typed as @types/ndarray's NdArray without a cast.
    const same: ndarray.NdArray<Float64Array> = phiMap(shapValues, segmentation, ndarray);
    expect(Array.from(same.data)).toEqual(Array.from(phi.data));
    // The map is a plain ndarray: clarify-ts reads it back as a gray float image.
    expect(toRasterImage(phi)).toMatchObject({ width: W, height: H, channels: 1 });
  });

  it('rasterAsNdarray views an RGBA heat map without a copy', async () => {
    const segmentation = slic(image, { nSegments: 4 });
    const segments = toSegmentMap(segmentation).labels;
    const overlay = renderHeatmap({ image, segments, shapValues: new Float64Array(64).fill(1) });
    const nd = rasterAsNdarray(overlay, ndarray);
    expect(nd.shape).toEqual([H, W, 4]);
    expect(nd.data).toBe(overlay.data);
    expect(nd.get(H - 1, W - 1, 3)).toBe(255);
  });

  it('refuses SLIC labels for phiMap, bad segmentations and a missing constructor', () => {
    const segmentation = slic(image, { nSegments: 4 }); // labels start at 1
    const K = segmentation.numSegments;
    expect(() => phiMap(new Float64Array(K), segmentation, ndarray)).toThrow(ValidationError);
    expect(() => phiMap(new Float64Array(K), segmentation, ndarray)).toThrow(/explanation's segmentation/);
    expect(() => labelsAsNdarray({ labels: new Int32Array(5), width: 2, height: 2 }, ndarray)).toThrow(/segmentation\.labels/);
    expect(() => labelsAsNdarray(segmentation, undefined as never)).toThrow(/ndarray constructor/);
  });

  it('is exported from clarify-ts/explain', () => {
    expect(typeof explain.labelsAsNdarray).toBe('function');
    expect(typeof explain.phiMap).toBe('function');
    expect(typeof explain.rasterAsNdarray).toBe('function');
    expect(typeof explain.toRasterImage).toBe('function');
  });
});

function sameInt32(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function prefixed<T>(prefix: string, record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [prefix + k, v]));
}

/**
 * Results as scijs ndarrays: label images, φ maps and rasters as `[height, width]`
 * or `[height, width, channels]` views, for code that works on ndarrays.
 *
 * The helpers take the `ndarray` constructor from the caller instead of
 * importing the package, for three reasons:
 * - `clarify-ts/explain` stays a self-contained ES module with no imports, so it
 *   loads in a browser or a worker without a bundler (`ndarray` is CommonJS);
 * - `ndarray` compiles its view classes with `new Function` on first use, which a
 *   Content-Security-Policy without `'unsafe-eval'` forbids: only callers who ask
 *   for ndarrays run it;
 * - the result is an instance of the caller's own copy and version of `ndarray`,
 *   with its methods and its TypeScript type (`NdArray<Float64Array>` from
 *   `@types/ndarray`), inferred from the constructor passed.
 *
 * Images go the other way without any helper: every function that takes a
 * {@link RasterImage} also takes an ndarray (see {@link ImageInput}).
 *
 * @packageDocumentation
 */
import { ValidationError } from '../../errors.js';
import type { PixelArray, RasterImage } from './raster.js';

/**
 * A function that builds an ndarray view of `data` with the given shape, such
 * as the default export of the `ndarray` package. Its return type is what the
 * helpers return.
 *
 * @typeParam D - the array the view reads.
 * @typeParam R - the view type, e.g. `NdArray<D>` of `@types/ndarray`.
 * @example
 * ```ts
 * import ndarray from 'ndarray';
 * const create: NdArrayConstructor<Float64Array, ndarray.NdArray<Float64Array>> = ndarray;
 * ```
 */
export type NdArrayConstructor<D, R> = (data: D, shape: number[]) => R;

/**
 * The segment index of each pixel, row-major: what {@link labelsAsNdarray} and
 * {@link phiMap} read. A {@link Segmentation} from {@link slic} and an
 * explanation's `segmentation` both have these fields.
 *
 * @example
 * ```ts
 * const twoSegments: PixelLabels = { labels: Int32Array.of(0, 0, 1, 1), width: 2, height: 2 };
 * ```
 */
export type PixelLabels = { readonly labels: Int32Array; readonly width: number; readonly height: number };

/**
 * A segmentation's labels as a `[height, width]` int32 ndarray: element `(y, x)`
 * is pixel (x, y)'s label. The view shares memory with `segmentation.labels`
 * (no copy): writes through one show in the other.
 *
 * Works on what {@link slic} returns (SLIC labels) and on an explanation's
 * `segmentation` (dense segment indices 0..K−1, the index into `shapValues`).
 *
 * @param segmentation - `{ labels, width, height }`, `labels` row-major.
 * @param ndarray - the `ndarray` constructor (the `ndarray` package's default export).
 * @throws {@link ValidationError} when `labels` is not an Int32Array of `width · height` labels.
 * @example
 * ```ts
 * import ndarray from 'ndarray';
 * import { labelsAsNdarray, slic } from 'clarify-ts/explain';
 *
 * const labels = labelsAsNdarray(slic(image, { nSegments: 20 }), ndarray);
 * labels.get(10, 20); // the label of the pixel in row 10, column 20
 * ```
 */
export function labelsAsNdarray<R>(segmentation: PixelLabels, ndarray: NdArrayConstructor<Int32Array, R>): R {
  const { labels, width, height } = checkLabels(segmentation, 'segmentation');
  checkConstructor(ndarray);
  return ndarray(labels, [height, width]);
}

/**
 * The φ map of one explained class or object: a `[height, width]` float64
 * ndarray whose element `(y, x)` is the φ of the segment holding pixel (x, y).
 *
 * Every pixel of a segment carries the segment's whole φ (not a share of it),
 * so the map reads like the heat map; summing the map weighs each φ by its
 * segment's size and is not Σφ.
 *
 * @param explanation - an entry of `explanations` (classification) or `objects`
 *   (detection), or φ per segment itself.
 * @param segmentation - the explanation's `segmentation` (dense segment indices
 *   0..K−1), not the SLIC labels of {@link slic}, which start at 1 by default.
 * @param ndarray - the `ndarray` constructor (the `ndarray` package's default export).
 * @throws {@link ValidationError} when `labels` is not an Int32Array of `width · height`
 *   labels, or a label has no φ (it is negative or ≥ the number of φ).
 * @example
 * ```ts
 * import ndarray from 'ndarray';
 * import { explainImageClassification, phiMap } from 'clarify-ts/explain';
 *
 * const result = await explainImageClassification({ image, model, seed: 1 });
 * const phi = phiMap(result.explanations[0], result.segmentation, ndarray);
 * phi.get(10, 20); // φ of the segment under row 10, column 20
 * ```
 */
export function phiMap<R>(
  explanation: { readonly shapValues: ArrayLike<number> } | ArrayLike<number>,
  segmentation: PixelLabels,
  ndarray: NdArrayConstructor<Float64Array, R>,
): R {
  const { labels, width, height } = checkLabels(segmentation, 'segmentation');
  const shapValues = explanation !== null && typeof explanation === 'object' && 'shapValues' in explanation ? explanation.shapValues : explanation;
  const field = shapValues === explanation ? 'explanation' : 'explanation.shapValues';
  if (shapValues === null || typeof shapValues !== 'object' || typeof shapValues.length !== 'number') {
    throw new ValidationError(field, shapValues, 'φ per segment (an array of numbers), or an explanation { shapValues }');
  }
  checkConstructor(ndarray);
  const K = shapValues.length;
  const out = new Float64Array(labels.length);
  for (let p = 0; p < labels.length; p++) {
    const j = labels[p];
    if (!(j >= 0 && j < K)) {
      throw new ValidationError(
        `segmentation.labels[${p}]`,
        j,
        `a dense segment index 0..${K - 1}, one per φ`,
        'pass the explanation\'s segmentation, not the SLIC labels of slic()',
      );
    }
    out[p] = shapValues[j];
  }
  return ndarray(out, [height, width]);
}

/**
 * A {@link RasterImage} (e.g. a heat map from {@link renderHeatmap}, or
 * {@link toRgb8}'s output) as a `[height, width, channels]` ndarray over the
 * same samples (no copy).
 *
 * @param image - a row-major interleaved image.
 * @param ndarray - the `ndarray` constructor (the `ndarray` package's default export).
 * @throws {@link ValidationError} when `data` does not hold `width · height · channels` samples.
 * @example
 * ```ts
 * import ndarray from 'ndarray';
 * const overlay = rasterAsNdarray(renderHeatmap({ image, segments, shapValues }), ndarray);
 * overlay.get(0, 0, 3); // alpha of the top-left pixel: 255
 * ```
 */
export function rasterAsNdarray<D extends PixelArray, R>(
  image: RasterImage & { readonly data: D },
  ndarray: NdArrayConstructor<D, R>,
): R {
  const { width, height, channels, data } = image ?? ({} as Partial<RasterImage>);
  for (const [key, v] of [['width', width], ['height', height], ['channels', channels]] as const) {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw new ValidationError(`image.${key}`, v, 'an integer >= 1');
  }
  if (!ArrayBuffer.isView(data) || (data as PixelArray).length !== width * height * channels) {
    throw new ValidationError('image.data', data, `a typed array of width * height * channels = ${width * height * channels} samples`);
  }
  checkConstructor(ndarray);
  return ndarray(data as D, [height, width, channels]);
}

function checkLabels(segmentation: PixelLabels, field: string): PixelLabels {
  if (segmentation === null || typeof segmentation !== 'object') {
    throw new ValidationError(field, segmentation, 'an object { labels, width, height }');
  }
  const { labels, width, height } = segmentation;
  for (const [key, v] of [['width', width], ['height', height]] as const) {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw new ValidationError(`${field}.${key}`, v, 'an integer >= 1');
  }
  if (!(labels instanceof Int32Array) || labels.length !== width * height) {
    throw new ValidationError(`${field}.labels`, labels, `an Int32Array of width * height = ${width * height} labels`);
  }
  return segmentation;
}

function checkConstructor(ndarray: unknown): void {
  if (typeof ndarray !== 'function') {
    throw new ValidationError('ndarray', ndarray, "the ndarray constructor, e.g. `import ndarray from 'ndarray'`");
  }
}

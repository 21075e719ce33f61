import { ValidationError } from '../errors.js';
import { linearize, linearRgbToLabInPlace } from './color.js';
import { enforceConnectivity } from './connectivity.js';
import { gaussianFilter } from './gaussian.js';
import { regularGrid } from './grid.js';
import { type PixelArray, type RasterImage, toFloat64, validateRaster } from './raster.js';
import { slicKMeans } from './slic-kmeans.js';

/**
 * Options of {@link slic}, mirroring `skimage.segmentation.slic` (scikit-image 0.19.3,
 * whose labels equal current releases' for unmasked input). Names are the Python
 * keyword arguments in camelCase; defaults are scikit-image's.
 */
export interface SlicOptions {
  /**
   * Requested number of seeds. The actual count comes from a regular grid and can be
   * smaller or larger; connectivity enforcement changes it again.
   * @default 100
   */
  readonly nSegments?: number;
  /**
   * Balance of colour against space: colour distances are divided by `compactness`,
   * so higher values give squarer segments. Negative values behave like their
   * absolute value (as in scikit-image); 0 is rejected.
   * @default 10
   */
  readonly compactness?: number;
  /**
   * Number of assign/update rounds. scikit-image always runs exactly this many.
   * @default 10
   */
  readonly maxNumIter?: number;
  /**
   * Gaussian pre-smoothing width: a number (applied to y and x, and to the
   * one-plane depth axis, divided by `spacing`), or `[sigmaY, sigmaX]` /
   * `[sigmaZ, sigmaY, sigmaX]` (not divided by spacing). 0 means no smoothing.
   * @default 0
   */
  readonly sigma?: number | readonly [number, number] | readonly [number, number, number];
  /**
   * Weights of the spatial distance along `[y, x]` (or `[z, y, x]`).
   * @default [1, 1]
   */
  readonly spacing?: readonly [number, number] | readonly [number, number, number];
  /**
   * Convert RGB to CIELAB before clustering. `undefined` converts exactly when the
   * image has 3 channels; `true` with another channel count is an error.
   * @default undefined (auto)
   */
  readonly convert2lab?: boolean;
  /**
   * Merge small disconnected fragments into neighbours and relabel consecutively.
   * @default true
   */
  readonly enforceConnectivity?: boolean;
  /**
   * Fragments smaller than `minSizeFactor × (pixels / seeds)` are merged.
   * @default 0.5
   */
  readonly minSizeFactor?: number;
  /**
   * Components larger than `maxSizeFactor × (pixels / seeds)` are cut.
   * @default 3
   */
  readonly maxSizeFactor?: number;
  /**
   * SLICO: adapt the colour normalisation per segment (`compactness` is then the
   * initial value).
   * @default false
   */
  readonly slicZero?: boolean;
  /**
   * First label: 0 or 1.
   * @default 1
   */
  readonly startLabel?: 0 | 1;
}

/** A label image returned by {@link slic}. */
export interface Segmentation {
  /** `height * width` labels, row-major, exactly as scikit-image returns them. */
  readonly labels: Int32Array;
  readonly width: number;
  readonly height: number;
  /** Number of distinct labels in `labels`. */
  readonly numSegments: number;
  /** Number of seeds the regular grid placed (the k of k-means). */
  readonly numSeeds: number;
}

function requireNumber(field: string, value: unknown, allowed: string, ok: (v: number) => boolean): number {
  if (typeof value !== 'number' || !ok(value)) throw new ValidationError(field, value, allowed);
  return value;
}

function readTriple(
  field: string,
  value: number | readonly number[],
  scalar: (v: number) => [number, number, number],
  allowed: string,
  ok: (v: number) => boolean,
): [number, number, number] {
  if (typeof value === 'number') {
    requireNumber(field, value, allowed, ok);
    return scalar(value);
  }
  if (!Array.isArray(value) || (value.length !== 2 && value.length !== 3)) {
    throw new ValidationError(field, value, `a number or an array of 2 ([y, x]) or 3 ([z, y, x]) numbers; ${allowed}`);
  }
  value.forEach((v, i) => requireNumber(`${field}[${i}]`, v, allowed, ok));
  return value.length === 2 ? [field === 'spacing' ? 1 : 0, value[0], value[1]] : [value[0], value[1], value[2]];
}

/**
 * Segments an image into superpixels with SLIC, producing exactly the labels of
 * scikit-image's `skimage.segmentation.slic` for the same pixels and options
 * (2-D images, no mask; grayscale images correspond to `channel_axis=None`).
 *
 * @example
 * ```ts
 * import { slic } from 'clarify-ts/explain';
 * // Clarify's defaults for image explanations:
 * const seg = slic(image, { nSegments: 20, compactness: 5 });
 * console.log(seg.numSegments, seg.labels[0]);
 * ```
 *
 * @throws {@link ValidationError} for an empty or malformed image, NaN/infinite
 *   samples, and option values scikit-image rejects (or that would crash it).
 */
export function slic(image: RasterImage, options: SlicOptions = {}): Segmentation {
  validateRaster(image);
  const nSegments = requireNumber('nSegments', options.nSegments ?? 100, 'an integer >= 1', (v) => Number.isInteger(v) && v >= 1);
  const compactness = requireNumber(
    'compactness',
    options.compactness ?? 10,
    'a finite number other than 0',
    (v) => Number.isFinite(v) && v !== 0,
  );
  const maxNumIter = requireNumber('maxNumIter', options.maxNumIter ?? 10, 'an integer >= 0', (v) => Number.isInteger(v) && v >= 0);
  const minSizeFactor = requireNumber('minSizeFactor', options.minSizeFactor ?? 0.5, 'a finite number > 0', (v) => Number.isFinite(v) && v > 0);
  const maxSizeFactor = requireNumber('maxSizeFactor', options.maxSizeFactor ?? 3, 'a finite number > 0', (v) => Number.isFinite(v) && v > 0);
  const startLabel = options.startLabel ?? 1;
  if (startLabel !== 0 && startLabel !== 1) throw new ValidationError('startLabel', startLabel, '0 or 1');
  for (const flag of ['convert2lab', 'enforceConnectivity', 'slicZero'] as const) {
    const v = options[flag];
    if (v !== undefined && typeof v !== 'boolean') throw new ValidationError(flag, v, 'true, false or undefined');
  }
  const spacing = readTriple('spacing', options.spacing ?? 1, () => [1, 1, 1], 'finite numbers > 0', (v) => Number.isFinite(v) && v > 0);
  if (typeof options.spacing === 'number') {
    throw new ValidationError('spacing', options.spacing, 'an array [y, x] or [z, y, x] of finite numbers > 0');
  }
  const sigma = readTriple(
    'sigma',
    options.sigma ?? 0,
    (s) => [s / spacing[0], s / spacing[1], s / spacing[2]],
    'finite numbers >= 0',
    (v) => Number.isFinite(v) && v >= 0,
  );

  const { width, height, channels } = image;
  const convert = options.convert2lab;
  if (convert === true && channels !== 3) {
    throw new ValidationError('convert2lab', convert, 'false or undefined for an image without exactly 3 channels', `image has ${channels} channels`);
  }

  // Stages A, B, D: img_as_float, one global rescale to [0, 1], then Lab for 3 channels.
  const lab = channels === 3 && convert !== false;
  const features = toRescaledFeatures(image.data, lab);
  if (lab) linearRgbToLabInPlace(features, width * height);

  // Seeds from the requested count; windows from the count actually placed.
  const [, gy, gx] = regularGrid([1, height, width], nSegments);
  const seedY: number[] = [];
  const seedX: number[] = [];
  for (let y = gy.start; y < height; y += gy.step) {
    for (let x = gx.start; x < width; x += gx.step) {
      seedY.push(y);
      seedX.push(x);
    }
  }
  const numSeeds = seedY.length;
  const step = Math.max(1, gy.step, gx.step);

  // Stage F: smoothing (after Lab), then colour scaling by 1/compactness.
  if (sigma[0] > 0 || sigma[1] > 0 || sigma[2] > 0) gaussianFilter(features, height, width, channels, sigma);
  const ratio = 1 / compactness;
  for (let i = 0; i < features.length; i++) features[i] = features[i] * ratio;

  const [, wy, wx] = regularGrid([1, height, width], numSeeds);
  let labels = slicKMeans({
    features,
    width,
    height,
    channels,
    seedY: Float64Array.from(seedY),
    seedX: Float64Array.from(seedX),
    windowY: wy.step,
    windowX: wx.step,
    step,
    spacing,
    maxNumIter,
    slicZero: options.slicZero ?? false,
    startLabel,
  });

  if (options.enforceConnectivity ?? true) {
    const segmentSize = (width * height) / numSeeds;
    labels = enforceConnectivity(
      labels,
      width,
      height,
      Math.trunc(minSizeFactor * segmentSize),
      Math.trunc(maxSizeFactor * segmentSize),
      startLabel,
    );
  }
  return { labels, width, height, numSegments: countDistinct(labels), numSeeds };
}

function countDistinct(labels: Int32Array): number {
  const seen = new Set<number>();
  for (let i = 0; i < labels.length; i++) seen.add(labels[i]);
  return seen.size;
}

/**
 * `img_as_float` followed by scikit-image's global rescale `(v − lo) / (hi − lo)`
 * (all zeros for a constant image), gamma-expanded when `linear` is set. Integer
 * images have few distinct values, so each value is converted once through a table:
 * the same operations on the same operands, hence the same bits.
 */
function toRescaledFeatures(data: PixelArray, linear: boolean): Float64Array {
  const n = data.length;
  if (data instanceof Float32Array || data instanceof Float64Array) {
    const features = toFloat64(data);
    const [lo, hi] = minMax(features);
    const range = hi - lo;
    for (let i = 0; i < n; i++) {
      const v = hi !== lo ? (features[i] - lo) / range : 0;
      features[i] = linear ? linearize(v) : v;
    }
    return features;
  }
  const [minInt, maxInt] = minMax(data);
  const scale = data instanceof Uint16Array ? 1 / 65535 : 1 / 255;
  const lo = minInt * scale;
  const range = maxInt * scale - lo;
  const table = new Float64Array(maxInt + 1);
  for (let v = minInt; v <= maxInt; v++) {
    const u = maxInt !== minInt ? (v * scale - lo) / range : 0;
    table[v] = linear ? linearize(u) : u;
  }
  const features = new Float64Array(n);
  for (let i = 0; i < n; i++) features[i] = table[data[i]];
  return features;
}

function minMax(data: ArrayLike<number>): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

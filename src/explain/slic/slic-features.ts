import { linearize, linearRgbToLabInPlace, linearRgbToLabScaled } from './color.js';
import { gaussianFilter } from '../numeric/gaussian.js';
import { type PixelArray, type RasterImage, toFloat64 } from '../image/raster.js';
import type { ResolvedSlicOptions } from './slic-options.js';

/** Copies of the intermediate feature images, kept only when asked for (parity tests). */
export interface SlicFeatureStages {
  /** After the Lab conversion (absent when the image is not converted). */
  readonly lab?: Float64Array | undefined;
  /** After Gaussian smoothing (absent when sigma is 0). */
  readonly smoothed?: Float64Array | undefined;
}

/**
 * SLIC's per-pixel features: `img_as_float`, the global rescale to [0, 1], Lab (3
 * channels unless disabled), Gaussian smoothing, then the colour scaling by
 * `colourScale` (scikit-image's `1 / compactness`; the default 1 leaves the
 * features unscaled, since multiplying by 1 is exact).
 *
 * 8- and 16-bit RGB images converted to Lab without smoothing take one fused pass:
 * each integer value is rescaled and gamma-expanded once through a table, and a
 * pixel equal to its left neighbour copies its features — the same operations on
 * the same operands, hence the same bits as the separate passes.
 * @internal
 */
export function computeSlicFeatures(
  image: RasterImage,
  o: Pick<ResolvedSlicOptions, 'lab' | 'sigma'>,
  keepStages = false,
  colourScale = 1,
): { features: Float64Array; stages: SlicFeatureStages } {
  const { width, height, channels } = image;
  const [sz, sy, sx] = o.sigma;
  const smooth = sz > 0 || sy > 0 || sx > 0;
  const { data } = image;
  if (o.lab && !smooth && !keepStages && !(data instanceof Float32Array || data instanceof Float64Array)) {
    return { features: integerRgbToScaledLab(data, colourScale), stages: {} };
  }
  const features = toRescaledFeatures(data, o.lab);
  let lab: Float64Array | undefined;
  let smoothed: Float64Array | undefined;
  if (o.lab) {
    linearRgbToLabInPlace(features, width * height);
    if (keepStages) lab = features.slice();
  }
  if (smooth) {
    gaussianFilter(features, height, width, channels, o.sigma);
    if (keepStages) smoothed = features.slice();
  }
  if (colourScale !== 1) for (let i = 0; i < features.length; i++) features[i] = features[i] * colourScale;
  return { features, stages: { lab, smoothed } };
}

type IntegerPixels = Exclude<PixelArray, Float32Array | Float64Array>;

/** The fused pass of {@link computeSlicFeatures} for 8/16-bit RGB. */
function integerRgbToScaledLab(data: IntegerPixels, scale: number): Float64Array {
  const table = integerTable(data, true);
  return data instanceof Uint16Array ? convertRepeats(data, table, scale) : convertCached(data, table, scale);
}

/** 16-bit RGB: a pixel equal to its left neighbour copies its features. */
function convertRepeats(data: Uint16Array, table: Float64Array, scale: number): Float64Array {
  const n = data.length;
  const features = new Float64Array(n);
  let pr = -1, pg = -1, pb = -1;
  for (let i = 0; i < n; i += 3) {
    const r = data[i], g = data[i + 1], b = data[i + 2];
    if (r === pr && g === pg && b === pb) {
      features[i] = features[i - 3];
      features[i + 1] = features[i - 2];
      features[i + 2] = features[i - 1];
    } else {
      linearRgbToLabScaled(table[r], table[g], table[b], scale, features, i);
      pr = r;
      pg = g;
      pb = b;
    }
  }
  return features;
}

/**
 * Entries of {@link convertCached}'s colour cache, as a power of two: at most 2^14,
 * small enough to stay in a core's L2 cache (larger caches save more conversions but
 * miss the CPU's caches more).
 */
const MAX_CACHE_BITS = 14;

/**
 * 8-bit RGB: a pixel equal to its left neighbour copies its features; any other
 * looks its colour up in a direct-mapped cache (one slot per hash of the 24-bit
 * colour, overwritten on a miss) and is converted only on a miss. Photos repeat
 * colours nearby, so the cache saves a good share of the conversions.
 */
const convertCached = createCachedConverter();

/**
 * Builds {@link convertCached} once, with its cache and its copy of the value table
 * (at most 256 entries) as constants of its closure, allocated for the life of the
 * process (docs/internals/slic.md, "Closure constants").
 */
function createCachedConverter() {
  const keyScratch = new Int32Array(1 << MAX_CACHE_BITS);
  const cacheScratch = new Float64Array(3 << MAX_CACHE_BITS);
  const valueScratch = new Float64Array(256);
  return function convertCached(data: Uint8Array | Uint8ClampedArray, table: Float64Array, scale: number): Float64Array {
    const keys = keyScratch, cached = cacheScratch, values = valueScratch;
    // The table stops at the image's largest sample: larger entries are never read.
    values.set(table);
    const n = data.length;
    const features = new Float64Array(n);
    let bits = 10;
    while (bits < MAX_CACHE_BITS && 1 << bits < n / 3) bits++;
    const shift = 32 - bits;
    // Slot h holds colour `key` (0: empty) and its three features at 3h.
    keys.fill(0, 0, 1 << bits);
    let previous = 0;
    for (let i = 0; i < n; i += 3) {
      const r = data[i], g = data[i + 1], b = data[i + 2];
      const key = ((r << 16) | (g << 8) | b) + 1;
      if (key === previous) {
        features[i] = features[i - 3];
        features[i + 1] = features[i - 2];
        features[i + 2] = features[i - 1];
        continue;
      }
      previous = key;
      const h = Math.imul(key, 0x9e3779b1) >>> shift;
      const c = 3 * h;
      if (keys[h] === key) {
        features[i] = cached[c];
        features[i + 1] = cached[c + 1];
        features[i + 2] = cached[c + 2];
      } else {
        linearRgbToLabScaled(values[r], values[g], values[b], scale, features, i);
        keys[h] = key;
        cached[c] = features[i];
        cached[c + 1] = features[i + 1];
        cached[c + 2] = features[i + 2];
      }
    }
    return features;
  };
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
  const table = integerTable(data, linear);
  const features = new Float64Array(n);
  for (let i = 0; i < n; i++) features[i] = table[data[i]];
  return features;
}

/** `img_as_float` and the global rescale (optionally gamma-expanded) of every integer in range. */
function integerTable(data: IntegerPixels, linear: boolean): Float64Array {
  const top = data instanceof Uint16Array ? 65535 : 255;
  const [minInt, maxInt] = integerRange(data, top);
  const scale = 1 / top;
  const lo = minInt * scale;
  const range = maxInt * scale - lo;
  const table = new Float64Array(maxInt + 1);
  for (let v = minInt; v <= maxInt; v++) {
    const u = maxInt !== minInt ? (v * scale - lo) / range : 0;
    table[v] = linear ? linearize(u) : u;
  }
  return table;
}

/**
 * The smallest and largest sample, stopping once they are 0 and `top`, the type's
 * extremes (most photos have both within their first rows).
 */
function integerRange(data: IntegerPixels, top: number): [number, number] {
  let lo = top, hi = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < lo) {
      lo = v;
      if (lo === 0 && hi === top) break;
    }
    if (v > hi) {
      hi = v;
      if (lo === 0 && hi === top) break;
    }
  }
  return [lo, hi];
}

function minMax(data: Float64Array): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

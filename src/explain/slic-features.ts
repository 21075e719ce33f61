import { linearize, linearRgbToLabInPlace } from './color.js';
import { gaussianFilter } from './gaussian.js';
import { type PixelArray, type RasterImage, toFloat64 } from './raster.js';
import type { ResolvedSlicOptions } from './slic-options.js';

/** Copies of the intermediate feature images, kept only when asked for (parity tests). */
export interface SlicFeatureStages {
  /** After the Lab conversion (absent when the image is not converted). */
  readonly lab?: Float64Array;
  /** After Gaussian smoothing (absent when sigma is 0). */
  readonly smoothed?: Float64Array;
}

/**
 * SLIC's per-pixel features before colour scaling: `img_as_float`, the global
 * rescale to [0, 1], Lab (3 channels unless disabled), then Gaussian smoothing.
 * @internal
 */
export function computeSlicFeatures(
  image: RasterImage,
  o: Pick<ResolvedSlicOptions, 'lab' | 'sigma'>,
  keepStages = false,
): { features: Float64Array; stages: SlicFeatureStages } {
  const { width, height, channels } = image;
  const features = toRescaledFeatures(image.data, o.lab);
  let lab: Float64Array | undefined;
  let smoothed: Float64Array | undefined;
  if (o.lab) {
    linearRgbToLabInPlace(features, width * height);
    if (keepStages) lab = features.slice();
  }
  const [sz, sy, sx] = o.sigma;
  if (sz > 0 || sy > 0 || sx > 0) {
    gaussianFilter(features, height, width, channels, o.sigma);
    if (keepStages) smoothed = features.slice();
  }
  return { features, stages: { lab, smoothed } };
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

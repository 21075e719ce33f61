/**
 * Baseline images: where the pixels of absent segments come from.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../../errors.js';
import { gaussianFilter } from '../numeric/gaussian.js';
import { SeededRandom, validateSeed } from '../numeric/random.js';
import type { ImageInput } from './raster.js';
import { resizeBilinear } from './resize.js';
import { type RgbImage, toRgb8 } from './rgb.js';
import type { SegmentMap } from './segments.js';

/**
 * What replaces an absent segment:
 * - `'noise'`: seeded uniform white noise, an independent integer 0..255 per pixel
 *   and channel (Clarify's default when no baseline is given). The noise comes from
 *   {@link SeededRandom} seeded with the explanation's `seed`; each 32-bit output
 *   gives four samples, low byte first, in `data` order. Same seed, same noise.
 * - `'mean'`: every pixel of a segment takes that segment's mean colour (rounded).
 * - `'blur'`: a Gaussian blur of the input with σ = 5% of its shorter side
 *   (`{ blur: sigma }` to choose σ in pixels).
 * - `{ color: [r, g, b] }`: one constant colour, 0..255 per channel.
 * - `{ image }`: a user image (Clarify's `baseline` S3 image), a {@link RasterImage}
 *   or an ndarray (see {@link ImageInput}); converted to 8-bit RGB and resized
 *   bilinearly to the input's size, as Clarify resizes it.
 *
 * @example
 * ```ts
 * const baseline: ImageBaseline = { color: [128, 128, 128] };
 * ```
 */
export type ImageBaseline =
  | 'noise'
  | 'mean'
  | 'blur'
  | { readonly blur: number }
  | { readonly color: readonly [number, number, number] }
  | { readonly image: ImageInput };

/**
 * Checks a baseline option and returns it with a user image already in 8-bit
 * RGB, so that an ndarray baseline is read once however often it is used.
 * @internal
 */
export function resolveBaseline(baseline: unknown, field = 'baseline'): ImageBaseline {
  const allowed = "'noise', 'mean', 'blur', { blur: sigma }, { color: [r, g, b] } or { image: RasterImage or ndarray }";
  if (baseline === 'noise' || baseline === 'mean' || baseline === 'blur') return baseline;
  if (baseline === null || typeof baseline !== 'object') throw new ValidationError(field, baseline, allowed);
  if ('blur' in baseline) {
    const sigma = (baseline as { blur: unknown }).blur;
    if (typeof sigma !== 'number' || !Number.isFinite(sigma) || sigma <= 0) {
      throw new ValidationError(`${field}.blur`, sigma, 'a finite number > 0 (σ in pixels)');
    }
    return baseline as ImageBaseline;
  }
  if ('color' in baseline) {
    const color = (baseline as { color: unknown }).color;
    if (!Array.isArray(color) || color.length !== 3) {
      throw new ValidationError(`${field}.color`, color, 'an array [r, g, b] of integers 0..255');
    }
    color.forEach((v, i) => {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 255) {
        throw new ValidationError(`${field}.color[${i}]`, v, 'an integer 0..255');
      }
    });
    return baseline as ImageBaseline;
  }
  if ('image' in baseline) {
    return { image: toRgb8((baseline as { image: ImageInput }).image, `${field}.image`) };
  }
  throw new ValidationError(field, baseline, allowed);
}

/**
 * Builds the full baseline image for `image` (8-bit RGB, same size).
 *
 * @param seed - seeds the `'noise'` baseline; ignored by the others.
 */
export function buildBaseline(image: RgbImage, baseline: ImageBaseline, segments: SegmentMap, seed: number): RgbImage {
  const { width, height } = image;
  const size = width * height * 3;
  if (baseline === 'noise') return { width, height, channels: 3, data: whiteNoise(size, seed) };
  if (baseline === 'mean') return { width, height, channels: 3, data: segmentMeans(image, segments) };
  if (baseline === 'blur') return blurred(image, 0.05 * Math.min(width, height));
  if ('blur' in baseline) return blurred(image, baseline.blur);
  if ('color' in baseline) {
    const data = new Uint8Array(size);
    const [r, g, b] = baseline.color;
    for (let i = 0; i < size; i += 3) {
      data[i] = r;
      data[i + 1] = g;
      data[i + 2] = b;
    }
    return { width, height, channels: 3, data };
  }
  return resizeBilinear(toRgb8(baseline.image, 'baseline.image'), width, height);
}

/** `length` uniform bytes from xoshiro128** seeded with `seed`, four per output, low byte first. */
export function whiteNoise(length: number, seed: number): Uint8Array {
  validateSeed(seed, 'seed');
  const random = new SeededRandom(seed);
  const data = new Uint8Array(length);
  let i = 0;
  for (; i + 4 <= length; i += 4) {
    const word = random.nextUint32();
    data[i] = word & 0xff;
    data[i + 1] = (word >>> 8) & 0xff;
    data[i + 2] = (word >>> 16) & 0xff;
    data[i + 3] = word >>> 24;
  }
  if (i < length) {
    const word = random.nextUint32();
    for (let k = 0; i < length; i++, k++) data[i] = (word >>> (8 * k)) & 0xff;
  }
  return data;
}

function segmentMeans(image: RgbImage, segments: SegmentMap): Uint8Array {
  const K = segments.numSegments;
  const sums = new Float64Array(K * 3);
  const { labels } = segments;
  const src = image.data;
  for (let p = 0; p < labels.length; p++) {
    const j = labels[p] * 3;
    sums[j] += src[p * 3];
    sums[j + 1] += src[p * 3 + 1];
    sums[j + 2] += src[p * 3 + 2];
  }
  const means = new Uint8Array(K * 3);
  for (let j = 0; j < K; j++) {
    for (let c = 0; c < 3; c++) means[j * 3 + c] = Math.round(sums[j * 3 + c] / segments.sizes[j]);
  }
  const data = new Uint8Array(labels.length * 3);
  for (let p = 0; p < labels.length; p++) {
    const j = labels[p] * 3;
    data[p * 3] = means[j];
    data[p * 3 + 1] = means[j + 1];
    data[p * 3 + 2] = means[j + 2];
  }
  return data;
}

function blurred(image: RgbImage, sigma: number): RgbImage {
  const values = Float64Array.from(image.data);
  gaussianFilter(values, image.height, image.width, 3, [0, sigma, sigma]);
  const data = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) data[i] = Math.round(values[i]);
  return { width: image.width, height: image.height, channels: 3, data };
}

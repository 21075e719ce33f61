/**
 * Turns images into a float tensor the way a vision model expects.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../errors.js';
import type { RasterImage } from '../explain/raster.js';
import { resizeBilinear } from '../explain/resize.js';
import { toRgb8 } from '../explain/rgb.js';

/** How pixels become model input. */
export interface PreprocessOptions {
  /** `[height, width]` the model takes; images are resized bilinearly to it. */
  readonly size: readonly [number, number];
  /**
   * Axis order of the input tensor.
   * @default 'NCHW'
   */
  readonly layout?: 'NCHW' | 'NHWC';
  /**
   * Multiplies 0..255 samples first.
   * @default 1 / 255
   */
  readonly scale?: number;
  /**
   * Subtracted per RGB channel after scaling.
   * @default [0, 0, 0]
   */
  readonly mean?: readonly [number, number, number];
  /**
   * Divides per RGB channel after subtracting the mean.
   * @default [1, 1, 1]
   */
  readonly std?: readonly [number, number, number];
}

/** Validates preprocessing options. @internal */
export function validatePreprocess(options: PreprocessOptions): void {
  const { size } = options;
  if (!Array.isArray(size) || size.length !== 2 || !size.every((v) => Number.isInteger(v) && v >= 1)) {
    throw new ValidationError('size', size, '[height, width], integers >= 1');
  }
  if (options.layout !== undefined && options.layout !== 'NCHW' && options.layout !== 'NHWC') {
    throw new ValidationError('layout', options.layout, "'NCHW' or 'NHWC'");
  }
  if (options.scale !== undefined && !(Number.isFinite(options.scale) && options.scale !== 0)) {
    throw new ValidationError('scale', options.scale, 'a finite number other than 0');
  }
  for (const key of ['mean', 'std'] as const) {
    const v = options[key];
    if (v !== undefined && (!Array.isArray(v) || v.length !== 3 || !v.every((x) => Number.isFinite(x) && (key === 'mean' || x !== 0)))) {
      throw new ValidationError(key, v, key === 'mean' ? '[r, g, b] finite numbers' : '[r, g, b] finite non-zero numbers');
    }
  }
}

/**
 * Writes `images` into `out` (`images.length · 3 · height · width` floats) as
 * `(v · scale − mean[c]) / std[c]`, after resizing each to `size`.
 */
export function imagesToTensor(images: readonly RasterImage[], options: PreprocessOptions, out: Float32Array): void {
  const [height, width] = options.size;
  const layout = options.layout ?? 'NCHW';
  const scale = options.scale ?? 1 / 255;
  const mean = options.mean ?? [0, 0, 0];
  const std = options.std ?? [1, 1, 1];
  const plane = height * width;
  // A byte → float table per channel: 768 entries instead of three operations per sample.
  const table = new Float32Array(768);
  for (let c = 0; c < 3; c++) for (let v = 0; v < 256; v++) table[c * 256 + v] = (v * scale - mean[c]) / std[c];
  const resized = new Uint8Array(plane * 3);
  images.forEach((image, n) => {
    const rgb = toRgb8(image, `images[${n}]`);
    const pixels = rgb.width === width && rgb.height === height ? rgb.data : resizeBilinear(rgb, width, height, resized).data;
    const base = n * plane * 3;
    if (layout === 'NHWC') {
      for (let i = 0; i < plane * 3; i++) out[base + i] = table[(i % 3) * 256 + pixels[i]];
    } else {
      for (let p = 0; p < plane; p++) {
        out[base + p] = table[pixels[p * 3]];
        out[base + plane + p] = table[256 + pixels[p * 3 + 1]];
        out[base + 2 * plane + p] = table[512 + pixels[p * 3 + 2]];
      }
    }
  });
}

/** Softmax of one score vector, max-subtracted for stability. */
export function softmax(logits: ArrayLike<number>): Float32Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) if (logits[i] > max) max = logits[i];
  const out = new Float32Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += out[i] = Math.exp(logits[i] - max);
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
}

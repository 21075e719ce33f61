/**
 * Turns images into the input tensor a vision model expects.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../../errors.js';
import type { RasterImage } from '../../explain/image/raster.js';
import { resizeBilinear, resizeBilinearWindow } from '../../explain/image/resize.js';
import { type RgbImage, toRgb8 } from '../../explain/image/rgb.js';

/** How pixels become model input. */
export interface PreprocessOptions {
  /**
   * `[height, width]` the model takes. Images are resized bilinearly to it (aspect
   * ratio not kept), or, with `resizeShorterSide`, resized and centre-cropped to it.
   */
  readonly size: readonly [number, number];
  /**
   * Axis order of the input tensor.
   * @default 'NCHW'
   */
  readonly layout?: 'NCHW' | 'NHWC';
  /**
   * Resize each image so that its shorter side has this many pixels, keeping its
   * aspect ratio, then crop the centre `size`: torchvision's `Resize(n)` followed by
   * `CenterCrop(size)`, the usual ImageNet recipe (256, then 224). The longer side
   * becomes `floor(n · long / short)` and the crop offsets are rounded half to even,
   * both as torchvision computes them. At least the larger side of `size`, so that the
   * crop fits any image.
   * @default undefined (the whole image is resized to `size`)
   */
  readonly resizeShorterSide?: number;
  /**
   * Channel order of the input tensor: `'BGR'` for models trained on OpenCV- or
   * Caffe-decoded images. `mean` and `std` stay in R, G, B order either way.
   * @default 'RGB'
   */
  readonly channelOrder?: 'RGB' | 'BGR';
  /**
   * Element type of the input tensor. `'uint8'` feeds the 0..255 samples as they are
   * (models exported with their normalisation inside take these), so `scale`, `mean`
   * and `std` must not be set with it.
   * @default 'float32'
   */
  readonly dtype?: 'float32' | 'uint8';
  /**
   * Multiplies 0..255 samples first (float32 only).
   * @default 1 / 255
   */
  readonly scale?: number;
  /**
   * Subtracted per channel after scaling, in R, G, B order (float32 only).
   * @default [0, 0, 0]
   */
  readonly mean?: readonly [number, number, number];
  /**
   * Divides per channel after subtracting the mean, in R, G, B order (float32 only).
   * @default [1, 1, 1]
   */
  readonly std?: readonly [number, number, number];
}

/** Throws the validation error of one option; lets a caller name where the value came from. @internal */
export type PreprocessFailure = (field: keyof PreprocessOptions, value: unknown, allowed: string, detail?: string) => never;

const fail: PreprocessFailure = (field, value, allowed, detail) => {
  throw new ValidationError(field, value, allowed, detail);
};

/** Validates preprocessing options. @internal */
export function validatePreprocess(options: PreprocessOptions, bad: PreprocessFailure = fail): void {
  const { size } = options;
  if (!Array.isArray(size) || size.length !== 2 || !size.every((v) => Number.isInteger(v) && v >= 1)) {
    bad('size', size, '[height, width], integers >= 1');
  }
  if (options.layout !== undefined && options.layout !== 'NCHW' && options.layout !== 'NHWC') {
    bad('layout', options.layout, "'NCHW' or 'NHWC'");
  }
  const shorter = options.resizeShorterSide;
  if (shorter !== undefined) {
    const least = Math.max(size[0], size[1]);
    if (!Number.isSafeInteger(shorter) || shorter < least) {
      bad('resizeShorterSide', shorter, `an integer >= ${least}, the larger side of size [${size.join(', ')}], so that the centre crop fits any image`);
    }
  }
  if (options.channelOrder !== undefined && options.channelOrder !== 'RGB' && options.channelOrder !== 'BGR') {
    bad('channelOrder', options.channelOrder, "'RGB' or 'BGR'");
  }
  if (options.dtype !== undefined && options.dtype !== 'float32' && options.dtype !== 'uint8') {
    bad('dtype', options.dtype, "'float32' or 'uint8'");
  }
  if (options.dtype === 'uint8') {
    for (const key of ['scale', 'mean', 'std'] as const) {
      if (options[key] !== undefined) bad(key, options[key], "nothing with dtype 'uint8'", 'a uint8 input takes the 0..255 samples as they are');
    }
  }
  if (options.scale !== undefined && !(Number.isFinite(options.scale) && options.scale !== 0)) {
    bad('scale', options.scale, 'a finite number other than 0');
  }
  for (const key of ['mean', 'std'] as const) {
    const v = options[key];
    if (v !== undefined && (!Array.isArray(v) || v.length !== 3 || !v.every((x) => Number.isFinite(x) && (key === 'mean' || x !== 0)))) {
      bad(key, v, key === 'mean' ? '[r, g, b] finite numbers' : '[r, g, b] finite non-zero numbers');
    }
  }
}

/**
 * Writes `images` into `out` (`images.length · 3 · height · width` samples): each
 * image resized to `size` (or resized and centre-cropped, with `resizeShorterSide`),
 * its channels in `channelOrder`, as `(v · scale − mean[c]) / std[c]` into a
 * Float32Array for dtype float32, or as the 0..255 samples into a Uint8Array for
 * dtype uint8.
 *
 * @throws {@link ValidationError} (field `out`) when `out` is of the other type or too short.
 * @example
 * ```ts
 * const options = { size: [224, 224], resizeShorterSide: 256, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } as const;
 * const tensor = new Float32Array(3 * 224 * 224);
 * imagesToTensor([image], options, tensor);
 * ```
 */
export function imagesToTensor(images: readonly RasterImage[], options: PreprocessOptions, out: Float32Array | Uint8Array): void {
  const [height, width] = options.size;
  const layout = options.layout ?? 'NCHW';
  const dtype = options.dtype ?? 'float32';
  const plane = height * width;
  if (dtype === 'uint8' ? !(out instanceof Uint8Array) : !(out instanceof Float32Array)) {
    throw new ValidationError('out', out, dtype === 'uint8' ? "a Uint8Array (dtype 'uint8')" : "a Float32Array (dtype 'float32')");
  }
  if (out.length < images.length * 3 * plane) {
    throw new ValidationError('out', out, `at least ${images.length * 3 * plane} samples (${images.length} images of 3 × ${height} × ${width})`);
  }
  // Tensor channel k holds image channel from[k].
  const from = options.channelOrder === 'BGR' ? [2, 1, 0] : [0, 1, 2];
  const [r, g, b] = from;
  // A byte → sample table per tensor channel: 768 entries instead of three operations
  // per sample. For uint8 it is the identity, so both types share one loop.
  const table = new Float32Array(768);
  if (dtype === 'uint8') {
    for (let k = 0; k < 3; k++) for (let v = 0; v < 256; v++) table[k * 256 + v] = v;
  } else {
    const scale = options.scale ?? 1 / 255;
    const mean = options.mean ?? [0, 0, 0];
    const std = options.std ?? [1, 1, 1];
    for (let k = 0; k < 3; k++) for (let v = 0; v < 256; v++) table[k * 256 + v] = (v * scale - mean[from[k]]) / std[from[k]];
  }
  const resized = new Uint8Array(plane * 3);
  images.forEach((image, n) => {
    const rgb = toRgb8(image, `images[${n}]`);
    const pixels =
      options.resizeShorterSide !== undefined
        ? resizeShorterSideAndCrop(rgb, options.resizeShorterSide, width, height, resized)
        : rgb.width === width && rgb.height === height
          ? rgb.data
          : resizeBilinear(rgb, width, height, resized).data;
    const base = n * plane * 3;
    if (layout === 'NHWC') {
      for (let p = 0; p < plane; p++) {
        const i = p * 3;
        out[base + i] = table[pixels[i + r]];
        out[base + i + 1] = table[256 + pixels[i + g]];
        out[base + i + 2] = table[512 + pixels[i + b]];
      }
    } else {
      for (let p = 0; p < plane; p++) {
        out[base + p] = table[pixels[p * 3 + r]];
        out[base + plane + p] = table[256 + pixels[p * 3 + g]];
        out[base + 2 * plane + p] = table[512 + pixels[p * 3 + b]];
      }
    }
  });
}

/** Python's `round`, which torchvision's `CenterCrop` uses for its offsets: halves go to the even neighbour. */
function roundHalfEven(v: number): number {
  const floor = Math.floor(v);
  const fraction = v - floor;
  if (fraction !== 0.5) return Math.round(v);
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * The centre `width × height` of the image resized to a shorter side of `shorter`,
 * computing only the cropped pixels ({@link resizeBilinearWindow}).
 */
function resizeShorterSideAndCrop(image: RgbImage, shorter: number, width: number, height: number, out: Uint8Array): Uint8Array {
  const { width: sw, height: sh } = image;
  // torchvision's _compute_resized_output_size: int(new_short * long / short).
  const [rw, rh] = sw <= sh ? [shorter, Math.floor((shorter * sh) / sw)] : [Math.floor((shorter * sw) / sh), shorter];
  const top = roundHalfEven((rh - height) / 2);
  const left = roundHalfEven((rw - width) / 2);
  return resizeBilinearWindow(image, { width: rw, height: rh }, { left, top, width, height }, out);
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

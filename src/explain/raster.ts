import { ValidationError } from '../errors.js';

/** The typed arrays a {@link RasterImage} may hold. */
export type PixelArray = Uint8Array | Uint8ClampedArray | Uint16Array | Float32Array | Float64Array;

/**
 * A decoded image in memory: row-major, channels interleaved
 * (`data[(y * width + x) * channels + c]`).
 *
 * - `Uint8Array` / `Uint8ClampedArray`: 0..255
 * - `Uint16Array`: 0..65535
 * - `Float32Array` / `Float64Array`: any finite values (SLIC rescales globally)
 *
 * @example
 * ```ts
 * // toUint8Array, not toBuffer: toBuffer detaches an ArrayBuffer, after which V8 adds a
 * // check to every typed-array access in the thread (docs/segmentation.md, "Speed").
 * const { data, info } = await sharp('cat.png').raw().toUint8Array();
 * const image: RasterImage = { width: info.width, height: info.height, channels: info.channels, data };
 * ```
 */
export interface RasterImage {
  /** Width in pixels (integer >= 1). */
  readonly width: number;
  /** Height in pixels (integer >= 1). */
  readonly height: number;
  /** Interleaved channels per pixel (integer >= 1): 1 gray, 3 RGB, 4 RGBA. */
  readonly channels: number;
  /** `width * height * channels` samples. */
  readonly data: PixelArray;
}

/**
 * Checks the shape, the array type and (for float arrays) that every sample is
 * finite. Throws {@link ValidationError} naming the field.
 *
 * @param name - prefix for field names in errors, e.g. `image`.
 */
export function validateRaster(image: RasterImage, name = 'image'): void {
  if (image === null || typeof image !== 'object') {
    throw new ValidationError(name, image, 'an object { width, height, channels, data }');
  }
  for (const key of ['width', 'height', 'channels'] as const) {
    const v = image[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      throw new ValidationError(`${name}.${key}`, v, 'an integer >= 1 (an image must not be empty)');
    }
  }
  const { data } = image;
  if (
    !(data instanceof Uint8Array) &&
    !(data instanceof Uint16Array) &&
    !(data instanceof Float32Array) &&
    !(data instanceof Float64Array) &&
    !(data instanceof Uint8ClampedArray)
  ) {
    throw new ValidationError(
      `${name}.data`,
      data,
      'Uint8Array, Uint8ClampedArray, Uint16Array, Float32Array or Float64Array',
    );
  }
  const expected = image.width * image.height * image.channels;
  if (data.length !== expected) {
    throw new ValidationError(
      `${name}.data`,
      data,
      `length width*height*channels = ${image.width}*${image.height}*${image.channels} = ${expected}`,
      `got length ${data.length}`,
    );
  }
  if (data instanceof Float32Array || data instanceof Float64Array) {
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (!Number.isFinite(v)) {
        throw new ValidationError(`${name}.data[${i}]`, v, 'finite numbers (no NaN or Infinity)');
      }
    }
  }
}

/**
 * Converts samples to float64 exactly as scikit-image's `img_as_float` does:
 * unsigned integers are multiplied by the reciprocal of their maximum
 * (`v * (1/255)`, which differs from `v / 255` in the last bit for 24 of the 256
 * byte values); float64 is copied; float32 is widened exactly.
 *
 * scikit-image keeps float32 input in float32 for the rest of its pipeline;
 * clarify-ts always computes in float64, so float32 input may differ from
 * scikit-image in rare near-ties. Feed integers or float64 for exact parity.
 */
export function toFloat64(data: PixelArray): Float64Array {
  const out = new Float64Array(data.length);
  if (data instanceof Uint8Array || data instanceof Uint8ClampedArray) {
    // A lookup table keeps the exact `v * (1/255)` products and avoids a multiply per sample.
    const scale = 1 / 255;
    const table = new Float64Array(256);
    for (let v = 0; v < 256; v++) table[v] = v * scale;
    for (let i = 0; i < data.length; i++) out[i] = table[data[i]];
  } else if (data instanceof Uint16Array) {
    const scale = 1 / 65535;
    for (let i = 0; i < data.length; i++) out[i] = data[i] * scale;
  } else {
    out.set(data);
  }
  return out;
}

/**
 * Brings any {@link ImageInput} (a {@link RasterImage} or an ndarray) to the
 * one form models and masks work on: 8-bit RGB.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../../errors.js';
import { type ImageInput, type RasterImage, channelsField, isNdArrayLike, toRasterImage } from './raster.js';

/** An 8-bit, 3-channel image: what image explanations render and send to models. */
export interface RgbImage extends RasterImage {
  readonly channels: 3;
  readonly data: Uint8Array;
}

/**
 * Converts an image to 8-bit RGB, the form Clarify decodes images to before it
 * calls a model:
 * - 1 channel (gray) is repeated into R, G and B; 2 channels (gray + alpha) likewise;
 * - a 4th channel (alpha) is **dropped**, not composited: a transparent pixel keeps
 *   its stored colour, as when Clarify decodes a PNG to RGB;
 * - 16-bit samples become `round(v / 257)` (65535 → 255);
 * - float samples are read as [0, 1] (scikit-image's convention), clipped and
 *   scaled to `round(255 · v)`.
 *
 * An image that is already 8-bit RGB is returned as is (no copy); so is a
 * contiguous `[height, width, 3]` uint8 ndarray, wrapped. Other ndarrays,
 * strided views included, are read once through their strides
 * ({@link toRasterImage}).
 *
 * @param field - name used in validation errors.
 * @default field 'image'
 * @throws {@link ValidationError} for a malformed image or more than 4 channels.
 * @example
 * ```ts
 * import ndarray from 'ndarray';
 * const gray = ndarray(new Float32Array([0, 0.5, 1, 0.25]), [2, 2]);
 * toRgb8(gray).data; // Uint8Array [0,0,0, 128,128,128, 255,255,255, 64,64,64]
 * ```
 */
export function toRgb8(input: ImageInput, field = 'image'): RgbImage {
  const image = toRasterImage(input, field);
  const { width, height, channels, data } = image;
  if (channels > 4) {
    throw new ValidationError(
      channelsField(input, field),
      channels,
      '1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA)',
      isNdArrayLike(input) ? 'channels come last: view a planar [channels, height, width] array with .transpose(1, 2, 0)' : undefined,
    );
  }
  if (channels === 3 && data instanceof Uint8Array) return image as RgbImage;
  const pixels = width * height;
  const out = new Uint8Array(pixels * 3);
  const toByte = byteConverter(data);
  const colour = channels >= 3;
  for (let p = 0; p < pixels; p++) {
    const at = p * channels;
    if (colour) {
      out[p * 3] = toByte(data[at]);
      out[p * 3 + 1] = toByte(data[at + 1]);
      out[p * 3 + 2] = toByte(data[at + 2]);
    } else {
      const v = toByte(data[at]);
      out[p * 3] = v;
      out[p * 3 + 1] = v;
      out[p * 3 + 2] = v;
    }
  }
  return { width, height, channels: 3, data: out };
}

function byteConverter(data: RasterImage['data']): (v: number) => number {
  if (data instanceof Uint8Array || data instanceof Uint8ClampedArray) return (v) => v;
  if (data instanceof Uint16Array) return (v) => Math.round(v / 257);
  return (v) => Math.round(255 * Math.min(1, Math.max(0, v)));
}

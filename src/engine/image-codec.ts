/**
 * Image bytes in and out: decoding as Clarify's container does (EXIF
 * orientation applied, alpha dropped, gray → RGB, 16-bit → 8-bit) and encoding
 * result images.
 *
 * Output comes from sharp's `toUint8Array()`, not `toBuffer()`: the Buffers of
 * `toBuffer()` make V8 drop its "no ArrayBuffer was ever detached" assumption for
 * the whole thread, after which every typed-array access in optimised code (SLIC,
 * masking, Kernel SHAP) carries an extra check — 18% more instructions for a SLIC
 * call, counted with callgrind.
 *
 * @packageDocumentation
 */
import sharp from 'sharp';
import { ImageDecodeError, ImageTooLargeError } from '../errors.js';
import type { RgbImage } from '../explain/image/rgb.js';

/**
 * The default pixel limit of an input image (24 megapixels, a 6000 × 4000 photo):
 * larger images fail alone with {@link ImageTooLargeError}, checked from the header
 * before decoding. One explanation's peak memory grows by about 50 MB per
 * megapixel (bench/image-memory), so this keeps one image within 1.5 GB.
 */
export const DEFAULT_MAX_PIXELS = 24_000_000;

/** The longest side a JPEG can have, and so the longest side of an input image (its heat maps are JPEGs of at least its size). */
export const MAX_IMAGE_SIDE = 65535;

// Raster formats only: libvips would also rasterise SVG or PDF, whose renderers are a larger attack surface.
const RASTER_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff', 'heif']);

/**
 * Decodes image bytes (JPEG, PNG, or another raster format libvips reads) to an
 * 8-bit RGB raster. The size is read from the header first, so an image over
 * `maxPixels` is refused before any pixel is decoded.
 *
 * @throws {@link ImageTooLargeError} when the header declares more than `maxPixels` pixels.
 * @throws {@link ImageDecodeError} when the bytes are not a raster image or are damaged.
 */
export async function decodeRgb(bytes: Uint8Array, name: string, maxPixels = DEFAULT_MAX_PIXELS): Promise<RgbImage> {
  let header: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  try {
    header = await sharp(bytes).metadata();
  } catch (err) {
    throw new ImageDecodeError(`Cannot decode image ${name}: ${(err as Error).message}`, { cause: err });
  }
  if (header.format === undefined || !RASTER_FORMATS.has(header.format)) {
    throw new ImageDecodeError(`Cannot decode image ${name}: it is ${header.format ?? 'of an unknown format'}, not a JPEG or PNG image`);
  }
  const { width = 0, height = 0 } = header;
  if (width * height > maxPixels) {
    throw new ImageTooLargeError(
      `Image ${name} is ${width}x${height} = ${width * height} pixels, more than the limit of ${maxPixels} ` +
        '(raise maxPixels, or --max-pixels, to explain it: memory grows with the pixels)',
      { width, height, maxPixels },
    );
  }
  if (Math.max(width, height) > MAX_IMAGE_SIDE) {
    throw new ImageTooLargeError(`Image ${name} is ${width}x${height}: a side longer than ${MAX_IMAGE_SIDE} pixels, which JPEG result images cannot hold`,
      { width, height, maxPixels });
  }
  try {
    // The limit again in the decoder, in case the header understated the size.
    const { data, info } = await sharp(bytes, { limitInputPixels: maxPixels })
      .rotate()
      .removeAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toUint8Array();
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels`);
    return { width: info.width, height: info.height, channels: 3, data };
  } catch (err) {
    throw new ImageDecodeError(`Cannot decode image ${name}: ${(err as Error).message}`, { cause: err });
  }
}

/** Encodes an 8-bit RGB or RGBA raster as a JPEG (alpha is dropped). */
export async function encodeJpeg(image: { width: number; height: number; channels: number; data: Uint8Array }, quality = 90): Promise<Uint8Array> {
  const { data } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels as 3 | 4 } })
    .removeAlpha()
    .jpeg({ quality })
    .toUint8Array();
  return data;
}

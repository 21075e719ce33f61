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
import { ImageDecodeError } from '../errors.js';
import type { RgbImage } from '../explain/rgb.js';

/** Decodes JPEG/PNG bytes to an 8-bit RGB raster. */
export async function decodeRgb(bytes: Uint8Array, name: string): Promise<RgbImage> {
  try {
    const { data, info } = await sharp(bytes)
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

/** Encodes an 8-bit RGB raster as a PNG. */
export async function encodePng(image: { width: number; height: number; channels: number; data: Uint8Array }): Promise<Uint8Array> {
  const { data } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels as 3 | 4 } }).png().toUint8Array();
  return data;
}

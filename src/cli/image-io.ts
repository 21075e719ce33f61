import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { decodeRgb } from '../engine/image-codec.js';
import { ImageDecodeError } from '../errors.js';
import type { RasterImage } from '../explain/image/raster.js';
import type { RgbImage } from '../explain/image/rgb.js';

export { ImageDecodeError };

/**
 * Reads an image file and decodes it as the engine does ({@link decodeRgb}): EXIF
 * orientation applied, alpha dropped, grayscale expanded to RGB, 16-bit reduced to 8-bit.
 */
export async function readRgbImage(path: string): Promise<RgbImage> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new ImageDecodeError(`Cannot decode image ${path}: ${(err as Error).message}`, { cause: err });
  }
  return decodeRgb(bytes, path);
}

/** Encodes an 8-bit raster as PNG (or JPEG when the name ends in .jpg/.jpeg). */
export async function writeImage(path: string, image: RasterImage & { data: Uint8Array }): Promise<void> {
  const pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels as 1 | 3 | 4 } });
  await (/\.jpe?g$/i.test(path) ? pipeline.jpeg({ quality: 90 }) : pipeline.png()).toFile(path);
}

import sharp from 'sharp';
import { ImageDecodeError } from '../errors.js';
import type { RasterImage } from '../explain/raster.js';

export { ImageDecodeError };

/**
 * Decodes an image file with sharp into an 8-bit RGB raster: EXIF orientation
 * applied, alpha dropped, grayscale expanded to RGB, 16-bit reduced to 8-bit.
 */
export async function readRgbImage(path: string): Promise<RasterImage & { data: Uint8Array }> {
  try {
    const { data, info } = await sharp(path)
      .rotate()
      .removeAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, channels: 3, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  } catch (err) {
    throw new ImageDecodeError(`Cannot decode image ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/** Encodes an 8-bit raster as PNG (or JPEG when the name ends in .jpg/.jpeg). */
export async function writeImage(path: string, image: RasterImage & { data: Uint8Array }): Promise<void> {
  const pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels as 1 | 3 | 4 } });
  await (/\.jpe?g$/i.test(path) ? pipeline.jpeg({ quality: 90 }) : pipeline.png()).toFile(path);
}

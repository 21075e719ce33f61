/**
 * Decodes JPEG/PNG files or bytes into {@link RasterImage}s with sharp.
 *
 * @packageDocumentation
 */
import sharp from 'sharp';
import { ClarifyError } from '../errors.js';
import type { RasterImage } from '../explain/image/raster.js';

/**
 * Decodes an image file (path) or encoded bytes to 8-bit pixels, keeping its
 * channels (1 gray, 2 gray + alpha, 3 RGB, 4 RGBA); 16-bit PNGs are read as
 * 8-bit. The explainers convert to RGB themselves.
 *
 * @example
 * ```ts
 * const image = await decodeImage('examples/images/01-circle.png');
 * ```
 * @throws {@link ClarifyError} when sharp cannot decode the input.
 */
export async function decodeImage(input: string | Uint8Array): Promise<RasterImage & { data: Uint8Array }> {
  try {
    // toUint8Array, not toBuffer: see src/engine/image-codec.ts.
    const { data, info } = await sharp(input).raw({ depth: 'uchar' }).toUint8Array();
    return { width: info.width, height: info.height, channels: info.channels, data };
  } catch (err) {
    throw new ClarifyError(
      `Cannot decode image ${typeof input === 'string' ? input : `(${input.length} bytes)`}: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
}

/**
 * Encodes images as endpoint request bodies: JPEG, PNG (with sharp) or NumPy.
 *
 * @packageDocumentation
 */
import sharp from 'sharp';
import type { RasterImage } from '../explain/image/raster.js';
import { toRgb8 } from '../explain/image/rgb.js';
import { encodeNpy } from '../python/npy.js';

/** Request content types Clarify sends to a model (`ModelConfig.content_type` for images). */
export type ImageContentType = 'image/jpeg' | 'image/png' | 'application/x-npy';

/** The content types {@link ImageContentType} allows. */
export const IMAGE_CONTENT_TYPES: readonly ImageContentType[] = ['image/jpeg', 'image/png', 'application/x-npy'];

/**
 * One image as JPEG or PNG bytes, or as an `H × W × 3` uint8 `.npy` array.
 *
 * @param jpegQuality - JPEG quality 1..100.
 */
export async function encodeImage(image: RasterImage, contentType: ImageContentType, jpegQuality = 95): Promise<Uint8Array> {
  const rgb = toRgb8(image);
  if (contentType === 'application/x-npy') return encodeNpy({ data: rgb.data, shape: [rgb.height, rgb.width, 3] });
  const pipeline = sharp(rgb.data, { raw: { width: rgb.width, height: rgb.height, channels: 3 } });
  // toUint8Array, not toBuffer: see src/engine/image-codec.ts.
  const { data } = contentType === 'image/png' ? await pipeline.png().toUint8Array() : await pipeline.jpeg({ quality: jpegQuality }).toUint8Array();
  return data;
}

/**
 * Several images of one size as one `N × H × W × 3` uint8 `.npy` array: the
 * batch request of Clarify's object-detection example.
 */
export function encodeNpyBatch(images: readonly RasterImage[]): Uint8Array {
  const rgb = images.map((image) => toRgb8(image));
  const { width, height } = rgb[0];
  const size = width * height * 3;
  const data = new Uint8Array(size * rgb.length);
  rgb.forEach((im, i) => {
    if (im.width !== width || im.height !== height) throw new RangeError('a .npy batch needs images of one size');
    data.set(im.data, i * size);
  });
  return encodeNpy({ data, shape: [rgb.length, height, width, 3] });
}

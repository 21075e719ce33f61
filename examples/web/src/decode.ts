/**
 * Image file → 8-bit RGB pixels, as exactly as a browser allows.
 *
 * `createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' })`
 * keeps the file's own samples: no ICC profile, gAMA or cHRM conversion to the display's
 * colour space, and no premultiplication. The bitmap is then drawn on a canvas of its own
 * size (no scaling, no smoothing) and read back with `getImageData`. For an opaque image
 * (every demo image: 8-bit RGB PNGs with no colour chunks) the pixels are the file's, bit
 * for bit, the same as sharp gives in Node. A canvas stores premultiplied colour, so
 * partly transparent pixels may come back with rounded RGB; the explanation drops alpha
 * anyway (it is not composited, see `toRgb8`).
 *
 * Images whose longer side exceeds {@link MAX_SIDE} are scaled down by the browser (their
 * pixels then depend on its resampling): SLIC on the main thread and the model calls stay fast.
 */
import { type RgbImage, toRgb8 } from 'clarify-ts/explain';

/** Longest side the page explains at; larger images are scaled down. */
export const MAX_SIDE = 512;

/** A decoded image: its RGB pixels and whether it was scaled down. */
export interface DecodedImage {
  readonly image: RgbImage;
  readonly scaledFrom?: { readonly width: number; readonly height: number };
}

export async function decodeImage(blob: Blob): Promise<DecodedImage> {
  const exact = { colorSpaceConversion: 'none', premultiplyAlpha: 'none', imageOrientation: 'from-image' } as const;
  let bitmap = await createImageBitmap(blob, exact);
  const { width, height } = bitmap;
  let scaledFrom: DecodedImage['scaledFrom'];
  if (Math.max(width, height) > MAX_SIDE) {
    const f = MAX_SIDE / Math.max(width, height);
    bitmap.close();
    bitmap = await createImageBitmap(blob, {
      ...exact,
      resizeWidth: Math.max(1, Math.round(width * f)),
      resizeHeight: Math.max(1, Math.round(height * f)),
      resizeQuality: 'high',
    });
    scaledFrom = { width, height };
  }
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const context = canvas.getContext('2d', { willReadFrequently: true, colorSpace: 'srgb' })!;
  context.imageSmoothingEnabled = false;
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
  const image = toRgb8({ width: canvas.width, height: canvas.height, channels: 4, data }, 'image');
  return scaledFrom === undefined ? { image } : { image, scaledFrom };
}

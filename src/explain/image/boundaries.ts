import { ValidationError } from '../../errors.js';
import type { RasterImage } from './raster.js';

/**
 * Marks segment boundaries: pixel p is a boundary when its right or lower neighbour
 * carries another label. Returns one byte per pixel (1 = boundary).
 */
export function segmentBoundaryMask(labels: Int32Array, width: number, height: number): Uint8Array {
  if (labels.length !== width * height) {
    throw new ValidationError('labels', labels, `an Int32Array of width * height = ${width * height} labels`);
  }
  const mask = new Uint8Array(width * height);
  for (let y = 0, p = 0; y < height; y++) {
    for (let x = 0; x < width; x++, p++) {
      const l = labels[p];
      if ((x + 1 < width && labels[p + 1] !== l) || (y + 1 < height && labels[p + width] !== l)) mask[p] = 1;
    }
  }
  return mask;
}

/**
 * Copies an 8-bit RGB image and paints the boundaries of `labels` in `color`.
 *
 * @param color - RGB of the boundary lines.
 * @default color [255, 255, 0] (yellow, as scikit-image's `mark_boundaries`)
 * @example
 * ```ts
 * const seg = slic(image, { nSegments: 20, compactness: 5 });
 * const outlined = drawSegmentBoundaries(image, seg.labels);
 * ```
 */
export function drawSegmentBoundaries(
  image: RasterImage,
  labels: Int32Array,
  color: readonly [number, number, number] = [255, 255, 0],
): RasterImage & { data: Uint8Array } {
  const { width, height, channels } = image;
  if (channels !== 3 || !(image.data instanceof Uint8Array)) {
    throw new ValidationError('image', image, 'an 8-bit RGB raster (channels 3, Uint8Array data)');
  }
  const mask = segmentBoundaryMask(labels, width, height);
  const out = new Uint8Array(image.data);
  for (let p = 0; p < mask.length; p++) {
    if (mask[p] === 1) out.set(color, p * 3);
  }
  return { width, height, channels: 3, data: out };
}

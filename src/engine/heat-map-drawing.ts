/**
 * Heat maps as the engine writes them: drawn over the input enlarged to the
 * result size ({@link enlargeFactor}), so that segment outlines stay one pixel
 * wide on small inputs.
 *
 * @packageDocumentation
 */
import { renderHeatmap } from '../explain/image/heatmap.js';
import type { RgbImage } from '../explain/image/rgb.js';
import { enlarge, enlargeFactor } from './enlarge.js';
import { encodeJpeg } from './image-codec.js';

/** An input enlarged to the result size, and the factor it was enlarged by. */
export interface EnlargedImage {
  readonly large: RgbImage;
  readonly factor: number;
}

/** Enlarges an input to the size its result images are drawn at. */
export function enlargeForDrawing(image: RgbImage): EnlargedImage {
  const factor = enlargeFactor(image.width, image.height);
  return { large: { ...enlarge(image, factor), channels: 3 }, factor };
}

/** Enlarges a segment map (one label per pixel of `image`) by `factor`, as its input was. */
export function enlargeSegments(segments: Int32Array, image: { readonly width: number; readonly height: number }, factor: number): Int32Array {
  return enlarge({ width: image.width, height: image.height, channels: 1, data: segments }, factor).data;
}

/**
 * Draws one heat map as the engine writes it: over the enlarged input, with
 * `scale` as the |φ| of full colour (0: nothing is coloured). With
 * `fadeUncertain` and `standardErrors`, segments whose 95% interval contains 0
 * are faded (see `HeatmapOptions.fadeUncertain`).
 */
export async function drawHeatMap(
  large: RgbImage,
  largeSegments: Int32Array,
  shapValues: ArrayLike<number>,
  scale: number,
  segmentNumbers: boolean,
  uncertain: { readonly fadeUncertain?: boolean; readonly standardErrors?: ArrayLike<number> } = {},
): Promise<Uint8Array> {
  // Errors skipped (an empty vector) fade nothing, as absent ones.
  const errors = uncertain.standardErrors;
  const fade = uncertain.fadeUncertain === true && errors !== undefined && errors.length === shapValues.length ? { fadeUncertain: true, standardErrors: errors } : {};
  return encodeJpeg(renderHeatmap({ image: large, segments: largeSegments, shapValues, ...(scale > 0 ? { scale } : {}), segmentNumbers, ...fade }));
}

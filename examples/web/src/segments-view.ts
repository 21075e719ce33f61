/**
 * The input with its SLIC segments outlined (the library's `drawSegmentBoundaries`,
 * yellow as scikit-image's `mark_boundaries`), enlarged as the engine draws it.
 */
import { CLARIFY_SLIC_DEFAULTS, type RgbImage, type Segmentation, drawSegmentBoundaries, slic } from 'clarify-ts/explain';
import { putRaster } from './canvas.js';
import { enlarge, enlargeFactor } from './enlarge.js';

/** The segmentation the explanation will use for these settings (the same SLIC options). */
export function previewSegments(image: RgbImage, numSegments: number): Segmentation {
  return slic(image, { ...CLARIFY_SLIC_DEFAULTS, nSegments: numSegments });
}

export function drawSegments(canvas: HTMLCanvasElement, image: RgbImage, labels: Int32Array): void {
  const f = enlargeFactor(image.width, image.height);
  const large = { width: image.width * f, height: image.height * f, channels: 3, data: enlarge(image.data, image.width, image.height, 3, f) };
  putRaster(canvas, drawSegmentBoundaries(large, enlarge(labels, image.width, image.height, 1, f)));
}

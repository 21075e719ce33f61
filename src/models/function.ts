/**
 * Plain functions as models.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../errors.js';
import type { Detection, ImageClassifier, ObjectDetector } from '../explain/model/image-model.js';
import type { RasterImage } from '../explain/image/raster.js';

/** A classifier as a function: one score vector per image; may be synchronous. */
export type ClassifierFunction = (
  images: readonly RasterImage[],
  signal?: AbortSignal,
) => ArrayLike<number>[] | Promise<ArrayLike<number>[]>;

/** A detector as a function: one detection list per image; may be synchronous. */
export type DetectorFunction = (
  images: readonly RasterImage[],
  signal?: AbortSignal,
) => Detection[][] | Promise<Detection[][]>;

/**
 * Wraps a function as an {@link ImageClassifier}. The explainers check what it
 * returns (shape, NaN) and report a `ModelError` naming the call and image.
 *
 * @param labels - class names, index-aligned with the scores.
 * @example
 * ```ts
 * const model = functionClassifier((images) => images.map((im) => myNet(im.data)), ['cat', 'dog']);
 * ```
 */
export function functionClassifier(predict: ClassifierFunction, labels?: readonly string[]): ImageClassifier {
  if (typeof predict !== 'function') throw new ValidationError('predict', predict, 'a function (images, signal) => scores[]');
  return { predict: async (images, signal) => predict(images, signal), ...(labels ? { labels } : {}) };
}

/**
 * Wraps a function as an {@link ObjectDetector}.
 *
 * @param labels - class names, indexed by `classId`.
 */
export function functionDetector(detect: DetectorFunction, labels?: readonly string[]): ObjectDetector {
  if (typeof detect !== 'function') throw new ValidationError('detect', detect, 'a function (images, signal) => detections[][]');
  return { detect: async (images, signal) => detect(images, signal), ...(labels ? { labels } : {}) };
}

/**
 * Converts Clarify's detection rows `[class_id, score, x0, y0, x1, y1]` to {@link Detection}s.
 */
export function detectionsFromRows(rows: readonly (readonly number[])[]): Detection[] {
  return rows.map((r) => ({ classId: r[0], score: r[1], box: [r[2], r[3], r[4], r[5]] as const }));
}

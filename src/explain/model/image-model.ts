/**
 * The two model interfaces image explanations call. Backends (plain function,
 * ONNX, SageMaker endpoint, HTTP) live in `clarify-ts` under `models/`.
 *
 * @packageDocumentation
 */
import type { RasterImage } from '../image/raster.js';

/**
 * An image classifier: one score vector per image, all of the same length.
 *
 * The explainer passes 8-bit RGB images whose buffers it reuses once the
 * returned promise settles: copy an image to keep it longer.
 */
export interface ImageClassifier {
  /** Scores (probabilities or logits) per image, in the order of `images`. */
  predict(images: readonly RasterImage[], signal?: AbortSignal): Promise<ArrayLike<number>[]>;
  /** Class names, index-aligned with the scores (Clarify's `label_headers`), when known. */
  readonly labels?: readonly string[];
}

/**
 * One detected object, Clarify's `[class_id, score, x0/w, y0/h, x1/w, y1/h]`:
 * box corners are normalised by the image width and height.
 */
export interface Detection {
  /** Class index. */
  readonly classId: number;
  /** Confidence in [0, 1]. */
  readonly score: number;
  /** `[x0, y0, x1, y1]`, normalised to [0, 1] by width and height. */
  readonly box: readonly [number, number, number, number];
  /** Objectness (for `scoring: 'd-rise'`); `score` stands in when absent. */
  readonly objectness?: number;
  /** Per-class probabilities (for `scoring: 'd-rise'`). */
  readonly classScores?: ArrayLike<number>;
}

/** An object detector: the detections of every image, in the order of `images`. */
export interface ObjectDetector {
  detect(images: readonly RasterImage[], signal?: AbortSignal): Promise<Detection[][]>;
  /** Class names, indexed by `classId`, when known. */
  readonly labels?: readonly string[];
}

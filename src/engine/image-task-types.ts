/**
 * What the image task takes and returns, and what its classification and
 * detection steps share. Plain data, so that it crosses to worker threads.
 *
 * @packageDocumentation
 */
import type { SucceededImageRecord } from '../analysis/document.js';
import type { RgbImage } from '../explain/image/rgb.js';
import type { ImageExplanationCommon, ImageExplanationProgress } from '../explain/image-setup.js';
import type { ImageClassifier, ObjectDetector } from '../explain/model/image-model.js';
import type { EngineModelType } from './settings.js';

/** The per-image settings; plain data so that it crosses to worker threads. */
export interface ImageTaskSettings {
  readonly modelType: EngineModelType;
  readonly numSegments: number;
  readonly compactness: number;
  readonly numSamples: number;
  /** `shap.tolerance` and `shap.relative_tolerance` (clarify-ts additions); absent: sample to `numSamples`. */
  readonly tolerance?: number;
  readonly relativeTolerance?: number;
  readonly seed: number;
  readonly useLogit: boolean;
  readonly batchSize: number;
  readonly maxObjects: number;
  readonly iouThreshold: number;
  readonly context: number;
  readonly probabilityThreshold?: number;
  /** Classification: explain the k top classes instead of the predicted one (at most `numClasses`). */
  readonly topK?: number;
  /** Classification: the model's class count, when the run probed it; `topK` is clamped to it. */
  readonly numClasses?: number;
  /** Images with more pixels fail with `ImageTooLargeError` before decoding. */
  readonly maxPixels: number;
  /**
   * The safe stem of this image's output files (`assignOutputStems`), set per image.
   * @default the stem derived from the file name alone
   */
  readonly outputStem?: string;
  /** Decoded baseline image; absent = seeded white noise. */
  readonly baseline?: RgbImage;
  /**
   * Draw segment numbers on the heat maps.
   * @default false
   */
  readonly segmentNumbers?: boolean;
  /**
   * Fade the heat maps' segments whose 95% interval φ ± 1.96·se contains 0
   * (sampled runs only; see `HeatmapOptions.fadeUncertain`).
   * @default false
   */
  readonly fadeUncertain?: boolean;
  /**
   * Write no heat maps (their names and scales are still recorded): a run with a
   * shared scale draws them once every image is explained (`renderHeatMapFiles`).
   * @default false
   */
  readonly deferHeatMaps?: boolean;
}

/** A file to write, relative to the output location. */
export interface OutputFile {
  readonly path: string;
  readonly body: Uint8Array;
}

/** What explaining one image produced. */
export interface ImageTaskResult {
  readonly record: SucceededImageRecord;
  readonly files: OutputFile[];
}

/** The model an image task calls. */
export type TaskModel = { readonly kind: 'classifier'; readonly model: ImageClassifier } | { readonly kind: 'detector'; readonly model: ObjectDetector };

/** The explainer options that classification and detection of one image share. */
export interface SharedExplainOptions extends ImageExplanationCommon {
  readonly image: RgbImage;
  readonly onProgress?: (event: ImageExplanationProgress) => void;
}

/**
 * Explains an object detector's detections over SLIC superpixels with Kernel
 * SHAP, with SageMaker Clarify's semantics (`max_objects`, `iou_threshold`,
 * `context`, `probability_threshold`).
 *
 * @packageDocumentation
 */
import { ModelError, ValidationError, throwIfAborted } from '../errors.js';
import { contextWindow, iou } from './boxes.js';
import { MaskedBatch } from './image/masking.js';
import type { RgbImage } from './image/rgb.js';
import {
  type ExplainedSegmentation,
  type ImageExplanationCommon,
  type ImageExplanationProgress,
  type PreparedImage,
  prepareImage,
} from './image-setup.js';
import { checkDetections } from './model/detection-output.js';
import type { Detection, ObjectDetector } from './model/image-model.js';
import { type CallSite, guardedCall } from './model/model-call.js';
import { kernelShap } from './shap/kernel-shap.js';
import type { KernelShapProgress } from './shap/kernel-shap-types.js';

/**
 * How a masked image scores object j:
 * - `'clarify'`: the highest score among its detections of j's class whose box
 *   has IoU ≥ `iouThreshold` with j's box, else 0;
 * - `'d-rise'`: the highest IoU × objectness × cosine similarity of the class
 *   vectors over all its detections (D-RISE, Petsiuk et al. 2021); needs
 *   detectors that return `classScores`. Not a Clarify option.
 */
export type DetectionScoring = 'clarify' | 'd-rise';

/** Options of {@link explainObjectDetection}. */
export interface ObjectDetectionOptions extends ImageExplanationCommon {
  /** The detector. Wrap a plain function with `functionDetector` from `clarify-ts`, or pass `{ detect }`. */
  readonly model: ObjectDetector;
  /**
   * Most objects explained: the highest-scoring detections on the original image.
   * @default 3
   */
  readonly maxObjects?: number;
  /**
   * Minimum IoU for a detection on a masked image to count as the same object.
   * @default 0.5
   */
  readonly iouThreshold?: number;
  /**
   * How much of the image around each explained box stays visible; the rest
   * shows the baseline in every coalition. 1: the whole image; 0 ≤ c < 1: the
   * box grown by c times its width/height on each side (0: the box alone).
   * See {@link contextWindow}.
   * @default 1.0
   */
  readonly context?: number;
  /**
   * Detections on the original image scoring below this are not explained.
   * @default 0.5
   */
  readonly probabilityThreshold?: number;
  /**
   * Value of a coalition for an object.
   * @default 'clarify'
   */
  readonly scoring?: DetectionScoring;
  /**
   * Called after every model call.
   * @default undefined (quiet)
   */
  readonly onProgress?: (event: ImageExplanationProgress) => void;
}

/** The explanation of one detected object. */
export interface ObjectExplanation {
  /** The detection on the original image. */
  readonly detection: Detection;
  /** Class name from the detector's `labels`, when known. */
  readonly name?: string;
  /** φ per segment (dense index). As a `[height, width]` ndarray of φ per pixel: {@link phiMap}. */
  readonly shapValues: Float64Array;
  /** Standard error of each φ (zeros when exact); see `KernelShapResult.standardErrors`. */
  readonly standardErrors: Float64Array;
  /** Value with every segment replaced by the baseline. */
  readonly expectedValue: number;
  /** Value of the full (context-masked) image; Σφ = fullValue − expectedValue. */
  readonly fullValue: number;
  /** Visible region in pixels `[x0, y0, x1, y1)`; the whole image when `context` is 1. */
  readonly window: readonly [number, number, number, number];
}

/** Result of {@link explainObjectDetection}. */
export interface ObjectDetectionExplanation {
  /** The features: dense segment index per pixel and each segment's SLIC label. */
  readonly segmentation: ExplainedSegmentation;
  /** Every detection on the original image, as the model returned them. */
  readonly detections: Detection[];
  /** One entry per explained object, highest score first; empty when nothing passed the threshold. */
  readonly objects: ObjectExplanation[];
  /** Why `objects` is empty; absent otherwise. */
  readonly reason?: string;
  /** The seed used (coalitions and noise); pass it back to repeat the run. */
  readonly seed: number;
  /** Images the detector evaluated, the original one included. */
  readonly numEvaluations: number;
  /**
   * With a `tolerance` or `relativeTolerance`: whether every explained object's
   * standard errors came within it before `numSamples` ran out. Absent without one.
   */
  readonly converged?: boolean;
}

interface DetectionSettings {
  maxObjects: number;
  iouThreshold: number;
  context: number;
  probabilityThreshold: number;
  scoring: DetectionScoring;
}

/**
 * Explains which superpixels make a detector find each of its top objects.
 *
 * @example
 * ```ts
 * import { explainObjectDetection } from 'clarify-ts/explain';
 *
 * const result = await explainObjectDetection({ image, model: detector, numSamples: 500, seed: 1 });
 * if (result.objects.length === 0) console.log(result.reason);
 * for (const object of result.objects) console.log(object.detection.classId, object.shapValues);
 * ```
 *
 * @throws {@link ValidationError} for bad options (thresholds outside [0, 1],
 *   `maxObjects` < 1, …) before any model call.
 * @throws {@link ModelError} for failing or malformed detector output.
 */
export async function explainObjectDetection(options: ObjectDetectionOptions): Promise<ObjectDetectionExplanation> {
  const settings = validateOptions(options);
  const { model, signal, onProgress } = options;
  const prepared = prepareImage(options);
  throwIfAborted(signal);
  const { width, height, numSegments, labels, sourceLabels } = prepared.segments;
  const segmentation = { width, height, numSegments, labels, sourceLabels };

  const original: CallSite = { what: 'the input image', call: 0, first: 0 };
  const [detections] = checkDetections(
    await guardedCall(original, signal, () => model.detect([prepared.image], signal)),
    1,
    original,
  );
  const targets = detections
    .filter((d) => d.score >= settings.probabilityThreshold)
    .sort((a, b) => b.score - a.score)
    .slice(0, settings.maxObjects);
  if (targets.length === 0) {
    return { segmentation, detections, objects: [], reason: noTargetReason(detections, settings), seed: prepared.seed, numEvaluations: 1 };
  }
  if (settings.scoring === 'd-rise') requireClassScores(targets, original);

  // One Kernel SHAP run per distinct visible window: all objects share one when context is 1.
  const groups = settings.context >= 1 ? [targets] : targets.map((t) => [t]);
  const objects: ObjectExplanation[] = [];
  const next: NextCall = { call: 1, first: 0 };
  let numEvaluations = 1;
  let converged: boolean | undefined;
  for (const group of groups) {
    const done = numEvaluations - 1;
    // Every group draws the same design (same features, budget and seed), so each runs e.total evaluations.
    const progress = onProgress && ((e: KernelShapProgress) => onProgress({ evaluated: done + e.evaluated, total: groups.length * e.total }));
    const explained = await explainGroup(group, model, prepared, settings, next, signal, progress);
    objects.push(...explained.objects);
    numEvaluations += explained.numEvaluations;
    if (explained.converged !== undefined) converged = (converged ?? true) && explained.converged;
  }
  return { segmentation, detections, objects, seed: prepared.seed, numEvaluations, ...(converged !== undefined ? { converged } : {}) };
}

/** The model call to come: its index, and the index of its first masked image. */
interface NextCall {
  call: number;
  first: number;
}

/**
 * Explains a group of objects that share one visible window with one Kernel SHAP run:
 * outside the window every coalition shows the baseline, and each masked image's
 * detections are scored for every object of the group.
 */
async function explainGroup(
  group: readonly Detection[],
  model: ObjectDetector,
  prepared: PreparedImage,
  settings: DetectionSettings,
  next: NextCall,
  signal: AbortSignal | undefined,
  onProgress: ((event: KernelShapProgress) => void) | undefined,
): Promise<{ objects: ObjectExplanation[]; numEvaluations: number; converged: boolean | undefined }> {
  const { width, height, numSegments } = prepared.segments;
  const window = contextWindow(group[0].box, settings.context, width, height);
  const source = settings.context >= 1 ? prepared.image : withWindow(prepared.image, prepared.baseline, window);
  const batch = new MaskedBatch(source, prepared.baseline, prepared.segments, prepared.batchSize);
  const shap = await kernelShap({
    numFeatures: numSegments,
    numSamples: prepared.numSamples,
    seed: prepared.seed,
    batchSize: prepared.batchSize,
    ...prepared.tolerances,
    signal,
    onProgress,
    evaluate: async (masks) => {
      const site: CallSite = { what: 'masked image', call: next.call++, first: next.first };
      next.first += masks.length;
      const images = batch.render(masks);
      const lists = checkDetections(await guardedCall(site, signal, () => model.detect(images, signal)), masks.length, site);
      return lists.map((list, i) => {
        if (settings.scoring === 'd-rise') requireClassScores(list, { ...site, first: site.first + i });
        return Float64Array.from(group, (target) => objectValue(target, list, settings));
      });
    },
  });
  const objects = group.map((detection, k): ObjectExplanation => {
    const name = model.labels?.[detection.classId];
    const entry: ObjectExplanation = {
      detection,
      shapValues: shap.shapValues[k],
      standardErrors: shap.standardErrors[k],
      expectedValue: shap.expectedValue[k],
      fullValue: shap.fullValue[k],
      window,
    };
    return name === undefined ? entry : { ...entry, name };
  });
  return { objects, numEvaluations: shap.numEvaluations, converged: shap.converged };
}

/** Why no object is explained: the detector found none, or none reaches the threshold. */
function noTargetReason(detections: readonly Detection[], settings: DetectionSettings): string {
  if (detections.length === 0) return 'the detector found no object on the original image';
  const best = detections.reduce((m, d) => Math.max(m, d.score), -Infinity);
  return `no detection on the original image reaches probabilityThreshold ${settings.probabilityThreshold} (best score ${best})`;
}

/**
 * The value of a masked image's detections for one target object.
 * @internal
 */
export function objectValue(
  target: Detection,
  detections: readonly Detection[],
  settings: Pick<DetectionSettings, 'iouThreshold' | 'scoring'>,
): number {
  let best = 0;
  for (const d of detections) {
    if (settings.scoring === 'd-rise') {
      const similarity =
        iou(target.box, d.box) * (d.objectness ?? d.score) * cosine(target.classScores as ArrayLike<number>, d.classScores as ArrayLike<number>);
      if (similarity > best) best = similarity;
    } else if (d.classId === target.classId && d.score > best && iou(target.box, d.box) >= settings.iouThreshold) {
      best = d.score;
    }
  }
  return best;
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

function requireClassScores(detections: readonly Detection[], site: CallSite): void {
  detections.forEach((d, k) => {
    const scores = d.classScores;
    if (scores === undefined || scores === null || typeof scores.length !== 'number' || scores.length < 1) {
      throw new ModelError(
        `Model call ${site.call} returned detection ${k} without classScores for ${site.what} ${site.first}; ` +
          "scoring 'd-rise' needs a class vector per detection",
        { call: site.call, index: site.first },
      );
    }
  });
}

/** The image with everything outside `window` replaced by the baseline. */
function withWindow(image: RgbImage, baseline: RgbImage, window: readonly [number, number, number, number]): RgbImage {
  const data = baseline.data.slice();
  const [x0, y0, x1, y1] = window;
  for (let y = y0; y < y1; y++) {
    const start = (y * image.width + x0) * 3;
    const end = (y * image.width + x1) * 3;
    data.set(image.data.subarray(start, end), start);
  }
  return { width: image.width, height: image.height, channels: 3, data };
}

/** Checks the options before any work, in the order the checks have always run; returns the settings. */
function validateOptions(options: ObjectDetectionOptions): DetectionSettings {
  if (options === null || typeof options !== 'object') {
    throw new ValidationError('options', options, 'an object { image, model, ... }');
  }
  const { model, onProgress } = options;
  if (model === null || typeof model !== 'object' || typeof model.detect !== 'function') {
    throw new ValidationError('model', model, 'an ObjectDetector { detect(images, signal) }');
  }
  const settings = resolveSettings(options);
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new ValidationError('onProgress', onProgress, 'a function ({ evaluated, total }) => void');
  }
  return settings;
}

function resolveSettings(options: ObjectDetectionOptions): DetectionSettings {
  const unit = (field: string, value: unknown, fallback: number): number => {
    const v = value ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) {
      throw new ValidationError(field, v, 'a number from 0 to 1');
    }
    return v;
  };
  const maxObjects = options.maxObjects ?? 3;
  if (typeof maxObjects !== 'number' || !Number.isInteger(maxObjects) || maxObjects < 1) {
    throw new ValidationError('maxObjects', maxObjects, 'an integer >= 1');
  }
  const scoring = options.scoring ?? 'clarify';
  if (scoring !== 'clarify' && scoring !== 'd-rise') {
    throw new ValidationError('scoring', scoring, "'clarify' or 'd-rise'");
  }
  return {
    maxObjects,
    iouThreshold: unit('iouThreshold', options.iouThreshold, 0.5),
    context: unit('context', options.context, 1),
    probabilityThreshold: unit('probabilityThreshold', options.probabilityThreshold, 0.5),
    scoring,
  };
}


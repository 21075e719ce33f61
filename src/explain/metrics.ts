/**
 * Faithfulness and localisation metrics for image explanations: deletion and
 * insertion curves (Petsiuk et al., RISE, 2018) and the pointing game
 * (Zhang et al., 2016), over superpixels.
 *
 * @packageDocumentation
 */
import { ValidationError, throwIfAborted } from '../errors.js';
import type { Box } from './boxes.js';
import { MaskedBatch } from './image/masking.js';
import type { ImageInput } from './image/raster.js';
import { toRgb8 } from './image/rgb.js';
import type { SegmentMap } from './image/segments.js';
import type { ImageClassifier } from './model/image-model.js';
import { type CallSite, checkScores, guardedCall } from './model/model-call.js';
import { SeededRandom } from './numeric/random.js';

/** Options of {@link deletionInsertion}. */
export interface DeletionInsertionOptions {
  /** The explained image: a {@link RasterImage} or an ndarray (see {@link ImageInput}). */
  readonly image: ImageInput;
  /** The baseline image a removed segment shows (same size), e.g. from {@link buildBaseline}; a RasterImage or an ndarray. */
  readonly baseline: ImageInput;
  /** The segments, as built by {@link toSegmentMap}. */
  readonly segments: SegmentMap;
  /** Segment indices, most important first (see {@link orderByValue}). */
  readonly order: ArrayLike<number>;
  /** The classifier whose score is tracked. */
  readonly model: ImageClassifier;
  /** Class whose score is tracked. */
  readonly label: number;
  /**
   * Images per model call.
   * @default 32
   */
  readonly batchSize?: number;
  /**
   * Stops the work between model calls with an `AbortError`.
   * @default undefined (runs to the end)
   */
  readonly signal?: AbortSignal;
}

/** A score curve over steps 0..K and its area. */
export interface PerturbationCurve {
  /** `scores[k]`: the score after k segments were removed (deletion) or added (insertion). */
  readonly scores: Float64Array;
  /** Trapezoidal area under `scores` over the fraction of segments, [0, 1]. Lower is better for deletion, higher for insertion. */
  readonly auc: number;
}

/** Result of {@link deletionInsertion}. */
export interface DeletionInsertionResult {
  /** Segments replaced by the baseline in `order`: a faithful explanation makes this fall fast. */
  readonly deletion: PerturbationCurve;
  /** Segments restored onto the baseline in `order`: a faithful explanation makes this rise fast. */
  readonly insertion: PerturbationCurve;
}

/** Segment indices sorted by decreasing φ (ties: lower index first). */
export function orderByValue(shapValues: ArrayLike<number>): Int32Array {
  return Int32Array.from(Array.from({ length: shapValues.length }, (_, j) => j).sort((a, b) => shapValues[b] - shapValues[a] || a - b));
}

/** A seeded random permutation of 0..K−1 (Fisher–Yates), the reference ordering a useful explanation must beat. */
export function randomOrder(numSegments: number, seed: number): Int32Array {
  const random = new SeededRandom(seed);
  const order = Int32Array.from({ length: numSegments }, (_, j) => j);
  for (let i = numSegments - 1; i > 0; i--) {
    const k = random.nextBelow(i + 1);
    [order[i], order[k]] = [order[k], order[i]];
  }
  return order;
}

/**
 * Deletion: start from the image and replace segments by the baseline in
 * `order`; insertion: start from the baseline and restore segments in `order`.
 * Both track the model's score of `label` at each of the K + 1 steps.
 *
 * @throws {@link ValidationError} when `order` is not a permutation of the segments.
 */
export async function deletionInsertion(options: DeletionInsertionOptions): Promise<DeletionInsertionResult> {
  const image = toRgb8(options.image, 'image');
  const baseline = toRgb8(options.baseline, 'baseline');
  const { segments, order, model, label, signal } = options;
  const K = segments.numSegments;
  if (baseline.width !== image.width || baseline.height !== image.height) {
    throw new ValidationError('baseline', `${baseline.width}x${baseline.height}`, `the image's size ${image.width}x${image.height}`);
  }
  const seen = new Uint8Array(K);
  if (order === null || typeof order !== 'object' || order.length !== K) {
    throw new ValidationError('order', order, `a permutation of the ${K} segment indices`);
  }
  for (let i = 0; i < K; i++) {
    const j = order[i];
    if (!Number.isInteger(j) || j < 0 || j >= K || seen[j]) throw new ValidationError(`order[${i}]`, j, `a permutation of 0..${K - 1}`);
    seen[j] = 1;
  }
  if (!Number.isInteger(label) || label < 0) throw new ValidationError('label', label, 'a class index >= 0');
  const batchSize = options.batchSize ?? 32;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new ValidationError('batchSize', batchSize, 'an integer >= 1');

  // Step k of deletion keeps all but the first k of `order`; insertion keeps only those k.
  const steps = K + 1;
  const masks: Uint8Array[] = [];
  for (let k = 0; k < steps; k++) {
    const deletion = new Uint8Array(K).fill(1);
    const insertion = new Uint8Array(K);
    for (let i = 0; i < k; i++) {
      deletion[order[i]] = 0;
      insertion[order[i]] = 1;
    }
    masks.push(deletion, insertion);
  }
  const batch = new MaskedBatch(image, baseline, segments, Math.min(batchSize, masks.length));
  const values = new Float64Array(masks.length);
  let classes: number | undefined;
  for (let first = 0, call = 0; first < masks.length; first += batch.capacity, call++) {
    throwIfAborted(signal);
    const chunk = masks.slice(first, first + batch.capacity);
    const site: CallSite = { what: 'perturbed image', call, first };
    const images = batch.render(chunk);
    const scores = checkScores(await guardedCall(site, signal, () => model.predict(images, signal)), chunk.length, classes, site);
    classes = scores[0].length;
    if (label >= classes) throw new ValidationError('label', label, `a class index 0..${classes - 1}`);
    scores.forEach((s, i) => (values[first + i] = s[label]));
  }
  const deletion = Float64Array.from({ length: steps }, (_, k) => values[2 * k]);
  const insertion = Float64Array.from({ length: steps }, (_, k) => values[2 * k + 1]);
  return { deletion: { scores: deletion, auc: area(deletion) }, insertion: { scores: insertion, auc: area(insertion) } };
}

function area(scores: Float64Array): number {
  if (scores.length < 2) return scores[0] ?? 0;
  let sum = 0;
  for (let k = 1; k < scores.length; k++) sum += (scores[k - 1] + scores[k]) / 2;
  return sum / (scores.length - 1);
}

/** Options of {@link pointingGame}. */
export interface PointingGameOptions {
  /** Dense segment index per pixel. */
  readonly segments: Int32Array;
  /** Image width in pixels. */
  readonly width: number;
  /** Image height in pixels. */
  readonly height: number;
  /** φ per segment; the segment with the largest φ is the explanation's "pointer". */
  readonly shapValues: ArrayLike<number>;
  /**
   * The ground truth: `{ mask }`, `width · height` values, non-zero inside; or
   * `{ box: [x0, y0, x1, y1] }` normalised to [0, 1] (a pixel is inside when its centre is).
   */
  readonly target: { readonly mask: ArrayLike<number> } | { readonly box: Box };
  /**
   * Fraction of the top segment's pixels that must lie inside the target for a hit.
   * @default 0.5
   */
  readonly minOverlap?: number;
}

/** Result of {@link pointingGame}. */
export interface PointingGameResult {
  /** True when `overlap ≥ minOverlap`. */
  readonly hit: boolean;
  /** The segment with the largest φ. */
  readonly segment: number;
  /** Fraction of its pixels inside the target. */
  readonly overlap: number;
}

/**
 * The pointing game over superpixels: a hit when at least `minOverlap` of the
 * top segment's pixels lie inside the target mask or box.
 */
export function pointingGame(options: PointingGameOptions): PointingGameResult {
  const { segments, width, height, shapValues, target } = options;
  if (!(segments instanceof Int32Array) || segments.length !== width * height) {
    throw new ValidationError('segments', segments, `an Int32Array of width * height = ${width * height} segment indices`);
  }
  const minOverlap = options.minOverlap ?? 0.5;
  if (!(minOverlap > 0 && minOverlap <= 1)) throw new ValidationError('minOverlap', minOverlap, 'a number in (0, 1]');
  const box = target !== null && typeof target === 'object' && 'box' in target ? target.box : undefined;
  const mask = target !== null && typeof target === 'object' && 'mask' in target ? target.mask : undefined;
  if (box !== undefined ? !Array.isArray(box) || box.length !== 4 : mask === undefined || mask === null || mask.length !== width * height) {
    throw new ValidationError('target', target, `{ mask } of ${width * height} values or { box: [x0, y0, x1, y1] }`);
  }
  let segment = 0;
  for (let j = 1; j < shapValues.length; j++) if (shapValues[j] > shapValues[segment]) segment = j;
  let size = 0;
  let inside = 0;
  for (let p = 0; p < segments.length; p++) {
    if (segments[p] !== segment) continue;
    size++;
    if (box !== undefined) {
      const x = ((p % width) + 0.5) / width;
      const y = (Math.floor(p / width) + 0.5) / height;
      if (x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3]) inside++;
    } else if ((mask as ArrayLike<number>)[p] !== 0) {
      inside++;
    }
  }
  const overlap = size > 0 ? inside / size : 0;
  return { hit: overlap >= minOverlap, segment, overlap };
}

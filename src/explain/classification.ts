/**
 * Explains an image classifier's scores over SLIC superpixels with Kernel SHAP:
 * what a SageMaker Clarify computer-vision job computes per image.
 *
 * @packageDocumentation
 */
import { ValidationError, throwIfAborted } from '../errors.js';
import { type LabelSelection, resolveLabels, validateLabels } from './classification-labels.js';
import { type ImageBaseline, buildBaseline, resolveBaseline, whiteNoise } from './image/baseline.js';
import type { ImageInput } from './image/raster.js';
import { MaskedBatch } from './image/masking.js';
import { type RgbImage, toRgb8 } from './image/rgb.js';
import {
  type ExplainedSegmentation,
  type ImageExplanationCommon,
  type ImageExplanationProgress,
  prepareImage,
} from './image-setup.js';
import type { ImageClassifier } from './model/image-model.js';
import { validateSeed } from './numeric/random.js';
import { type CallSite, checkScores, guardedCall } from './model/model-call.js';
import { kernelShap } from './shap/kernel-shap.js';
import type { KernelShapLink } from './shap/kernel-shap-types.js';

/** Options of {@link explainImageClassification}. */
export interface ImageClassificationOptions extends ImageExplanationCommon {
  /** The classifier. Wrap a plain function with `functionClassifier` from `clarify-ts`, or pass `{ predict }`. */
  readonly model: ImageClassifier;
  /**
   * Classes to explain: `'top'` (the predicted class), k top classes, explicit
   * class indices, or `'all'`.
   * @default 'top'
   */
  readonly labels?: LabelSelection;
  /**
   * `'logit'` explains log-odds of probabilities (Clarify's `use_logit`).
   * @default 'identity'
   */
  readonly link?: KernelShapLink;
  /**
   * Several baselines, averaged: a coalition's value is the mean over these baselines of
   * the model's score on the image whose absent segments come from that baseline (an
   * expectation over baselines, as shap's background data and Captum's random-baseline
   * Kernel SHAP). Each entry is an {@link ImageBaseline}; a `'noise'` entry is seeded with
   * `seed` (for several noise draws use {@link noiseBaselines}). k baselines cost k× the
   * model calls' images. Not together with `baseline`. One entry gives exactly
   * `baseline: entry`.
   * @default undefined (the single `baseline`)
   */
  readonly baselines?: readonly ImageBaseline[];
  /**
   * Called after every model call.
   * @default undefined (quiet)
   */
  readonly onProgress?: (event: ImageExplanationProgress) => void;
}

/** The explanation of one class. */
export interface LabelExplanation {
  /** Class index in the model's score vector. */
  readonly label: number;
  /** Class name, from the model's `labels`, when known. */
  readonly name?: string;
  /** φ per segment (dense index), in link space. As a `[height, width]` ndarray of φ per pixel: {@link phiMap}. */
  readonly shapValues: Float64Array;
  /**
   * Standard error of each φ from the sampling of coalitions (zeros when every coalition
   * was enumerated): φ ± 1.96·se is a 95% interval. See `KernelShapResult.standardErrors`.
   */
  readonly standardErrors: Float64Array;
  /** link(score) with every segment replaced by the baseline (of the mean score over `baselines`). */
  readonly expectedValue: number;
  /** link(score) of the full image; Σφ = fullValue − expectedValue. */
  readonly fullValue: number;
  /** The model's raw score for this class on the original image. */
  readonly score: number;
}

/** Result of {@link explainImageClassification}. */
export interface ImageClassificationExplanation {
  /** The features: `labels[p]` is pixel p's dense segment index; `sourceLabels[j]` its SLIC label. As an ndarray: {@link labelsAsNdarray}. */
  readonly segmentation: ExplainedSegmentation;
  /** The model's scores on the original image. */
  readonly scores: Float64Array;
  /** One entry per explained class, in the order requested (by score for `'top'` and k). */
  readonly explanations: LabelExplanation[];
  /** The seed used (coalitions and noise); pass it back to repeat the run. */
  readonly seed: number;
  /** Images the model evaluated, the original one included (k per coalition with k `baselines`). */
  readonly numEvaluations: number;
  /** True when every coalition was enumerated (exact Shapley values). */
  readonly exact: boolean;
  /**
   * With a `tolerance` or `relativeTolerance`: whether every standard error came within
   * it before `numSamples` ran out. Absent without one.
   */
  readonly converged?: boolean;
  /** True when the sampled coalitions left φ underdetermined; raise `numSamples`. */
  readonly rankDeficient: boolean;
}

/**
 * Explains which superpixels raise or lower a classifier's scores.
 *
 * Segments the image with SLIC (Clarify's defaults: 20 segments, compactness
 * 5), scores the original image, then runs Kernel SHAP where a coalition keeps
 * its segments' pixels and takes the others from the baseline (seeded white
 * noise by default, like Clarify).
 *
 * @example
 * ```ts
 * import { explainImageClassification } from 'clarify-ts/explain';
 * import { OnnxImageClassifier } from 'clarify-ts';
 *
 * const model = await OnnxImageClassifier.create({ model: 'shapes.onnx', softmax: true });
 * const result = await explainImageClassification({ image, model, numSamples: 500, seed: 1 });
 * const { label, shapValues } = result.explanations[0]; // φ per segment of the predicted class
 * ```
 *
 * @throws {@link ValidationError} for bad options, before any model call, and
 *   for class indices beyond the model's scores.
 * @throws {@link ModelError} when the model fails or returns a wrong number of
 *   scores, NaN or infinity (the message names the call and the image).
 * @throws {@link AbortError} when `signal` fires.
 */
export async function explainImageClassification(
  options: ImageClassificationOptions,
): Promise<ImageClassificationExplanation> {
  if (options === null || typeof options !== 'object') {
    throw new ValidationError('options', options, 'an object { image, model, ... }');
  }
  const { model, signal, onProgress } = options;
  if (model === null || typeof model !== 'object' || typeof model.predict !== 'function') {
    throw new ValidationError('model', model, 'an ImageClassifier { predict(images, signal) }');
  }
  const classNames = model.labels;
  const labelSelection = options.labels ?? 'top';
  validateLabels(labelSelection, classNames?.length);
  if (options.link !== undefined && options.link !== 'identity' && options.link !== 'logit') {
    throw new ValidationError('link', options.link, "'identity' or 'logit'");
  }
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new ValidationError('onProgress', onProgress, 'a function ({ evaluated, total }) => void');
  }
  const baselineList = checkBaselines(options);
  const prepared = prepareImage(options);
  const baselines =
    baselineList === undefined
      ? [prepared.baseline]
      : baselineList.map((b) => buildBaseline(prepared.image, b, prepared.segments, prepared.seed));
  throwIfAborted(signal);

  const original: CallSite = { what: 'the input image', call: 0, first: 0 };
  const [scoreVector] = checkScores(
    await guardedCall(original, signal, () => model.predict([prepared.image], signal)),
    1,
    classNames?.length,
    original,
  );
  const scores = Float64Array.from(scoreVector);
  const C = scores.length;
  const explained = resolveLabels(labelSelection, scores);

  const k = baselines.length;
  // k images per coalition: a model call keeps at most max(batchSize, k) images.
  const coalitionsPerCall = Math.max(1, Math.floor(prepared.batchSize / k));
  const batches = baselines.map((b) => new MaskedBatch(prepared.image, b, prepared.segments, coalitionsPerCall));
  let calls = 1;
  let first = 0;
  const shap = await kernelShap({
    numFeatures: prepared.segments.numSegments,
    numSamples: prepared.numSamples,
    seed: prepared.seed,
    batchSize: coalitionsPerCall,
    ...prepared.tolerances,
    link: options.link ?? 'identity',
    signal,
    onProgress: onProgress && ((e) => onProgress({ evaluated: e.evaluated, total: e.total })),
    evaluate: async (masks) => {
      const site: CallSite = { what: 'masked image', call: calls++, first };
      const m = masks.length;
      first += m * k;
      if (k === 1) {
        const images = batches[0].render(masks);
        const vectors = checkScores(await guardedCall(site, signal, () => model.predict(images, signal)), m, C, site);
        return vectors.map((v) => Float64Array.from(explained, (label) => v[label]));
      }
      // Images b·m + i: coalition i against baseline b.
      const images = batches.flatMap((batch) => batch.render(masks));
      const vectors = checkScores(await guardedCall(site, signal, () => model.predict(images, signal)), m * k, C, site);
      return masks.map((_, i) =>
        Float64Array.from(explained, (label) => {
          let sum = 0;
          for (let b = 0; b < k; b++) sum += vectors[b * m + i][label];
          return sum / k;
        }),
      );
    },
  });

  const explanations = explained.map((label, k): LabelExplanation => {
    const entry = {
      label,
      shapValues: shap.shapValues[k],
      standardErrors: shap.standardErrors[k],
      expectedValue: shap.expectedValue[k],
      fullValue: shap.fullValue[k],
      score: scores[label],
    };
    return classNames?.[label] === undefined ? entry : { ...entry, name: classNames[label] };
  });
  const { width, height, numSegments, labels, sourceLabels } = prepared.segments;
  return {
    segmentation: { width, height, numSegments, labels, sourceLabels },
    scores,
    explanations,
    seed: prepared.seed,
    numEvaluations: shap.numEvaluations * k + 1,
    exact: shap.exact,
    rankDeficient: shap.rankDeficient,
    ...(shap.converged !== undefined ? { converged: shap.converged } : {}),
  };
}

/** Checks `baselines`: undefined, or a non-empty list of baselines, and not with `baseline`. */
function checkBaselines(options: ImageClassificationOptions): ImageBaseline[] | undefined {
  const list: unknown = options.baselines;
  if (list === undefined) return undefined;
  if (!Array.isArray(list) || list.length === 0) {
    throw new ValidationError('baselines', list, 'a non-empty array of baselines (see ImageBaseline)');
  }
  if (options.baseline !== undefined) {
    throw new ValidationError('baselines', '(with baseline)', 'either baseline or baselines, not both');
  }
  return list.map((b, i) => resolveBaseline(b, `baselines[${i}]`));
}

/**
 * `count` white-noise baselines of `image`'s size, seeded with `seed`, `seed + 1`, …
 * (each as `'noise'` seeded with that number would be), for
 * {@link ImageClassificationOptions.baselines}: φ as an expectation over noise draws.
 *
 * @example
 * ```ts
 * const result = await explainImageClassification({ image, model, baselines: noiseBaselines(image, 4, 7) });
 * ```
 * @throws {@link ValidationError} for a count below 1 or a bad seed or image.
 */
export function noiseBaselines(image: ImageInput, count: number, seed: number): ImageBaseline[] {
  const { width, height } = toRgb8(image, 'image');
  if (!Number.isSafeInteger(count) || count < 1) throw new ValidationError('count', count, 'an integer >= 1');
  validateSeed(seed, 'seed');
  validateSeed(seed + count - 1, 'seed + count - 1');
  return Array.from({ length: count }, (_, i): ImageBaseline => {
    const noise: RgbImage = { width, height, channels: 3, data: whiteNoise(width * height * 3, seed + i) };
    return { image: noise };
  });
}

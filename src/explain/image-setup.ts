/**
 * The steps every image explanation starts with: check the options, convert the
 * image, segment it, build the baseline; and the types both explanations share.
 *
 * @internal
 * @packageDocumentation
 */
import { ValidationError } from '../errors.js';
import { type ImageBaseline, buildBaseline, resolveBaseline } from './image/baseline.js';
import type { ImageInput } from './image/raster.js';
import { type RgbImage, toRgb8 } from './image/rgb.js';
import { type SegmentMap, toSegmentMap } from './image/segments.js';
import { drawSeed, validateSeed } from './numeric/random.js';
import { checkTolerance } from './shap/kernel-shap-options.js';
import { MAX_NUM_SAMPLES } from './shap/kernel-shap-sampler.js';
import { type Segmentation, type SlicOptions, slic } from './slic/slic.js';

/** Clarify's `image_config` defaults: `num_segments` 20, `segment_compactness` 5. */
export const CLARIFY_SLIC_DEFAULTS = { nSegments: 20, compactness: 5 } as const;

/** Options shared by classification and detection explanations. */
export interface ImageExplanationCommon {
  /**
   * The image to explain: a {@link RasterImage}, or an ndarray `[height, width, channels]`
   * or `[height, width]` (strided views included, read once). Gray, RGBA, 16-bit and
   * float images are converted to 8-bit RGB (see {@link toRgb8}).
   */
  readonly image: ImageInput;
  /**
   * SLIC options (merged over Clarify's defaults), or a ready segmentation of
   * the same size (e.g. one returned by a previous explanation).
   * @default { nSegments: 20, compactness: 5 }
   */
  readonly segmentation?: SlicOptions | Pick<Segmentation, 'labels' | 'width' | 'height'>;
  /**
   * What absent segments show. See {@link ImageBaseline}.
   * @default 'noise'
   */
  readonly baseline?: ImageBaseline;
  /**
   * Coalitions Kernel SHAP evaluates besides the empty and the full one, at most
   * 1,000,000. A budget below K + 2 (K = the segments SLIC found, which may differ
   * from the number asked for) is raised to K + 2, the fewest that determine φ.
   * @default 500 (Clarify's examples), raised to K + 2 when there are more segments
   */
  readonly numSamples?: number;
  /**
   * Seeds the coalitions and the noise baseline; returned in the result.
   * @default a fresh random seed
   */
  readonly seed?: number;
  /**
   * Stop sampling once every φ's standard error is at most this, in the model's
   * output units, with `numSamples` as the ceiling; the result says whether the run
   * `converged`. See `KernelShapOptions.tolerance`.
   * @default undefined (all `numSamples` are evaluated)
   */
  readonly tolerance?: number | undefined;
  /**
   * A tolerance as a fraction of each explained output's |fullValue − expectedValue|;
   * see `tolerance`.
   * @default undefined
   */
  readonly relativeTolerance?: number | undefined;
  /**
   * Most images per model call; bounds memory (`batchSize` masked images at a time).
   * @default 32
   */
  readonly batchSize?: number;
  /**
   * Stops the work between model calls with an `AbortError`.
   * @default undefined (runs to the end)
   */
  readonly signal?: AbortSignal;
}

/** Progress of an image explanation, reported after every model call. */
export interface ImageExplanationProgress {
  /** Masked images evaluated so far. */
  readonly evaluated: number;
  /** Masked images to evaluate in all; with a `tolerance`, the most (the run may stop before). */
  readonly total: number;
}

/** Segments as features: dense labels 0..K−1 and their SLIC labels. */
export type ExplainedSegmentation = Pick<SegmentMap, 'width' | 'height' | 'numSegments' | 'labels' | 'sourceLabels'>;

/** What {@link prepareImage} returns. */
export interface PreparedImage {
  readonly image: RgbImage;
  readonly segments: SegmentMap;
  readonly baseline: RgbImage;
  readonly seed: number;
  readonly numSamples: number;
  readonly batchSize: number;
  /** The tolerances, for Kernel SHAP; absent when not set. */
  readonly tolerances: { readonly tolerance?: number; readonly relativeTolerance?: number };
}

/** Validates the shared options and builds the image, segments and baseline. */
export function prepareImage(options: ImageExplanationCommon): PreparedImage {
  const image = toRgb8(options.image, 'image');
  const baselineOption = resolveBaseline(options.baseline ?? 'noise');
  if (options.seed !== undefined) validateSeed(options.seed, 'seed');
  const batchSize = options.batchSize ?? 32;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new ValidationError('batchSize', batchSize, 'an integer >= 1');
  }
  if (options.numSamples !== undefined && (!Number.isSafeInteger(options.numSamples) || options.numSamples < 1 || options.numSamples > MAX_NUM_SAMPLES)) {
    throw new ValidationError('numSamples', options.numSamples, `an integer from 1 to ${MAX_NUM_SAMPLES}`);
  }
  // Checked here too, before the original image's model call.
  const tolerance = checkTolerance('tolerance', options.tolerance);
  const relativeTolerance = checkTolerance('relativeTolerance', options.relativeTolerance);
  const tolerances = { ...(tolerance !== undefined ? { tolerance } : {}), ...(relativeTolerance !== undefined ? { relativeTolerance } : {}) };
  const segments = toSegmentMap(segment(image, options.segmentation));
  const seed = options.seed ?? drawSeed();
  const numSamples = Math.max(options.numSamples ?? 500, segments.numSegments + 2);
  return { image, segments, baseline: buildBaseline(image, baselineOption, segments, seed), seed, numSamples, batchSize, tolerances };
}

function segment(
  image: RgbImage,
  option: ImageExplanationCommon['segmentation'],
): Pick<Segmentation, 'labels' | 'width' | 'height'> {
  if (option !== undefined && option !== null && typeof option === 'object' && 'labels' in option) {
    if (option.width !== image.width || option.height !== image.height) {
      throw new ValidationError(
        'segmentation',
        `${option.width}x${option.height}`,
        `a segmentation of the image's size ${image.width}x${image.height}`,
      );
    }
    return option;
  }
  if (option !== undefined && (option === null || typeof option !== 'object')) {
    throw new ValidationError('segmentation', option, 'SLIC options or a segmentation { labels, width, height }');
  }
  return slic(image, { ...CLARIFY_SLIC_DEFAULTS, ...(option ?? {}) });
}

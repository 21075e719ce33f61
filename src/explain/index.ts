/**
 * `clarify-ts/explain`: the pure-TypeScript explanation engine. No Node APIs and
 * no I/O, so it runs in Node, a browser or a worker.
 *
 * The folder's layers, each importing only from the layers below it (and from
 * `src/errors.ts`):
 * - this folder's files: the explanations (`classification.ts`, `detection.ts`, the
 *   setup they share in `image-setup.ts`), the boxes of detection, the metrics;
 * - `shap/`: Kernel SHAP and exact Shapley values;
 * - `model/`: the model interfaces, the one guard around a model call, the checks of
 *   what a model returned;
 * - `slic/`: SLIC superpixels, bit-identical to scikit-image;
 * - `image/`: rasters, RGB, resizing, ndarrays, segment maps, masking, baselines,
 *   heat maps;
 * - `numeric/`: the seeded generator and the NumPy/SciPy numerics the others share
 *   (pairwise summation, the Gaussian filter).
 *
 * @packageDocumentation
 */
export { ClarifyError, ValidationError, ModelError, AbortError } from '../errors.js';

// Explanations
export { explainImageClassification } from './classification.js';
export type {
  ImageClassificationOptions,
  ImageClassificationExplanation,
  LabelExplanation,
} from './classification.js';
export type { LabelSelection } from './classification-labels.js';
export { explainObjectDetection } from './detection.js';
export type {
  ObjectDetectionOptions,
  ObjectDetectionExplanation,
  ObjectExplanation,
  DetectionScoring,
} from './detection.js';
export type { ImageExplanationCommon, ImageExplanationProgress, ExplainedSegmentation } from './image-setup.js';
export { CLARIFY_SLIC_DEFAULTS } from './image-setup.js';
export type { Box } from './boxes.js';
export { iou, contextWindow } from './boxes.js';
export { deletionInsertion, orderByValue, randomOrder, pointingGame } from './metrics.js';
export type {
  DeletionInsertionOptions,
  DeletionInsertionResult,
  PerturbationCurve,
  PointingGameOptions,
  PointingGameResult,
} from './metrics.js';

// Models
export type { ImageClassifier, ObjectDetector, Detection } from './model/image-model.js';

// Kernel SHAP and exact Shapley values
export { kernelShap } from './shap/kernel-shap.js';
export { MAX_NUM_SAMPLES } from './shap/kernel-shap-sampler.js';
export type {
  CoalitionModel,
  KernelShapLink,
  KernelShapOptions,
  KernelShapProgress,
  KernelShapResult,
  KernelShapSampler,
} from './shap/kernel-shap-types.js';
export { exactShapley, MAX_EXACT_FEATURES } from './shap/shapley-exact.js';
export type { CoalitionGame, ExactShapleyOptions, ExactShapleyResult } from './shap/shapley-exact.js';

// SLIC
export { slic } from './slic/slic.js';
export type { Segmentation } from './slic/slic.js';
export type { SlicOptions } from './slic/slic-options.js';

// Images
export type { RasterImage, PixelArray, NdArrayLike, ImageInput } from './image/raster.js';
export { validateRaster, toFloat64, toRasterImage, isNdArrayLike } from './image/raster.js';
export { labelsAsNdarray, phiMap, rasterAsNdarray } from './image/ndarray.js';
export type { NdArrayConstructor, PixelLabels } from './image/ndarray.js';
export type { RgbImage } from './image/rgb.js';
export { toRgb8 } from './image/rgb.js';
export { resizeBilinear } from './image/resize.js';
export type { SegmentMap } from './image/segments.js';
export { toSegmentMap } from './image/segments.js';
export type { ImageBaseline } from './image/baseline.js';
export { buildBaseline, whiteNoise } from './image/baseline.js';
export { MaskedBatch } from './image/masking.js';
export { segmentBoundaryMask, drawSegmentBoundaries } from './image/boundaries.js';
export { renderHeatmap, blueRed, resolveScale, heatmapColor } from './image/heatmap.js';
export type { HeatmapOptions, HeatmapColormap, HeatmapColorOptions, Rgb } from './image/heatmap.js';
export { segmentAnchors, drawSegmentNumbers } from './image/segment-numbers.js';
export type { SegmentAnchor, SegmentNumberOptions } from './image/segment-numbers.js';

// Seeded random numbers
export { SeededRandom, drawSeed, MAX_SEED } from './numeric/random.js';

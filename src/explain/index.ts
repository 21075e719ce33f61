/**
 * `clarify-ts/explain`: the pure-TypeScript explanation engine. No Node APIs and
 * no I/O, so it runs in Node, a browser or a worker.
 *
 * @packageDocumentation
 */
export { ClarifyError, ValidationError, ModelError, AbortError } from '../errors.js';
export type { RasterImage, PixelArray, NdArrayLike, ImageInput } from './raster.js';
export { validateRaster, toFloat64, toRasterImage, isNdArrayLike } from './raster.js';
export { labelsAsNdarray, phiMap, rasterAsNdarray } from './ndarray.js';
export type { NdArrayConstructor, PixelLabels } from './ndarray.js';
export { kernelShap } from './kernel-shap.js';
export { MAX_NUM_SAMPLES } from './kernel-shap-sampler.js';
export type {
  CoalitionModel,
  KernelShapLink,
  KernelShapOptions,
  KernelShapProgress,
  KernelShapResult,
  KernelShapSampler,
} from './kernel-shap.js';
export { exactShapley, MAX_EXACT_FEATURES } from './shapley-exact.js';
export type { CoalitionGame, ExactShapleyOptions, ExactShapleyResult } from './shapley-exact.js';
export { SeededRandom, drawSeed, MAX_SEED } from './random.js';
export { slic } from './slic.js';
export type { SlicOptions, Segmentation } from './slic.js';
export { segmentBoundaryMask, drawSegmentBoundaries } from './boundaries.js';
export type { RgbImage } from './rgb.js';
export { toRgb8 } from './rgb.js';
export { resizeBilinear } from './resize.js';
export type { SegmentMap } from './segments.js';
export { toSegmentMap } from './segments.js';
export type { ImageBaseline } from './baseline.js';
export { buildBaseline, whiteNoise } from './baseline.js';
export { MaskedBatch } from './masking.js';
export type { ImageClassifier, ObjectDetector, Detection } from './image-model.js';
export type { ImageExplanationCommon } from './image-setup.js';
export { CLARIFY_SLIC_DEFAULTS } from './image-setup.js';
export { explainImageClassification } from './classification.js';
export type {
  ImageClassificationOptions,
  ImageClassificationExplanation,
  ImageExplanationProgress,
  LabelExplanation,
  LabelSelection,
  ExplainedSegmentation,
} from './classification.js';
export { explainObjectDetection } from './detection.js';
export type {
  ObjectDetectionOptions,
  ObjectDetectionExplanation,
  ObjectExplanation,
  DetectionScoring,
} from './detection.js';
export type { Box } from './boxes.js';
export { iou, contextWindow } from './boxes.js';
export { renderHeatmap, blueRed, resolveScale, heatmapColor } from './heatmap.js';
export type { HeatmapOptions, HeatmapColormap, HeatmapColorOptions, Rgb } from './heatmap.js';
export { segmentAnchors, drawSegmentNumbers } from './segment-numbers.js';
export type { SegmentAnchor, SegmentNumberOptions } from './segment-numbers.js';
export { deletionInsertion, orderByValue, randomOrder, pointingGame } from './metrics.js';
export type {
  DeletionInsertionOptions,
  DeletionInsertionResult,
  PerturbationCurve,
  PointingGameOptions,
  PointingGameResult,
} from './metrics.js';

/**
 * `clarify-ts/explain`: the pure-TypeScript explanation engine. No Node APIs and
 * no I/O, so it runs in Node, a browser or a worker.
 *
 * The folder's layers, each importing only from the layers below it (and from
 * `src/errors.ts`):
 * - this folder's files: the explanations (`classification.ts`, `detection.ts`, the
 *   setup they share in `image-setup.ts`), the boxes of detection, the metrics;
 * - `tabular/`: the explanations of tabular models: Kernel SHAP over rows against baseline
 *   rows, global SHAP values, the computed baseline (k-means, k-prototypes), partial
 *   dependence;
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
export { explainImageClassification, noiseBaselines } from './classification.js';
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

// Tabular explanations
export type { TabularValue, TabularRow, TabularPredictor } from './tabular/tabular-predictor.js';
export { explainTabularRecord } from './tabular/tabular-shap.js';
export type { TabularShapOptions, TabularShapExplanation } from './tabular/tabular-shap-types.js';
export { sameValue, varyingFeatures } from './tabular/tabular-values.js';
export { recordSeed } from './tabular/record-seed.js';
export { aggregateShap, accumulateShap, mergeShapAggregates, finishShapAggregate, SHAP_AGG_METHODS } from './tabular/shap-aggregate.js';
export type { ShapAggMethod, ShapAggregate, LocalShapValues } from './tabular/shap-aggregate.js';
export { ExactSum } from './tabular/exact-sum.js';
export { computeBaseline } from './tabular/computed-baseline.js';
export type { ComputedBaselineOptions, ComputedBaseline } from './tabular/computed-baseline.js';
export { kMeans } from './tabular/k-means.js';
export type { KMeansOptions, KMeansResult } from './tabular/k-means.js';
export { kPrototypes } from './tabular/k-prototypes.js';
export type { MixedRows, KPrototypesOptions, KPrototypesResult } from './tabular/k-prototypes.js';
export { pdpGrid } from './tabular/pdp-grid.js';
export type { PdpDataType, PdpGrid, PdpGridOptions } from './tabular/pdp-grid.js';
export { partialDependence } from './tabular/partial-dependence.js';
export type { PartialDependence, PartialDependenceOptions } from './tabular/partial-dependence.js';
export { selectPdpFeatures } from './tabular/pdp-features.js';
export type { PdpFeatureSelection } from './tabular/pdp-features.js';

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
// The rule and the strength of `fadeUncertain` (TSDoc on their declarations): for a legend,
// a table or a page that marks the same segments the heat maps fade.
export { isUncertain, UNCERTAIN_OPACITY } from './image/heatmap.js';
export type { HeatmapOptions, HeatmapColormap, HeatmapColorOptions, Rgb } from './image/heatmap.js';
export { segmentAnchors, drawSegmentNumbers } from './image/segment-numbers.js';
export type { SegmentAnchor, SegmentNumberOptions } from './image/segment-numbers.js';

// Seeded random numbers
export { SeededRandom, drawSeed, MAX_SEED } from './numeric/random.js';

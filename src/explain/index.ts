/**
 * `clarify-ts/explain`: the pure-TypeScript explanation engine. No Node APIs and
 * no I/O, so it runs in Node, a browser or a worker.
 *
 * @packageDocumentation
 */
export { ClarifyError, ValidationError, ModelError, AbortError } from '../errors.js';
export type { RasterImage, PixelArray } from './raster.js';
export { validateRaster, toFloat64 } from './raster.js';
export { kernelShap } from './kernel-shap.js';
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

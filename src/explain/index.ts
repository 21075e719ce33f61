/**
 * `clarify-ts/explain`: the pure-TypeScript explanation engine. No Node APIs and
 * no I/O, so it runs in Node, a browser or a worker.
 *
 * @packageDocumentation
 */
export { ClarifyError, ValidationError, ModelError, AbortError } from '../errors.js';
export type { RasterImage, PixelArray } from './raster.js';
export { validateRaster, toFloat64 } from './raster.js';

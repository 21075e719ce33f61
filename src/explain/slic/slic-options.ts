import { ValidationError } from '../../errors.js';
import { type RasterImage, validateRaster } from '../image/raster.js';

/**
 * Options of {@link slic}, mirroring `skimage.segmentation.slic` (scikit-image 0.19.3,
 * whose labels equal current releases' for unmasked input). Names are the Python
 * keyword arguments in camelCase; defaults are scikit-image's.
 */
export interface SlicOptions {
  /**
   * Requested number of seeds. The actual count comes from a regular grid and can be
   * smaller or larger; connectivity enforcement changes it again.
   * @default 100
   */
  readonly nSegments?: number;
  /**
   * Balance of colour against space: colour distances are divided by `compactness`,
   * so higher values give squarer segments. Negative values behave like their
   * absolute value (as in scikit-image); 0 is rejected.
   * @default 10
   */
  readonly compactness?: number;
  /**
   * Number of assign/update rounds. scikit-image always runs exactly this many.
   * @default 10
   */
  readonly maxNumIter?: number;
  /**
   * Gaussian pre-smoothing width: a number (applied to y and x, and to the
   * one-plane depth axis, divided by `spacing`), or `[sigmaY, sigmaX]` /
   * `[sigmaZ, sigmaY, sigmaX]` (not divided by spacing). 0 means no smoothing.
   * @default 0
   */
  readonly sigma?: number | readonly [number, number] | readonly [number, number, number];
  /**
   * Weights of the spatial distance along `[y, x]` (or `[z, y, x]`).
   * @default [1, 1]
   */
  readonly spacing?: readonly [number, number] | readonly [number, number, number];
  /**
   * Convert RGB to CIELAB before clustering. `undefined` converts exactly when the
   * image has 3 channels; `true` with another channel count is an error.
   * @default undefined (auto)
   */
  readonly convert2lab?: boolean;
  /**
   * Merge small disconnected fragments into neighbours and relabel consecutively.
   * @default true
   */
  readonly enforceConnectivity?: boolean;
  /**
   * Fragments smaller than `minSizeFactor × (pixels / seeds)` are merged.
   * @default 0.5
   */
  readonly minSizeFactor?: number;
  /**
   * Components larger than `maxSizeFactor × (pixels / seeds)` are cut.
   * @default 3
   */
  readonly maxSizeFactor?: number;
  /**
   * SLICO: adapt the colour normalisation per segment (`compactness` is then the
   * initial value).
   * @default false
   */
  readonly slicZero?: boolean;
  /**
   * First label: 0 or 1.
   * @default 1
   */
  readonly startLabel?: 0 | 1;
}

function requireNumber(field: string, value: unknown, allowed: string, ok: (v: number) => boolean): number {
  if (typeof value !== 'number' || !ok(value)) throw new ValidationError(field, value, allowed);
  return value;
}

function readTriple(
  field: string,
  value: number | readonly number[],
  scalar: (v: number) => [number, number, number],
  allowed: string,
  ok: (v: number) => boolean,
): [number, number, number] {
  if (typeof value === 'number') {
    requireNumber(field, value, allowed, ok);
    return scalar(value);
  }
  if (!Array.isArray(value) || (value.length !== 2 && value.length !== 3)) {
    throw new ValidationError(field, value, `a number or an array of 2 ([y, x]) or 3 ([z, y, x]) numbers; ${allowed}`);
  }
  value.forEach((v, i) => requireNumber(`${field}[${i}]`, v, allowed, ok));
  return value.length === 2 ? [field === 'spacing' ? 1 : 0, value[0], value[1]] : [value[0], value[1], value[2]];
}

/** {@link SlicOptions} checked and with every default applied. @internal */
export interface ResolvedSlicOptions {
  readonly nSegments: number;
  readonly compactness: number;
  readonly maxNumIter: number;
  /** Per-axis smoothing widths (z, y, x), already divided by spacing when given as a number. */
  readonly sigma: readonly [number, number, number];
  readonly spacing: readonly [number, number, number];
  /** Whether the image is converted to Lab. */
  readonly lab: boolean;
  readonly enforceConnectivity: boolean;
  readonly minSizeFactor: number;
  readonly maxSizeFactor: number;
  readonly slicZero: boolean;
  readonly startLabel: 0 | 1;
}

/**
 * Validates the image and the options (throwing {@link ValidationError} naming the
 * field) and applies scikit-image's defaults. @internal
 */
export function resolveSlicOptions(image: RasterImage, options: SlicOptions): ResolvedSlicOptions {
  validateRaster(image);
  const nSegments = requireNumber('nSegments', options.nSegments ?? 100, 'an integer >= 1', (v) => Number.isInteger(v) && v >= 1);
  const compactness = requireNumber(
    'compactness',
    options.compactness ?? 10,
    'a finite number other than 0',
    (v) => Number.isFinite(v) && v !== 0,
  );
  const maxNumIter = requireNumber('maxNumIter', options.maxNumIter ?? 10, 'an integer >= 0', (v) => Number.isInteger(v) && v >= 0);
  const minSizeFactor = requireNumber('minSizeFactor', options.minSizeFactor ?? 0.5, 'a finite number > 0', (v) => Number.isFinite(v) && v > 0);
  const maxSizeFactor = requireNumber('maxSizeFactor', options.maxSizeFactor ?? 3, 'a finite number > 0', (v) => Number.isFinite(v) && v > 0);
  const startLabel = options.startLabel ?? 1;
  if (startLabel !== 0 && startLabel !== 1) throw new ValidationError('startLabel', startLabel, '0 or 1');
  for (const flag of ['convert2lab', 'enforceConnectivity', 'slicZero'] as const) {
    const v = options[flag];
    if (v !== undefined && typeof v !== 'boolean') throw new ValidationError(flag, v, 'true, false or undefined');
  }
  if (typeof options.spacing === 'number') {
    throw new ValidationError('spacing', options.spacing, 'an array [y, x] or [z, y, x] of finite numbers > 0');
  }
  const spacing = readTriple('spacing', options.spacing ?? 1, () => [1, 1, 1], 'finite numbers > 0', (v) => Number.isFinite(v) && v > 0);
  const sigma = readTriple(
    'sigma',
    options.sigma ?? 0,
    (s) => [s / spacing[0], s / spacing[1], s / spacing[2]],
    'finite numbers >= 0',
    (v) => Number.isFinite(v) && v >= 0,
  );
  const convert = options.convert2lab;
  if (convert === true && image.channels !== 3) {
    throw new ValidationError(
      'convert2lab',
      convert,
      'false or undefined for an image without exactly 3 channels',
      `image has ${image.channels} channels`,
    );
  }
  return {
    nSegments,
    compactness,
    maxNumIter,
    sigma,
    spacing,
    lab: image.channels === 3 && convert !== false,
    enforceConnectivity: options.enforceConnectivity ?? true,
    minSizeFactor,
    maxSizeFactor,
    slicZero: options.slicZero ?? false,
    startLabel,
  };
}

/**
 * Heat maps: φ per segment drawn as a colour overlay on a faded grayscale copy
 * of the image, with segment boundaries.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../../errors.js';
import { segmentBoundaryMask } from './boundaries.js';
import type { ImageInput, RasterImage } from './raster.js';
import { toRgb8 } from './rgb.js';
import { drawSegmentNumbers } from './segment-numbers.js';

/** An RGB colour, 0..255 per channel. */
export type Rgb = readonly [number, number, number];

/**
 * Maps a value in [−1, 1] (φ over the scale, clipped) to a colour and an
 * opacity in [0, 1].
 */
export type HeatmapColormap = (value: number) => { readonly color: Rgb; readonly opacity: number };

/**
 * Clarify's convention: blue for positive φ (raises the score), red for
 * negative; opacity grows linearly with |value|.
 */
export const blueRed: HeatmapColormap = (value) => ({
  color: value >= 0 ? [0, 0, 255] : [255, 0, 0],
  opacity: Math.min(1, Math.abs(value)),
});

/** Options of {@link renderHeatmap}. */
export interface HeatmapOptions {
  /** The explained image (a {@link RasterImage} or an ndarray, see {@link ImageInput}; converted to RGB). */
  readonly image: ImageInput;
  /** Dense segment index per pixel, as in an explanation's `segmentation.labels`. */
  readonly segments: Int32Array;
  /** φ per segment. */
  readonly shapValues: ArrayLike<number>;
  /**
   * The |φ| drawn at full colour (symmetric: −scale … +scale): `'max-abs'`,
   * `{ percentile: p }` of the segments' |φ| (ignores outliers), or a number.
   * @default 'max-abs'
   */
  readonly scale?: 'max-abs' | { readonly percentile: number } | number;
  /**
   * Value → colour and opacity.
   * @default blueRed
   */
  readonly colormap?: HeatmapColormap;
  /**
   * Largest overlay opacity (at |φ| = scale).
   * @default 0.7
   */
  readonly opacity?: number;
  /**
   * How far the grayscale copy is faded towards white (0: none, 1: white).
   * @default 0.4
   */
  readonly fade?: number;
  /**
   * Colour of segment boundaries, or `null` for none.
   * @default [255, 255, 0] (yellow)
   */
  readonly boundaryColor?: Rgb | null;
  /**
   * Draw each segment's index (its `shapValues` index) in small digits inside
   * the segment, so that a table of φ per segment can be matched to the image.
   * @default false
   */
  readonly segmentNumbers?: boolean;
  /**
   * φ's standard errors per segment, indexed like `shapValues` (an explanation's
   * `standardErrors`, analysis.json's `standard_errors`); read only with `fadeUncertain`.
   * @default none
   */
  readonly standardErrors?: ArrayLike<number>;
  /**
   * Fade the segments whose 95% interval φ ± 1.96·se contains 0 (the samples do
   * not settle the sign of φ): their overlay opacity is multiplied by 0.25, so
   * they show as a pale tint of their colour. A
   * segment with se = 0 (exact) is never faded; without `standardErrors` nothing is.
   * @default false
   */
  readonly fadeUncertain?: boolean;
}

/** The factor on the overlay opacity of a segment faded by `fadeUncertain`. */
export const UNCERTAIN_OPACITY = 0.25;

/**
 * Whether a segment is faded by `fadeUncertain`: its standard error is above 0
 * and its 95% interval φ ± 1.96·se contains 0.
 */
export function isUncertain(phi: number, se: number | undefined): boolean {
  return typeof se === 'number' && se > 0 && Math.abs(phi) <= 1.96 * se;
}

/**
 * Draws a heat map: an RGBA image (alpha 255) of the input's size.
 *
 * Each pixel is `gray · (1 − a) + colour · a` with `gray` the faded luma
 * (BT.601) of the input and `a = opacity · colormap(φ / scale).opacity`.
 * A pixel is a boundary when its right or lower neighbour is in another segment.
 * With `fadeUncertain`, `a` of a segment whose 95% interval contains 0 is
 * multiplied by 0.25.
 *
 * @example
 * ```ts
 * const { explanations, segmentation } = await explainImageClassification({ image, model });
 * const overlay = renderHeatmap({ image, segments: segmentation.labels, shapValues: explanations[0].shapValues });
 * await sharp(overlay.data, { raw: { width: overlay.width, height: overlay.height, channels: 4 } }).png().toFile('heat.png');
 * ```
 */
export function renderHeatmap(options: HeatmapOptions): RasterImage & { channels: 4; data: Uint8Array } {
  const image = toRgb8(options.image, 'image');
  const { width, height } = image;
  const { segments, shapValues } = options;
  if (!(segments instanceof Int32Array) || segments.length !== width * height) {
    throw new ValidationError('segments', segments, `an Int32Array of width * height = ${width * height} segment indices`);
  }
  let maxSegment = -1;
  for (let i = 0; i < segments.length; i++) if (segments[i] > maxSegment) maxSegment = segments[i];
  if (shapValues === null || typeof shapValues !== 'object' || shapValues.length <= maxSegment) {
    throw new ValidationError('shapValues', shapValues, `one value per segment (at least ${maxSegment + 1})`);
  }
  const scale = resolveScale(options.scale ?? 'max-abs', shapValues);
  const colormap = options.colormap ?? blueRed;
  const opacity = unit('opacity', options.opacity ?? 0.7);
  const fade = unit('fade', options.fade ?? 0.4);
  const boundary = options.boundaryColor === undefined ? ([255, 255, 0] as Rgb) : options.boundaryColor;
  const errors = options.fadeUncertain === true ? checkErrors(options.standardErrors, shapValues.length) : undefined;

  const colours = new Float64Array(shapValues.length * 4);
  for (let j = 0; j < shapValues.length; j++) {
    const v = scale > 0 ? Math.max(-1, Math.min(1, shapValues[j] / scale)) : 0;
    const { color, opacity: a } = colormap(v);
    const faded = errors !== undefined && isUncertain(shapValues[j], errors[j]) ? UNCERTAIN_OPACITY : 1;
    colours.set([color[0], color[1], color[2], opacity * Math.min(1, Math.max(0, a)) * faded], j * 4);
  }
  const edges = boundary === null ? null : segmentBoundaryMask(segments, width, height);
  const out = new Uint8Array(width * height * 4);
  const src = image.data;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const j = segments[p];
      const o = p * 4;
      if (boundary !== null && edges !== null && edges[p] === 1) {
        out[o] = boundary[0];
        out[o + 1] = boundary[1];
        out[o + 2] = boundary[2];
      } else {
        const luma = 0.299 * src[p * 3] + 0.587 * src[p * 3 + 1] + 0.114 * src[p * 3 + 2];
        const gray = luma + fade * (255 - luma);
        const a = colours[j * 4 + 3];
        for (let c = 0; c < 3; c++) out[o + c] = Math.round(gray * (1 - a) + colours[j * 4 + c] * a);
      }
      out[o + 3] = 255;
    }
  }
  if (options.segmentNumbers === true) drawSegmentNumbers(out, width, height, 4, segments);
  return { width, height, channels: 4, data: out };
}

/** Options of {@link heatmapColor}: the drawing options of {@link renderHeatmap} that decide a colour. */
export interface HeatmapColorOptions {
  /** @default blueRed */
  readonly colormap?: HeatmapColormap;
  /** @default 0.7 */
  readonly opacity?: number;
  /** @default 0.4 */
  readonly fade?: number;
  /**
   * Luma (0..255) of the image under the colour, before fading; a colour bar
   * shows the colours over a mid-gray image.
   * @default 128
   */
  readonly luma?: number;
}

/**
 * The colour {@link renderHeatmap} gives a pixel of luma `luma` in a segment
 * whose φ / scale is `value` (clipped to −1 … 1): what a colour bar shows at
 * that point, so that a legend and the heat map cannot disagree.
 *
 * @example
 * ```ts
 * // Stops of a CSS gradient from −scale (left) to +scale (right).
 * const stops = Array.from({ length: 9 }, (_, i) => heatmapColor(-1 + i / 4));
 * ```
 */
export function heatmapColor(value: number, options: HeatmapColorOptions = {}): Rgb {
  const colormap = options.colormap ?? blueRed;
  const opacity = unit('opacity', options.opacity ?? 0.7);
  const fade = unit('fade', options.fade ?? 0.4);
  const luma = options.luma ?? 128;
  const gray = luma + fade * (255 - luma);
  const { color, opacity: a0 } = colormap(Math.max(-1, Math.min(1, Number.isFinite(value) ? value : 0)));
  const a = opacity * Math.min(1, Math.max(0, a0));
  const mix = (c: 0 | 1 | 2) => Math.round(gray * (1 - a) + color[c] * a);
  return [mix(0), mix(1), mix(2)];
}

/** The standard errors `fadeUncertain` reads: none, or one finite number ≥ 0 per value. */
function checkErrors(errors: ArrayLike<number> | undefined, count: number): ArrayLike<number> | undefined {
  if (errors === undefined) return undefined;
  if (errors === null || typeof errors !== 'object' || errors.length !== count || !Array.from(errors).every((e) => typeof e === 'number' && Number.isFinite(e) && e >= 0)) {
    throw new ValidationError('standardErrors', errors, `one finite number >= 0 per value of shapValues (${count})`);
  }
  return errors;
}

function unit(field: string, v: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) throw new ValidationError(field, v, 'a number from 0 to 1');
  return v;
}

/** The symmetric scale: max |φ|, a percentile of |φ| (linear interpolation, like numpy), or a given number. */
export function resolveScale(scale: HeatmapOptions['scale'], values: ArrayLike<number>): number {
  if (typeof scale === 'number') {
    if (!Number.isFinite(scale) || scale <= 0) throw new ValidationError('scale', scale, 'a finite number > 0');
    return scale;
  }
  const abs = Array.from(values, (v) => Math.abs(v)).sort((a, b) => a - b);
  if (scale === 'max-abs') return abs.length ? abs[abs.length - 1] : 0;
  const p = scale?.percentile;
  if (typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p > 100) {
    throw new ValidationError('scale', scale, "'max-abs', { percentile: 0..100 } or a number > 0");
  }
  const at = (p / 100) * (abs.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(lo + 1, abs.length - 1);
  return abs[lo] + (abs[hi] - abs[lo]) * (at - lo);
}

/**
 * sRGB → CIELAB exactly as scikit-image's `rgb2lab` computes it (D65 white point,
 * 2° observer), on interleaved float64 RGB in [0, 1]. No clipping anywhere,
 * matching scikit-image.
 */
import { cbrtArrays, cbrtWith } from './cbrt.js';

/** sRGB gamma expansion of one channel value, as scikit-image's `rgb2xyz`. */
export function linearize(u: number): number {
  return u > 0.04045 ? Math.pow((u + 0.055) / 1.055, 2.4) : u / 12.92;
}

function compand(t: number, table: Float64Array, bits: Float64Array, high: Int32Array): number {
  return t > 0.008856 ? cbrtWith(t, table, bits, high) : 7.787 * t + 16 / 116;
}

/**
 * Converts one gamma-expanded RGB triple to Lab, multiplies each component by
 * `scale` and writes them at `out[i..i+2]` (multiplying by 1 is exact, so
 * `scale = 1` gives the plain Lab values).
 */
export const linearRgbToLabScaled = createLabConverter();

/**
 * Builds {@link linearRgbToLabScaled} once, with the cube root's arrays as constants
 * of its closure (docs/internals/slic.md, "Closure constants").
 */
function createLabConverter() {
  const { table, word, half } = cbrtArrays;
  return function linearRgbToLabScaled(r: number, g: number, b: number, scale: number, out: Float64Array, i: number): void {
    // The constants are local, not module-level (docs/internals/slic.md, "Integers and locals").
    // sRGB (linear) → XYZ, rows X, Y, Z; columns r, g, b (scikit-image's xyz_from_rgb).
    const M00 = 0.412453, M01 = 0.35758, M02 = 0.180423;
    const M10 = 0.212671, M11 = 0.71516, M12 = 0.072169;
    const M20 = 0.019334, M21 = 0.119193, M22 = 0.950227;
    // D65 / 2° reference white. scikit-image divides by it (not multiplies by a reciprocal).
    const XN = 0.95047, YN = 1.0, ZN = 1.08883;
    const x = (r * M00 + g * M01 + b * M02) / XN;
    const y = (r * M10 + g * M11 + b * M12) / YN;
    const z = (r * M20 + g * M21 + b * M22) / ZN;
    // One call site for the three channels (docs/internals/slic.md, "One call site").
    let fx = 0, fy = 0, fz = 0;
    for (let c = 0; c < 3; c++) {
      const f = compand(c === 0 ? x : c === 1 ? y : z, table, word, half);
      if (c === 0) fx = f;
      else if (c === 1) fy = f;
      else fz = f;
    }
    out[i] = (116 * fy - 16) * scale;
    out[i + 1] = 500 * (fx - fy) * scale;
    out[i + 2] = 200 * (fy - fz) * scale;
  };
}

/**
 * Converts `pixels` interleaved RGB triples of `data`, already gamma-expanded with
 * {@link linearize}, to Lab in place (callers with few distinct values expand each
 * value once). Values outside [0, 1] are converted by the same formulas, as
 * scikit-image does.
 */
export function linearRgbToLabInPlace(data: Float64Array, pixels: number): void {
  for (let p = 0, i = 0; p < pixels; p++, i += 3) {
    linearRgbToLabScaled(data[i], data[i + 1], data[i + 2], 1, data, i);
  }
}

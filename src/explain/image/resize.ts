/**
 * Bilinear resizing of 8-bit RGB images (used to fit a baseline image to the
 * input, and by model backends to fit a model's input size).
 *
 * @packageDocumentation
 */
import type { RgbImage } from './rgb.js';

/**
 * Resizes with bilinear interpolation on pixel centres (`src = (dst + 0.5) ·
 * scale − 0.5`, edges clamped), the convention of OpenCV's `INTER_LINEAR` and
 * PyTorch's `align_corners=False`. No antialiasing: shrinking by more than 2×
 * skips pixels, which is acceptable for baselines and model inputs of similar size.
 *
 * Returns the input itself when the size already matches.
 *
 * @param out - optional destination of `width · height · 3` bytes, reused by callers
 *   that resize many images to one size.
 */
export function resizeBilinear(image: RgbImage, width: number, height: number, out?: Uint8Array): RgbImage {
  if (image.width === width && image.height === height && out === undefined) return image;
  const target = out ?? new Uint8Array(width * height * 3);
  resizeBilinearWindow(image, { width, height }, { left: 0, top: 0, width, height }, target);
  return { width, height, channels: 3, data: target };
}

/**
 * The `window` (in the resized image's pixels) of `image` resized to `resized`,
 * computed pixel for pixel as {@link resizeBilinear} computes the whole image, so
 * the bytes equal resizing everything and then cropping; only the window's pixels
 * are computed (a crop of a long, thin image would otherwise need a resized copy
 * many times its size).
 *
 * @param out - destination of `window.width · window.height · 3` bytes.
 */
export function resizeBilinearWindow(
  image: RgbImage,
  resized: { readonly width: number; readonly height: number },
  window: { readonly left: number; readonly top: number; readonly width: number; readonly height: number },
  out: Uint8Array,
): Uint8Array {
  const { data, width: sw, height: sh } = image;
  const { left, top, width, height } = window;
  const scaleX = sw / resized.width;
  const scaleY = sh / resized.height;
  const x0s = new Int32Array(width);
  const x1s = new Int32Array(width);
  const fxs = new Float64Array(width);
  for (let x = 0; x < width; x++) {
    const sx = Math.min(Math.max((left + x + 0.5) * scaleX - 0.5, 0), sw - 1);
    x0s[x] = Math.floor(sx);
    x1s[x] = Math.min(x0s[x] + 1, sw - 1);
    fxs[x] = sx - x0s[x];
  }
  for (let y = 0; y < height; y++) {
    const sy = Math.min(Math.max((top + y + 0.5) * scaleY - 0.5, 0), sh - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, sh - 1);
    const fy = sy - y0;
    const row0 = y0 * sw * 3;
    const row1 = y1 * sw * 3;
    for (let x = 0; x < width; x++) {
      const a = row0 + x0s[x] * 3;
      const b = row0 + x1s[x] * 3;
      const c = row1 + x0s[x] * 3;
      const d = row1 + x1s[x] * 3;
      const fx = fxs[x];
      const o = (y * width + x) * 3;
      for (let ch = 0; ch < 3; ch++) {
        const upper = data[a + ch] + (data[b + ch] - data[a + ch]) * fx;
        const lower = data[c + ch] + (data[d + ch] - data[c + ch]) * fx;
        out[o + ch] = Math.round(upper + (lower - upper) * fy);
      }
    }
  }
  return out;
}

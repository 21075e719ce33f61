/**
 * The heat map as the report draws it: the library's `renderHeatmap` with its defaults
 * (blue raises the score, red lowers it; opacity 0.7, fade 0.4, yellow outlines) over the
 * input enlarged as the engine enlarges it, at the report's scale (max |φ|), and the
 * report's colour bar (`heatmapColor`, −scale … 0 … +scale).
 */
import { type RgbImage, heatmapColor, renderHeatmap, resolveScale } from 'clarify-ts/explain';
import { putRaster } from './canvas.js';
import { enlarge, enlargeFactor } from './enlarge.js';
import { formatPhi } from './format.js';

export function drawHeatmap(
  canvas: HTMLCanvasElement,
  image: RgbImage,
  labels: Int32Array,
  shapValues: ArrayLike<number>,
  segmentNumbers: boolean,
  /** Standard errors to fade the segments whose 95% interval contains 0 (as `--fade-uncertain`); none: no fading. */
  fadeWith?: ArrayLike<number>,
): void {
  const f = enlargeFactor(image.width, image.height);
  const large = { width: image.width * f, height: image.height * f, channels: 3, data: enlarge(image.data, image.width, image.height, 3, f) };
  // An exact run has all-zero standard errors, which fade nothing.
  const fade = fadeWith !== undefined && fadeWith.length === shapValues.length ? { fadeUncertain: true, standardErrors: Array.from(fadeWith) } : {};
  putRaster(canvas, renderHeatmap({ image: large, segments: enlarge(labels, image.width, image.height, 1, f), shapValues, scale: 'max-abs', segmentNumbers, ...fade }));
}

/** Fills the colour bar (a CSS gradient of the heat map's own colours) and its labels. */
export function drawColorBar(bar: HTMLElement, labels: [HTMLElement, HTMLElement, HTMLElement], shapValues: ArrayLike<number>): void {
  const stops = Array.from({ length: 21 }, (_, i) => {
    const c = heatmapColor((2 * i) / 20 - 1);
    return `rgb(${c[0]}, ${c[1]}, ${c[2]}) ${(i * 5).toFixed(0)}%`;
  });
  bar.style.background = `linear-gradient(to right, ${stops.join(', ')})`;
  const scale = resolveScale('max-abs', shapValues);
  const text = scale > 0 ? [formatPhi(-scale), '0', formatPhi(scale)] : ['0', '0', '0'];
  labels.forEach((l, i) => (l.textContent = text[i]));
}

/**
 * Gaussian smoothing as `scipy.ndimage.gaussian_filter` computes it (SciPy 1.10,
 * `truncate=4`, mode `reflect`), so SLIC's optional pre-smoothing matches
 * scikit-image bit for bit where the transcendental functions agree. The blur
 * baseline of image explanations uses it too.
 */
import { pairwiseSum } from './pairwise-sum.js';

/**
 * The normalised taps `w[-r..r]` (returned with the centre at index `r`), with
 * `r = trunc(4·sigma + 0.5)`. Normalised by NumPy's pairwise sum of the taps.
 */
function gaussianKernel(sigma: number): Float64Array {
  const radius = Math.trunc(4 * sigma + 0.5);
  const taps = new Float64Array(2 * radius + 1);
  const factor = -0.5 / (sigma * sigma);
  for (let k = -radius; k <= radius; k++) taps[k + radius] = Math.exp(factor * (k * k));
  const sum = pairwiseSum(taps);
  for (let i = 0; i < taps.length; i++) taps[i] = taps[i] / sum;
  return taps;
}

/** Index of sample `i` of a line of length `n` under half-sample ("reflect") extension. */
function reflectIndex(i: number, n: number): number {
  const period = 2 * n;
  let m = i % period;
  if (m < 0) m += period;
  return m < n ? m : period - 1 - m;
}

/**
 * Filters every line along one axis of a strided float64 array in place.
 *
 * @param data - the samples.
 * @param lineCount - how many lines.
 * @param lineStart - offset of the first sample of line `l`.
 * @param length - samples per line.
 * @param stride - distance between consecutive samples of a line.
 */
function correlateLines(
  data: Float64Array,
  lineCount: number,
  lineStart: (line: number) => number,
  length: number,
  stride: number,
  taps: Float64Array,
): void {
  const r = (taps.length - 1) / 2;
  const w0 = taps[r];
  const padded = new Float64Array(length + 2 * r);
  for (let line = 0; line < lineCount; line++) {
    const base = lineStart(line);
    for (let i = -r; i < length + r; i++) padded[i + r] = data[base + reflectIndex(i, length) * stride];
    for (let i = 0; i < length; i++) {
      const c = i + r;
      // SciPy's symmetric-kernel order: centre first, then pairs from the outermost in.
      let acc = padded[c] * w0;
      for (let k = r; k >= 1; k--) acc += (padded[c + k] + padded[c - k]) * taps[r - k];
      data[base + i * stride] = acc;
    }
  }
}

/**
 * Smooths an interleaved `height × width × channels` image along depth (a single
 * plane), y and x, never across channels. An axis whose sigma is ≤ 1e-15 is skipped,
 * as SciPy does; the depth pass over a one-plane volume is the near-identity
 * `w0·v + Σ 2v·w_k` that SciPy also computes.
 */
export function gaussianFilter(
  data: Float64Array,
  height: number,
  width: number,
  channels: number,
  sigma: readonly [number, number, number],
): void {
  const [sz, sy, sx] = sigma;
  if (sz > 1e-15) {
    const taps = gaussianKernel(sz);
    correlateLines(data, data.length, (l) => l, 1, 1, taps);
  }
  if (sy > 1e-15) {
    const taps = gaussianKernel(sy);
    const rowStride = width * channels;
    correlateLines(data, width * channels, (l) => l, height, rowStride, taps);
  }
  if (sx > 1e-15) {
    const taps = gaussianKernel(sx);
    correlateLines(
      data,
      height * channels,
      (l) => Math.floor(l / channels) * width * channels + (l % channels),
      width,
      channels,
      taps,
    );
  }
}

/**
 * Superpixels as features: SLIC labels re-indexed densely 0..K−1, with each
 * segment's pixels stored as horizontal runs so that masking copies whole
 * spans instead of single pixels.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../../errors.js';
import type { PixelLabels } from './ndarray.js';

/**
 * Segments numbered 0..K−1 (feature j of the explanation is segment j).
 *
 * Dense index j is the j-th smallest SLIC label, so with scikit-image's
 * `start_label = 1` feature j is SLIC label j + 1: the notebook trap of masking
 * `labels == j` cannot happen here.
 */
export interface SegmentMap {
  readonly width: number;
  readonly height: number;
  /** K, the number of segments (features). */
  readonly numSegments: number;
  /** `height · width` dense segment indices 0..K−1, row-major. */
  readonly labels: Int32Array;
  /** `sourceLabels[j]` is the SLIC label of dense segment j. */
  readonly sourceLabels: Int32Array;
  /** Pixels per segment. */
  readonly sizes: Int32Array;
  /**
   * Runs of consecutive pixels (same row, same segment): run r of segment j is
   * `runs[2r]` (first pixel index) and `runs[2r + 1]` (length), for r from
   * `runStarts[j]` to `runStarts[j + 1] − 1`.
   */
  readonly runStarts: Int32Array;
  /** See {@link SegmentMap.runStarts}. */
  readonly runs: Int32Array;
}

/**
 * Re-indexes a segmentation densely and groups its pixels by segment.
 *
 * @throws {@link ValidationError} when `labels` does not hold `width · height` integers.
 */
export function toSegmentMap(segmentation: PixelLabels): SegmentMap {
  const { labels: source, width, height } = segmentation;
  if (!(source instanceof Int32Array) || source.length !== width * height || width < 1 || height < 1) {
    throw new ValidationError('segmentation.labels', source, `an Int32Array of width * height = ${width * height} labels`);
  }
  const distinct = Array.from(new Set(source)).sort((a, b) => a - b);
  const sourceLabels = Int32Array.from(distinct);
  const dense = new Map<number, number>();
  distinct.forEach((label, j) => dense.set(label, j));
  const K = distinct.length;
  const labels = new Int32Array(source.length);
  const sizes = new Int32Array(K);
  const runCounts = new Int32Array(K);
  for (let i = 0; i < source.length; i++) {
    const j = dense.get(source[i]) as number;
    labels[i] = j;
    sizes[j]++;
    if (i % width === 0 || labels[i - 1] !== j) runCounts[j]++;
  }
  const runStarts = new Int32Array(K + 1);
  for (let j = 0; j < K; j++) runStarts[j + 1] = runStarts[j] + runCounts[j];
  const runs = new Int32Array(2 * runStarts[K]);
  const next = runStarts.slice(0, K);
  for (let y = 0; y < height; y++) {
    let x = 0;
    while (x < width) {
      const i = y * width + x;
      const j = labels[i];
      let end = x + 1;
      while (end < width && labels[y * width + end] === j) end++;
      const r = next[j]++;
      runs[2 * r] = i;
      runs[2 * r + 1] = end - x;
      x = end;
    }
  }
  return { width, height, numSegments: K, labels, sourceLabels, sizes, runStarts, runs };
}

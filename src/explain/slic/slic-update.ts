/**
 * The centre update of the SLIC rounds: each centre's sums over its pixels, added in
 * raster order as scikit-image does, then one division.
 * @internal
 */
import type { Centres } from './slic-kmeans-types.js';

/** Centres whose sums one pass of the 3-channel centre update accumulates. */
const SUM_CAP = 4096;

/** Centre update: sequential sums in raster order, then one division (as scikit-image). */
export class CentreSums {
  /**
   * Per centre, `3 + C` doubles: pixel count, sum of y, sum of x, then the colour
   * sums. One array: every typed array touched in a loop adds its own checks.
   */
  private readonly acc: Float64Array;

  constructor(K: number, C: number) {
    this.acc = new Float64Array(K * (3 + C));
  }

  update(
    centres: Centres,
    features: Float64Array,
    labels: Int32Array,
    width: number,
    height: number,
    unset: number,
    startLabel: number,
    slicZero: boolean,
  ): void {
    const { count: K, channels: C } = centres;
    const acc = this.acc;
    // Parameters and fields as int32 once (docs/internals/slic.md, "Integers and locals").
    const stride = (3 + C) | 0, w = width | 0, none = unset | 0, first = startLabel | 0;
    acc.fill(0);
    if (C === 3) {
      // One pass per SUM_CAP centres: each centre's sums still add its pixels in raster order.
      for (let k0 = 0; k0 < K; k0 += SUM_CAP) sumRgbRuns(acc, features, labels, w, height, first, k0, Math.min(SUM_CAP, K - k0));
    } else {
      for (let y = 0; y < height; y++) {
        const row = Math.imul(y, w);
        let x = 0;
        while (x < w) {
          const l = labels[(row + x) | 0];
          let end = (x + 1) | 0;
          while (end < w && labels[(row + end) | 0] === l) end = (end + 1) | 0;
          if (l !== none) {
            const a = Math.imul(l - first, stride);
            addRunCoordinates(acc, a, y, x, end);
            for (let c = 0; c < C; c++) {
              let sum = acc[a + 3 + c];
              for (let q = row + x; q < row + end; q++) sum += features[q * C + c];
              acc[a + 3 + c] = sum;
            }
          }
          x = end;
        }
      }
    }
    for (let k = 0, a = 0; k < K; k++, a += stride) {
      const nk = acc[a];
      for (let c = 0; c < C; c++) centres.colour[k * C + c] = acc[a + 3 + c] / nk;
      centres.cz[k] = 0 / nk;
      centres.cy[k] = acc[a + 1] / nk;
      centres.cx[k] = acc[a + 2] / nk;
    }
    if (!slicZero) return;
    // SLICO: the largest colour distance of each segment's members only ever grows.
    for (let p = 0; p < labels.length; p++) {
      const l = labels[p];
      if (l === unset) continue;
      const k = l - startLabel;
      let dc = 0;
      for (let c = 0; c < C; c++) {
        const diff = features[p * C + c] - centres.colour[k * C + c];
        dc += diff * diff;
      }
      if (centres.maxDistColour[k] < dc) centres.maxDistColour[k] = dc;
    }
  }
}

/**
 * Adds a run of one label, row `y`, columns `x .. end − 1`, to its count and
 * coordinate sums at `acc[a..a+2]`. Coordinate sums are exact integers in float64,
 * so they may be added per run.
 */
function addRunCoordinates(acc: Float64Array, a: number, y: number, x: number, end: number): void {
  const len = end - x;
  acc[a] += len;
  acc[a + 1] += y * len;
  acc[a + 2] += ((x + end - 1) * len) / 2;
}

/**
 * {@link CentreSums.update}'s sums for 3 channels, run by run, for the centres
 * `k0 .. k0 + count − 1` ({@link SUM_CAP} at most), written to `acc` from `6·k0`: the
 * colour sums keep scikit-image's pixel-by-pixel order in register accumulators (the
 * same additions as the array elements would perform), and the loop that adds a
 * pixel also tests whether the next one continues the run, so each label is read once.
 */
const sumRgbRuns = createRgbRunSums();

/**
 * Builds {@link sumRgbRuns} once, with its accumulators as a constant of its closure
 * (docs/internals/slic.md, "Closure constants").
 */
function createRgbRunSums() {
  const sumScratch = new Float64Array(SUM_CAP * 6);
  return function sumRgbRuns(
    acc: Float64Array,
    features: Float64Array,
    labels: Int32Array,
    w: number,
    height: number,
    first: number,
    k0: number,
    count: number,
  ): void {
    const sums = sumScratch;
    // Labels of the centres summed here are `lowest .. lowest + count − 1`; any other
    // label (the unset one included) only ends a run.
    const lowest = (first + k0) | 0, span = count | 0;
    sums.fill(0, 0, span * 6);
    for (let y = 0; y < height; y++) {
      const row = Math.imul(y, w), rowEnd = (row + w) | 0;
      let p = row;
      while (p < rowEnd) {
        const l = labels[p];
        const start = p;
        p = (p + 1) | 0;
        const k = (l - lowest) | 0;
        if (k < 0 || k >= span) {
          while (p < rowEnd && labels[p] === l) p = (p + 1) | 0;
          continue;
        }
        // 3 + C = 6 doubles per centre (see CentreSums).
        const a = Math.imul(k, 6);
        let f = Math.imul(start, 3);
        let a0 = sums[(a + 3) | 0] + features[f], a1 = sums[(a + 4) | 0] + features[(f + 1) | 0], a2 = sums[(a + 5) | 0] + features[(f + 2) | 0];
        // Two pixels per pass while the run lasts: V8 re-checks both arrays after every
        // loop back-edge, so this halves those checks for the pixels of long runs.
        const pairEnd = (rowEnd - 1) | 0;
        for (; p < pairEnd && labels[p] === l && labels[(p + 1) | 0] === l; p = (p + 2) | 0) {
          a0 += features[(f + 3) | 0];
          a1 += features[(f + 4) | 0];
          a2 += features[(f + 5) | 0];
          a0 += features[(f + 6) | 0];
          a1 += features[(f + 7) | 0];
          a2 += features[(f + 8) | 0];
          f = (f + 6) | 0;
        }
        if (p < rowEnd && labels[p] === l) {
          a0 += features[(f + 3) | 0];
          a1 += features[(f + 4) | 0];
          a2 += features[(f + 5) | 0];
          p = (p + 1) | 0;
        }
        sums[(a + 3) | 0] = a0;
        sums[(a + 4) | 0] = a1;
        sums[(a + 5) | 0] = a2;
        addRunCoordinates(sums, a, y, start - row, p - row);
      }
    }
    for (let i = 0, o = k0 * 6; i < span * 6; i++, o++) acc[o] = sums[i];
  };
}

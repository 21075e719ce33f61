/**
 * A literal transcription of scikit-image's `_slic_cython` loop (2-D, no mask), kept
 * deliberately naive: a full distance image reset every round, centres visited in
 * ascending order, each overwriting the pixels of its window where it is strictly
 * closer. It is the independent reference the restructured k-means is tested against.
 */
import type { SlicKMeansInput } from '../../src/explain/slic/slic-kmeans.js';

export function referenceSlicKMeans(input: SlicKMeansInput): Int32Array {
  const { features, width, height, channels: C, maxNumIter, slicZero, startLabel } = input;
  const [sz, sy, sx] = input.spacing;
  const K = input.seedY.length;
  const labels = new Int32Array(width * height).fill(startLabel - 1);
  if (maxNumIter <= 0 || K === 0) return labels;
  const spatialWeight = 1 / (input.step * input.step);
  const cz = new Float64Array(K);
  const cy = Float64Array.from(input.seedY);
  const cx = Float64Array.from(input.seedX);
  const colour = new Float64Array(K * C);
  const maxDistColour = new Float64Array(K).fill(1);
  const distance = new Float64Array(width * height);
  const nearest = new Int32Array(width * height);

  for (let iter = 0; iter < maxNumIter; iter++) {
    distance.fill(Number.MAX_VALUE);
    nearest.fill(-1);
    for (let k = 0; k < K; k++) {
      const y0 = Math.trunc(Math.max(cy[k] - 2 * input.windowY, 0));
      const y1 = Math.trunc(Math.min(cy[k] + 2 * input.windowY + 1, height));
      const x0 = Math.trunc(Math.max(cx[k] - 2 * input.windowX, 0));
      const x1 = Math.trunc(Math.min(cx[k] + 2 * input.windowX + 1, width));
      if (Number.isNaN(cy[k]) || Number.isNaN(cx[k])) continue;
      const dz = (sz * (cz[k] - 0)) ** 2;
      for (let y = y0; y < y1; y++) {
        const dy = (sy * (cy[k] - y)) ** 2;
        for (let x = x0; x < x1; x++) {
          const dx = (sx * (cx[k] - x)) ** 2;
          let d = (dz + dy + dx) * spatialWeight;
          let dc = 0;
          for (let c = 0; c < C; c++) dc += (features[(y * width + x) * C + c] - colour[k * C + c]) ** 2;
          d = slicZero ? d + dc / maxDistColour[k] : d + dc;
          if (distance[y * width + x] > d) {
            distance[y * width + x] = d;
            nearest[y * width + x] = k;
          }
        }
      }
    }
    for (let p = 0; p < labels.length; p++) labels[p] = nearest[p] < 0 ? startLabel - 1 : nearest[p] + startLabel;
    if (iter === maxNumIter - 1) break;
    const count = new Float64Array(K);
    const sum = new Float64Array(K * (2 + C));
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const k = nearest[y * width + x];
        if (k < 0) continue;
        count[k] += 1;
        sum[k * (2 + C)] += y;
        sum[k * (2 + C) + 1] += x;
        for (let c = 0; c < C; c++) sum[k * (2 + C) + 2 + c] += features[(y * width + x) * C + c];
      }
    }
    for (let k = 0; k < K; k++) {
      cz[k] = 0 / count[k];
      cy[k] = sum[k * (2 + C)] / count[k];
      cx[k] = sum[k * (2 + C) + 1] / count[k];
      for (let c = 0; c < C; c++) colour[k * C + c] = sum[k * (2 + C) + 2 + c] / count[k];
    }
    if (slicZero) {
      for (let p = 0; p < labels.length; p++) {
        const k = nearest[p];
        if (k < 0) continue;
        let dc = 0;
        for (let c = 0; c < C; c++) dc += (features[p * C + c] - colour[k * C + c]) ** 2;
        if (maxDistColour[k] < dc) maxDistColour[k] = dc;
      }
    }
  }
  return labels;
}

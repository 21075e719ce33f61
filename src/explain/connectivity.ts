/**
 * SLIC's connectivity post-processing (scikit-image's
 * `_enforce_label_connectivity_cython`, 2-D): relabels connected components in
 * raster order, merges components smaller than `minSize` into the last adjacent
 * component met during their breadth-first search, and cuts components larger than
 * `maxSize` into pieces of at most `maxSize` pixels.
 */
export function enforceConnectivity(
  labels: Int32Array,
  width: number,
  height: number,
  minSize: number,
  maxSize: number,
  startLabel: number,
): Int32Array {
  const unset = startLabel - 1;
  const total = width * height;
  const out = new Int32Array(total).fill(unset);
  // BFS queue of pixel indices; scikit-image sizes it max_size (we keep one slot more
  // so a degenerate max_size of 0 cannot index outside it).
  const queue = new Int32Array(Math.max(maxSize, 1));
  let next = startLabel;

  for (let p = 0; p < total; p++) {
    if (labels[p] === unset || out[p] !== unset) continue;
    let adjacent = next;
    const lab = labels[p];
    out[p] = next;
    queue[0] = p;
    let size = 1;
    let visited = 0;
    while (visited < size && size < maxSize) {
      const q = queue[visited];
      const qx = q % width;
      // Neighbour order x+1, x-1, y+1, y-1 (z±1 never exist in 2-D).
      for (let i = 0; i < 4; i++) {
        let n: number;
        if (i === 0) {
          if (qx + 1 >= width) continue;
          n = q + 1;
        } else if (i === 1) {
          if (qx === 0) continue;
          n = q - 1;
        } else if (i === 2) {
          n = q + width;
          if (n >= total) continue;
        } else {
          n = q - width;
          if (n < 0) continue;
        }
        const o = out[n];
        if (labels[n] === lab && o === unset) {
          out[n] = next;
          queue[size++] = n;
          if (size >= maxSize) break;
        } else if (o > unset && o !== next) {
          adjacent = o;
        }
      }
      visited++;
    }
    if (size < minSize) {
      for (let i = 0; i < size; i++) out[queue[i]] = adjacent;
    } else {
      next++;
    }
  }
  return out;
}

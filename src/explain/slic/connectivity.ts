/**
 * SLIC's connectivity post-processing (scikit-image's
 * `_enforce_label_connectivity_cython`, 2-D): relabels connected components in
 * raster order, merges components smaller than `minSize` into the last adjacent
 * component met during their breadth-first search, and cuts components larger than
 * `maxSize` into pieces of at most `maxSize` pixels.
 *
 * The search runs on a copy framed by a one-pixel border (label `unset`, never
 * assigned), each pixel's label beside its output, so a neighbour needs no bounds
 * test and no `% width`: the border never matches a component's label and is never
 * adjacent, exactly like the neighbours scikit-image skips at the image's edges.
 * Neighbours are visited in scikit-image's order (x+1, x−1, y+1, y−1), which decides
 * where a large component is cut and which neighbour a small one joins.
 */
export function enforceConnectivity(
  labels: Int32Array,
  width: number,
  height: number,
  minSize: number,
  maxSize: number,
  startLabel: number,
): { labels: Int32Array; count: number } {
  const unset = startLabel - 1;
  // The loops are in helpers so that this function has none (docs/internals/slic.md,
  // "Functions that run once per call").
  const cells = framedCopy(labels, width, height, unset);
  // BFS queue of framed pixel indices; scikit-image sizes it max_size (we keep one
  // slot more so a degenerate max_size of 0 cannot index outside it).
  const queue = new Int32Array(Math.max(maxSize, 1));
  const count = search(cells, queue, width, height, minSize, maxSize, unset);
  return { labels: outputOf(cells, width, height), count };
}

/**
 * The labels framed by a one-pixel border of `unset`, pixel i's label at 2i and its
 * output (`unset` until searched) at 2i + 1: one cache line serves both reads.
 */
function framedCopy(labels: Int32Array, width: number, height: number, unset: number): Int32Array {
  const stride = width + 2;
  const cells = new Int32Array(2 * stride * (height + 2)).fill(unset);
  for (let y = 0, i = 2 * (stride + 1); y < height; y++, i += 4) {
    for (let p = y * width, end = p + width; p < end; p++, i += 2) cells[i] = labels[p];
  }
  return cells;
}

/** The outputs of the framed copy, unframed. */
function outputOf(cells: Int32Array, width: number, height: number): Int32Array {
  const stride = width + 2;
  const result = new Int32Array(width * height);
  for (let y = 0, i = 2 * (stride + 1) + 1; y < height; y++, i += 4) {
    for (let p = y * width, end = p + width; p < end; p++, i += 2) result[p] = cells[i];
  }
  return result;
}

/**
 * The raster-order searches of {@link enforceConnectivity}, on the framed copy.
 * Returns the number of distinct output labels: every label it numbers survives (a
 * merged component takes an existing one), plus the last `next` if a small component
 * took it, plus `unset` where an input pixel has it.
 */
function search(
  cells: Int32Array,
  queue: Int32Array,
  width: number,
  height: number,
  minSize: number,
  maxSize: number,
  unset: number,
): number {
  // Parameters as int32 once (docs/internals/slic.md, "Integers and locals").
  const stride = (2 * (width + 2)) | 0, none = unset | 0, cap = maxSize | 0;
  // What joinOrLabel returns for a neighbour that joined: no label has this value.
  const joined = (none - 1) | 0;
  let next = (unset + 1) | 0;
  let unsetSeen = 0;
  // A small component with no labelled neighbour keeps `next` without advancing it;
  // that label counts only if no later component advances past it.
  let nextUsed = 0;
  // The count, kept up to date in the loop: see the note on the return.
  let count = 0;
  const first = next;
  for (let y = 1; y <= height; y++) {
    for (let p = Math.imul(y, stride) + 2, end = p + 2 * width; p < end; p += 2) {
      const lab = cells[p];
      if (lab === none) {
        unsetSeen = 1;
        count = (next - first + nextUsed + unsetSeen) | 0;
        continue;
      }
      if (cells[p + 1] !== none) continue;
      let adjacent = next;
      cells[p + 1] = next;
      queue[0] = p;
      let size = 1;
      // Neighbours in scikit-image's order: x+1, x−1, y+1, y−1 (two cells per pixel).
      // A neighbour that joins grows the queue; one labelled by an earlier component
      // becomes the adjacent label.
      search: for (let visited = 0; visited < size && size < cap; visited = (visited + 1) | 0) {
        const q = queue[visited];
        // Four calls rather than a loop over the offsets, which measured slower.
        let o = joinOrLabel(cells, queue, size, (q + 2) | 0, lab, next, none);
        if (o === joined) {
          if ((size = (size + 1) | 0) >= cap) break search;
        } else if (o !== none && o !== next) adjacent = o;
        o = joinOrLabel(cells, queue, size, (q - 2) | 0, lab, next, none);
        if (o === joined) {
          if ((size = (size + 1) | 0) >= cap) break search;
        } else if (o !== none && o !== next) adjacent = o;
        o = joinOrLabel(cells, queue, size, (q + stride) | 0, lab, next, none);
        if (o === joined) {
          if ((size = (size + 1) | 0) >= cap) break search;
        } else if (o !== none && o !== next) adjacent = o;
        o = joinOrLabel(cells, queue, size, (q - stride) | 0, lab, next, none);
        if (o === joined) {
          if ((size = (size + 1) | 0) >= cap) break search;
        } else if (o !== none && o !== next) adjacent = o;
      }
      if (size < minSize) {
        for (let i = 0; i < size; i++) cells[queue[i] + 1] = adjacent;
        if (adjacent === next) nextUsed = 1;
      } else {
        next = (next + 1) | 0;
        nextUsed = 0;
      }
      count = (next - first + nextUsed + unsetSeen) | 0;
    }
  }
  // The count is kept in the loop, not computed here: see docs/internals/slic.md,
  // "Functions that run once per call".
  return count;
}

/**
 * One neighbour `n` of a search for label `lab`: with that label and no output yet, it
 * joins the component (output `next`, appended to the queue at `size`) and the result
 * is `none − 1`; otherwise the result is its output (`none` when it has none).
 */
function joinOrLabel(cells: Int32Array, queue: Int32Array, size: number, n: number, lab: number, next: number, none: number): number {
  const o = cells[(n + 1) | 0];
  if (o !== none) return o;
  if (cells[n] !== lab) return none;
  cells[(n + 1) | 0] = next;
  queue[size] = n;
  return (none - 1) | 0;
}

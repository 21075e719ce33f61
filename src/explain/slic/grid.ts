/**
 * The seed grid of scikit-image's `skimage.util.regular_grid`, for the 3-D shape
 * (depth, height, width) that SLIC always uses internally.
 */

/** One axis of a regular grid: seeds at `start, start + step, …` below the axis length. */
export interface GridAxis {
  readonly start: number;
  readonly step: number;
}

/** Round half to even, as NumPy's `np.round` (JavaScript's `Math.round` rounds .5 up). */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Start and integer step per axis of `regular_grid(shape, nPoints)`, in the axis
 * order of `shape`. When the shape holds no more than `nPoints` cells every cell is
 * a seed (start 0, step 1).
 */
export function regularGrid(shape: readonly number[], nPoints: number): GridAxis[] {
  const ndim = shape.length;
  const total = shape.reduce((a, b) => a * b, 1);
  if (total <= nPoints) return shape.map(() => ({ start: 0, step: 1 }));

  // Stable argsort: equal dimensions keep their order (NumPy's small-array sort is
  // an insertion sort, so stable, for the 3 axes used here).
  const order = shape.map((_, i) => i).sort((a, b) => shape[a] - shape[b] || a - b);
  const sorted = order.map((i) => shape[i]);
  const steps = new Array<number>(ndim).fill(Math.pow(total / nPoints, 1 / ndim));
  if (sorted.some((d, i) => d < steps[i])) {
    for (let dim = 0; dim < ndim; dim++) {
      steps[dim] = sorted[dim];
      let rest = 1;
      for (let j = dim + 1; j < ndim; j++) rest *= sorted[j];
      const remaining = ndim - dim - 1;
      // 2-D special case of Python's `x ** (1/2)`: glibc pow(x, 0.5) and sqrt agree on
      // every grid decision (see algorithms reference §1.7).
      const s = remaining === 2 ? Math.sqrt(rest / nPoints) : Math.pow(rest / nPoints, 1 / remaining);
      for (let j = dim + 1; j < ndim; j++) steps[j] = s;
      if (sorted.every((d, i) => d >= steps[i])) break;
    }
  }
  const axes = new Array<GridAxis>(ndim);
  for (let i = 0; i < ndim; i++) {
    axes[order[i]] = { start: Math.floor(steps[i] / 2), step: roundHalfEven(steps[i]) };
  }
  return axes;
}

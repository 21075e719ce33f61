/**
 * k-means with k-means++ seeding on numeric points: {@link kPrototypes} without
 * categorical columns.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../../errors.js';
import { kPrototypes, type KPrototypesOptions } from './k-prototypes.js';

/** Options of {@link kMeans}: those of k-prototypes but γ, which has no role here. */
export type KMeansOptions = Omit<KPrototypesOptions, 'gamma'>;

/** Result of {@link kMeans}. */
export interface KMeansResult {
  /** Clusters found: k, or the number of distinct points when that is smaller. */
  readonly k: number;
  /** Each point's cluster. */
  readonly labels: Int32Array;
  /** Points per cluster. */
  readonly sizes: Int32Array;
  /** Each cluster's centre (the mean of its points). */
  readonly centres: number[][];
  /** Σ of every point's squared distance to its centre. */
  readonly inertia: number;
  /** Rounds run by the run kept. */
  readonly iterations: number;
}

/**
 * Clusters points with Lloyd's k-means from a greedy k-means++ seeding (scikit-learn's
 * `KMeans(init="k-means++", n_init=1)` in method; its random draws differ). Deterministic
 * for a seed.
 *
 * @example
 * ```ts
 * import { kMeans } from 'clarify-ts/explain';
 *
 * const { centres, sizes } = kMeans([[0, 0], [0, 1], [10, 10], [10, 11]], { k: 2, seed: 3 });
 * // centres ≈ [[0, 0.5], [10, 10.5]] (in some order), sizes [2, 2]
 * ```
 */
export function kMeans(points: readonly (readonly number[])[], options: KMeansOptions): KMeansResult {
  if (!Array.isArray(points) || points.length === 0) {
    throw new ValidationError('points', points, 'a non-empty array of points');
  }
  const p = Array.isArray(points[0]) ? points[0].length : 0;
  const n = points.length;
  const numeric = new Float64Array(n * p);
  points.forEach((point, i) => {
    if (!Array.isArray(point) || point.length !== p || p === 0) {
      throw new ValidationError(`points[${i}]`, point, `an array of ${p || 'at least 1'} numbers, like points[0]`);
    }
    for (let c = 0; c < p; c++) {
      const x: unknown = point[c];
      if (typeof x !== 'number' || !Number.isFinite(x)) throw new ValidationError(`points[${i}][${c}]`, x, 'a finite number');
      numeric[i * p + c] = x;
    }
  });
  const result = kPrototypes({ n, p, numeric, q: 0, codes: new Int32Array(0), levels: new Int32Array(0) }, options);
  return {
    k: result.k,
    labels: result.labels,
    sizes: result.sizes,
    centres: Array.from({ length: result.k }, (_, j) => Array.from(result.means.subarray(j * p, (j + 1) * p))),
    inertia: result.cost,
    iterations: result.iterations,
  };
}

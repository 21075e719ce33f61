/**
 * k-prototypes clustering (Huang 1998) of rows with numeric and categorical columns:
 * the cost of a row against a prototype is the squared Euclidean distance over the
 * numeric columns plus γ times the number of categorical columns that differ; a
 * prototype holds the means of its rows' numeric columns and the modes of their
 * categorical ones. Without categorical columns it is k-means (Lloyd's algorithm).
 *
 * @packageDocumentation
 */
import { ValidationError } from '../../errors.js';
import { SeededRandom, validateSeed } from '../numeric/random.js';
import { seedCentres } from './cluster-seeding.js';

/** Rows split into their numeric and categorical parts, row-major. */
export interface MixedRows {
  /** Number of rows. */
  readonly n: number;
  /** Numeric columns per row. */
  readonly p: number;
  /** The numeric values, `numeric[i * p + c]`. */
  readonly numeric: Float64Array;
  /** Categorical columns per row. */
  readonly q: number;
  /** The categories as codes 0, 1, … per column (in order of first appearance), `codes[i * q + c]`. */
  readonly codes: Int32Array;
  /** Number of categories of each categorical column. */
  readonly levels: Int32Array;
}

/** Options of {@link kPrototypes}. */
export interface KPrototypesOptions {
  /** Clusters wanted, an integer ≥ 1; fewer are returned when fewer rows are distinct. */
  readonly k: number;
  /**
   * Weight of one categorical mismatch against squared numeric distance.
   * @default half the mean standard deviation of the numeric columns (the `kmodes`
   *   package's default), or 1 without numeric columns
   */
  readonly gamma?: number | undefined;
  /**
   * Seed of the k-means++ draws: the same seed gives the same clusters.
   * @default 0
   */
  readonly seed?: number | undefined;
  /**
   * Runs from different seedings; the one of lowest cost is kept.
   * @default 1 (scikit-learn's `n_init="auto"` for k-means++)
   */
  readonly nInit?: number | undefined;
  /**
   * Most assign-and-update rounds per run; a run also stops when no row changes cluster.
   * @default 300
   */
  readonly maxIterations?: number | undefined;
}

/** Result of {@link kPrototypes}. */
export interface KPrototypesResult {
  /** Clusters found: k, or the number of distinct rows when that is smaller. */
  readonly k: number;
  /** Each row's cluster. */
  readonly labels: Int32Array;
  /** Rows per cluster. */
  readonly sizes: Int32Array;
  /** Prototypes' numeric part (means), `k × p` row-major. */
  readonly means: Float64Array;
  /** Prototypes' categorical part (modes; ties to the lowest code), `k × q` row-major. */
  readonly modes: Int32Array;
  /** The sum of every row's cost against its prototype. */
  readonly cost: number;
  /** γ used. */
  readonly gamma: number;
  /** Rounds run by the run kept. */
  readonly iterations: number;
}

/**
 * Clusters mixed rows with k-prototypes: greedy k-means++ seeding under the mixed cost,
 * then batch rounds of "assign every row to its cheapest prototype (ties to the lower
 * cluster), recompute means and modes" until no row moves. A cluster left empty takes
 * the row that costs most against its own prototype. Deterministic for a seed.
 *
 * @example
 * ```ts
 * import { kPrototypes } from 'clarify-ts/explain';
 *
 * // Two numeric columns and one categorical column (codes 0 and 1).
 * const rows = { n: 4, p: 2, numeric: Float64Array.of(0, 0, 0, 1, 9, 9, 9, 8), q: 1, codes: Int32Array.of(0, 0, 1, 1), levels: Int32Array.of(2) };
 * const { labels } = kPrototypes(rows, { k: 2, seed: 1 }); // rows 0, 1 together; rows 2, 3 together
 * ```
 */
export function kPrototypes(rows: MixedRows, options: KPrototypesOptions): KPrototypesResult {
  const { n, p, q } = rows;
  const kWanted = options.k;
  if (typeof kWanted !== 'number' || !Number.isSafeInteger(kWanted) || kWanted < 1) {
    throw new ValidationError('k', kWanted, 'an integer >= 1');
  }
  if (n < 1) throw new ValidationError('rows', n, 'at least one row');
  const seed = options.seed ?? 0;
  validateSeed(seed, 'seed');
  const nInit = options.nInit ?? 1;
  if (typeof nInit !== 'number' || !Number.isSafeInteger(nInit) || nInit < 1) {
    throw new ValidationError('nInit', nInit, 'an integer >= 1');
  }
  const maxIterations = options.maxIterations ?? 300;
  if (typeof maxIterations !== 'number' || !Number.isSafeInteger(maxIterations) || maxIterations < 1) {
    throw new ValidationError('maxIterations', maxIterations, 'an integer >= 1');
  }
  const gamma = options.gamma ?? defaultGamma(rows);
  if (typeof gamma !== 'number' || !Number.isFinite(gamma) || gamma <= 0) {
    throw new ValidationError('gamma', gamma, 'a finite number > 0');
  }

  const random = new SeededRandom(seed);
  let best: KPrototypesResult | undefined;
  for (let run = 0; run < nInit; run++) {
    const result = runOnce(rows, kWanted, gamma, maxIterations, random);
    if (best === undefined || result.cost < best.cost) best = result;
  }
  return best as KPrototypesResult;
}

/**
 * Half the mean (population) standard deviation of the numeric columns; 1 without any.
 * @internal
 */
export function defaultGamma(rows: MixedRows): number {
  const { n, p, numeric } = rows;
  if (p === 0) return 1;
  let total = 0;
  for (let c = 0; c < p; c++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += numeric[i * p + c];
    mean /= n;
    let variance = 0;
    for (let i = 0; i < n; i++) variance += (numeric[i * p + c] - mean) ** 2;
    total += Math.sqrt(variance / n);
  }
  const gamma = (0.5 * total) / p;
  return gamma > 0 ? gamma : 1;
}

function runOnce(rows: MixedRows, kWanted: number, gamma: number, maxIterations: number, random: SeededRandom): KPrototypesResult {
  const { n, p, q, numeric, codes } = rows;
  const pointCost = (i: number, j: number): number => {
    let cost = 0;
    for (let c = 0; c < p; c++) {
      const diff = numeric[i * p + c] - numeric[j * p + c];
      cost += diff * diff;
    }
    for (let c = 0; c < q; c++) if (codes[i * q + c] !== codes[j * q + c]) cost += gamma;
    return cost;
  };
  const seeds = seedCentres(n, kWanted, pointCost, random);
  const k = seeds.length;
  const means = new Float64Array(k * p);
  const modes = new Int32Array(k * q);
  seeds.forEach((i, j) => {
    for (let c = 0; c < p; c++) means[j * p + c] = numeric[i * p + c];
    for (let c = 0; c < q; c++) modes[j * q + c] = codes[i * q + c];
  });
  const prototypeCost = (i: number, j: number): number => {
    let cost = 0;
    for (let c = 0; c < p; c++) {
      const diff = numeric[i * p + c] - means[j * p + c];
      cost += diff * diff;
    }
    for (let c = 0; c < q; c++) if (codes[i * q + c] !== modes[j * q + c]) cost += gamma;
    return cost;
  };

  const labels = new Int32Array(n).fill(-1);
  const costs = new Float64Array(n);
  const sizes = new Int32Array(k);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    let moved = 0;
    sizes.fill(0);
    for (let i = 0; i < n; i++) {
      let bestCluster = 0;
      let bestCost = prototypeCost(i, 0);
      for (let j = 1; j < k; j++) {
        const cost = prototypeCost(i, j);
        if (cost < bestCost) {
          bestCost = cost;
          bestCluster = j;
        }
      }
      if (labels[i] !== bestCluster) moved++;
      labels[i] = bestCluster;
      costs[i] = bestCost;
      sizes[bestCluster]++;
    }
    const relocated = relocateEmpty(labels, costs, sizes);
    if (moved === 0 && !relocated && iterations > 0) break;
    updatePrototypes(rows, labels, sizes, k, means, modes);
  }
  let cost = 0;
  for (let i = 0; i < n; i++) cost += prototypeCost(i, labels[i]);
  return { k, labels, sizes, means, modes, cost, gamma, iterations };
}

/** Gives each empty cluster the row that costs most against its own prototype (from a cluster of 2 or more). */
function relocateEmpty(labels: Int32Array, costs: Float64Array, sizes: Int32Array): boolean {
  let relocated = false;
  for (let j = 0; j < sizes.length; j++) {
    if (sizes[j] > 0) continue;
    let far = -1;
    for (let i = 0; i < labels.length; i++) {
      if (sizes[labels[i]] > 1 && (far < 0 || costs[i] > costs[far])) far = i;
    }
    if (far < 0) break;
    sizes[labels[far]]--;
    labels[far] = j;
    costs[far] = 0;
    sizes[j] = 1;
    relocated = true;
  }
  return relocated;
}

/** Means of the numeric columns and modes (lowest code on ties) of the categorical ones, per cluster. */
function updatePrototypes(rows: MixedRows, labels: Int32Array, sizes: Int32Array, k: number, means: Float64Array, modes: Int32Array): void {
  const { n, p, q, numeric, codes, levels } = rows;
  means.fill(0);
  for (let i = 0; i < n; i++) {
    const j = labels[i];
    for (let c = 0; c < p; c++) means[j * p + c] += numeric[i * p + c];
  }
  for (let j = 0; j < k; j++) for (let c = 0; c < p; c++) means[j * p + c] /= sizes[j];
  for (let c = 0; c < q; c++) {
    const counts = new Int32Array(k * levels[c]);
    for (let i = 0; i < n; i++) counts[labels[i] * levels[c] + codes[i * q + c]]++;
    for (let j = 0; j < k; j++) {
      let mode = 0;
      for (let v = 1; v < levels[c]; v++) if (counts[j * levels[c] + v] > counts[j * levels[c] + mode]) mode = v;
      modes[j * q + c] = mode;
    }
  }
}

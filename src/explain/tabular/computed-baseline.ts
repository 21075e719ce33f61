/**
 * The baseline Clarify computes when `methods.shap.baseline` is absent: the data set
 * summarised by clustering it into `num_clusters` clusters.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../../errors.js';
import { kPrototypes, type MixedRows } from './k-prototypes.js';
import type { TabularRow, TabularValue } from './tabular-predictor.js';
import { categoryKey, checkRow } from './tabular-values.js';

/** Options of {@link computeBaseline}. */
export interface ComputedBaselineOptions {
  /** The rows to summarise (the data set, or a sample of it), features only. */
  readonly rows: readonly TabularRow[];
  /** Clusters, hence baseline rows, wanted (Clarify's `num_clusters`); fewer when fewer rows are distinct. */
  readonly numClusters: number;
  /**
   * Which columns are categorical (compared by equality, summarised by their mode).
   * @default a column is categorical when any of its values is a string or a boolean
   */
  readonly categorical?: readonly boolean[] | undefined;
  /**
   * Seed of the k-means++ draws.
   * @default 0
   */
  readonly seed?: number | undefined;
  /**
   * k-prototypes' weight of a categorical mismatch.
   * @default half the mean standard deviation of the numeric columns
   */
  readonly gamma?: number | undefined;
  /**
   * Clusterings tried from different seedings; the cheapest is kept.
   * @default 1
   */
  readonly nInit?: number | undefined;
  /**
   * Most rounds of a clustering.
   * @default 300
   */
  readonly maxIterations?: number | undefined;
  /**
   * Replace each numeric value of a centre by the nearest value of that column in `rows`
   * (the first such row on ties), as `shap.kmeans(..., round_values=True)` does, so that
   * integer codes and one-hot columns stay valid model inputs.
   * @default true
   */
  readonly roundToData?: boolean | undefined;
}

/** Result of {@link computeBaseline}. */
export interface ComputedBaseline {
  /** One row per cluster: numeric columns the cluster's mean (rounded to the data), categorical columns its mode. */
  readonly rows: TabularRow[];
  /** Each row's weight: its cluster's share of the rows (they sum to 1); pass as `baselineWeights`. */
  readonly weights: number[];
  /** Rows per cluster. */
  readonly sizes: number[];
  /** `'k-means'` when every column is numeric, `'k-prototypes'` otherwise. */
  readonly method: 'k-means' | 'k-prototypes';
  /** Each input row's cluster. */
  readonly labels: Int32Array;
}

/**
 * Summarises a data set into a baseline of `numClusters` weighted rows.
 *
 * What Clarify documents: without a `baseline`, it "computes a baseline dataset via a
 * clustering algorithm (K-means/K-prototypes)" whose result has `num_clusters` rows, and
 * saves it under `explanations_shap/` (SageMaker Python SDK's `SHAPConfig` docstring; the
 * developer guide's "Analysis results" page). What it does not document, and what this
 * function chooses: k-means on the numeric columns when no column is categorical,
 * k-prototypes (Huang) with the `kmodes` package's γ otherwise; greedy k-means++ seeding
 * from a seed (default 0, so the baseline is repeatable); centres as baseline rows with
 * numeric values rounded to the nearest value in the data and weights equal to the
 * clusters' shares, as `shap.kmeans` summarises a background; no scaling of columns (as
 * `shap.kmeans`). Clarify's own default `num_clusters` is not documented either: the
 * caller chooses it.
 *
 * @example
 * ```ts
 * import { computeBaseline, explainTabularRecord } from 'clarify-ts/explain';
 *
 * const baseline = computeBaseline({ rows: dataset, numClusters: 10 });
 * await explainTabularRecord({ record, baseline: baseline.rows, baselineWeights: baseline.weights, predict });
 * ```
 */
export function computeBaseline(options: ComputedBaselineOptions): ComputedBaseline {
  const { rows } = options;
  if (!Array.isArray(rows) || rows.length === 0) throw new ValidationError('rows', rows, 'a non-empty array of rows');
  checkRow(rows[0], undefined, 'rows[0]');
  const width = rows[0].length;
  rows.forEach((row, i) => checkRow(row, width, `rows[${i}]`));
  const numClusters = options.numClusters;
  if (typeof numClusters !== 'number' || !Number.isSafeInteger(numClusters) || numClusters < 1) {
    throw new ValidationError('numClusters', numClusters, 'an integer >= 1');
  }
  const categorical = options.categorical ?? Array.from({ length: width }, (_, c) => rows.some((row) => typeof row[c] !== 'number'));
  if (!Array.isArray(categorical) || categorical.length !== width) {
    throw new ValidationError('categorical', categorical, `an array of ${width} booleans, one per column`);
  }

  const numericColumns = categorical.flatMap((isCategorical, c) => (isCategorical ? [] : [c]));
  const categoricalColumns = categorical.flatMap((isCategorical, c) => (isCategorical ? [c] : []));
  const mixed = splitRows(rows, numericColumns, categoricalColumns);
  const result = kPrototypes(mixed.rows, {
    k: numClusters,
    seed: options.seed,
    gamma: options.gamma,
    nInit: options.nInit,
    maxIterations: options.maxIterations,
  });

  const roundToData = options.roundToData ?? true;
  const p = numericColumns.length;
  const q = categoricalColumns.length;
  const baseline: TabularRow[] = Array.from({ length: result.k }, (_, j) => {
    const row: TabularValue[] = new Array<TabularValue>(width);
    numericColumns.forEach((column, c) => {
      const mean = result.means[j * p + c];
      row[column] = roundToData ? nearestInColumn(mixed.rows, c, mean) : mean;
    });
    categoricalColumns.forEach((column, c) => {
      row[column] = mixed.categories[c][result.modes[j * q + c]];
    });
    return row;
  });
  const n = rows.length;
  return {
    rows: baseline,
    weights: Array.from(result.sizes, (size) => size / n),
    sizes: Array.from(result.sizes),
    method: q === 0 ? 'k-means' : 'k-prototypes',
    labels: result.labels,
  };
}

/** The rows as k-prototypes' input, and each categorical column's categories by code. */
function splitRows(rows: readonly TabularRow[], numericColumns: number[], categoricalColumns: number[]): { rows: MixedRows; categories: TabularValue[][] } {
  const n = rows.length;
  const p = numericColumns.length;
  const q = categoricalColumns.length;
  const numeric = new Float64Array(n * p);
  const codes = new Int32Array(n * q);
  const categories: TabularValue[][] = categoricalColumns.map(() => []);
  const codeOf = categoricalColumns.map(() => new Map<string, number>());
  rows.forEach((row, i) => {
    numericColumns.forEach((column, c) => {
      const x = row[column];
      if (typeof x !== 'number' || !Number.isFinite(x)) {
        throw new ValidationError(`rows[${i}][${column}]`, x, 'a finite number (the column is numeric; mark it in `categorical` otherwise)');
      }
      numeric[i * p + c] = x;
    });
    categoricalColumns.forEach((column, c) => {
      const key = categoryKey(row[column]);
      let code = codeOf[c].get(key);
      if (code === undefined) {
        code = categories[c].length;
        codeOf[c].set(key, code);
        categories[c].push(row[column]);
      }
      codes[i * q + c] = code;
    });
  });
  const levels = Int32Array.from(categories, (values) => values.length);
  return { rows: { n, p, numeric, q, codes, levels }, categories };
}

/** The value of numeric column `c` closest to `x` (the first row's on ties). */
function nearestInColumn(rows: MixedRows, c: number, x: number): number {
  const { n, p, numeric } = rows;
  let best = numeric[c];
  let bestDistance = Math.abs(best - x);
  for (let i = 1; i < n; i++) {
    const distance = Math.abs(numeric[i * p + c] - x);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = numeric[i * p + c];
    }
  }
  return best;
}

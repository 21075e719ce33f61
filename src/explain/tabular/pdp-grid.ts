/**
 * The grid of a partial dependence plot and the data's distribution over it, as Clarify
 * lays them out in `analysis.json`'s `explanations.pdp`.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../../errors.js';
import type { TabularValue } from './tabular-predictor.js';
import { categoryKey } from './tabular-values.js';

/** Clarify's `data_type` of a PDP feature. */
export type PdpDataType = 'numerical' | 'categorical';

/** Options of {@link pdpGrid}. */
export interface PdpGridOptions {
  /** Buckets of a numerical feature (Clarify's `grid_resolution`, required there), an integer ≥ 1. */
  readonly gridResolution: number;
  /**
   * Whether the feature is numerical or categorical.
   * @default `'numerical'` when every value is a number, `'categorical'` otherwise
   */
  readonly dataType?: PdpDataType | undefined;
}

/** The grid of one feature. */
export interface PdpGrid {
  /** The data type the grid was made for. */
  readonly dataType: PdpDataType;
  /**
   * The values the feature is set to (Clarify's `feature_values`): for a numerical
   * feature the centres of `gridResolution` equal-width buckets between its minimum and
   * maximum; for a categorical one its distinct values, in order of first appearance.
   */
  readonly featureValues: TabularValue[];
  /** The share of the values in each bucket or category (Clarify's `data_distribution`); sums to 1. */
  readonly dataDistribution: number[];
}

/**
 * The PDP grid of one feature from its values in the data set.
 *
 * Numerical: Clarify documents `feature_values` as "the central values of each of the
 * `grid_resolution` number of buckets"; the centres are computed as NumPy's
 * `linspace(min + w/2, max − w/2, grid_resolution)` with w = (max − min) / grid_resolution,
 * which reproduces the developer guide's example to the last digit (20.4, 23.2, 26.0,
 * 28.799999999999997, 31.599999999999998, …). The buckets are those of NumPy's
 * `histogram(values, grid_resolution)` (half-open, the last one closed). A feature with a
 * single value gets a single grid point, holding all the data.
 *
 * @example
 * ```ts
 * import { pdpGrid } from 'clarify-ts/explain';
 *
 * pdpGrid([0, 1, 2, 3, 10], { gridResolution: 5 });
 * // { dataType: 'numerical', featureValues: [1, 3, 5, 7, 9], dataDistribution: [0.4, 0.4, 0, 0, 0.2] }
 * pdpGrid(['a', 'b', 'a'], { gridResolution: 5 });
 * // { dataType: 'categorical', featureValues: ['a', 'b'], dataDistribution: [2/3, 1/3] }
 * ```
 */
export function pdpGrid(values: readonly TabularValue[], options: PdpGridOptions): PdpGrid {
  if (!Array.isArray(values) || values.length === 0) {
    throw new ValidationError('values', values, "a non-empty array of the feature's values");
  }
  const R = options.gridResolution;
  if (typeof R !== 'number' || !Number.isSafeInteger(R) || R < 1) {
    throw new ValidationError('gridResolution', R, 'an integer >= 1');
  }
  const dataType = options.dataType ?? (values.every((v) => typeof v === 'number') ? 'numerical' : 'categorical');
  if (dataType !== 'numerical' && dataType !== 'categorical') {
    throw new ValidationError('dataType', dataType, "'numerical' or 'categorical'");
  }
  return dataType === 'numerical' ? numericalGrid(values, R) : categoricalGrid(values);
}

function numericalGrid(values: readonly TabularValue[], R: number): PdpGrid {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  values.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new ValidationError(`values[${i}]`, x, 'a finite number (the feature is numerical)');
    }
    if (x < min) min = x;
    if (x > max) max = x;
  });
  const n = values.length;
  if (min === max) return { dataType: 'numerical', featureValues: [min], dataDistribution: [1] };
  const width = (max - min) / R;
  const featureValues = linspace(min + width / 2, max - width / 2, R);
  const edges = linspace(min, max, R + 1);
  const counts = new Float64Array(R);
  const norm = R / (max - min);
  for (const value of values) {
    const x = value as number;
    // NumPy's histogram: a first guess from the scaled value, corrected against the edges.
    let bucket = Math.floor((x - min) * norm);
    if (bucket >= R) bucket = R - 1;
    if (x < edges[bucket]) bucket--;
    else if (bucket !== R - 1 && x >= edges[bucket + 1]) bucket++;
    counts[bucket]++;
  }
  return { dataType: 'numerical', featureValues, dataDistribution: Array.from(counts, (c) => c / n) };
}

function categoricalGrid(values: readonly TabularValue[]): PdpGrid {
  const index = new Map<string, number>();
  const featureValues: TabularValue[] = [];
  const counts: number[] = [];
  for (const value of values) {
    const key = categoryKey(value);
    let i = index.get(key);
    if (i === undefined) {
      i = featureValues.length;
      index.set(key, i);
      featureValues.push(value);
      counts.push(0);
    }
    counts[i]++;
  }
  return { dataType: 'categorical', featureValues, dataDistribution: counts.map((c) => c / values.length) };
}

/**
 * NumPy's `linspace(start, stop, num)`: i·step + start, the last point exactly `stop`.
 * @internal
 */
export function linspace(start: number, stop: number, num: number): number[] {
  if (num === 1) return [start];
  const step = (stop - start) / (num - 1);
  const points = Array.from({ length: num }, (_, i) => i * step + start);
  points[num - 1] = stop;
  return points;
}

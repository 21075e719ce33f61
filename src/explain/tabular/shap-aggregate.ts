/**
 * Global SHAP values from local ones, as Clarify's `methods.shap.agg_method` defines them,
 * in one pass or shard by shard.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../../errors.js';
import { ExactSum } from './exact-sum.js';

/**
 * How local SHAP values become global ones (Clarify's `agg_method`):
 * - `'mean_abs'`: the mean of |φ| over the records (Clarify's default);
 * - `'median'`: the median of φ (signed) over the records; of an even count, the mean of
 *   the two middle values, as NumPy's `median`;
 * - `'mean_sq'`: the mean of φ² over the records, with no square root taken (Clarify
 *   documents "mean of squared SHAP values", and so this is in squared output units).
 */
export type ShapAggMethod = 'mean_abs' | 'median' | 'mean_sq';

/** The local SHAP values of one record: φ per output and feature, `[output][feature]`. */
export type LocalShapValues = readonly ArrayLike<number>[];

/**
 * What a shard contributes to the global values, as plain data (it survives JSON):
 * for `'mean_abs'` and `'mean_sq'` exact sums of |φ| or φ² (their {@link ExactSum}
 * partials), so that merged shards give the one-pass result bit for bit; for `'median'`,
 * which no summary of a shard can give exactly, the local values themselves.
 */
export interface ShapAggregate {
  /** The method these sums or values are for. */
  readonly aggMethod: ShapAggMethod;
  /** Records folded in. */
  readonly count: number;
  /** Outputs per record. */
  readonly outputs: number;
  /** Features per record. */
  readonly features: number;
  /** `'mean_abs'` / `'mean_sq'`: the partials of Σ|φ| or Σφ², `[output][feature]`. */
  readonly sums?: number[][][];
  /** `'median'`: the local values, `[output][feature][record]`. */
  readonly values?: number[][][];
}

/** The agg methods Clarify accepts. */
export const SHAP_AGG_METHODS: readonly ShapAggMethod[] = ['mean_abs', 'median', 'mean_sq'];

/**
 * Global SHAP values of `local` (one entry per record): `[output][feature]`.
 *
 * @example
 * ```ts
 * import { aggregateShap } from 'clarify-ts/explain';
 *
 * // Two records, one output, two features.
 * aggregateShap([[[0.5, -1]], [[-0.25, 3]]], 'mean_abs'); // [Float64Array [0.375, 2]]
 * ```
 */
export function aggregateShap(local: readonly LocalShapValues[], aggMethod: ShapAggMethod = 'mean_abs'): Float64Array[] {
  return finishShapAggregate(accumulateShap(local, aggMethod));
}

/** A shard's {@link ShapAggregate}: what {@link mergeShapAggregates} combines. */
export function accumulateShap(local: readonly LocalShapValues[], aggMethod: ShapAggMethod = 'mean_abs'): ShapAggregate {
  if (!SHAP_AGG_METHODS.includes(aggMethod)) {
    throw new ValidationError('aggMethod', aggMethod, "'mean_abs', 'median' or 'mean_sq'");
  }
  if (!Array.isArray(local) || local.length === 0) {
    throw new ValidationError('local', local, 'a non-empty array of local SHAP values, one [output][feature] array per record');
  }
  const outputs = local[0].length;
  const features = outputs > 0 ? local[0][0].length : 0;
  local.forEach((phi, r) => checkShape(phi, outputs, features, r));
  if (aggMethod === 'median') {
    const values = Array.from({ length: outputs }, (_, d) =>
      Array.from({ length: features }, (_, j) => local.map((phi) => phi[d][j])),
    );
    return { aggMethod, count: local.length, outputs, features, values };
  }
  const square = aggMethod === 'mean_sq';
  const sums = Array.from({ length: outputs }, (_, d) =>
    Array.from({ length: features }, (_, j) => {
      const sum = new ExactSum();
      for (const phi of local) {
        const x = phi[d][j];
        sum.add(square ? x * x : Math.abs(x));
      }
      return sum.partials;
    }),
  );
  return { aggMethod, count: local.length, outputs, features, sums };
}

/**
 * Combines shards' aggregates (all of one method and shape) into one, as if every record
 * had been folded in together: exact sums are merged exactly, median values concatenated
 * (in the order of `parts`; the median does not depend on it).
 */
export function mergeShapAggregates(parts: readonly ShapAggregate[]): ShapAggregate {
  if (!Array.isArray(parts) || parts.length === 0) {
    throw new ValidationError('parts', parts, 'a non-empty array of ShapAggregate');
  }
  const { aggMethod, outputs, features } = parts[0];
  parts.forEach((part, p) => {
    if (part.aggMethod !== aggMethod || part.outputs !== outputs || part.features !== features) {
      throw new ValidationError(
        `parts[${p}]`,
        `${part.aggMethod} over ${part.outputs} outputs × ${part.features} features`,
        `${aggMethod} over ${outputs} outputs × ${features} features, like parts[0]`,
      );
    }
  });
  const count = parts.reduce((n, part) => n + part.count, 0);
  if (aggMethod === 'median') {
    const values = Array.from({ length: outputs }, (_, d) =>
      Array.from({ length: features }, (_, j) => parts.flatMap((part) => (part.values as number[][][])[d][j])),
    );
    return { aggMethod, count, outputs, features, values };
  }
  const sums = Array.from({ length: outputs }, (_, d) =>
    Array.from({ length: features }, (_, j) => {
      const sum = new ExactSum();
      for (const part of parts) sum.merge((part.sums as number[][][])[d][j]);
      return sum.partials;
    }),
  );
  return { aggMethod, count, outputs, features, sums };
}

/** The global SHAP values of an aggregate: `[output][feature]`. */
export function finishShapAggregate(aggregate: ShapAggregate): Float64Array[] {
  const { aggMethod, count, outputs, features } = aggregate;
  return Array.from({ length: outputs }, (_, d) => {
    const global = new Float64Array(features);
    for (let j = 0; j < features; j++) {
      global[j] =
        aggMethod === 'median'
          ? median((aggregate.values as number[][][])[d][j])
          : new ExactSum((aggregate.sums as number[][][])[d][j]).value() / count;
    }
    return global;
  });
}

/** NumPy's median: the middle value, or the mean of the two middle values. */
function median(values: readonly number[]): number {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const half = n >> 1;
  return n % 2 === 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
}

function checkShape(phi: LocalShapValues, outputs: number, features: number, record: number): void {
  if (!Array.isArray(phi) || phi.length !== outputs || outputs === 0) {
    throw new ValidationError(`local[${record}]`, phi, `an array of ${outputs || 'at least 1'} output rows, like local[0]`);
  }
  for (let d = 0; d < outputs; d++) {
    const row = phi[d];
    if (row === null || typeof row !== 'object' || row.length !== features || features === 0) {
      throw new ValidationError(`local[${record}][${d}]`, row, `${features || 'at least 1'} SHAP values, like local[0][0]`);
    }
    for (let j = 0; j < features; j++) {
      if (typeof row[j] !== 'number' || !Number.isFinite(row[j])) {
        throw new ValidationError(`local[${record}][${d}][${j}]`, row[j], 'a finite number');
      }
    }
  }
}

/**
 * Partial dependence of a tabular model on one feature: the mean model output over a set
 * of rows with that feature set to each value of a grid.
 *
 * @packageDocumentation
 */
import { ModelError, ValidationError, throwIfAborted } from '../../errors.js';
import { guardedCall } from '../model/model-call.js';
import type { TabularPredictor, TabularRow, TabularValue } from './tabular-predictor.js';
import { checkRow } from './tabular-values.js';

/** Options of {@link partialDependence}. */
export interface PartialDependenceOptions {
  /** The rows averaged over: the data set, or a sample of it (features only). */
  readonly rows: readonly TabularRow[];
  /** The feature's column index. */
  readonly feature: number;
  /** The values the feature is set to (a {@link pdpGrid}'s `featureValues`). */
  readonly featureValues: readonly TabularValue[];
  /** The model; the only way out of the algorithm. */
  readonly predict: TabularPredictor;
  /**
   * Most rows per `predict` call. Changes neither the rows nor the result.
   * @default 1024
   */
  readonly batchSize?: number | undefined;
  /**
   * Stops the work between model calls (the promise rejects with an `AbortError`).
   * @default undefined (not abortable)
   */
  readonly signal?: AbortSignal | undefined;
}

/** Result of {@link partialDependence}. */
export interface PartialDependence {
  /**
   * The mean model output per output and grid value, `[output][value]` (Clarify's
   * `model_predictions`: one list per output class). Raw model outputs, no link.
   */
  readonly modelPredictions: number[][];
  /** Rows sent to `predict`: rows × grid values. */
  readonly modelRows: number;
  /** `predict` calls made. */
  readonly modelCalls: number;
}

/**
 * The partial dependence of the model on `feature`: for each grid value v, the mean over
 * `rows` of f(row with the feature set to v). The rows are sent grid value after grid
 * value, in calls of at most `batchSize` rows; each mean is a sequential sum over the
 * rows in their order, divided by their number.
 *
 * @example
 * ```ts
 * import { partialDependence, pdpGrid } from 'clarify-ts/explain';
 *
 * const ages = dataset.map((row) => row[0]);
 * const grid = pdpGrid(ages, { gridResolution: 15 });
 * const { modelPredictions } = await partialDependence({ rows: dataset, feature: 0, featureValues: grid.featureValues, predict });
 * modelPredictions[0]; // mean output 0 at each of the 15 ages
 * ```
 */
export async function partialDependence(options: PartialDependenceOptions): Promise<PartialDependence> {
  const { rows, feature, featureValues, predict, signal } = options;
  if (!Array.isArray(rows) || rows.length === 0) throw new ValidationError('rows', rows, 'a non-empty array of rows');
  checkRow(rows[0], undefined, 'rows[0]');
  const width = rows[0].length;
  rows.forEach((row, i) => checkRow(row, width, `rows[${i}]`));
  if (typeof feature !== 'number' || !Number.isSafeInteger(feature) || feature < 0 || feature >= width) {
    throw new ValidationError('feature', feature, `a column index from 0 to ${width - 1}`);
  }
  if (!Array.isArray(featureValues) || featureValues.length === 0) {
    throw new ValidationError('featureValues', featureValues, 'a non-empty array of grid values');
  }
  checkRow(featureValues, undefined, 'featureValues');
  if (typeof predict !== 'function') throw new ValidationError('predict', predict, 'a function (rows, signal) => output vectors');
  const batchSize = options.batchSize ?? 1024;
  if (typeof batchSize !== 'number' || !Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new ValidationError('batchSize', batchSize, 'an integer >= 1');
  }
  throwIfAborted(signal);

  const n = rows.length;
  const G = featureValues.length;
  const total = n * G;
  let sums: Float64Array[] | undefined; // [output], G sums each
  let outputs = -1;
  let call = 0;
  for (let first = 0; first < total; first += batchSize) {
    const count = Math.min(batchSize, total - first);
    const batch: TabularRow[] = new Array(count);
    for (let r = 0; r < count; r++) {
      const index = first + r;
      const row = rows[index % n].slice();
      row[feature] = featureValues[Math.floor(index / n)];
      batch[r] = row;
    }
    const thisCall = call++;
    const vectors = await guardedCall({ call: thisCall }, signal, () => predict(batch, signal));
    throwIfAborted(signal);
    if (!Array.isArray(vectors) || vectors.length !== count) {
      const got = Array.isArray(vectors) ? `${vectors.length} output vectors` : 'no array';
      throw new ModelError(`Model call ${thisCall} returned ${got} for ${count} rows; expected one output vector per row`, { call: thisCall });
    }
    for (let r = 0; r < count; r++) {
      const vector = vectors[r];
      const length = vector !== null && typeof vector === 'object' ? vector.length : undefined;
      if (outputs < 0) {
        if (typeof length !== 'number' || length < 1) {
          throw new ModelError(`Model call ${thisCall} returned ${String(vector)} for row ${r}; expected a non-empty array of numbers`, { call: thisCall, index: r });
        }
        outputs = length;
        sums = Array.from({ length: outputs }, () => new Float64Array(G));
      }
      if (length !== outputs) {
        throw new ModelError(`Model call ${thisCall} returned ${length ?? String(vector)} outputs for row ${r}; expected ${outputs} like the first row`, { call: thisCall, index: r });
      }
      const g = Math.floor((first + r) / n);
      for (let d = 0; d < outputs; d++) {
        const y = vector[d];
        if (typeof y !== 'number' || !Number.isFinite(y)) {
          throw new ModelError(`Model call ${thisCall} returned ${String(y)} at output ${d} for row ${r}; expected finite numbers`, { call: thisCall, index: r });
        }
        (sums as Float64Array[])[d][g] += y;
      }
    }
  }
  return {
    modelPredictions: (sums as Float64Array[]).map((s) => Array.from(s, (sum) => sum / n)),
    modelRows: total,
    modelCalls: call,
  };
}

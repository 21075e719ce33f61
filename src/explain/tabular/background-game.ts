/**
 * Kernel SHAP's value function over rows, as shap's `KernelExplainer` defines it with a
 * background (baseline) data set: the value of a coalition S of features is the weighted
 * mean over baseline rows b of f(x_S ∪ b_¬S), the model's output on b with the features
 * of S taken from the explained record x.
 *
 * @internal
 * @packageDocumentation
 */
import { ModelError } from '../../errors.js';
import type { TabularPredictor, TabularRow } from './tabular-predictor.js';

/**
 * The coalition model that {@link kernelShap} calls: each batch of masks over the
 * varying features becomes one `predict` call over all the rows the batch needs, and
 * each mask's value the weighted mean of its rows' outputs.
 *
 * - the full coalition (every varying feature present) is the record itself: one row,
 *   its output f(x), as shap uses f(x) for the full coalition;
 * - the empty coalition is the baseline rows as they are (shap's `fnull`);
 * - any other coalition is a copy of each baseline row with the present features
 *   overwritten by the record's values. Features that do not vary keep the baseline
 *   row's value, as in shap.
 */
export class BackgroundGame {
  /** Rows sent to `predict` so far. */
  modelRows = 0;
  /** `predict` calls so far. */
  modelCalls = 0;
  /** Outputs per row, known after the first call. */
  private outputs = -1;
  /** Scratch: the columns a coalition takes from the record. */
  private readonly present: Int32Array;

  /**
   * @param weights - one per baseline row, non-negative, summing to 1.
   * @param varying - the record's varying features: mask position k is feature `varying[k]`.
   */
  constructor(
    private readonly record: TabularRow,
    private readonly baseline: readonly TabularRow[],
    private readonly weights: Float64Array,
    private readonly varying: readonly number[],
    private readonly predict: TabularPredictor,
  ) {
    this.present = new Int32Array(varying.length);
  }

  /** The value of each mask: link-free model outputs, averaged over the baseline. */
  async evaluate(masks: readonly Uint8Array[], signal: AbortSignal | undefined): Promise<Float64Array[]> {
    const { record, baseline, varying } = this;
    const N = baseline.length;
    const rows: TabularRow[] = [];
    // Where each mask's rows start in `rows`, and how many it has (1 or N).
    const first = new Int32Array(masks.length);
    const count = new Int32Array(masks.length);
    const present = this.present;
    for (let m = 0; m < masks.length; m++) {
      const mask = masks[m];
      // The columns this coalition takes from the record.
      let size = 0;
      for (let k = 0; k < mask.length; k++) if (mask[k] === 1) present[size++] = varying[k];
      first[m] = rows.length;
      if (size === mask.length) {
        rows.push(record);
        count[m] = 1;
      } else if (size === 0) {
        for (let b = 0; b < N; b++) rows.push(baseline[b]);
        count[m] = N;
      } else {
        for (let b = 0; b < N; b++) {
          const row = baseline[b].slice();
          for (let t = 0; t < size; t++) row[present[t]] = record[present[t]];
          rows.push(row);
        }
        count[m] = N;
      }
    }

    const call = this.modelCalls++;
    this.modelRows += rows.length;
    const vectors = await this.predict(rows, signal);
    const D = this.checkShape(vectors, rows.length, call);

    const values: Float64Array[] = new Array(masks.length);
    for (let m = 0; m < masks.length; m++) {
      const value = new Float64Array(D);
      const start = first[m];
      if (count[m] === 1) {
        addRow(value, vectors[start], 1, D, call, start);
      } else {
        // A sequential weighted sum over the baseline rows, as shap's compute_exp_val.
        for (let b = 0; b < N; b++) addRow(value, vectors[start + b], this.weights[b], D, call, start + b);
      }
      values[m] = value;
    }
    return values;
  }

  /**
   * f(x) and the baseline's weighted mean of f in one call of N + 1 rows, for a record
   * with no varying feature (no mask to evaluate): `[mean over the baseline, f(x)]`.
   */
  async ends(signal: AbortSignal | undefined): Promise<[Float64Array, Float64Array]> {
    const { record, baseline } = this;
    const rows: TabularRow[] = [record, ...baseline];
    const call = this.modelCalls++;
    this.modelRows += rows.length;
    const vectors = await this.predict(rows, signal);
    const D = this.checkShape(vectors, rows.length, call);
    const full = new Float64Array(D);
    addRow(full, vectors[0], 1, D, call, 0);
    const empty = new Float64Array(D);
    for (let b = 0; b < baseline.length; b++) addRow(empty, vectors[1 + b], this.weights[b], D, call, 1 + b);
    return [empty, full];
  }

  /** Checks one vector per row, all of the first call's length; returns that length. */
  private checkShape(vectors: ReadonlyArray<ArrayLike<number>>, rows: number, call: number): number {
    if (!Array.isArray(vectors) || vectors.length !== rows) {
      const got = Array.isArray(vectors) ? `${vectors.length} output vectors` : 'no array';
      throw new ModelError(`Model call ${call} returned ${got} for ${rows} rows; expected one output vector per row`, {
        call,
      });
    }
    if (this.outputs < 0) {
      const length = lengthOf(vectors[0]);
      if (length < 1) {
        throw new ModelError(`Model call ${call} returned ${describe(vectors[0])} for row 0; expected a non-empty array of numbers`, {
          call,
          index: 0,
        });
      }
      this.outputs = length;
    }
    const D = this.outputs;
    for (let r = 0; r < rows; r++) {
      if (lengthOf(vectors[r]) !== D) {
        throw new ModelError(`Model call ${call} returned ${describe(vectors[r])} for row ${r}; expected ${D} outputs like the first row`, {
          call,
          index: r,
        });
      }
    }
    return D;
  }
}

/** value += weight · vector, checking that the vector holds finite numbers. */
function addRow(value: Float64Array, vector: ArrayLike<number>, weight: number, D: number, call: number, row: number): void {
  for (let d = 0; d < D; d++) {
    const y = vector[d];
    if (typeof y !== 'number' || !Number.isFinite(y)) {
      throw new ModelError(`Model call ${call} returned ${String(y)} at output ${d} for row ${row}; expected finite numbers`, {
        call,
        index: row,
      });
    }
    value[d] += weight * y;
  }
}

function lengthOf(vector: unknown): number {
  const length = vector !== null && typeof vector === 'object' ? (vector as ArrayLike<unknown>).length : undefined;
  return typeof length === 'number' ? length : -1;
}

function describe(vector: unknown): string {
  const length = lengthOf(vector);
  return length < 0 ? String(vector) : `a vector of length ${length}`;
}

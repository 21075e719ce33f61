/**
 * Table rows as the float matrix `[N, F]` a scikit-learn model exported to ONNX reads.
 *
 * @packageDocumentation
 */
import { ModelError, describeValue } from '../../errors.js';
import type { TabularRow } from './tabular-model.js';

/** Where the rows go, for messages. @internal */
export interface MatrixTarget {
  /** The model, as its `describe` says. */
  readonly model: string;
  /** The ONNX input's name and element type, e.g. `'X' (float32)`. */
  readonly input: string;
  /** Feature names, index-aligned with the row values, when known. */
  readonly featureNames?: readonly string[];
}

function column(target: MatrixTarget, j: number): string {
  const name = target.featureNames?.[j];
  return name === undefined ? `column ${j}` : `feature '${name}' (column ${j})`;
}

/**
 * Writes `rows` (records `first`… of the call) into `into`, row-major, `width` values a
 * row: numbers as they are (NaN included: tree ensembles route missing values), booleans
 * as 1 and 0.
 *
 * @throws {@link ModelError} for a row of another width, or a string (a categorical value
 *   the model cannot read: it must be encoded as the model was trained, before the model),
 *   naming the record and the column.
 * @internal
 */
export function writeRows(rows: readonly TabularRow[], first: number, width: number, into: Float32Array | Float64Array, target: MatrixTarget): void {
  rows.forEach((row, r) => {
    const at = first + r;
    if (!Array.isArray(row) || row.length !== width) {
      throw new ModelError(
        `${target.model}: record ${at} has ${Array.isArray(row) ? `${row.length} values` : describeValue(row)}; its input ${target.input} takes ${width} features a row`,
        { index: at },
      );
    }
    for (let j = 0; j < width; j++) {
      const v: unknown = row[j];
      if (typeof v === 'number') into[r * width + j] = v;
      else if (typeof v === 'boolean') into[r * width + j] = v ? 1 : 0;
      else {
        throw new ModelError(
          `${target.model}: record ${at} has ${describeValue(v)} in ${column(target, j)}, but its input ${target.input} takes numbers only; ` +
            'encode categorical features as the model was trained (one-hot, ordinal) before calling it',
          { index: at },
        );
      }
    }
  });
}

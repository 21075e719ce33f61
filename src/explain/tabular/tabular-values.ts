/**
 * Comparing tabular feature values: when two values count as the same (shap's test for
 * "non-varying" features), and a key that tells categories apart.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../../errors.js';
import type { TabularRow, TabularValue } from './tabular-predictor.js';

/**
 * Whether `a` and `b` count as the same feature value. Numbers compare as NumPy's
 * `isclose(a, b, equal_nan=True)` does with `b` the reference: |a − b| ≤ 1e-8 + 1e-5·|b|,
 * and NaN equals NaN (shap's `KernelExplainer` uses this test to find the features that
 * do not vary). Strings and booleans compare with `===`; values of different types are
 * never the same (the number 1 is not the string `"1"`).
 */
export function sameValue(a: TabularValue, b: TabularValue): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a === b) return true;
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
    return Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b);
  }
  return a === b;
}

/**
 * The features of `record` that differ from at least one baseline row (by
 * {@link sameValue}), ascending. The others cannot change the model's output in any
 * coalition, so shap gives them φ = 0 and leaves them out of M; so does
 * {@link explainTabularRecord}.
 */
export function varyingFeatures(record: TabularRow, baseline: readonly TabularRow[]): number[] {
  const varying: number[] = [];
  for (let j = 0; j < record.length; j++) {
    for (const row of baseline) {
      if (!sameValue(record[j], row[j])) {
        varying.push(j);
        break;
      }
    }
  }
  return varying;
}

/**
 * A string that is equal for two values exactly when they are the same category:
 * the type and the value (`n:1`, `s:1`, `b:true`), so that the number 1 and the string
 * `"1"` stay apart. Numbers use their shortest round-trip form (−0 as 0, NaN as `n:NaN`).
 */
export function categoryKey(value: TabularValue): string {
  if (typeof value === 'number') return `n:${Object.is(value, -0) ? 0 : value}`;
  if (typeof value === 'string') return `s:${value}`;
  return `b:${value}`;
}

/**
 * Throws {@link ValidationError} unless `row` is an array of `width` numbers, strings or
 * booleans (`width` undefined: any length ≥ 1). `field` names it in the message.
 * @internal
 */
export function checkRow(row: unknown, width: number | undefined, field: string): asserts row is TabularRow {
  if (!Array.isArray(row) || row.length === 0 || (width !== undefined && row.length !== width)) {
    const got = Array.isArray(row) ? `${row.length} values` : row;
    throw new ValidationError(field, got, width === undefined ? 'a non-empty array of feature values' : `an array of ${width} feature values`);
  }
  for (let j = 0; j < row.length; j++) {
    const value: unknown = row[j];
    if (typeof value !== 'number' && typeof value !== 'string' && typeof value !== 'boolean') {
      throw new ValidationError(`${field}[${j}]`, value, 'a number, a string or a boolean');
    }
  }
}

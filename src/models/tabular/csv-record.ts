/**
 * One record as a line of a `text/csv` request body, written as Clarify's examples show
 * (`'"This is a good product",5'`): pandas' `to_csv` with Python's `QUOTE_NONNUMERIC`.
 *
 * @packageDocumentation
 */
import { pythonFloatRepr } from '../../python/float.js';
import type { TabularValue, TabularRow } from './tabular-model.js';

/**
 * One CSV field:
 * - a string is always quoted, its `"` doubled (`QUOTE_NONNUMERIC`), so a text feature
 *   such as `"1,5"` or `"yes"` never reads back as a number or as two fields;
 * - an integral number is written as an int (`40`), any other as Python's `repr` of the
 *   float (`0.25`, `1e-05`, `1e+16`), since a JavaScript number does not say whether the
 *   column was int or float;
 * - NaN is an empty field (pandas' `na_rep`), infinities `inf` and `-inf`;
 * - booleans are `True` and `False`, unquoted (Python's `bool` is numeric).
 *
 * @example
 * ```ts
 * csvField('Bad "shopping"'); // '"Bad ""shopping"""'
 * csvField(1e-5);             // '1e-05'
 * ```
 */
export function csvField(value: TabularValue): string {
  if (typeof value === 'string') return `"${value.replaceAll('"', '""')}"`;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (Number.isNaN(value)) return '';
  if (value === Number.POSITIVE_INFINITY) return 'inf';
  if (value === Number.NEGATIVE_INFINITY) return '-inf';
  if (Number.isSafeInteger(value)) return String(value);
  return pythonFloatRepr(value);
}

/** One record as a CSV line, without its line end: `1,2,"text",0.5`. */
export function csvRecord(row: TabularRow): string {
  return row.map(csvField).join(',');
}

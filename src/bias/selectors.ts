/**
 * Turning a batch's column into per-row codes: 1 where a row equals a configured value
 * (categorical), 1 where it falls in a threshold's interval (continuous), or the index of
 * the row's value among the column's values (a facet without configured values).
 *
 * @packageDocumentation
 */
import type { ColumnDtype, ColumnValues } from '../table/table.js';
import { categoryKey, parsePythonInt, type PyValue } from './python-values.js';

/** How a column's rows become codes. */
export type Selector =
  | {
      /** Code 1 where the row equals one of the values (pandas' categorical `==`), else 0. */
      readonly kind: 'match';
      readonly numbers: ReadonlySet<number>;
      readonly strings: ReadonlySet<string>;
    }
  | {
      /** Code 1 where `left < x <= right` (pandas' `(left, right]`), else 0; never when `empty`. */
      readonly kind: 'interval';
      readonly left: number;
      readonly right: number;
      readonly empty: boolean;
      /** Predicted values are cast to the label's int dtype first (truncated). */
      readonly truncate: boolean;
    }
  | {
      /** The index of the row's value among the column's distinct values. */
      readonly kind: 'each';
      readonly numbers: ReadonlyMap<number, number>;
      readonly strings: ReadonlyMap<string, number>;
    };

/** A `match` selector for `values` on a column of `dtype`. */
export function matchSelector(dtype: ColumnDtype, values: readonly PyValue[]): Selector {
  const numbers = new Set<number>();
  const strings = new Set<string>();
  for (const v of values) {
    const key = categoryKey(dtype, v);
    if (key === undefined) continue;
    if (key.startsWith('s')) strings.add(key.slice(1));
    else numbers.add(Number(key.slice(1)));
  }
  return { kind: 'match', numbers, strings };
}

/** An `each` selector over a column's distinct `values` (as its facts list them). */
export function eachSelector(values: readonly PyValue[]): Selector {
  const numbers = new Map<number, number>();
  const strings = new Map<string, number>();
  values.forEach((v, i) => {
    if (v.type === 'str') strings.set(v.value, i);
    else numbers.set(v.type === 'bool' ? (v.value ? 1 : 0) : v.value, i);
  });
  return { kind: 'each', numbers, strings };
}

/** A number of an object cell of a continuous column (`pd.to_numeric`). */
function objectCellNumber(raw: string | number | boolean): number {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'boolean') return raw ? 1 : 0;
  return parsePythonInt(raw) ?? Number(raw);
}

/** Writes each row's code to `out` (length ≥ rows). */
export function applySelector(selector: Selector, column: ColumnValues, out: Int32Array): void {
  const n = column.values.length;
  if (column.dtype !== 'object') {
    const values = column.values;
    switch (selector.kind) {
      case 'match': {
        const set = selector.numbers;
        for (let i = 0; i < n; i++) out[i] = set.has(values[i] as number) ? 1 : 0;
        return;
      }
      case 'interval': {
        if (selector.empty) {
          out.fill(0, 0, n);
          return;
        }
        const { left, right, truncate } = selector;
        for (let i = 0; i < n; i++) {
          const x = truncate ? Math.trunc(values[i] as number) : (values[i] as number);
          out[i] = left < x && x <= right ? 1 : 0;
        }
        return;
      }
      case 'each': {
        const map = selector.numbers;
        for (let i = 0; i < n; i++) out[i] = map.get(values[i] as number) ?? -1;
        return;
      }
    }
  }
  const values = column.values;
  switch (selector.kind) {
    case 'match':
      for (let i = 0; i < n; i++) {
        const raw = values[i] as string | number | boolean;
        out[i] = (typeof raw === 'string' ? selector.strings.has(raw) : selector.numbers.has(Number(raw))) ? 1 : 0;
      }
      return;
    case 'interval': {
      if (selector.empty) {
        out.fill(0, 0, n);
        return;
      }
      const { left, right, truncate } = selector;
      for (let i = 0; i < n; i++) {
        const v = objectCellNumber(values[i] as string | number | boolean);
        const x = truncate ? Math.trunc(v) : v;
        out[i] = left < x && x <= right ? 1 : 0;
      }
      return;
    }
    case 'each':
      for (let i = 0; i < n; i++) {
        const raw = values[i] as string | number | boolean;
        out[i] = (typeof raw === 'string' ? selector.strings.get(raw) : selector.numbers.get(Number(raw))) ?? -1;
      }
      return;
  }
}

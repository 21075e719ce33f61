/**
 * Python's view of the values smclarify compares and prints: ints, floats, strings and
 * bools, their `str()`, pandas' interval strings, equality as a pandas categorical column
 * of each dtype tests it, and the conversions smclarify applies to configured values
 * (`int()`, `float()`, `str()`, `bool()`).
 *
 * Pure: no Node APIs (this layer runs in a browser).
 *
 * @packageDocumentation
 */
import type { ColumnDtype } from '../table/table.js';
import { BiasDataError } from '../errors.js';

/** A value as Python sees it. `text` keeps an int's exact digits beyond 2^53 (from a `bigint`). */
export type PyValue =
  | { readonly type: 'int'; readonly value: number; readonly text?: string }
  | { readonly type: 'float'; readonly value: number }
  | { readonly type: 'str'; readonly value: string }
  | { readonly type: 'bool'; readonly value: boolean };

/** Python's `repr` of a float (also numpy's `str` of a float64): shortest round-trip digits, `1.0`, `1e-05`, `1e+16`. */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa = '', exponentText = '0'] = x.toExponential().split('e');
  const exponent = Number(exponentText);
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  if (exponent >= -4 && exponent < 16) {
    if (exponent >= 0) {
      const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
      const fraction = digits.slice(exponent + 1);
      return `${sign}${whole}.${fraction === '' ? '0' : fraction}`;
    }
    return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  }
  const head = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${head}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/** Python's `str()` of an int given as a JavaScript number (no exponent, whatever its size). */
export function pythonIntStr(x: number): string {
  return Number.isSafeInteger(x) ? String(x) : BigInt(x).toString();
}

/** Python's `str()` of a value: `1`, `1.0`, `abc`, `True`. */
export function pyStr(v: PyValue): string {
  switch (v.type) {
    case 'int':
      return v.text ?? pythonIntStr(v.value);
    case 'float':
      return pythonFloatRepr(v.value);
    case 'str':
      return v.value;
    case 'bool':
      return v.value ? 'True' : 'False';
  }
}

/** A row's value of a column of `dtype`, as Python sees it (object numbers: integral → int, else float). */
export function pyValueOf(dtype: ColumnDtype, raw: string | number | boolean): PyValue {
  switch (dtype) {
    case 'int64':
      return { type: 'int', value: Number(raw) };
    case 'float64':
      return { type: 'float', value: Number(raw) };
    case 'bool':
      return { type: 'bool', value: raw === true || raw === 1 };
    case 'object':
      if (typeof raw === 'string') return { type: 'str', value: raw };
      if (typeof raw === 'boolean') return { type: 'bool', value: raw };
      return Number.isInteger(raw) ? { type: 'int', value: raw } : { type: 'float', value: raw };
  }
}

/** The number of a numeric or bool value (True → 1), or `undefined` for a string. */
export function pyNumber(v: PyValue): number | undefined {
  if (v.type === 'str') return undefined;
  if (v.type === 'bool') return v.value ? 1 : 0;
  return v.value;
}

/**
 * A key under which Python's `==`/`hash` put equal values together in an object column:
 * `1`, `1.0` and `True` share one key; strings have their own.
 */
export function pyKey(v: PyValue): string {
  if (v.type === 'str') return `s${v.value}`;
  return `n${String(pyNumber(v))}`;
}

/**
 * Whether `value` (configured) equals a row of a categorical column of `dtype`, as pandas'
 * `categorical == scalar` decides it: int64 categories take ints and integral floats, float64
 * ones ints and floats, bool ones bools only, object ones anything Python's `==` calls equal.
 */
export function categoryKey(dtype: ColumnDtype, value: PyValue): string | undefined {
  switch (dtype) {
    case 'int64':
      if (value.type === 'int') return `n${String(value.value)}`;
      if (value.type === 'float' && Number.isInteger(value.value)) return `n${String(value.value)}`;
      return undefined;
    case 'float64':
      return value.type === 'int' || value.type === 'float' ? `n${String(value.value)}` : undefined;
    case 'bool':
      return value.type === 'bool' ? `n${value.value ? 1 : 0}` : undefined;
    case 'object':
      return pyKey(value);
  }
}

const PY_INT = /^\s*[+-]?\d(?:_?\d)*\s*$/;
const PY_FLOAT =
  /^\s*[+-]?(?:(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?|inf(?:inity)?|nan)\s*$/i;

/** Python's `int(text)`, or `undefined` where Python raises "invalid literal for int() with base 10". */
export function parsePythonInt(text: string): number | undefined {
  return PY_INT.test(text) ? Number(text.trim().replace(/_/g, '')) : undefined;
}

/** Python's `float(text)`, or `undefined` where Python raises "could not convert string to float". */
export function parsePythonFloat(text: string): number | undefined {
  if (!PY_FLOAT.test(text)) return undefined;
  const t = text.trim().replace(/_/g, '').toLowerCase();
  const sign = t.startsWith('-') ? -1 : 1;
  const body = t.replace(/^[+-]/, '');
  if (body === 'inf' || body === 'infinity') return sign * Infinity;
  if (body === 'nan') return NaN;
  return Number(t);
}

/** Python's quoting of a string in an error message (`repr`, close enough for messages). */
export function pyRepr(v: PyValue): string {
  return v.type === 'str' ? `'${v.value}'` : pyStr(v);
}

/** The Python type of a column's `series[0]`: what smclarify converts configured values to. */
export type PyTargetType = 'numpy-int' | 'numpy-float' | 'numpy-bool' | 'int' | 'float' | 'str' | 'bool';

/** The type of `first`, the column's first value, for a column of `dtype`. */
export function targetTypeOf(dtype: ColumnDtype, first: PyValue): PyTargetType {
  if (dtype === 'int64') return 'numpy-int';
  if (dtype === 'float64') return 'numpy-float';
  if (dtype === 'bool') return 'numpy-bool';
  return first.type;
}

const NOT_POSITIVE =
  "'label' has not positive elements. Double-check if 'label' and 'positive_label_values'have correct data-types or values.";

function toInt(v: PyValue): number | undefined {
  switch (v.type) {
    case 'int':
      return v.value;
    case 'float':
      return Math.trunc(v.value);
    case 'bool':
      return v.value ? 1 : 0;
    case 'str':
      return parsePythonInt(v.value);
  }
}

function toFloat(v: PyValue): number {
  if (v.type !== 'str') return pyNumber(v) as number;
  const parsed = parsePythonFloat(v.value);
  if (parsed === undefined) throw new BiasDataError(`could not convert string to float: '${v.value}'`);
  return parsed;
}

/**
 * smclarify's `convert_positive_label_values`: when no row equals any configured value, the
 * values are converted to the type of the column's first value and matched again. Values
 * already of that type are kept; `int('1.0')` failing turns every value into a float.
 *
 * @throws {@link BiasDataError} where smclarify raises (a value that converts to nothing).
 */
export function convertValues(values: readonly PyValue[], target: PyTargetType): PyValue[] {
  const first = values[0];
  if (first === undefined) return [];
  // isinstance(values[0], type(series[0])): Python values are never instances of numpy's types.
  if ((target === 'str' || target === 'int' || target === 'float' || target === 'bool') && first.type === target) return [...values];
  if (target === 'int' && first.type === 'bool') return [...values]; // isinstance(True, int)
  switch (target) {
    case 'numpy-int':
    case 'int': {
      const ints = values.map(toInt);
      if (ints.every((i): i is number => i !== undefined)) return ints.map((value) => ({ type: 'int', value }));
      // int('1.0') raised "invalid literal for int() with base 10": every value becomes a float.
      return values.map((v) => ({ type: 'float', value: toFloat(v) }));
    }
    case 'numpy-float':
    case 'float':
      return values.map((v) => {
        if (v.type === 'str' && parsePythonFloat(v.value) === undefined) throw new BiasDataError(NOT_POSITIVE);
        return { type: 'float', value: toFloat(v) };
      });
    case 'numpy-bool':
    case 'bool':
      return values.map((v) => ({ type: 'bool', value: v.type === 'str' ? v.value.length > 0 : pyNumber(v) !== 0 }));
    case 'str':
      return values.map((v) => ({ type: 'str', value: pyStr(v) }));
  }
}

/**
 * Python's `sorted` of distinct values, as `np.unique` orders a group variable: numbers
 * (bools as 0/1) by value, strings by code point. `undefined` when strings and numbers mix
 * (Python raises `TypeError: '<' not supported`).
 */
export function pythonSortOrder(values: readonly PyValue[]): number[] | undefined {
  const strings = values.filter((v) => v.type === 'str').length;
  if (strings !== 0 && strings !== values.length) return undefined;
  const order = values.map((_, i) => i);
  if (strings === 0) return order.sort((a, b) => (pyNumber(values[a]!) as number) - (pyNumber(values[b]!) as number));
  return order.sort((a, b) => compareCodePoints((values[a] as { value: string }).value, (values[b] as { value: string }).value));
}

/** Compares strings by Unicode code point, as Python does (JavaScript's `<` compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done === true) return y.done === true ? 0 : -1;
    if (y.done === true) return 1;
    const cx = x.value.codePointAt(0) as number;
    const cy = y.value.codePointAt(0) as number;
    if (cx !== cy) return cx - cy;
  }
}

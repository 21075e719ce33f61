/**
 * How `pandas.read_csv` (pandas 1.5, the C engine, default options) reads the text of one
 * cell: which strings are missing, which are int64, float64 or bool, and the number a
 * float64 cell holds. Ported from pandas' `parsers.pyx` and `tokenizer.c` rules, checked
 * against pandas 1.5.3 by `test/data/pandas-parity.test.ts`.
 *
 * - Missing: exactly one of pandas' default `na_values` ({@link NA_STRINGS}), compared
 *   without trimming (`" NA"` is a string).
 * - int64: optional ASCII spaces, an optional `+`/`-`, decimal digits only, optional spaces
 *   (`str_to_int64`): `-0`, `+5`, `007`, `" 8 "` are ints. A value outside the int64 range
 *   is an *overflow*, which sends pandas down its uint64 / object path (see
 *   `column-typing.ts`).
 * - float64: pandas' default converter, `precise_xstrtod` ("high" precision), which
 *   accumulates at most 17 significant digits (leading zeros included) in a double and then
 *   scales by a power of ten. It is not a correctly rounded parse: `0.30000000000000004`
 *   reads as `0.3`, `0.00000000000000001234` as `0.0`. Inputs with at most 15 digits and a
 *   decimal exponent within ±22 (what Python's `repr` writes for ordinary data) read the same
 *   as a correctly rounded parse. `inf`, `+inf`, `-inf`, `Infinity`, `+Infinity`, `-Infinity`
 *   (any case) are infinities; an exponent above 308 or an overflow to infinity is *not* a
 *   float (pandas then reads the column as strings); `nan`/`NaN` are missing, `NAN` is a string.
 * - bool: exactly `True`/`TRUE`/`true` or `False`/`FALSE`/`false`.
 *
 * @packageDocumentation
 */

/** pandas' default `na_values` (`pandas._libs.parsers.STR_NA_VALUES`, pandas 1.5). */
export const NA_STRINGS: ReadonlySet<string> = new Set([
  '', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN',
  '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'n/a', 'nan', 'null',
]);

/** Whether pandas reads `cell` as missing (NaN) by default. */
export function isNaString(cell: string): boolean {
  return isNaSpan(cell, 0, cell.length);
}

/** {@link isNaString} of `text.slice(start, end)`, without making the string unless it may be one. */
export function isNaSpan(text: string, start: number, end: number): boolean {
  const length = end - start;
  if (length === 0) return true;
  if (length > 8) return false;
  const first = text.charCodeAt(start);
  switch (first) {
    case 35: // # (#N/A, #N/A N/A, #NA)
    case 60: // < (<NA>)
      break;
    case 78: // N (NA, N/A, NULL, NaN)
    case 110: // n (nan, null, n/a)
      if (length > 4) return false;
      break;
    case 49: // 1 (1.#IND, 1.#QNAN)
      if (text.charCodeAt(start + 1) !== 46 || text.charCodeAt(start + 2) !== 35) return false;
      break;
    case 45: { // - (-NaN, -nan, -1.#IND, -1.#QNAN)
      const second = text.charCodeAt(start + 1);
      if (second !== 78 && second !== 110 && !(second === 49 && text.charCodeAt(start + 2) === 46)) return false;
      break;
    }
    default:
      return false;
  }
  return NA_STRINGS.has(text.slice(start, end));
}

/** {@link parseInt64}'s answer for text that is not an integer. */
export const NOT_INT = Number.NaN;
/** {@link parseInt64}'s answer for an integer outside the int64 range. */
export const INT_OVERFLOW = Number.POSITIVE_INFINITY;

// tokenizer.c's isspace_ascii: space, \t, \n, \v, \f, \r.
function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

const INT64_MAX_DIGITS = '9223372036854775807';
const INT64_MIN_DIGITS = '9223372036854775808';

/**
 * pandas' `str_to_int64`: the integer `cell` holds (as the nearest double: exact up to
 * 2^53), {@link NOT_INT} when it is not an integer, or {@link INT_OVERFLOW} when it is one
 * outside the int64 range. `-0` is `0`.
 */
export function parseInt64(cell: string): number {
  return parseInt64Span(cell, 0, cell.length);
}

/** {@link parseInt64} of `cell.slice(begin, length)`. */
export function parseInt64Span(cell: string, begin: number, length: number): number {
  let i = begin;
  while (i < length && isSpace(cell.charCodeAt(i))) i++;
  let negative = false;
  const sign = cell.charCodeAt(i);
  if (sign === 45) {
    negative = true;
    i++;
  } else if (sign === 43) {
    i++;
  }
  const start = i;
  let value = 0;
  while (i < length) {
    const digit = cell.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) break;
    value = value * 10 + digit;
    i++;
  }
  const end = i;
  if (end === start) return NOT_INT;
  while (i < length && isSpace(cell.charCodeAt(i))) i++;
  if (i !== length) return NOT_INT;
  const digits = end - start;
  if (digits > 15) {
    // Beyond 2^53 the running sum is inexact: check the range on the digits, then round once.
    let first = start;
    while (first < end - 1 && cell.charCodeAt(first) === 48) first++;
    const significant = cell.slice(first, end);
    const limit = negative ? INT64_MIN_DIGITS : INT64_MAX_DIGITS;
    if (significant.length > 19 || (significant.length === 19 && significant > limit)) return INT_OVERFLOW;
    value = Number(significant);
  }
  return negative ? (value === 0 ? 0 : -value) : value;
}

/** What pandas' uint64 pass (`str_to_uint64`) makes of one cell. */
export const enum Uint64Cell {
  /** A non-negative integer within uint64. */
  Ok,
  /** Starts with `-`: pandas notes a signed value and reads no further. */
  Negative,
  /** Not an integer: pandas goes on to try floats. */
  Invalid,
  /** An integer beyond uint64. */
  Overflow,
}

const UINT64_MAX_DIGITS = '18446744073709551615';

/** pandas' `str_to_uint64` on one non-missing cell. */
export function uint64Cell(cell: string, begin = 0, length = cell.length): Uint64Cell {
  let i = begin;
  while (i < length && isSpace(cell.charCodeAt(i))) i++;
  const sign = cell.charCodeAt(i);
  if (sign === 45) return Uint64Cell.Negative;
  if (sign === 43) i++;
  const start = i;
  while (i < length) {
    const code = cell.charCodeAt(i);
    if (code < 48 || code > 57) break;
    i++;
  }
  const end = i;
  if (end === start) return Uint64Cell.Invalid;
  while (i < length && isSpace(cell.charCodeAt(i))) i++;
  if (i !== length) return Uint64Cell.Invalid;
  let first = start;
  while (first < end - 1 && cell.charCodeAt(first) === 48) first++;
  const significant = cell.slice(first, end);
  if (significant.length > 20 || (significant.length === 20 && significant > UINT64_MAX_DIGITS)) return Uint64Cell.Overflow;
  return Uint64Cell.Ok;
}

// precise_xstrtod's table: the doubles nearest 1e0 … 1e308 (C literals, correctly rounded).
const POWERS_OF_TEN: Float64Array = (() => {
  const table = new Float64Array(309);
  for (let k = 0; k <= 308; k++) table[k] = Number(`1e${k}`);
  return table;
})();

const MAX_DIGITS = 17;

/**
 * pandas' default float parser (`precise_xstrtod`, with trailing spaces skipped) followed by
 * its infinity spellings: the double `cell` holds, or `NaN` when pandas would not read it as
 * a float (so the column becomes strings). Never returns `NaN` for a float.
 */
export function parseFloat64(cell: string): number {
  return parseFloat64Span(cell, 0, cell.length);
}

/** {@link parseFloat64} of `cell.slice(begin, length)`. */
export function parseFloat64Span(cell: string, begin: number, length: number): number {
  let i = begin;
  while (i < length && isSpace(cell.charCodeAt(i))) i++;
  let negative = false;
  let code = cell.charCodeAt(i);
  if (code === 45) {
    negative = true;
    i++;
  } else if (code === 43) {
    i++;
  }
  let number = 0;
  let exponent = 0;
  let digits = 0;
  let decimals = 0;
  for (; i < length; i++) {
    const digit = cell.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) break;
    if (digits < MAX_DIGITS) {
      number = number * 10 + digit;
      digits++;
    } else {
      exponent++;
    }
  }
  if (cell.charCodeAt(i) === 46) {
    i++;
    for (; digits < MAX_DIGITS && i < length; i++) {
      const digit = cell.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) break;
      number = number * 10 + digit;
      digits++;
      decimals++;
    }
    if (digits >= MAX_DIGITS) {
      for (; i < length; i++) {
        code = cell.charCodeAt(i);
        if (code < 48 || code > 57) break;
      }
    }
    exponent -= decimals;
  }
  if (digits === 0) return infinityOrNaN(cell, begin, length);
  if (negative) number = -number;
  code = cell.charCodeAt(i);
  if (code === 101 || code === 69) {
    i++;
    let negativeExponent = false;
    code = cell.charCodeAt(i);
    if (code === 45) {
      negativeExponent = true;
      i++;
    } else if (code === 43) {
      i++;
    }
    let n = 0;
    let exponentDigits = 0;
    for (; exponentDigits < MAX_DIGITS && i < length; i++) {
      const digit = cell.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) break;
      n = n * 10 + digit;
      exponentDigits++;
    }
    exponent += negativeExponent ? -n : n;
    // No digits after the `e`: un-consume one character, which then fails the end check.
    if (exponentDigits === 0) i--;
  }
  if (exponent > 308) return infinityOrNaN(cell, begin, length);
  if (exponent > 0) number *= POWERS_OF_TEN[exponent]!;
  else if (exponent < -308) {
    if (exponent < -616) number = 0;
    else {
      number /= POWERS_OF_TEN[-308 - exponent]!;
      number /= POWERS_OF_TEN[308]!;
    }
  } else number /= POWERS_OF_TEN[-exponent]!;
  if (number === Number.POSITIVE_INFINITY || number === Number.NEGATIVE_INFINITY) return infinityOrNaN(cell, begin, length);
  while (i < length && isSpace(cell.charCodeAt(i))) i++;
  return i === length ? number : infinityOrNaN(cell, begin, length);
}

function infinityOrNaN(cell: string, begin: number, end: number): number {
  if (end - begin < 3 || end - begin > 9) return Number.NaN;
  switch (cell.slice(begin, end).toLowerCase()) {
    case 'inf':
    case '+inf':
    case 'infinity':
    case '+infinity':
      return Number.POSITIVE_INFINITY;
    case '-inf':
    case '-infinity':
      return Number.NEGATIVE_INFINITY;
    default:
      return Number.NaN;
  }
}

/**
 * A float cell read with Python's `float()` (pandas' `float_precision="round_trip"`): the
 * correctly rounded double. Only call it on text {@link parseFloat64} accepted.
 */
export function parseFloat64RoundTrip(cell: string, begin = 0, end = cell.length): number {
  const text = begin === 0 && end === cell.length ? cell : cell.slice(begin, end);
  const value = Number(text);
  return Number.isNaN(value) ? parseFloat64(text) : value;
}

/** `1` for pandas' true strings, `0` for its false strings, `-1` for anything else. */
export function parseBool(cell: string): number {
  return parseBoolSpan(cell, 0, cell.length);
}

/** {@link parseBool} of `text.slice(start, end)`. */
export function parseBoolSpan(text: string, start: number, end: number): number {
  const length = end - start;
  if (length !== 4 && length !== 5) return -1;
  const first = text.charCodeAt(start);
  if (first !== 84 && first !== 116 && first !== 70 && first !== 102) return -1; // T t F f
  switch (start === 0 && end === text.length ? text : text.slice(start, end)) {
    case 'True':
    case 'TRUE':
    case 'true':
      return 1;
    case 'False':
    case 'FALSE':
    case 'false':
      return 0;
    default:
      return -1;
  }
}

/**
 * Column names from a CSV header row as pandas makes them: an empty name becomes
 * `Unnamed: <index>`, and a repeated name gets `.1`, `.2`, … (skipping suffixes that the
 * header already uses, as pandas' C parser does: `a,a,a.1` → `a, a.2, a.1`).
 */
export function pandasHeaderNames(row: readonly string[]): string[] {
  const names = row.map((name, i) => (name === '' ? `Unnamed: ${i}` : name));
  const present = new Set(names);
  const counts = new Map<string, number>();
  for (let i = 0; i < names.length; i++) {
    const original = names[i]!;
    let name = original;
    let count = counts.get(name) ?? 0;
    if (count > 0) {
      while (count > 0) {
        counts.set(original, count + 1);
        name = `${original}.${count}`;
        count = present.has(name) ? count + 1 : (counts.get(name) ?? 0);
      }
      names[i] = name;
    }
    counts.set(name, count + 1);
  }
  return names;
}

/**
 * Python's `str()` of the scalar values a hyperparameter can hold, because the
 * Python SDK sends every hyperparameter as `str(value)`.
 */
import { ValidationError } from '../errors.js';

/** A hyperparameter value: sent as Python's `str()` of it. Pass a string to send it verbatim (e.g. `'1.0'`). */
export type HyperparameterValue = string | number | bigint | boolean;

/**
 * `str(value)` as Python writes it: `18` → `'18'`, `0.01` → `'0.01'`, `1e-5` → `'1e-05'`,
 * `true` → `'True'`. A JavaScript number that is a whole number is written as a Python int.
 */
export function pythonStr(value: HyperparameterValue, field = 'value'): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValidationError(field, value, 'a string, a finite number, a bigint or a boolean');
  }
  if (Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER) return String(value);
  // Python's float repr: the shortest round-tripping digits, scientific below 1e-4 and from 1e16.
  const sign = value < 0 ? '-' : '';
  const [mantissa, exponentText] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const body = digits.length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;
    return `${sign}${body}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const point = exponent + 1;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

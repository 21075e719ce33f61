/**
 * Python's `str()` of the scalar values a hyperparameter can hold, because the
 * Python SDK sends every hyperparameter as `str(value)`.
 */
import { pythonFloatRepr } from '../python/float.js';
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
  // Not a whole number: Python's float repr (shortest round-tripping digits).
  return pythonFloatRepr(value);
}

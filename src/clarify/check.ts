/**
 * Option checks shared by the config classes. Each throws a {@link ValidationError} that
 * names the option (`owner` is the class, so the message says where it came from).
 *
 * @internal
 * @packageDocumentation
 */
import { ValidationError } from '../errors.js';
import { PyFloat } from '../python/float.js';
import type { NameOrIndex, PythonInt, ValueOrThreshold } from './analysis-config.js';

/** Rejects a value that is not one of `allowed`. */
export function checkOneOf<T extends string>(
  owner: string,
  field: string,
  value: unknown,
  allowed: readonly T[],
  detail?: string,
): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ValidationError(field, value, `one of ${allowed.join(', ')}`, context(owner, detail));
  }
  return value as T;
}

/**
 * Accepts an int as Python's schema does: an integral `number` (up to 2^53, beyond which
 * a double no longer holds the int the user typed) or any `bigint`.
 */
export function checkInt(owner: string, field: string, value: unknown, min?: number): PythonInt {
  const allowed = min === undefined ? 'an integer (number or bigint)' : `an integer >= ${min} (number or bigint)`;
  if (typeof value === 'bigint') {
    if (min !== undefined && value < BigInt(min)) throw new ValidationError(field, value, allowed, owner);
    return value;
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new ValidationError(field, value, allowed, context(owner, 'the analysis-config schema requires a Python int'));
  }
  if (!Number.isSafeInteger(value)) {
    throw new ValidationError(field, value, allowed, context(owner, 'beyond 2^53 pass a bigint so the digits are exact'));
  }
  if (min !== undefined && value < min) throw new ValidationError(field, value, allowed, owner);
  return value;
}

/** Accepts a finite number (or {@link PyFloat}) and returns it as a float for the JSON. */
export function checkFloat(owner: string, field: string, value: unknown): PyFloat {
  if (value instanceof PyFloat) return value;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValidationError(field, value, 'a finite number', owner);
  }
  return new PyFloat(value);
}

/** Accepts a string (optionally non-empty). */
export function checkString(owner: string, field: string, value: unknown, nonEmpty = false): string {
  if (typeof value !== 'string' || (nonEmpty && value === '')) {
    throw new ValidationError(field, value, nonEmpty ? 'a non-empty string' : 'a string', owner);
  }
  return value;
}

/** Accepts a boolean. */
export function checkBoolean(owner: string, field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new ValidationError(field, value, 'true or false', owner);
  return value;
}

/** Accepts a column name or a zero-based column index. */
export function checkNameOrIndex(owner: string, field: string, value: unknown): NameOrIndex {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw new ValidationError(field, value, 'a column name (string) or a zero-based column index (integer)', owner);
}

/** Accepts a label or facet value or threshold: a string, a finite number or a {@link PyFloat}. */
export function checkValueOrThreshold(owner: string, field: string, value: unknown): ValueOrThreshold {
  if (typeof value === 'string' || value instanceof PyFloat) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new ValidationError(field, value, 'a string, a finite number or a PyFloat', owner);
}

/** Accepts an array whose every item passes `item`, and copies it. */
export function checkArray<T>(
  owner: string,
  field: string,
  value: unknown,
  item: (value: unknown, field: string) => T,
): T[] {
  if (!Array.isArray(value)) throw new ValidationError(field, value, 'an array', owner);
  return value.map((entry, i) => item(entry, `${field}[${i}]`));
}

/** Accepts an array of strings, and copies it. */
export function checkStringArray(owner: string, field: string, value: unknown): string[] {
  return checkArray(owner, field, value, (entry, at) => checkString(owner, at, entry));
}

/** Accepts an array of column names or indices, and copies it. */
export function checkNameOrIndexArray(owner: string, field: string, value: unknown): NameOrIndex[] {
  return checkArray(owner, field, value, (entry, at) => checkNameOrIndex(owner, at, entry));
}

/** Rejects anything but a plain options object. */
export function checkOptions<T>(owner: string, options: T): T {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ValidationError('options', options, `an options object for ${owner}`);
  }
  return options;
}

/**
 * Accepts an omitted option (`undefined` or `null`, returned as `undefined`) or an
 * instance of `type`: a config object given as an option of another (`imageConfig`).
 */
export function checkOptionalInstance<T>(
  owner: string,
  field: string,
  value: unknown,
  type: abstract new (...args: never[]) => T,
  allowed: string,
): T | undefined {
  if (!isSet(value)) return undefined;
  if (!(value instanceof type)) throw new ValidationError(field, value, allowed, owner);
  return value;
}

/**
 * Rejects an option whose value is wrong only together with another option or setting
 * (`numClusters` with `baseline`, `numSamples` without fine-grained granularity): throws
 * when `refused`, with `allowed` saying what the option may be then
 * (`'undefined when baseline is given'`) and `detail` why.
 */
export function refuseIf(owner: string, field: string, value: unknown, refused: boolean, allowed: string, detail: string): void {
  if (refused) throw new ValidationError(field, value, allowed, context(owner, detail));
}

function context(owner: string, detail: string | undefined): string {
  return detail ? `${owner}: ${detail}` : owner;
}

/** `value` is neither `undefined` nor `null` (Python's "is not None"). */
export function isSet<T>(value: T | null | undefined): value is T {
  return value !== undefined && value !== null;
}

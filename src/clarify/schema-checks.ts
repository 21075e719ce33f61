/**
 * A small validator toolkit in the manner of Python's `schema` library (which the SDK
 * uses for its analysis-config schema), with Python's type semantics and errors that give
 * the JSON path of the offending value.
 *
 * Type semantics, as Python's `isinstance` sees the written JSON:
 * int = an integral `number` or a `bigint` (never a boolean); float = a {@link PyFloat} or
 * a non-integral finite `number`; an object member whose value is `undefined` is absent.
 *
 * @internal
 * @packageDocumentation
 */
import { ValidationError } from '../errors.js';
import { PyFloat, pythonFloatRepr } from '../python/float.js';

/** Checks a value found at `path`; throws a {@link ValidationError} naming `path`. */
export type Check = (value: unknown, path: string) => void;

function fail(path: string, value: unknown, allowed: string, detail?: string): never {
  throw new ValidationError(path, value, allowed, detail);
}

/** Python `str`. */
export const str: Check = (value, path) => {
  if (typeof value !== 'string') fail(path, value, 'a string');
};

/** Python `int` (booleans excluded, as the `schema` library does). */
export const int: Check = (value, path) => {
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value))) return;
  const detail = value instanceof PyFloat || typeof value === 'number'
    ? `${value instanceof PyFloat ? pythonFloatRepr(value.value) : String(value)} is a Python float`
    : undefined;
  fail(path, value, 'an int (an integral number or a bigint)', detail);
};

/** Python `float`. */
export const float: Check = (value, path) => {
  if (value instanceof PyFloat) return;
  if (typeof value === 'number' && Number.isFinite(value) && !Number.isInteger(value)) return;
  const detail = typeof value === 'number' && Number.isInteger(value)
    ? `an integral number is written as a Python int; write pyFloat(${value}) to send ${pythonFloatRepr(value)}`
    : undefined;
  fail(path, value, 'a float (a non-integral number or a PyFloat)', detail);
};

/** Python `bool`. */
export const bool: Check = (value, path) => {
  if (typeof value !== 'boolean') fail(path, value, 'true or false');
};

/** Python `None`. */
export const none: Check = (value, path) => {
  if (value !== null) fail(path, value, 'null');
};

/** A string that, lower-cased, is one of `allowed` (the schema's `Use(str.lower)`). */
export function lowerCaseOneOf(allowed: readonly string[]): Check {
  return (value, path) => {
    if (typeof value !== 'string' || !allowed.includes(value.toLowerCase())) {
      fail(path, value, `one of ${allowed.join(', ')} (case-insensitive)`);
    }
  };
}

/** A string that matches `pattern` (searched, as Python's `Regex` does). */
export function matches(pattern: RegExp): Check {
  return (value, path) => {
    if (typeof value !== 'string' || !pattern.test(value)) fail(path, value, `a string matching ${pattern.source}`);
  };
}

/**
 * The first alternative that accepts the value wins. When none does, the error of an
 * alternative that got past the value's outer shape (its error is deeper than `path`) is
 * the useful one; otherwise the value is refused as a whole.
 */
export function or(description: string, ...alternatives: Check[]): Check {
  return (value, path) => {
    let deepest: ValidationError | undefined;
    for (const alternative of alternatives) {
      try {
        alternative(value, path);
        return;
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        if (error.field !== path && (deepest === undefined || error.field.length > deepest.field.length)) deepest = error;
      }
    }
    throw deepest ?? new ValidationError(path, value, description);
  };
}

/** A Python list (a JavaScript array) whose every item passes `item`. */
export function listOf(item: Check): Check {
  return (value, path) => {
    if (!Array.isArray(value)) fail(path, value, 'a list');
    value.forEach((entry, i) => item(entry, `${path}[${i}]`));
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof PyFloat) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A dict with any keys whose values pass `member` (`{str: str}`, `{object: object}`). */
export function mapOf(member: Check): Check {
  return (value, path) => {
    if (!isPlainObject(value)) fail(path, value, 'an object');
    for (const [key, entry] of Object.entries(value)) if (entry !== undefined) member(entry, `${path}.${key}`);
  };
}

/** Anything at all (Python `object`). */
export const anything: Check = () => undefined;

/**
 * A dict with exactly these keys; a key written `name?` is optional. Unknown keys are
 * refused, as the SDK's schema refuses them.
 */
export function object(members: Readonly<Record<string, Check>>): Check {
  const shape = Object.entries(members).map(([key, check]) => ({
    key: key.endsWith('?') ? key.slice(0, -1) : key,
    optional: key.endsWith('?'),
    check,
  }));
  const known = new Set(shape.map(({ key }) => key));
  return (value, path) => {
    if (!isPlainObject(value)) fail(path, value, 'an object');
    for (const [key, entry] of Object.entries(value)) {
      if (entry === undefined) continue;
      if (!known.has(key)) {
        fail(`${path}.${key}`, entry, `no such key; ${path} allows ${[...known].join(', ')}`, 'unknown key');
      }
    }
    for (const { key, optional, check } of shape) {
      const entry = value[key];
      if (entry === undefined) {
        if (!optional) fail(`${path}.${key}`, entry, 'a value: this key is required');
        continue;
      }
      check(entry, `${path}.${key}`);
    }
  };
}

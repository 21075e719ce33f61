/**
 * A JSON writer that produces the bytes Python's `json.dump(obj, fp)` writes with its
 * default arguments, so an analysis config written here is byte-identical to the one the
 * Python SDK uploads.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../errors.js';
import { PyFloat, pythonFloatRepr } from './float.js';

/**
 * A value {@link toPythonJson} can write. Plain numbers are Python ints when integral and
 * floats otherwise; wrap a number in {@link PyFloat} to force a float, use a `bigint` for an
 * int beyond 2^53.
 */
export type PythonJsonValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | PyFloat
  | readonly PythonJsonValue[]
  | { readonly [key: string]: PythonJsonValue | undefined };

/**
 * A JSON object of {@link PythonJsonValue}s, which the SDK passes through untouched (e.g. a
 * SHAP `baseline` object). Plain JSON on the wire is `JsonObject` of `clarify-ts/testing`.
 */
export type PythonJsonObject = { [key: string]: PythonJsonValue };

/**
 * Serialises `value` the way Python's `json.dump` does with its defaults: one line,
 * `", "` between items and `": "` after keys, every character outside printable ASCII
 * escaped as a lowercase `\uXXXX` (astral characters as their surrogate pair), keys in
 * insertion order, ints without a decimal point and floats in Python's `repr` form.
 *
 * Object properties whose value is `undefined` are left out (an omitted option).
 * NaN and infinities are refused: Python would write `NaN`/`Infinity`, which is not JSON
 * and which no Clarify container accepts.
 *
 * Keys that look like array indices (`"0"`, `"42"`) are ordered first by JavaScript
 * itself, before any other key, whatever order they were inserted in; Python keeps
 * insertion order. Objects built by this package never have such keys.
 *
 * @throws {@link ValidationError} naming the JSON path of a value Python could not write.
 *
 * @example
 * ```ts
 * toPythonJson({ label: 'café', probability_threshold: pyFloat(1), seed: 0 });
 * // '{"label": "caf\\u00e9", "probability_threshold": 1.0, "seed": 0}'
 * ```
 */
export function toPythonJson(value: PythonJsonValue): string {
  return write(value, '$', new Set());
}

function write(value: unknown, path: string, ancestors: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'number':
      return writeNumber(value, path);
    case 'object':
      break;
    default:
      throw new ValidationError(path, value, 'a string, number, bigint, boolean, null, PyFloat, array or plain object');
  }
  if (value instanceof PyFloat) return pythonFloatRepr(value.value);
  if (ancestors.has(value)) throw new ValidationError(path, value, 'a tree without cycles', 'circular reference');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      return `[${value.map((item, i) => write(item, `${path}[${i}]`, ancestors)).join(', ')}]`;
    }
    if (!isPlainObject(value)) {
      throw new ValidationError(path, value, 'a string, number, bigint, boolean, null, PyFloat, array or plain object');
    }
    const members: string[] = [];
    for (const [key, member] of Object.entries(value)) {
      if (member === undefined) continue;
      members.push(`${quote(key)}: ${write(member, `${path}.${key}`, ancestors)}`);
    }
    return `{${members.join(', ')}}`;
  } finally {
    ancestors.delete(value);
  }
}

function writeNumber(value: number, path: string): string {
  if (!Number.isFinite(value)) throw new ValidationError(path, value, 'a finite number');
  if (!Number.isInteger(value)) return pythonFloatRepr(value);
  // An integral double is written as the exact int it equals, as Python's int() would.
  return Number.isSafeInteger(value) ? String(value === 0 ? 0 : value) : BigInt(value).toString();
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** Python's `ensure_ascii` quoting: escape `"`, `\` and everything outside U+0020..U+007E. */
function quote(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const code = text.charCodeAt(i);
    if (code >= 0x20 && code <= 0x7e && ch !== '"' && ch !== '\\') out += ch;
    else out += SHORT_ESCAPES[ch] ?? `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return out + '"';
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

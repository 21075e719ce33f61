/**
 * JMESPath expressions over JSON records (jmespath.js), with a fast path for the common
 * case of a plain or dotted key (`features`, `data.features.values`), which JMESPath
 * evaluates as property look-ups that give `null` when a step is not an object.
 *
 * @packageDocumentation
 */
import * as jmespath from 'jmespath';

// @types/jmespath declares `search` only; the library also exports `compile`.
const runtime = jmespath as unknown as {
  compile(expression: string): unknown;
  search(data: unknown, expression: string): unknown;
};

/** Parses `expression`, throwing the library's error when it is not JMESPath. */
export function compileJmesPath(expression: string): void {
  runtime.compile(expression);
}

const DOTTED = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** A function that evaluates `expression` on one record (`null` for nothing found, as JMESPath). */
export function jmesPathGetter(expression: string): (record: unknown) => unknown {
  if (DOTTED.test(expression)) {
    const keys = expression.split('.');
    return (record) => {
      let value: unknown = record;
      for (const key of keys) {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
        value = Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : null;
      }
      return value === undefined ? null : value;
    };
  }
  return (record) => runtime.search(record, expression) ?? null;
}

/**
 * Clarify's `content_template` and `record_template`: JSON text with placeholders that
 * records are written into.
 *
 * Placeholders, as the analysis-config documentation lists them:
 * - in a record (a `record_template`, or an `application/jsonlines` `content_template`):
 *   `$features` (the values, `[1,"a"]`), `$feature_names` (`["A","B"]`), `$features_kvp`
 *   (an object of name and value, `{"A":1,"B":"a"}`), and `"${A}"`, quotes included, for
 *   the value of feature `A` (`1`, `"a"`);
 * - in an `application/json` `content_template`: `$record` (one record a request) or
 *   `$records` (a list of records), and `$feature_names`.
 *
 * `$$` is a literal `$`, as in Python's `string.Template`; any other `$` that starts no
 * placeholder of the template's kind is refused.
 *
 * JSON is written compactly (`[1,2,3]`, as the documentation's request examples show);
 * NaN and infinities, which JSON cannot hold, are written `null` (pandas' `to_json`).
 *
 * @packageDocumentation
 */
import { ValidationError } from '../../errors.js';
import type { TabularValue } from './tabular-model.js';

/** A placeholder a template may hold. */
export type TemplatePlaceholder = 'features' | 'feature_names' | 'features_kvp' | 'record' | 'records';

/** A piece of a compiled template: literal text, a placeholder, or one feature's value. */
export type TemplatePart =
  | { readonly text: string }
  | { readonly placeholder: TemplatePlaceholder }
  | { readonly feature: string };

/** Placeholders of a record (`record_template`, a JSON Lines `content_template`). */
export const RECORD_PLACEHOLDERS: ReadonlySet<TemplatePlaceholder> = new Set(['features', 'feature_names', 'features_kvp']);
/** Placeholders of an `application/json` `content_template`. */
export const CONTENT_PLACEHOLDERS: ReadonlySet<TemplatePlaceholder> = new Set(['record', 'records', 'feature_names']);

const TOKEN = /\$(?:(\$)|([_a-zA-Z][_a-zA-Z0-9]*)|(\{))?/g;

/**
 * Splits `template` into literal text and placeholders, allowing those of `allowed` and,
 * when `features` is set, `"${name}"`.
 *
 * @throws {@link ValidationError} naming `field` for an unknown or malformed placeholder.
 * @example
 * ```ts
 * compileTemplate('{"instances":$records}', CONTENT_PLACEHOLDERS, false, 'content_template');
 * // [{ text: '{"instances":' }, { placeholder: 'records' }, { text: '}' }]
 * ```
 */
export function compileTemplate(template: string, allowed: ReadonlySet<TemplatePlaceholder>, features: boolean, field: string): TemplatePart[] {
  if (typeof template !== 'string') throw new ValidationError(field, template, 'a template string');
  const parts: TemplatePart[] = [];
  let text = '';
  let at = 0;
  const allowedText = [...allowed].map((p) => `$${p}`).concat(features ? ['"${<feature name>}"'] : []).join(', ');
  for (const match of template.matchAll(TOKEN)) {
    const start = match.index;
    if (start < at) continue;
    text += template.slice(at, start);
    at = start + match[0].length;
    if (match[1] !== undefined) {
      text += '$';
      continue;
    }
    if (match[2] !== undefined) {
      const name = match[2] as TemplatePlaceholder;
      if (!allowed.has(name)) throw new ValidationError(field, template, `a template whose placeholders are ${allowedText}`, `it has $${match[2]}`);
      if (text) parts.push({ text });
      text = '';
      parts.push({ placeholder: name });
      continue;
    }
    if (match[3] === undefined) {
      throw new ValidationError(field, template, `a template whose placeholders are ${allowedText}`, `it has a $ at offset ${start} that starts none (write $$ for a $)`);
    }
    // "${name}": the quotes around it are part of the placeholder.
    const close = template.indexOf('}', at);
    if (!features || close < 0 || template[start - 1] !== '"' || template[close + 1] !== '"') {
      throw new ValidationError(field, template, `a template whose placeholders are ${allowedText}`, `it has a malformed placeholder at offset ${start}`);
    }
    text = text.slice(0, -1);
    if (text) parts.push({ text });
    text = '';
    parts.push({ feature: template.slice(at, close) });
    at = close + 2;
  }
  text += template.slice(at);
  if (text) parts.push({ text });
  return parts;
}

/** The placeholders a compiled template uses. */
export function placeholdersOf(parts: readonly TemplatePart[]): Set<TemplatePlaceholder | 'feature'> {
  return new Set(parts.map((p) => ('placeholder' in p ? p.placeholder : 'feature' in p ? 'feature' : undefined)).filter((p) => p !== undefined));
}

/** One value as JSON: NaN and infinities as `null`. */
export function jsonValue(value: TabularValue): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
  return JSON.stringify(value);
}

/** Values as a compact JSON array. */
export function jsonArray(values: readonly TabularValue[]): string {
  return `[${values.map(jsonValue).join(',')}]`;
}

/** Names and values as a compact JSON object, in feature order. */
export function jsonKeyValuePairs(names: readonly string[], values: readonly TabularValue[]): string {
  return `{${names.map((n, i) => `${JSON.stringify(n)}:${jsonValue(values[i])}`).join(',')}}`;
}

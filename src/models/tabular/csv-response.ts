/**
 * A `text/csv` response body as rows of values: numbers, strings, and the lists that
 * models such as Autopilot's write into one quoted field (`"[0.1, 0.6, 0.3]"`,
 * `"['cat', 'dog', 'fish']"`, Python's repr of a list).
 *
 * @packageDocumentation
 */
import { parse } from 'csv-parse/sync';
import { ResponseFormatError } from './prediction-values.js';

/** One value of a CSV response. @internal */
export type CsvResponseValue = number | string | (number | string)[];

const NUMBER = /^\s*[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)\s*$/;

/** A field that looks like `[...]`: as JSON, else as a Python list literal; the text when neither reads. */
function parseList(text: string): CsvResponseValue {
  const tryJson = (t: string): unknown => {
    try {
      return JSON.parse(t);
    } catch {
      return undefined;
    }
  };
  let value = tryJson(text);
  if (value === undefined) {
    // Python's repr: single-quoted strings (with \' and \\ escapes), True/False/None.
    const asJson = text
      .replace(/'((?:[^'\\]|\\.)*)'/g, (_, s: string) => JSON.stringify(s.replace(/\\(.)/g, '$1')))
      .replace(/\bTrue\b/g, 'true')
      .replace(/\bFalse\b/g, 'false')
      .replace(/\bNone\b/g, 'null');
    value = tryJson(asJson);
  }
  const ok = Array.isArray(value) && value.every((v) => typeof v === 'number' || typeof v === 'string');
  return ok ? (value as (number | string)[]) : text;
}

/** One field: a number when it spells one, a list when it is one, else its text. */
export function csvResponseValue(field: string): CsvResponseValue {
  const t = field.trim();
  if (NUMBER.test(t)) return Number(t);
  if (t.startsWith('[') && t.endsWith(']')) return parseList(t);
  return field;
}

/**
 * The rows of a CSV response, blank lines skipped, `"` quoting as in the request.
 * @throws {@link ResponseFormatError} when the text is not CSV (an unclosed quote).
 * @internal
 */
export function parseCsvResponse(text: string): CsvResponseValue[][] {
  let rows: string[][];
  try {
    rows = parse(text, { relax_column_count: true, skip_empty_lines: true, relax_quotes: true, bom: true }) as string[][];
  } catch (err) {
    throw new ResponseFormatError(`a body that is not CSV (${err instanceof Error ? err.message : String(err)})`);
  }
  return rows.map((row) => row.map(csvResponseValue));
}

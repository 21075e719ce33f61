/**
 * Python's `json.load` of a document whose floats must stay floats: JavaScript's
 * `JSON.parse` reads `1.0` and `1` as the same number, which a schema that tests
 * Python types (`context: 1.0` is valid, `context: 1` is not) cannot accept.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../errors.js';
import { PyFloat } from './float.js';

// A private-use prefix that no real config string starts with: marks float literals
// between the rewrite and the reviver.
const FLOAT_MARK = '\u{F0000}pyfloat:';
const TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[^"\d-]+|[\s\S]/gy;

/**
 * Parses JSON text, returning every number literal written with a decimal point
 * or an exponent as a {@link PyFloat}, so that the result validates exactly as
 * the file does in Python.
 *
 * @throws {@link ValidationError} when the text is not JSON.
 */
export function parsePythonJson(text: string, field = 'analysis_config.json'): unknown {
  let rewritten = '';
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match !== null; match = TOKEN.exec(text)) {
    const token = match[0];
    rewritten += /^-?\d/.test(token) && /[.eE]/.test(token) ? JSON.stringify(FLOAT_MARK + token) : token;
  }
  try {
    return JSON.parse(rewritten, (_key, value: unknown) =>
      typeof value === 'string' && value.startsWith(FLOAT_MARK) ? new PyFloat(Number(value.slice(FLOAT_MARK.length))) : value,
    );
  } catch (err) {
    throw new ValidationError(field, text, 'a JSON document', syntaxErrorOf(text, err));
  }
}

/**
 * The parser's complaint about the text as written: positions in the rewritten
 * text are shifted by every float literal before the mistake.
 */
export function syntaxErrorOf(text: string, fallback: unknown): string {
  try {
    JSON.parse(text);
  } catch (err) {
    return (err as Error).message;
  }
  return fallback instanceof Error ? fallback.message : 'not valid JSON';
}

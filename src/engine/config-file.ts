/**
 * Reads `analysis_config.json` as the Clarify container does: Python's JSON,
 * where `1.0` is a float and `1` an int. JavaScript's `JSON.parse` erases that
 * difference, and the schema tests it (`context: 1.0` is valid, `context: 1` is not).
 *
 * @packageDocumentation
 */
import { readFile } from 'node:fs/promises';
import type { AnalysisConfig } from '../clarify/analysis-config.js';
import { validateAnalysisConfig } from '../clarify/analysis-config-schema.js';
import { PyFloat } from '../clarify/python-float.js';
import { ValidationError, describeValue } from '../errors.js';

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
function syntaxErrorOf(text: string, fallback: unknown): string {
  try {
    JSON.parse(text);
  } catch (err) {
    return (err as Error).message;
  }
  return fallback instanceof Error ? fallback.message : 'not valid JSON';
}

/**
 * Reads and validates an analysis config from a file, its JSON text, or an
 * object (e.g. one built by `AnalysisConfigGenerator`).
 *
 * @throws {@link ValidationError} when the file is missing, is not JSON, or the
 *   config breaks the Clarify schema (field = JSON path of the offending value).
 */
export async function loadAnalysisConfig(source: string | AnalysisConfig | { path: string }): Promise<AnalysisConfig> {
  let config: unknown = source;
  if (typeof source === 'string') config = source.trimStart().startsWith('{') ? parsePythonJson(source) : await readConfigFile(source);
  else if (source !== null && typeof source === 'object' && 'path' in source && typeof source.path === 'string') {
    config = await readConfigFile(source.path);
  }
  validateAnalysisConfig(config);
  return config;
}

/**
 * Reads and parses (not validates) a config file. Errors name the file rather
 * than quote its text, which says nothing about where it came from.
 */
async function readConfigFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ValidationError('config', path, 'a readable analysis_config.json file', (err as Error).message);
  }
  let config: unknown;
  try {
    config = parsePythonJson(text);
  } catch (err) {
    throw new ValidationError('config', path, 'a file holding an analysis_config.json JSON object', `not JSON: ${syntaxErrorOf(text, err)}`);
  }
  // The schema would say "Invalid $", which does not tell which file is wrong.
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new ValidationError('config', path, 'a file holding an analysis_config.json JSON object', `it holds ${describeValue(config)}`);
  }
  return config;
}

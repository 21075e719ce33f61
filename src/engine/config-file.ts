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
import { ValidationError } from '../errors.js';

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
    throw new ValidationError(field, text, 'a JSON document', (err as Error).message);
  }
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
  if (typeof source === 'string') config = parsePythonJson(source.trimStart().startsWith('{') ? source : await readText(source));
  else if (source !== null && typeof source === 'object' && 'path' in source && typeof source.path === 'string') {
    config = parsePythonJson(await readText(source.path));
  }
  validateAnalysisConfig(config);
  return config;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new ValidationError('config', path, 'a readable analysis_config.json file', (err as Error).message);
  }
}

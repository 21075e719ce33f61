/**
 * Reads `analysis_config.json` as the Clarify container does: Python's JSON,
 * where `1.0` is a float and `1` an int (see `parsePythonJson`), checked by the schema.
 *
 * @packageDocumentation
 */
import { readFile } from 'node:fs/promises';
import type { AnalysisConfig } from '../clarify/analysis-config.js';
import { validateAnalysisConfig } from '../clarify/analysis-config-schema.js';
import { ValidationError, describeValue } from '../errors.js';
import { parsePythonJson, syntaxErrorOf } from '../python/json-load.js';

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

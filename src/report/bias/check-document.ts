/**
 * Checks a parsed tabular `analysis.json` (it may come from anywhere) for the fields the
 * bias reports read, with their types, so that a foreign or damaged file is refused by
 * name instead of breaking a page.
 *
 * @packageDocumentation
 */
import { type TabularAnalysisDocument, isTabularAnalysisDocument } from '../../analysis/tabular-document.js';
import { ValidationError } from '../../errors.js';
import { parseAnalysisJson } from './parse-analysis-json.js';

const DOCUMENT = "a tabular run's analysis.json: { pre_training_bias_metrics?, post_training_bias_metrics?, dataset?, ... }";

/**
 * Returns the document when the reports can show it. The engine's additions
 * (`engine`, `created_at`, `dataset`) are checked when present and may be absent, as in
 * the analysis.json SageMaker Clarify writes; the reports then leave them out.
 *
 * @param name - The file's name, for messages (`analysis.json`).
 * @throws {@link ValidationError} naming the first field that is wrong.
 */
export function checkTabularAnalysisDocument(value: unknown, name: string): TabularAnalysisDocument {
  const doc = object(value, name, DOCUMENT);
  if (doc.engine !== undefined) {
    const engine = object(doc.engine, `${name}: engine`, '{ name, version }');
    for (const key of ['name', 'version']) field(engine, key, `${name}: engine`, isString, 'a string');
  }
  if (doc.created_at !== undefined) field(doc, 'created_at', name, isString, 'an ISO 8601 date string');
  if (doc.dataset !== undefined) {
    const at = `${name}: dataset`;
    const dataset = object(doc.dataset, at, '{ dataset_type, files, rows, rows_dropped }');
    field(dataset, 'dataset_type', at, isString, 'a string');
    field(dataset, 'files', at, (v) => Array.isArray(v) && v.every(isString), 'a list of strings');
    for (const key of ['rows', 'rows_dropped']) field(dataset, key, at, isCount, 'an integer >= 0');
  }
  for (const key of ['pre_training_bias_metrics', 'post_training_bias_metrics']) {
    if (doc[key] !== undefined) checkSection(doc[key], `${name}: ${key}`);
  }
  return doc as unknown as TabularAnalysisDocument;
}

function checkSection(value: unknown, at: string): void {
  const section = object(value, at, '{ label, label_value_or_threshold, facets }');
  for (const key of ['label', 'label_value_or_threshold']) field(section, key, at, isString, 'a string');
  const facets = object(section.facets, `${at}.facets`, '{ <facet>: [{ value_or_threshold, metrics }] }');
  for (const [facet, entries] of Object.entries(facets)) {
    const fat = `${at}.facets[${JSON.stringify(facet)}]`;
    if (!Array.isArray(entries)) throw new ValidationError(fat, entries, 'a list of facet entries');
    entries.forEach((item: unknown, i) => {
      const eat = `${fat}[${i}]`;
      const entry = object(item, eat, '{ value_or_threshold, metrics }');
      field(entry, 'value_or_threshold', eat, isString, 'a string');
      if (!Array.isArray(entry.metrics)) throw new ValidationError(`${eat}.metrics`, entry.metrics, 'a list of metrics');
      (entry.metrics as unknown[]).forEach((m, k) => {
        const mat = `${eat}.metrics[${k}]`;
        const metric = object(m, mat, '{ name, description, value, error? }');
        for (const key of ['name', 'description']) field(metric, key, mat, isString, 'a string');
        field(metric, 'value', mat, (v) => typeof v === 'number' || v === 'Infinity' || v === '-Infinity' || v === null,
          'a number, NaN, "Infinity", "-Infinity" or null');
        if (metric.error !== undefined) field(metric, 'error', mat, isString, 'a string');
      });
    });
  }
}

function isString(v: unknown): v is string {
  return typeof v === 'string';
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function object(value: unknown, at: string, allowed: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ValidationError(at, value, allowed);
  return value as Record<string, unknown>;
}

function field(record: Record<string, unknown>, key: string, at: string, ok: (v: unknown) => boolean, allowed: string): void {
  if (!ok(record[key])) throw new ValidationError(`${at}.${key}`, record[key], allowed);
}

/**
 * The tabular document in an `analysis.json`'s bytes, checked; `undefined` when the file
 * is not a tabular run's (an image run's, or not JSON: its own check then says why).
 * Reads the bare `NaN` / `Infinity` tokens Python's `json.dump` writes.
 *
 * @throws {@link ValidationError} when it is a tabular document with a wrong field.
 */
export function readTabularAnalysisDocument(bytes: Uint8Array, name: string): TabularAnalysisDocument | undefined {
  let value: unknown;
  try {
    value = parseAnalysisJson(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
  return isTabularAnalysisDocument(value) ? checkTabularAnalysisDocument(value, name) : undefined;
}

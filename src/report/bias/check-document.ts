/**
 * Checks a parsed tabular `analysis.json` (it may come from anywhere) for the fields the
 * tabular reports read (the bias sections and the explanations), with their types, so
 * that a foreign or damaged file is refused by name instead of breaking a page.
 *
 * @packageDocumentation
 */
import { type TabularAnalysisDocument, isTabularAnalysisDocument } from '../../analysis/tabular-document.js';
import { ValidationError } from '../../errors.js';
import { parseAnalysisJson } from './parse-analysis-json.js';

const DOCUMENT = "a tabular run's analysis.json: { pre_training_bias_metrics?, post_training_bias_metrics?, explanations?, dataset?, ... }";

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
  if (doc.explanations !== undefined) checkExplanations(doc.explanations, `${name}: explanations`);
  if (doc.global_shap_standard_errors !== undefined) checkGlobalErrors(doc.global_shap_standard_errors, `${name}: global_shap_standard_errors`);
  return doc as unknown as TabularAnalysisDocument;
}

/** `explanations.kernel_shap` and `explanations.pdp`, each when present. */
function checkExplanations(value: unknown, at: string): void {
  const explanations = object(value, at, '{ kernel_shap?, pdp? }');
  if (explanations.kernel_shap !== undefined) {
    const kat = `${at}.kernel_shap`;
    const labels = object(explanations.kernel_shap, kat, '{ <label>: { global_shap_values, expected_value } }');
    for (const [label, item] of Object.entries(labels)) {
      const lat = `${kat}[${JSON.stringify(label)}]`;
      const record = object(item, lat, '{ global_shap_values, expected_value }');
      const values = object(record.global_shap_values, `${lat}.global_shap_values`, '{ <feature>: <number> }');
      for (const [feature, v] of Object.entries(values)) {
        if (!isNumber(v)) throw new ValidationError(`${lat}.global_shap_values[${JSON.stringify(feature)}]`, v, 'a number');
      }
      field(record, 'expected_value', lat, isNumber, 'a number');
    }
  }
  if (explanations.pdp !== undefined) {
    const pat = `${at}.pdp`;
    if (!Array.isArray(explanations.pdp)) throw new ValidationError(pat, explanations.pdp, 'a list of partial dependence plots');
    (explanations.pdp as unknown[]).forEach((item, i) => checkPdp(item, `${pat}[${i}]`));
  }
}

/** `global_shap_standard_errors` (an addition of clarify-ts): by label, by feature, a number >= 0. */
function checkGlobalErrors(value: unknown, at: string): void {
  const labels = object(value, at, '{ <label>: { <feature>: <standard error> } }');
  for (const [label, item] of Object.entries(labels)) {
    const lat = `${at}[${JSON.stringify(label)}]`;
    const errors = object(item, lat, '{ <feature>: <standard error> }');
    for (const [feature, se] of Object.entries(errors)) {
      if (!(typeof se === 'number' && se >= 0)) throw new ValidationError(`${lat}[${JSON.stringify(feature)}]`, se, 'a number >= 0');
    }
  }
}

/** One `pdp` entry: a plot, or a feature's name and type with the error it failed with. */
function checkPdp(value: unknown, at: string): void {
  const entry = object(value, at, '{ feature_name, data_type, feature_values, model_predictions, data_distribution, label_headers } or { feature_name, data_type, error }');
  field(entry, 'feature_name', at, isString, 'a string');
  if (entry.error !== undefined) {
    field(entry, 'error', at, isString, 'a string');
    field(entry, 'data_type', at, isString, 'a string');
    return;
  }
  field(entry, 'data_type', at, (v) => v === 'numerical' || v === 'categorical', "'numerical' or 'categorical' (or an error)");
  const numerical = entry.data_type === 'numerical';
  field(entry, 'feature_values', at, (v) => Array.isArray(v) && v.length > 0 && v.every(numerical ? isFiniteNumber : isGridValue),
    numerical ? 'a non-empty list of finite numbers' : 'a non-empty list of strings, numbers or booleans');
  const count = (entry.feature_values as unknown[]).length;
  const perValue = `a list of ${count} numbers (one per feature value)`;
  field(entry, 'data_distribution', at, (v) => Array.isArray(v) && v.length === count && v.every(isNumber), perValue);
  if (!Array.isArray(entry.model_predictions) || entry.model_predictions.length === 0) {
    throw new ValidationError(`${at}.model_predictions`, entry.model_predictions, 'a non-empty list of lists, one per label');
  }
  (entry.model_predictions as unknown[]).forEach((row, d) => {
    if (!(Array.isArray(row) && row.length === count && row.every(isNumber))) throw new ValidationError(`${at}.model_predictions[${d}]`, row, perValue);
  });
  const labels = entry.model_predictions.length;
  if (entry.label_headers !== undefined) {
    field(entry, 'label_headers', at, (v) => Array.isArray(v) && v.length === labels && v.every(isString), `a list of ${labels} strings (one per list of model_predictions)`);
  }
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

/** A number, NaN and ±Infinity included (analysis.json may hold the bare tokens). */
function isNumber(v: unknown): v is number {
  return typeof v === 'number';
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function isGridValue(v: unknown): v is number | string | boolean {
  return typeof v === 'string' || typeof v === 'boolean' || isFiniteNumber(v);
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
 * is not a tabular run's (an image run's, or not JSON: its own check then says why). See
 * {@link isTabularReportDocument}.
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
  return isTabularReportDocument(value) ? checkTabularAnalysisDocument(value, name) : undefined;
}

/**
 * Whether the reports read a parsed `analysis.json` as a tabular run's: what
 * `isTabularAnalysisDocument` says, and also a document with `explanations` and no
 * `images` (SageMaker Clarify's analysis.json of a SHAP or PDP analysis alone, which has
 * neither a bias section nor the engine's `dataset`).
 */
export function isTabularReportDocument(value: unknown): boolean {
  if (isTabularAnalysisDocument(value)) return true;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const d = value as Record<string, unknown>;
  return d['images'] === undefined && d['explanations'] !== undefined;
}

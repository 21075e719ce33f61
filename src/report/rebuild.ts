/**
 * Rebuilds `report.html` and `report.pdf` of an output location from its
 * `analysis.json` and the images it names, or from a tabular run's `analysis.json`
 * alone (`clarify-ts report <folder|s3://…>`): after an upgrade of clarify-ts, for a
 * folder copied from S3, or with a note.
 *
 * @packageDocumentation
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { AnalysisDocument } from '../analysis/document.js';
import type { TabularAnalysisDocument } from '../analysis/tabular-document.js';
import { parseLocation } from '../storage/location.js';
import { storageFor } from '../storage/storage-for.js';
import { ValidationError } from '../errors.js';
import type { ReportOptions } from './report-options.js';
import { renderReports, saveReports } from './write-reports.js';
import { readTabularAnalysisDocument } from './bias/check-document.js';
import { renderTabularReports } from './bias/write-reports.js';

/** Options of {@link rebuildReports}. */
export interface RebuildReportsOptions extends ReportOptions {
  /** The output location: a local folder, a `file://` URI or an `s3://` prefix holding `analysis.json`. */
  readonly output: string;
  /** For an `s3://` output. @default none */
  readonly s3Client?: S3Client;
  readonly signal?: AbortSignal;
}

/** What {@link rebuildReports} did. */
export interface RebuildReportsResult {
  /**
   * The document the reports were built from: an image run's (it has `images`), or a tabular
   * run's (bias sections, explanations, or both; `isTabularAnalysisDocument` tells the
   * engine's apart, and `isTabularReportDocument` also SageMaker Clarify's of explanations alone).
   */
  readonly document: AnalysisDocument | TabularAnalysisDocument;
  /** The files written, relative to the output location. */
  readonly files: string[];
}

/**
 * Reads `analysis.json`, checks it (it may come from anywhere: every file an image
 * run's document names must be an image inside the location), renders both reports and only
 * then writes them, holding the location's run lock so that no run writes there
 * meanwhile. The reports are dated with the run's `created_at` unless `createdAt` is given.
 *
 * @throws {@link ValidationError} when there is no `analysis.json` (naming `--merge` when there are parts), or it is not one clarify-ts wrote.
 * @throws {@link OutputLockedError} when a run is writing to the location.
 */
export async function rebuildReports(options: RebuildReportsOptions): Promise<RebuildReportsResult> {
  const storage = storageFor(parseLocation('output', options.output), options.s3Client, 'output');
  const { signal } = options;
  if (!(await storage.exists('analysis.json', signal))) {
    const parts = (await storage.list(signal)).some((f) => /^analysis\.part-[^/]+\.json$/.test(f));
    throw new ValidationError('output', options.output, 'an output location holding analysis.json',
      parts ? 'it holds only analysis.part-<host>.json files: merge them with clarify-ts report --merge' : 'it has no analysis.json');
  }
  const bytes = await storage.read('analysis.json', signal);
  const tabular = readTabularAnalysisDocument(bytes, 'analysis.json');
  const document = tabular ?? checkAnalysisDocument(bytes, 'analysis.json');
  const release = await storage.lock('.clarify-ts.lock', signal);
  try {
    const reports = tabular !== undefined ? await renderTabularReports(tabular, options) : await renderReports(document as AnalysisDocument, storage, signal, options);
    return { document, files: await saveReports(reports, storage, signal) };
  } finally {
    await release();
  }
}

/**
 * Parses an `analysis.json` and checks the fields the reports read, with their
 * types, so that a foreign or damaged file is refused by name instead of
 * breaking the page. The paths it names are checked when the images are read.
 *
 * @throws {@link ValidationError} naming the first field that is wrong.
 */
export function checkAnalysisDocument(bytes: Uint8Array, name: string): AnalysisDocument {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new ValidationError(name, '(not JSON)', 'an analysis.json written by clarify-ts', (err as Error).message);
  }
  const doc = object(value, name, 'an analysis.json written by clarify-ts: { version, settings, summary, images, ... }');
  const settings = object(doc.settings, `${name}: settings`, 'the run settings');
  field(settings, 'model_type', `${name}: settings`, (v) => v === 'IMAGE_CLASSIFICATION' || v === 'OBJECT_DETECTION', "'IMAGE_CLASSIFICATION' or 'OBJECT_DETECTION'");
  for (const key of ['num_segments', 'segment_compactness', 'num_samples']) field(settings, key, `${name}: settings`, isNumber, 'a number');
  field(settings, 'baseline', `${name}: settings`, (v) => typeof v === 'string', 'a string');
  field(settings, 'seed', `${name}: settings`, (v) => v === null || isNumber(v), 'a number or null');
  const summary = object(doc.summary, `${name}: summary`, '{ images, succeeded, failed }');
  for (const key of ['images', 'succeeded', 'failed']) field(summary, key, `${name}: summary`, isNumber, 'a number');
  if (!Array.isArray(doc.images)) throw new ValidationError(`${name}: images`, doc.images, 'a list of image records');
  doc.images.forEach((item: unknown, i) => {
    const at = `${name}: images[${i}]`;
    const r = object(item, at, "an image record { file, status: 'succeeded' | 'failed', ... }");
    field(r, 'file', at, (v) => typeof v === 'string', 'a string');
    field(r, 'status', at, (v) => v === 'succeeded' || v === 'failed', "'succeeded' or 'failed'");
    if (r.status === 'failed') {
      for (const key of ['error', 'reason']) field(r, key, at, (v) => typeof v === 'string', 'a string');
      return;
    }
    for (const key of ['width', 'height', 'seed', 'num_segments']) field(r, key, at, isNumber, 'a number');
    const timings = object(r.timings, `${at}.timings`, '{ decode_ms, explain_ms, render_ms }');
    for (const key of ['decode_ms', 'explain_ms', 'render_ms']) field(timings, key, `${at}.timings`, isNumber, 'a number');
    for (const list of ['explanations', 'objects'] as const) {
      if (r[list] === undefined) continue;
      if (!Array.isArray(r[list])) throw new ValidationError(`${at}.${list}`, r[list], 'a list');
      (r[list] as unknown[]).forEach((entry, k) => {
        const eat = `${at}.${list}[${k}]`;
        const e = object(entry, eat, 'an explanation { label, score, shap_values, heat_map, ... }');
        field(e, 'label', eat, (v) => typeof v === 'string', 'a string');
        for (const key of ['score', 'expected_value', 'full_value']) field(e, key, eat, isNumber, 'a number');
        field(e, 'shap_values', eat, (v) => Array.isArray(v) && v.every(isNumber), 'a list of numbers');
        if (e.standard_errors !== undefined) field(e, 'standard_errors', eat, (v) => Array.isArray(v) && v.every((x) => isNumber(x) && x >= 0), 'a list of numbers >= 0');
        if (e.heat_map_scale !== undefined) field(e, 'heat_map_scale', eat, (v) => isNumber(v) && v >= 0, 'a number >= 0');
      });
    }
    if (r.predicted_label !== undefined) {
      const p = object(r.predicted_label, `${at}.predicted_label`, '{ label_index, label, score }');
      field(p, 'label', `${at}.predicted_label`, (v) => typeof v === 'string', 'a string');
      field(p, 'score', `${at}.predicted_label`, isNumber, 'a number');
    }
  });
  return doc as unknown as AnalysisDocument;
}

function isNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function object(value: unknown, at: string, allowed: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ValidationError(at, value, allowed);
  return value as Record<string, unknown>;
}

function field(record: Record<string, unknown>, key: string, at: string, ok: (v: unknown) => boolean, allowed: string): void {
  if (!ok(record[key])) throw new ValidationError(`${at}.${key}`, record[key], allowed);
}

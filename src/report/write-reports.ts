/**
 * Writes `report.html` and `report.pdf` next to `analysis.json`.
 *
 * @packageDocumentation
 */
import type { AnalysisDocument } from '../analysis/document.js';
import type { Storage } from '../storage/storage.js';
import { renderHtmlReport } from './html-report.js';
import { renderPdfReport } from './pdf-report.js';
import { loadReportImages } from './report-data.js';
import type { ReportOptions } from './report-options.js';

/** Both reports, rendered and not yet written. */
export interface RenderedReports {
  readonly 'report.html': string;
  readonly 'report.pdf': Uint8Array;
}

/**
 * Renders both reports from the document and the files it names under `output`,
 * writing nothing: a file that is missing or is not the image it should be
 * fails here, before any report exists.
 * @throws {@link ValidationError} naming the image record and the file.
 */
export async function renderReports(document: AnalysisDocument, output: Pick<Storage, 'read'>, signal?: AbortSignal, options: ReportOptions = {}): Promise<RenderedReports> {
  const images = await loadReportImages(document, (path) => output.read(path, signal));
  const resolved = { ...options, createdAt: reportDate(document, options.createdAt) };
  return { 'report.html': renderHtmlReport(document, images, resolved), 'report.pdf': await renderPdfReport(document, images, resolved) };
}

/** The date a report shows: given, else the run's (`created_at`), else now. */
export function reportDate(document: Pick<AnalysisDocument, 'created_at'>, given?: Date): Date {
  if (given !== undefined) return given;
  const recorded = typeof document.created_at === 'string' ? new Date(document.created_at) : undefined;
  return recorded !== undefined && !Number.isNaN(recorded.getTime()) ? recorded : new Date();
}

/** Writes rendered reports; returns their names. */
export async function saveReports(reports: RenderedReports, output: Pick<Storage, 'write'>, signal?: AbortSignal): Promise<string[]> {
  await output.write('report.html', reports['report.html'], signal);
  await output.write('report.pdf', reports['report.pdf'], signal);
  return ['report.html', 'report.pdf'];
}

/** Builds both reports from the document and the files under `output`, then writes them; returns their names. */
export async function writeReports(document: AnalysisDocument, output: Pick<Storage, 'read' | 'write'>, signal?: AbortSignal, options: ReportOptions = {}): Promise<string[]> {
  return saveReports(await renderReports(document, output, signal, options), output, signal);
}

/**
 * Writes `report.html` and `report.pdf` next to `analysis.json`.
 *
 * @packageDocumentation
 */
import type { AnalysisDocument } from '../engine/analysis-json.js';
import type { Storage } from '../engine/storage.js';
import { renderHtmlReport } from './html-report.js';
import { renderPdfReport } from './pdf-report.js';
import { loadReportImages } from './report-data.js';

/** Builds both reports from the document and the files under `output`; returns their names. */
export async function writeReports(document: AnalysisDocument, output: Pick<Storage, 'read' | 'write'>, signal?: AbortSignal): Promise<string[]> {
  const images = await loadReportImages(document, (path) => output.read(path, signal));
  await output.write('report.html', renderHtmlReport(document, images), signal);
  await output.write('report.pdf', await renderPdfReport(document, images), signal);
  return ['report.html', 'report.pdf'];
}

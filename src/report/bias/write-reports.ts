/**
 * The reports of a tabular run, `report.html` and `report.pdf`, from its
 * `analysis.json` alone (a tabular run writes no other file the reports read).
 *
 * @packageDocumentation
 */
import type { TabularAnalysisDocument } from '../../analysis/tabular-document.js';
import { throwIfAborted } from '../../errors.js';
import type { Storage } from '../../storage/storage.js';
import type { ReportOptions } from '../report-options.js';
import { type RenderedReports, reportDate, saveReports } from '../write-reports.js';
import { renderTabularHtmlReport } from './html-report.js';
import { renderTabularPdfReport } from './pdf-report.js';

/**
 * Renders both reports of a tabular run's document, writing nothing. Dated with the
 * document's `created_at` unless `options.createdAt` is given.
 *
 * @example
 * ```ts
 * const { document } = await runTabularAnalysis({ config: 'analysis_config.json', data: './train.csv', output: './out' });
 * const reports = await renderTabularReports(document, { note: 'pre-release model' });
 * await writeFile('./out/report.html', reports['report.html']);
 * ```
 */
export async function renderTabularReports(document: TabularAnalysisDocument, options: ReportOptions = {}): Promise<RenderedReports> {
  const resolved = { ...options, createdAt: reportDate(document, options.createdAt) };
  return { 'report.html': renderTabularHtmlReport(document, resolved), 'report.pdf': await renderTabularPdfReport(document, resolved) };
}

/**
 * Renders both reports of a tabular run's document, then writes them under `output`;
 * returns their names (`report.html`, `report.pdf`).
 *
 * @throws {@link AbortError} when `signal` fires before they are written.
 */
export async function writeTabularReports(
  document: TabularAnalysisDocument,
  output: Pick<Storage, 'write'>,
  signal?: AbortSignal,
  options: ReportOptions = {},
): Promise<string[]> {
  const reports = await renderTabularReports(document, options);
  throwIfAborted(signal);
  return saveReports(reports, output, signal);
}

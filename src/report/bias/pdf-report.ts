/**
 * `report.pdf` of a tabular run (pdf-lib, standard fonts, as the image report): the
 * run, its dataset and how to read the tables, then per bias section its label and
 * one table per facet entry, a row per metric (short name, description, value) with
 * what its sign and size mean under it; then the explanations: per label a bar chart of
 * its global SHAP values, per feature its partial dependence plot
 * (`pdf-explanations.ts`); on as many A4 pages as it takes. Dated with the run's time.
 *
 * @packageDocumentation
 */
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import type { TabularAnalysisDocument } from '../../analysis/tabular-document.js';
import { dateText } from '../number-format.js';
import { GRAY, INK, MARGIN, WIDTH, Writer, wrap, ascii } from '../pdf-writer.js';
import type { ReportOptions } from '../report-options.js';
import { NOTHING_TO_SHOW } from './explanations-data.js';
import { metricValueText } from './metric-value.js';
import { drawExplanations } from './pdf-explanations.js';
import { type BiasFacetTable, type BiasMetricRow, READING_GUIDE, datasetSentence, tabularReportData } from './report-data.js';

/** What {@link renderTabularPdfReport} needs besides the document: the date is resolved by the caller. */
export type TabularPdfReportOptions = ReportOptions & { readonly createdAt: Date };

const RED = rgb(0.7, 0, 0);
const NAME_WIDTH = 48;
const VALUE_WIDTH = 80;
const TEXT_X = MARGIN + NAME_WIDTH;
const TEXT_WIDTH = WIDTH - NAME_WIDTH - VALUE_WIDTH;
const SIZE = 8;
const SMALL = 7.5;
const LINE = SIZE + 3;
const SMALL_LINE = SMALL + 2;

/** Renders the PDF report of a tabular run. */
export async function renderTabularPdfReport(document: TabularAnalysisDocument, options: TabularPdfReportOptions): Promise<Uint8Array> {
  const title = options.title ?? 'clarify-ts analysis report';
  const data = tabularReportData(document);
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setProducer('clarify-ts');
  pdf.setCreator(data.engine ?? 'clarify-ts');
  pdf.setCreationDate(options.createdAt);
  pdf.setModificationDate(options.createdAt);
  const w = new Writer(pdf, await pdf.embedFont(StandardFonts.Helvetica), await pdf.embedFont(StandardFonts.HelveticaBold));

  w.newPage();
  w.paragraph(title, 16, w.bold);
  w.paragraph(`Created ${dateText(options.createdAt)}${data.engine === undefined ? '' : ` by ${data.engine}`}.`, 9, w.font, GRAY);
  w.y -= 6;
  if (options.note) {
    w.paragraph(options.note, 10, w.bold);
    w.y -= 6;
  }
  if (data.dataset) w.paragraph(`Dataset: ${datasetSentence(data.dataset)}`, 10);
  const explanations = data.explanations.shap.length + data.explanations.pdp.length > 0;
  if (data.sections.length > 0) {
    w.y -= 4;
    w.paragraph(READING_GUIDE, 9);
  } else if (!explanations) {
    w.y -= 10;
    w.paragraph(NOTHING_TO_SHOW, 10);
  }
  for (const section of data.sections) {
    w.y -= 14;
    w.need(80);
    w.paragraph(section.title, 13, w.bold);
    w.paragraph(`Label ${section.label}, positive value(s) or threshold ${section.labelValue}.`, 10);
    for (const t of section.tables) facetTable(w, t, title);
  }
  drawExplanations(w, data.explanations, title);
  return pdf.save();
}

/** The caption, the header row, then a row per metric; both repeated on a new page. */
function facetTable(w: Writer, t: BiasFacetTable, title: string): void {
  const caption = `Facet ${t.facet}, value(s) or threshold ${t.value}`;
  const header = (continued: boolean) => {
    w.y -= 6;
    w.paragraph(continued ? `${caption} (continued)` : caption, 10, w.bold);
    w.y -= LINE;
    w.text('metric', MARGIN, w.y, SIZE, w.bold);
    w.text('description, and what the value means', TEXT_X, w.y, SIZE, w.bold);
    const value = 'value';
    w.text(value, MARGIN + WIDTH - w.bold.widthOfTextAtSize(value, SIZE), w.y, SIZE, w.bold);
    rule(w);
  };
  w.y -= 6;
  w.need(60 + rowHeight(w, t.rows[0]));
  header(false);
  for (const row of t.rows) {
    w.need(rowHeight(w, row), () => {
      w.paragraph(title, 9, w.font, GRAY);
      header(true);
    });
    metricRow(w, row);
  }
}

function rule(w: Writer): void {
  w.page.drawLine({ start: { x: MARGIN, y: w.y - 3 }, end: { x: MARGIN + WIDTH, y: w.y - 3 }, thickness: 0.3, color: GRAY });
}

/** The lines under a row's first: the error's message, then the meaning. */
function detailLines(w: Writer, row: BiasMetricRow): { error: string[]; meaning: string[] } {
  return {
    error: row.value.kind === 'error' ? wrap(ascii(metricValueText(row.value, true)), w.font, SMALL, TEXT_WIDTH) : [],
    meaning: wrap(ascii(row.meaning ?? ''), w.font, SMALL, TEXT_WIDTH),
  };
}

function rowHeight(w: Writer, row: BiasMetricRow | undefined): number {
  if (row === undefined) return 0;
  const { error, meaning } = detailLines(w, row);
  return LINE + (error.length + meaning.length) * SMALL_LINE + 5;
}

/** `name  description  value` on one line; the error (in red) and the meaning (grey) under the description. */
function metricRow(w: Writer, row: BiasMetricRow): void {
  w.y -= LINE;
  w.text(w.fit(row.name, NAME_WIDTH - 4, SIZE, w.bold), MARGIN, w.y, SIZE, w.bold);
  w.text(w.fit(row.description, TEXT_WIDTH - 6, SIZE), TEXT_X, w.y, SIZE);
  const value = w.fit(row.value.kind === 'error' ? 'error' : metricValueText(row.value, true), VALUE_WIDTH - 4, SIZE);
  w.text(value, MARGIN + WIDTH - w.font.widthOfTextAtSize(value, SIZE), w.y, SIZE, w.font, row.value.kind === 'error' ? RED : INK);
  const { error, meaning } = detailLines(w, row);
  for (const line of error) {
    w.y -= SMALL_LINE;
    w.page.drawText(line, { x: TEXT_X, y: w.y, size: SMALL, font: w.font, color: RED });
  }
  for (const line of meaning) {
    w.y -= SMALL_LINE;
    w.page.drawText(line, { x: TEXT_X, y: w.y, size: SMALL, font: w.font, color: GRAY });
  }
  w.y -= 2;
  rule(w);
  w.y -= 3;
}

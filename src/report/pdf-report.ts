/**
 * `report.pdf` (pdf-lib, standard fonts only, so no font files ship with it):
 * first the run, the colour legend and the summary table of report.html (on as
 * many pages as it takes), then one A4 page per image with its input and, per
 * explained class or object, the heat map with its colour bar and a bar chart of
 * the top segments' φ. Dated with the run's time.
 *
 * @packageDocumentation
 */
import { type PDFFont, type PDFImage, PDFDocument, StandardFonts } from 'pdf-lib';
import type { AnalysisDocument } from '../analysis/document.js';
import { ValidationError } from '../errors.js';
import { BAR_CHART_SEGMENTS, barColor, colorBarLabels, colorBarStops, fadeSentence, scaleSentence } from './legend.js';
import { dateText, formatPhi, formatPhiSe, formatScore, intervalContainsZero } from './number-format.js';
import { type ReportExplanation, type ReportImage, predictionText } from './report-data.js';
import { type SegmentValue, summaryRows, topSegments } from './summary.js';
import type { ReportOptions } from './report-options.js';
import { GRAY, INK, MARGIN, WIDTH, Writer, ascii, colour } from './pdf-writer.js';
import { drawBarChart } from './pdf-bar-chart.js';

/** What {@link renderPdfReport} needs besides the document: the date is resolved by the caller. */
export type PdfReportOptions = ReportOptions & { readonly createdAt: Date };

/** Renders the PDF report. */
export async function renderPdfReport(document: AnalysisDocument, images: readonly ReportImage[], options: PdfReportOptions): Promise<Uint8Array> {
  const title = options.title ?? 'clarify-ts analysis report';
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setProducer('clarify-ts');
  pdf.setCreator(`${document.engine?.name ?? 'clarify-ts'} ${document.engine?.version ?? ''}`.trim());
  pdf.setCreationDate(options.createdAt);
  pdf.setModificationDate(options.createdAt);
  const w = new Writer(pdf, await pdf.embedFont(StandardFonts.Helvetica), await pdf.embedFont(StandardFonts.HelveticaBold));
  summaryPages(w, document, images, title, options);
  for (const im of images) await imagePage(w, document, im, title);
  return pdf.save();
}

function summaryPages(w: Writer, document: AnalysisDocument, images: readonly ReportImage[], title: string, options: PdfReportOptions): void {
  const s = document.settings;
  w.newPage();
  w.paragraph(title, 16, w.bold);
  w.paragraph(`Created ${dateText(options.createdAt)} by ${document.engine?.name ?? 'clarify-ts'} ${document.engine?.version ?? ''}.`, 9, w.font, GRAY);
  w.y -= 6;
  if (options.note) {
    w.paragraph(options.note, 10, w.bold);
    w.y -= 6;
  }
  w.paragraph(`${document.summary.images} images: ${document.summary.succeeded} explained, ${document.summary.failed} failed. ` +
    `${s.model_type}, ${s.num_segments} segments (compactness ${s.segment_compactness}), ${s.num_samples} samples, ` +
    `baseline ${s.baseline}, seed ${s.seed ?? 'random'}${s.use_logit ? ', log-odds' : ''}.`, 10);
  w.y -= 10;

  w.paragraph('Colours', 12, w.bold);
  w.y -= 4;
  for (const [value, words] of [[1, 'blue: raises the score (phi > 0)'], [-1, 'red: lowers it (phi < 0)']] as const) {
    w.need(16);
    w.y -= 16;
    w.page.drawRectangle({ x: MARGIN, y: w.y - 2, width: 24, height: 12, color: colour(barColor(value)) });
    w.text(words, MARGIN + 32, w.y, 10);
  }
  w.y -= 6;
  w.paragraph(`Stronger colour, larger |phi|; a segment left gray barely matters. ${scaleSentence(document, 'phi')} ` +
    `phi are in the model's ${s.use_logit ? 'log-odds' : 'score'} units, relative to the baseline.` +
    (images.some((im) => im.explanations.some((e) => e.standardErrors)) ? ` ${SE_LEGEND}` : '') +
    (fadeSentence(document) === '' ? '' : ` ${fadeSentence(document)}`), 9);
  w.need(36);
  w.y -= 14;
  colorBar(w, MARGIN, w.y, 200, ['-scale', '0', '+scale']);
  w.y -= 22;

  w.paragraph('Summary', 12, w.bold);
  const columns = [
    { name: 'image', width: 150, right: false },
    { name: s.model_type === 'OBJECT_DETECTION' ? 'object' : 'class', width: 115, right: false },
    { name: 'score', width: 45, right: true },
    { name: 'top segments (phi)', width: 160, right: false },
    { name: 'seconds', width: 45, right: true },
  ];
  // A failed image's reason runs over the class, score and top-segment columns.
  const row = (cells: readonly string[], font: PDFFont, reason = false) => {
    w.y -= 13;
    let x = MARGIN;
    cells.forEach((cell, c) => {
      const { right } = columns[c];
      const width = reason && c === 1 ? columns[1].width + columns[2].width + columns[3].width : columns[c].width;
      const text = w.fit(cell, width - 6, 8, font);
      const at = right ? x + width - 4 - font.widthOfTextAtSize(text, 8) : x;
      w.page.drawText(text, { x: at, y: w.y, size: 8, font, color: INK });
      x += width;
    });
    w.page.drawLine({ start: { x: MARGIN, y: w.y - 3 }, end: { x: MARGIN + WIDTH, y: w.y - 3 }, thickness: 0.3, color: GRAY });
  };
  const header = () => row(columns.map((c) => c.name), w.bold);
  w.need(30);
  header();
  for (const r of summaryRows(images.map((im) => im.record))) {
    w.need(14, header);
    if (r.failed) {
      row([r.file, r.label], w.font, true);
      continue;
    }
    row([
      r.first ? r.file : '',
      r.label,
      r.score === undefined ? '' : formatScore(r.score),
      r.top.map((t) => `#${t.segment} ${formatPhi(t.value)}`).join('  '),
      r.first && r.seconds !== undefined ? r.seconds.toFixed(2) : '',
    ], w.font);
  }
}

/** A colour bar `width` wide with its top at `top`, and its three labels under it. */
function colorBar(w: Writer, x: number, top: number, width: number, labels: readonly [string, string, string]): void {
  const stops = colorBarStops(41);
  const step = width / stops.length;
  stops.forEach((s, i) => w.page.drawRectangle({ x: x + i * step, y: top - 8, width: step + 0.2, height: 8, color: colour(s.color) }));
  w.page.drawRectangle({ x, y: top - 8, width, height: 8, borderColor: GRAY, borderWidth: 0.5 });
  const [low, zero, high] = labels.map(ascii);
  w.text(low, x, top - 17, 7);
  w.text(zero, x + width / 2 - w.font.widthOfTextAtSize(zero, 7) / 2, top - 17, 7);
  w.text(high, x + width - w.font.widthOfTextAtSize(high, 7), top - 17, 7);
}

async function embed(w: Writer, bytes: Uint8Array, file: string, caption: string): Promise<PDFImage> {
  return w.pdf.embedJpg(bytes).catch((err: Error) => {
    throw new ValidationError(`${file}: ${caption}`, caption, 'a JPEG image the PDF can embed', err.message);
  });
}

const PICTURE = 160;

async function imagePage(w: Writer, document: AnalysisDocument, im: ReportImage, title: string): Promise<void> {
  const r = im.record;
  w.newPage();
  const heading = () => {
    w.paragraph(title, 9, w.font, GRAY);
    w.paragraph(r.file, 14, w.bold);
  };
  heading();
  w.paragraph(predictionText(r), 11);
  if (r.status === 'failed') return;
  w.paragraph(`${r.width}x${r.height}, ${r.num_segments} segments, ${document.settings.num_samples} samples, seed ${r.seed}, ${im.seconds.toFixed(2)} s`, 9);
  w.y -= 10;
  const pictures = [
    ...(im.image ? [{ bytes: im.image, caption: 'input' }] : []),
    ...(im.objectsImage ? [{ bytes: im.objectsImage, caption: 'detections' }] : []),
  ];
  if (pictures.length > 0) {
    let x = MARGIN;
    for (const p of pictures) {
      picture(w, await embed(w, p.bytes, r.file, p.caption), x, w.y);
      w.text(w.fit(p.caption, PICTURE, 8), x, w.y - PICTURE - 12, 8);
      x += PICTURE + 12;
    }
    w.y -= PICTURE + 28;
  }
  for (const e of im.explanations) await explanationBlock(w, e, r.file, () => {
    w.paragraph(title, 9, w.font, GRAY);
    w.paragraph(`${r.file} (continued)`, 14, w.bold);
    w.y -= 10;
  });
}

function picture(w: Writer, image: PDFImage, x: number, top: number): void {
  const scale = Math.min(PICTURE / image.width, PICTURE / image.height);
  w.page.drawImage(image, { x, y: top - image.height * scale, width: image.width * scale, height: image.height * scale });
}

/** A heat map with its colour bar and caption on the left, the bar chart of its top segments on the right. */
async function explanationBlock(w: Writer, e: ReportExplanation, file: string, continued: () => void): Promise<void> {
  const height = 14 + PICTURE + 34;
  w.need(height, continued);
  w.text(w.fit(`${e.title}: expected ${formatScore(e.expectedValue)}, full ${formatScore(e.fullValue)}`, WIDTH, 10, w.bold), MARGIN, w.y - 10, 10, w.bold);
  const top = w.y - 16;
  picture(w, await embed(w, e.heatMap, file, e.title), MARGIN, top);
  colorBar(w, MARGIN, top - PICTURE - 4, PICTURE, colorBarLabels(e.scale));
  const segments = topSegments(e.shapValues, BAR_CHART_SEGMENTS, e.standardErrors);
  const chartHeight = barChart(w, segments, e.scale, MARGIN + PICTURE + 24, top, WIDTH - PICTURE - 24, e.standardErrors !== undefined);
  if (segments.some(marked)) w.text(w.fit(INTERVAL_NOTE, WIDTH - PICTURE - 24, 7), MARGIN + PICTURE + 24, top - chartHeight - 12, 7, w.font, GRAY);
  w.y -= height;
}

/** The footnote of the `*` on a segment whose 95% interval contains 0 (ASCII, for the standard fonts). */
const INTERVAL_NOTE = '* interval contains 0: phi +/- 1.96 se, the 95% interval, holds 0.';
const SE_LEGEND = 'A sampled phi is shown +/- its standard error (se); * marks a segment whose 95% interval phi +/- 1.96 se contains 0.';

const marked = (t: SegmentValue): boolean => t.se !== undefined && intervalContainsZero(t.value, t.se);

/**
 * As report.html's bar chart: bars from a centre line, half the chart = the heat map's scale, each
 * labelled with its φ (`+/-` its se, and `*` when its 95% interval contains 0, with standard errors).
 * Returns its height.
 */
function barChart(w: Writer, top: readonly SegmentValue[], scale: number, x: number, yTop: number, width: number, withErrors: boolean): number {
  const bars = top.map((t) => t.se === undefined
    ? { label: `#${t.segment}`, value: t.value }
    : { label: `#${t.segment}`, value: t.value, text: `${formatPhiSe(t.value, t.se, '+/-')}${marked(t) ? '*' : ''}` });
  return drawBarChart(w, bars, {
    x, top: yTop, width, labelWidth: 30, valueWidth: withErrors ? 80 : 52, scale, symmetric: true,
    heading: withErrors ? 'top segments (phi +/- se)' : 'top segments (phi)', format: formatPhi,
  });
}

/**
 * `report.pdf`: one A4 page per image with its input, heat maps and top
 * segments (pdf-lib, standard fonts only, so no font files ship with it).
 *
 * @packageDocumentation
 */
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import type { AnalysisDocument } from '../engine/analysis-json.js';
import { ValidationError } from '../errors.js';
import { type ReportImage, predictionText, topSegments } from './report-data.js';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 40;
// Standard fonts are WinAnsi-encoded: replace what they cannot draw.
const ascii = (text: string) => text.replace(/φ/g, 'phi').replace(/×/g, 'x').replace(/[^\x20-\x7e]/g, '?');

/** Renders the PDF report. */
export async function renderPdfReport(document: AnalysisDocument, images: readonly ReportImage[], title = 'clarify-ts analysis report'): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setProducer('clarify-ts');
  pdf.setCreationDate(new Date(0));
  pdf.setModificationDate(new Date(0));
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  for (const im of images) {
    const page = pdf.addPage(A4);
    let y = A4[1] - MARGIN;
    const text = (t: string, size = 10, f = font) => {
      page.drawText(ascii(t).slice(0, 110), { x: MARGIN, y: (y -= size + 4), size, font: f, color: rgb(0.1, 0.1, 0.1) });
    };
    text(title, 9);
    text(im.record.file, 14, bold);
    text(predictionText(im.record), 11);
    const r = im.record;
    if (r.status === 'failed') continue;
    text(`${r.width}x${r.height}, ${r.num_segments} segments, ${document.settings.num_samples} samples, seed ${r.seed}, ${im.seconds.toFixed(2)} s`, 9);
    y -= 10;
    const pictures = [
      ...(im.image ? [{ bytes: im.image, caption: 'input' }] : []),
      ...(im.objectsImage ? [{ bytes: im.objectsImage, caption: 'detections' }] : []),
      ...im.explanations.map((e) => ({ bytes: e.heatMap, caption: e.title })),
    ];
    const size = 160;
    let x = MARGIN;
    let rowTop = y;
    for (const p of pictures) {
      if (x + size > A4[0] - MARGIN) {
        x = MARGIN;
        rowTop -= size + 24;
      }
      const image = await pdf.embedJpg(p.bytes).catch((err: Error) => {
        throw new ValidationError(`${r.file}: ${p.caption}`, p.caption, 'a JPEG image the PDF can embed', err.message);
      });
      const scale = Math.min(size / image.width, size / image.height);
      page.drawImage(image, { x, y: rowTop - image.height * scale, width: image.width * scale, height: image.height * scale });
      page.drawText(ascii(p.caption).slice(0, 32), { x, y: rowTop - size - 12, size: 8, font });
      x += size + 12;
    }
    y = rowTop - size - 36;
    for (const e of im.explanations.slice(0, 3)) {
      text(`${e.title}: expected ${e.expectedValue.toFixed(4)}, full ${e.fullValue.toFixed(4)}; top segments (phi):`, 9, bold);
      for (const t of topSegments(e.shapValues, 8)) text(`  segment ${t.segment}: ${t.value.toFixed(5)}`, 9);
      y -= 6;
    }
  }
  return pdf.save();
}

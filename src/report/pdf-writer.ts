/**
 * What every report.pdf draws with: A4 pages, Helvetica (a standard font, so no
 * font files ship), and a writer that goes top to bottom, wrapping paragraphs and
 * starting a new page when one is full.
 *
 * @packageDocumentation
 */
import { type PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import type { Rgb } from '../explain/image/heatmap.js';

/** An A4 page in points. */
export const A4: [number, number] = [595.28, 841.89];
/** The page margin in points, on every side. */
export const MARGIN = 40;
/** The width between the margins. */
export const WIDTH = A4[0] - 2 * MARGIN;
/** The colour of text. */
export const INK = rgb(0.1, 0.1, 0.1);
/** The colour of meta lines and rules. */
export const GRAY = rgb(0.4, 0.4, 0.4);

/** Text the standard fonts can draw: they are WinAnsi-encoded, so what they cannot draw is replaced. */
export const ascii = (text: string): string =>
  text.replace(/φ/g, 'phi').replace(/×/g, 'x').replace(/[−–—]/g, '-').replace(/…/g, '...').replace(/[^\x20-\x7e]/g, '?');

/** A colour of the heat maps as pdf-lib's. */
export const colour = (c: Rgb) => rgb(c[0] / 255, c[1] / 255, c[2] / 255);

/** Draws top to bottom on pages of the document, starting a new page when one is full. */
export class Writer {
  /** The page being drawn on; set by {@link Writer.newPage}. */
  page!: PDFPage;
  /** The baseline drawn last, from the page's bottom. */
  y = 0;

  constructor(
    readonly pdf: PDFDocument,
    readonly font: PDFFont,
    readonly bold: PDFFont,
  ) {}

  /** Starts a page, at its top margin. */
  newPage(): void {
    this.page = this.pdf.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  /** Makes room for `height` points, on a new page if this one has not got it. */
  need(height: number, onNewPage?: () => void): void {
    if (this.y - height < MARGIN) {
      this.newPage();
      onNewPage?.();
    }
  }

  /** Text cut to `width` points, with `...` when cut. */
  fit(text: string, width: number, size: number, font = this.font): string {
    let t = ascii(text);
    if (font.widthOfTextAtSize(t, size) <= width) return t;
    while (t.length > 0 && font.widthOfTextAtSize(`${t}...`, size) > width) t = t.slice(0, -1);
    return `${t}...`;
  }

  /** A paragraph wrapped to the page's width. */
  paragraph(text: string, size = 10, font = this.font, color = INK, indent = 0): void {
    for (const line of wrap(ascii(text), font, size, WIDTH - indent)) {
      this.need(size + 4);
      this.y -= size + 4;
      this.page.drawText(line, { x: MARGIN + indent, y: this.y, size, font, color });
    }
  }

  /** Text at a place on the page. */
  text(text: string, x: number, y: number, size: number, font = this.font, color = INK): void {
    this.page.drawText(ascii(text), { x, y, size, font, color });
  }
}

/**
 * Text broken into lines at most `width` points wide, at spaces; a word wider
 * than the line is broken too, so that nothing runs over the margin.
 */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(/\s+/).filter((w) => w !== '')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (font.widthOfTextAtSize(candidate, size) <= width) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    while (word.length > 1 && font.widthOfTextAtSize(word, size) > width) {
      let cut = word.length - 1;
      while (cut > 1 && font.widthOfTextAtSize(word.slice(0, cut), size) > width) cut--;
      lines.push(word.slice(0, cut));
      word = word.slice(cut);
    }
    line = word;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * report.pdf's horizontal bar chart, as report.html's (`svg-bar-chart.ts`, whose layout
 * it shares): a heading, a zero line, and a row per bar with its label, the bar (blue
 * positive, red negative) and its value's text.
 *
 * @packageDocumentation
 */
import { barColor } from './legend.js';
import { GRAY, Writer, colour } from './pdf-writer.js';
import { type ChartBar, barChartSpans, barLength } from './svg-bar-chart.js';

/** Where and how {@link drawBarChart} draws. */
export interface PdfBarChartOptions {
  /** The chart's left edge. */
  readonly x: number;
  /** The chart's top, from the page's bottom. */
  readonly top: number;
  /** Its width in points. */
  readonly width: number;
  /** The width of the labels' column. */
  readonly labelWidth: number;
  /** Room for a value's text beside its bar. */
  readonly valueWidth: number;
  /** The smallest |value| a full-length bar stands for. */
  readonly scale: number;
  /** Whether the zero line stays in the middle whatever the signs (see `SvgBarChartOptions.symmetric`). */
  readonly symmetric: boolean;
  /** The line above the bars (ASCII: the standard fonts draw nothing else). */
  readonly heading: string;
  /** The text of a value. */
  readonly format: (value: number) => string;
  /** @default 17 */
  readonly rowHeight?: number;
  /** @default 8 */
  readonly size?: number;
}

/** Draws the chart on the writer's page; returns its height in points. Labels are cut to their column. */
export function drawBarChart(w: Writer, bars: readonly ChartBar[], o: PdfBarChartOptions): number {
  const rowHeight = o.rowHeight ?? 17;
  const size = o.size ?? 8;
  w.text(o.heading, o.x, o.top - 8, 8, w.bold);
  const spans = barChartSpans(bars.map((b) => b.value), o);
  const zero = o.x + spans.zero;
  w.page.drawLine({ start: { x: zero, y: o.top - 12 }, end: { x: zero, y: o.top - 14 - bars.length * rowHeight }, thickness: 0.5, color: GRAY });
  bars.forEach((b, k) => {
    const y = o.top - 14 - (k + 1) * rowHeight;
    const length = barLength(b.value, spans);
    const positive = !(b.value < 0);
    w.text(w.fit(b.label, o.labelWidth - 4, size), o.x, y + 4, size);
    w.page.drawRectangle({ x: positive ? zero : zero - length, y: y + 2, width: Math.max(length, 0.5), height: rowHeight - 5, color: colour(barColor(b.value)) });
    const value = b.text ?? o.format(b.value);
    const valueX = positive ? zero + length + 3 : zero - length - 3 - w.font.widthOfTextAtSize(value, size);
    w.text(value, valueX, y + 4, size);
  });
  return 14 + bars.length * rowHeight;
}

/**
 * The horizontal bar chart of report.html, as inline SVG: a row per bar with its label
 * on the left, the bar from a zero line (positive to the right in blue, negative to the
 * left in red, the colours of the heat maps) and its value beside the bar's end. The
 * image report draws a heat map's top segments with it, the tabular report a label's
 * global SHAP values. Every string is escaped here.
 *
 * @packageDocumentation
 */
import { escapeHtml as escape } from './html-escape.js';
import { barColor, cssColor } from './legend.js';

/** One bar of {@link svgBarChart}. */
export interface ChartBar {
  /** The text on the left, as shown (cut by the caller when it must be). */
  readonly label: string;
  /** The bar's value; a value that is not finite gets no bar, only its text. */
  readonly value: number;
  /** `data-*` attributes of the bar's group, by name without `data-`, written before `data-value`. */
  readonly data?: Readonly<Record<string, string>>;
  /** The value's text, in place of the chart's `format(value)` (e.g. φ ± se). @default format(value) */
  readonly text?: string;
  /** A tooltip for the bar (e.g. the whole label when it is cut). @default none */
  readonly tooltip?: string;
}

/** The layout and the words of {@link svgBarChart}. */
export interface SvgBarChartOptions {
  /** The chart's width in pixels. */
  readonly width: number;
  /** The width of the labels' column. */
  readonly labelWidth: number;
  /** Room for a value's text beside its bar. */
  readonly valueWidth: number;
  /** The smallest |value| a full-length bar stands for (a larger |value| lengthens the scale). */
  readonly scale: number;
  /**
   * Whether the zero line stays in the middle whatever the signs (so that charts with one
   * scale compare); otherwise it moves to the left when no value is negative, to the right
   * when none is positive.
   */
  readonly symmetric: boolean;
  /** The line above the bars, e.g. `top segments (φ)`. */
  readonly heading: string;
  /** The chart's SVG title (what a screen reader and a hover show). */
  readonly title: string;
  /** The chart's `aria-label`. */
  readonly ariaLabel: string;
  /** The text of a value. */
  readonly format: (value: number) => string;
  /** @default 'bars' */
  readonly className?: string;
  /** @default 22 */
  readonly rowHeight?: number;
}

/** Where a bar chart's zero line is and how far a bar may reach on either side of it. */
export interface BarChartSpans {
  /** The zero line, from the chart's left. */
  readonly zero: number;
  /** The length of a bar of +scale. */
  readonly positive: number;
  /** The length of a bar of -scale. */
  readonly negative: number;
  /** The |value| of a full-length bar. */
  readonly max: number;
}

/** The zero line and the bars' reach, shared by report.html's and report.pdf's bar charts. */
export function barChartSpans(values: readonly number[], o: { width: number; labelWidth: number; valueWidth: number; scale: number; symmetric: boolean }): BarChartSpans {
  const finite = values.filter(Number.isFinite);
  const max = Math.max(o.scale, ...finite.map(Math.abs));
  const anyNegative = finite.some((v) => v < 0);
  const anyPositive = finite.some((v) => v > 0);
  const free = o.width - o.labelWidth;
  if (o.symmetric || (anyNegative && anyPositive)) {
    const half = (free - 2 * o.valueWidth) / 2;
    return { zero: o.labelWidth + o.valueWidth + half, positive: half, negative: half, max };
  }
  if (anyNegative) return { zero: o.width, positive: 0, negative: free - o.valueWidth, max };
  return { zero: o.labelWidth, positive: free - o.valueWidth, negative: 0, max };
}

/** The length of a value's bar. */
export function barLength(value: number, spans: BarChartSpans): number {
  if (!Number.isFinite(value) || spans.max <= 0) return 0;
  return (Math.abs(value) / spans.max) * (value >= 0 ? spans.positive : spans.negative);
}

/**
 * The chart as an `<svg>` element: the heading, the zero line, then a
 * `<g class="bar" data-…="…" data-value="…">` per bar holding its label, its rectangle and
 * its value's text.
 */
export function svgBarChart(bars: readonly ChartBar[], o: SvgBarChartOptions): string {
  const rowHeight = o.rowHeight ?? 22;
  const spans = barChartSpans(bars.map((b) => b.value), o);
  const height = bars.length * rowHeight + 20;
  const rows = bars.map((b, k) => {
    const y = 18 + k * rowHeight;
    const length = barLength(b.value, spans);
    const positive = !(b.value < 0);
    const x = positive ? spans.zero : spans.zero - length;
    const valueX = positive ? spans.zero + length + 4 : spans.zero - length - 4;
    const data = Object.entries(b.data ?? {}).map(([name, value]) => ` data-${name}="${escape(value)}"`).join('');
    return `<g class="bar"${data} data-value="${b.value}">` +
      (b.tooltip === undefined ? '' : `<title>${escape(b.tooltip)}</title>`) +
      `<text x="0" y="${y + 13}">${escape(b.label)}</text>` +
      `<rect x="${x.toFixed(1)}" y="${y + 2}" width="${Math.max(length, 0.5).toFixed(1)}" height="${rowHeight - 6}" fill="${cssColor(barColor(b.value))}"></rect>` +
      `<text x="${valueX.toFixed(1)}" y="${y + 13}" text-anchor="${positive ? 'start' : 'end'}">${escape(b.text ?? o.format(b.value))}</text></g>`;
  }).join('');
  return `<svg class="${escape(o.className ?? 'bars')}" role="img" width="${o.width}" height="${height}" viewBox="0 0 ${o.width} ${height}" aria-label="${escape(o.ariaLabel)}">` +
    `<title>${escape(o.title)}</title>` +
    `<text x="0" y="12">${escape(o.heading)}</text>` +
    `<line x1="${spans.zero}" y1="16" x2="${spans.zero}" y2="${height}" stroke="#888"></line>${rows}</svg>`;
}

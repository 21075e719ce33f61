/**
 * report.pdf's pages of a tabular run's explanations, drawn as report.html draws them:
 * per label a bar chart of its global SHAP values (the shared bar chart), then the
 * partial dependence plots two to a row, from the same layout as the page's SVG
 * (`pdp-layout.ts`), or the error a feature failed with. Standard fonts: every text
 * goes through `ascii`.
 *
 * @packageDocumentation
 */
import { type RGB, degrees, rgb } from 'pdf-lib';
import { formatPhi, formatPhiSe, formatScore } from '../number-format.js';
import { drawBarChart } from '../pdf-bar-chart.js';
import { GRAY, INK, MARGIN, WIDTH, Writer, ascii, colour, wrap } from '../pdf-writer.js';
import {
  type ExplanationsView, type PdpErrorView, type PdpPlotView, type ShapLabelView,
  PDP_GUIDE, SHAP_GUIDE, moreFeaturesText, pdpColor, shapErrorsGuide, withinNoise,
} from './explanations-data.js';
import { type PlacedText, PDP_WIDTH, pdpLayout } from './pdp-layout.js';

const RED = rgb(0.7, 0, 0);
const LIGHT = rgb(0.8, 0.8, 0.8);
const FAINT = rgb(0.93, 0.93, 0.93);
const SHAP_ROW = 13;
const SHAP_LABEL_WIDTH = 170;
/** Two plots to a row. */
const CELL_GAP = WIDTH - 2 * PDP_WIDTH;
const CELL_TITLE = 13;
const CELL_LEGEND = 11;

/** Draws the explanations' sections after what the writer drew last; draws nothing when there are none. */
export function drawExplanations(w: Writer, view: ExplanationsView, title: string): void {
  if (view.shap.length > 0) {
    w.y -= 14;
    w.need(80);
    w.paragraph('Global SHAP values', 13, w.bold);
    w.paragraph(SHAP_GUIDE, 9);
    // The standard fonts draw neither a dagger nor a plus-minus sign.
    if (view.shap.some((s) => s.withErrors)) w.paragraph(shapErrorsGuide('*', '+/-'), 9);
    for (const s of view.shap) shapBlock(w, s, title);
  }
  if (view.pdp.length > 0) {
    w.y -= 14;
    w.need(80 + cellHeight(w, view.pdp[0]!));
    w.paragraph('Partial dependence plots', 13, w.bold);
    w.paragraph(PDP_GUIDE, 9);
    w.y -= 6;
    for (let k = 0; k < view.pdp.length; k += 2) {
      const row = view.pdp.slice(k, k + 2);
      const height = Math.max(...row.map((p) => cellHeight(w, p)));
      w.need(height, () => {
        w.paragraph(title, 9, w.font, GRAY);
        w.paragraph('Partial dependence plots (continued)', 11, w.bold);
        w.y -= 6;
      });
      row.forEach((p, c) => {
        const x = MARGIN + c * (PDP_WIDTH + CELL_GAP);
        if (p.kind === 'plot') pdpCell(w, p, x, w.y);
        else errorCell(w, p, x, w.y);
      });
      w.y -= height;
    }
  }
}

/** A label's caption, its bar chart and the count of the features left out. */
function shapBlock(w: Writer, s: ShapLabelView, title: string): void {
  const more = moreFeaturesText(s);
  const height = 20 + 14 + s.top.length * SHAP_ROW + (more === '' ? 0 : 12) + 6;
  w.y -= 6;
  w.need(height, () => {
    w.paragraph(title, 9, w.font, GRAY);
    w.paragraph('Global SHAP values (continued)', 11, w.bold);
  });
  const count = s.features === 1 ? '1 feature' : `${s.features} features`;
  w.y -= 14;
  w.text(w.fit(`Label ${s.label}: expected value ${formatScore(s.expectedValue)}, ${count}`, WIDTH, 10, w.bold), MARGIN, w.y, 10, w.bold);
  w.y -= 4;
  const withErrors = s.withErrors === true;
  const bars = s.top.map((f) => f.se === undefined
    ? { label: f.feature, value: f.value }
    : { label: f.feature, value: f.value, text: `${formatPhiSe(f.value, f.se, '+/-')}${withinNoise(f) ? '*' : ''}` });
  const chart = drawBarChart(w, bars, {
    x: MARGIN,
    top: w.y,
    width: WIDTH,
    labelWidth: SHAP_LABEL_WIDTH,
    valueWidth: withErrors ? 90 : 52,
    scale: 0,
    symmetric: false,
    heading: withErrors ? 'global SHAP value +/- se (* indistinguishable from sampling noise)' : 'global SHAP value',
    format: formatPhi,
    rowHeight: SHAP_ROW,
  });
  w.y -= chart;
  if (more !== '') {
    w.y -= 12;
    w.text(more, MARGIN, w.y, 8, w.font, GRAY);
  }
  w.y -= 6;
}

function cellHeight(w: Writer, p: PdpPlotView | PdpErrorView): number {
  if (p.kind === 'plot') return CELL_TITLE + CELL_LEGEND + pdpLayout(p).height + 10;
  return CELL_TITLE + errorLines(w, p).length * 10 + 14;
}

function errorLines(w: Writer, p: PdpErrorView): string[] {
  return wrap(ascii(`No plot: ${p.error}`), w.font, 8, PDP_WIDTH);
}

function cellTitle(w: Writer, feature: string, dataType: string, x: number, top: number): void {
  w.text(w.fit(`${feature} (${dataType})`, PDP_WIDTH, 9, w.bold), x, top - 9, 9, w.bold);
}

function errorCell(w: Writer, p: PdpErrorView, x: number, top: number): void {
  cellTitle(w, p.feature, p.dataType, x, top);
  errorLines(w, p).forEach((line, k) => w.page.drawText(line, { x, y: top - CELL_TITLE - 8 - k * 10, size: 8, font: w.font, color: RED }));
}

/** A partial dependence plot with its title and legend, its top left corner at `(x, top)`. */
function pdpCell(w: Writer, p: PdpPlotView, x: number, top: number): void {
  cellTitle(w, p.feature, p.dataType, x, top);
  // The legend: a swatch and the name of each label, as many as fit on the line.
  let lx = x;
  const ly = top - CELL_TITLE - 8;
  for (const [d, label] of p.labels.entries()) {
    const name = w.fit(label, 80, 7);
    const room = 12 + w.font.widthOfTextAtSize(name, 7) + 8;
    if (lx + room > x + PDP_WIDTH) break;
    w.page.drawRectangle({ x: lx, y: ly, width: 9, height: 5, color: colour(pdpColor(d)) });
    w.text(name, lx + 12, ly, 7);
    lx += room;
  }

  const l = pdpLayout(p);
  const y0 = top - CELL_TITLE - CELL_LEGEND;
  const X = (x1: number) => x + x1;
  const Y = (y1: number) => y0 - y1;
  const line = (x1: number, y1: number, x2: number, y2: number, color: RGB, thickness = 0.5) =>
    w.page.drawLine({ start: { x: X(x1), y: Y(y1) }, end: { x: X(x2), y: Y(y2) }, thickness, color });
  const text = (t: PlacedText, size = 6.5, font = w.font) => {
    const s = ascii(t.text);
    const width = font.widthOfTextAtSize(s, size);
    const back = t.anchor === 'start' ? 0 : t.anchor === 'middle' ? width / 2 : width;
    if (t.turned) {
      // Read bottom to top: the text runs up from its start, its glyphs' tops to the left.
      w.page.drawText(s, { x: X(t.x) + size * 0.35, y: Y(t.y) - back, size, font, color: INK, rotate: degrees(90) });
    } else {
      w.page.drawText(s, { x: X(t.x - back), y: Y(t.y), size, font, color: INK });
    }
  };

  for (const t of l.yTicks) {
    line(l.plot.x, t.lineY, l.plot.x + l.plot.width, t.lineY, FAINT);
    text(t);
  }
  w.page.drawRectangle({ x: X(l.plot.x), y: Y(l.plot.y + l.plot.height), width: l.plot.width, height: l.plot.height, borderColor: LIGHT, borderWidth: 0.5 });
  for (const d of l.distribution) {
    if (d.height > 0) w.page.drawRectangle({ x: X(d.x), y: Y(d.y + d.height), width: d.width, height: d.height, color: LIGHT });
  }
  line(l.strip.x, l.strip.y + l.strip.height, l.strip.x + l.strip.width, l.strip.y + l.strip.height, LIGHT);
  if (l.zeroY !== undefined) line(l.plot.x, l.zeroY, l.plot.x + l.plot.width, l.zeroY, GRAY);
  for (const b of l.bars) {
    w.page.drawRectangle({ x: X(b.x), y: Y(b.y + b.height), width: b.width, height: Math.max(b.height, 0.5), color: colour(pdpColor(b.label)) });
  }
  for (const pl of l.lines) {
    const color = colour(pdpColor(pl.label));
    for (const segment of pl.segments) {
      segment.forEach((m, k) => {
        const next = segment[k + 1];
        if (next !== undefined) line(m.x, m.y, next.x, next.y, color, 1.2);
        w.page.drawCircle({ x: X(m.x), y: Y(m.y), size: 1.5, color });
      });
    }
  }
  for (const t of l.xTicks) text(t);
  text(l.stripLabel);
  text(l.xLabel, 7.5, w.bold);
  text(l.yLabel, 7.5);
}

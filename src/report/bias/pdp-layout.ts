/**
 * The geometry of a partial dependence plot, computed once for report.html's SVG and
 * report.pdf's drawing so that the two cannot disagree: a plot box with the model's mean
 * output per label against the feature's grid (a line over a numerical feature's bucket
 * centres, a group of bars per category), its ticks, and under it a strip of grey bars
 * with the data's share per bucket or category. Coordinates run from the chart's top
 * left corner, y downwards (the PDF flips them); texts are cut to the room they have.
 *
 * @packageDocumentation
 */
import { formatNumber } from '../number-format.js';
import type { PdpPlotView } from './explanations-data.js';

/** A rectangle, y downwards. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A text at a point (its baseline), anchored at its start, middle or end. */
export interface PlacedText {
  readonly x: number;
  readonly y: number;
  readonly text: string;
  readonly anchor: 'start' | 'middle' | 'end';
  /**
   * Turned a quarter to the left (read bottom to top), centred across on `x`: its anchor
   * is then its top end (`end`) or middle (`middle`).
   */
  readonly turned?: boolean;
}

/** One grid value's mean output for one label: a point of a line, or a bar. */
export interface PdpMark {
  /** The label's index in the view's `labels`. */
  readonly label: number;
  /** The grid value's index in the view's `values`. */
  readonly index: number;
  /** The mean model output. */
  readonly prediction: number;
}

/** A numerical feature's line for one label: its points in grid order, left to right. */
export interface PdpLine {
  readonly label: number;
  /** Points of finite outputs (a NaN leaves a gap: the line is cut there). */
  readonly segments: readonly (readonly (PdpMark & { readonly x: number; readonly y: number })[])[];
}

/** A partial dependence plot laid out. */
export interface PdpChartLayout {
  readonly width: number;
  readonly height: number;
  /** Where the outputs are drawn. */
  readonly plot: Box;
  /** Horizontal grid lines with their values, at the plot's left. */
  readonly yTicks: readonly (PlacedText & { readonly lineY: number })[];
  /** The grid values named under the plot (turned when a categorical feature's names do not fit side by side). */
  readonly xTicks: readonly PlacedText[];
  /** Numerical: a line per label. */
  readonly lines: readonly PdpLine[];
  /** Categorical: a bar per category and label, from the zero line. */
  readonly bars: readonly (PdpMark & Box)[];
  /** Categorical: the y of output 0, where the bars start. */
  readonly zeroY: number | undefined;
  /** The strip under the plot holding the data's distribution. */
  readonly strip: Box;
  /** A bar per grid value: the data's share there, as tall as the strip for the largest share. */
  readonly distribution: readonly (Box & { readonly index: number; readonly share: number })[];
  /** `data` beside the strip. */
  readonly stripLabel: PlacedText;
  /** The feature's name under everything. */
  readonly xLabel: PlacedText;
  /** What the y axis is, drawn turned a quarter to the left, centred on `(x, y)`. */
  readonly yLabel: PlacedText;
}

/** The chart's size. */
export const PDP_WIDTH = 250;
const LEFT = 46;
const RIGHT = 8;
const TOP = 6;
const PLOT_HEIGHT = 100;
const STRIP_HEIGHT = 22;
/** A generous width of one character of the charts' small text. */
const CHAR = 5;
/** Characters of a turned category name. */
const TURNED_CHARS = 12;
/** The room a turned name needs across. */
const TURNED_LINE = 10;

/** A text cut to `chars` characters, with `…` when cut. */
export function cutText(text: string, chars: number): string {
  const n = Math.max(1, Math.floor(chars));
  return text.length <= n ? text : `${text.slice(0, Math.max(0, n - 1))}…`;
}

/** A grid value as text: a number of a numerical feature in the reports' format, a category as it is. */
export function gridValueText(value: number | string | boolean, dataType: 'numerical' | 'categorical'): string {
  return dataType === 'numerical' && typeof value === 'number' ? formatNumber(value, false) : String(value);
}

/** The round step (1, 2 or 5 times a power of ten) nearest above `rough`. */
function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const unit = rough / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

/** Lays out a partial dependence plot. */
export function pdpLayout(view: PdpPlotView): PdpChartLayout {
  const plot: Box = { x: LEFT, y: TOP, width: PDP_WIDTH - LEFT - RIGHT, height: PLOT_HEIGHT };
  const categorical = view.dataType === 'categorical';
  const n = view.values.length;
  // A categorical feature's names side by side when they fit (or when at least 6 characters
  // of each do), else turned under their bars, every one that has room.
  const band = plot.width / Math.max(1, n);
  const across = band / CHAR - 1;
  const longest = Math.max(0, ...view.values.map((v) => String(v).length));
  const turned = categorical && across < Math.min(6, longest);
  const tickArea = turned ? TURNED_CHARS * CHAR + 8 : 16;
  const stripTop = plot.y + plot.height + tickArea;
  const strip: Box = { x: plot.x, y: stripTop, width: plot.width, height: STRIP_HEIGHT };
  const height = stripTop + STRIP_HEIGHT + 20;

  const finite = view.predictions.flat().filter(Number.isFinite);
  let lo = finite.length > 0 ? Math.min(...finite) : 0;
  let hi = finite.length > 0 ? Math.max(...finite) : 1;
  if (categorical) {
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 0);
  }
  if (hi === lo) {
    const pad = Math.abs(hi) * 0.05 || 0.5;
    lo -= pad;
    hi += pad;
  }
  // Round ticks (1, 2 or 5 times a power of ten) bound the axis.
  const step = niceStep((hi - lo) / 4);
  lo = Math.floor(lo / step + 1e-9) * step;
  hi = Math.ceil(hi / step - 1e-9) * step;
  const y = (v: number) => plot.y + plot.height - ((v - lo) / (hi - lo)) * plot.height;
  const ticks = Math.round((hi - lo) / step);
  const yTicks = Array.from({ length: ticks + 1 }, (_, k) => {
    const v = k === ticks ? hi : lo + k * step;
    return { x: plot.x - 4, y: y(v) + 3, lineY: y(v), text: formatNumber(Math.abs(v) < step * 1e-9 ? 0 : v, false), anchor: 'end' as const };
  });

  const shareMax = Math.max(0, ...view.distribution.filter(Number.isFinite));
  const shareHeight = (share: number) => (shareMax > 0 && Number.isFinite(share) ? (Math.max(0, share) / shareMax) * strip.height : 0);
  const tickY = plot.y + plot.height + 11;
  let lines: PdpLine[] = [];
  let bars: (PdpMark & Box)[] = [];
  let distribution: (Box & { index: number; share: number })[] = [];
  let xTicks: PlacedText[] = [];

  if (categorical) {
    const inner = band * 0.8;
    const each = inner / Math.max(1, view.labels.length);
    const zero = y(0);
    bars = view.predictions.flatMap((row, label) => row.map((prediction, index) => {
      const top = Number.isFinite(prediction) ? y(prediction) : zero;
      return { label, index, prediction, x: plot.x + index * band + (band - inner) / 2 + label * each, y: Math.min(top, zero), width: each, height: Math.abs(zero - top) };
    }));
    distribution = view.values.map((_, index) => {
      const share = view.distribution[index] as number;
      const h = shareHeight(share);
      return { index, share, x: plot.x + index * band + band * 0.2, y: strip.y + strip.height - h, width: band * 0.6, height: h };
    });
    // Turned names need a line's height across (10 units): every k-th when bars are narrower.
    const step = turned ? Math.ceil(TURNED_LINE / band) : 1;
    xTicks = view.values.flatMap((value, index) => {
      if (index % step !== 0) return [];
      const text = gridValueText(value, 'categorical');
      const centre = plot.x + (index + 0.5) * band;
      return [turned
        ? { x: centre, y: plot.y + plot.height + 4, text: cutText(text, TURNED_CHARS), anchor: 'end' as const, turned: true }
        : { x: centre, y: tickY, text: cutText(text, across), anchor: 'middle' as const }];
    });
  } else {
    const order = view.values.map((_, i) => i).sort((a, b) => (view.values[a] as number) - (view.values[b] as number));
    const sorted = order.map((i) => view.values[i] as number);
    // Bucket edges halfway between neighbouring grid values, the outer ones as far out: for
    // Clarify's grid (bucket centres), exactly the buckets.
    const first = sorted[0] as number;
    const last = sorted[n - 1] as number;
    let left = n > 1 ? first - ((sorted[1] as number) - first) / 2 : first - 0.5;
    let right = n > 1 ? last + (last - (sorted[n - 2] as number)) / 2 : last + 0.5;
    if (!(right > left)) {
      left = first - 0.5;
      right = last + 0.5;
    }
    const x = (v: number) => plot.x + ((v - left) / (right - left)) * plot.width;
    const edges = sorted.map((v, k) => [k === 0 ? left : (v + (sorted[k - 1] as number)) / 2, k === n - 1 ? right : (v + (sorted[k + 1] as number)) / 2] as const);
    distribution = order.map((index, k) => {
      const share = view.distribution[index] as number;
      const h = shareHeight(share);
      const [a, b] = edges[k] as readonly [number, number];
      return { index, share, x: x(a) + 0.5, y: strip.y + strip.height - h, width: Math.max(0.5, x(b) - x(a) - 1), height: h };
    });
    lines = view.predictions.map((row, label) => {
      const segments: (PdpMark & { x: number; y: number })[][] = [[]];
      for (const index of order) {
        const prediction = row[index] as number;
        if (Number.isFinite(prediction)) (segments[segments.length - 1] as (PdpMark & { x: number; y: number })[]).push({ label, index, prediction, x: x(view.values[index] as number), y: y(prediction) });
        else if ((segments[segments.length - 1] as unknown[]).length > 0) segments.push([]);
      }
      return { label, segments: segments.filter((s) => s.length > 0) };
    });
    const ticks = n >= 3 ? [0, Math.floor((n - 1) / 2), n - 1] : n === 2 ? [0, 1] : [0];
    xTicks = ticks.map((k) => ({ x: x(sorted[k] as number), y: tickY, text: cutText(gridValueText(sorted[k] as number, 'numerical'), 10), anchor: 'middle' as const }));
  }

  return {
    width: PDP_WIDTH,
    height,
    plot,
    yTicks,
    xTicks,
    lines,
    bars,
    zeroY: categorical ? y(0) : undefined,
    strip,
    distribution,
    stripLabel: { x: plot.x - 4, y: strip.y + strip.height - 4, text: 'data', anchor: 'end' },
    xLabel: { x: plot.x + plot.width / 2, y: height - 4, text: cutText(view.feature, plot.width / CHAR), anchor: 'middle' },
    yLabel: { x: 9, y: plot.y + plot.height / 2, text: view.labels.length === 1 ? 'mean output' : 'mean outputs', anchor: 'middle', turned: true },
  };
}

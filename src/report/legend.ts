/**
 * What both reports draw beside a heat map: its colour bar (the colours of
 * −scale … 0 … +scale, computed by the heat map's own colour function, so the
 * bar cannot disagree with the picture) and the bar chart of its top segments.
 *
 * @packageDocumentation
 */
import { type Rgb, heatmapColor } from '../explain/image/heatmap.js';
import type { AnalysisDocument } from '../analysis/document.js';
import { formatPhi } from './number-format.js';

/** Segments in a heat map's bar chart. */
export const BAR_CHART_SEGMENTS = 8;

/** One stop of a colour bar: `at` 0 (left, −scale) … 1 (right, +scale). */
export interface ColorStop {
  readonly at: number;
  readonly color: Rgb;
}

/** The colour bar's stops, left (−scale, red) to right (+scale, blue). */
export function colorBarStops(count = 21): ColorStop[] {
  return Array.from({ length: count }, (_, i) => {
    const at = i / (count - 1);
    return { at, color: heatmapColor(2 * at - 1) };
  });
}

/** The colour of a bar in the bar chart: full colour of its sign. */
export function barColor(value: number): Rgb {
  return heatmapColor(value >= 0 ? 1 : -1);
}

/** `rgb(r, g, b)` for CSS and SVG. */
export const cssColor = (c: Rgb): string => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;

/** The colour bar's three labels: −scale, 0, +scale (a zero scale: nothing is coloured). */
export function colorBarLabels(scale: number): [string, string, string] {
  return scale > 0 ? [formatPhi(-scale), '0', formatPhi(scale)] : ['0', '0', '0'];
}

/** What the legend says about the scale, from the run's settings. */
export function scaleSentence(document: AnalysisDocument, phi = 'φ'): string {
  return document.settings?.heat_map_scale === 'shared'
    ? `Full colour is the same |${phi}| on every heat map (a shared scale: the run's largest |${phi}|), so colours compare across images.`
    : `Full colour is each heat map's own largest |${phi}|, shown at the ends of its colour bar: compare colours within a heat map, and read the bars before comparing two.`;
}

/**
 * The legend's sentence on faded segments, when the run faded them (`settings.fade_uncertain`);
 * empty otherwise. ASCII: report.pdf shows it too.
 */
export function fadeSentence(document: AnalysisDocument): string {
  return document.settings?.fade_uncertain === true ? 'Segments whose 95% interval contains 0 are drawn faded.' : '';
}

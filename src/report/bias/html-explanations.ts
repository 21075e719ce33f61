/**
 * report.html's sections of a tabular run's explanations, as inline SVG (no script):
 * per label a bar chart of its global SHAP values, and per feature its partial
 * dependence plot (or the error it failed with). Every string from the document is
 * escaped; every chart's marks carry their values as `data-*` attributes and tooltips.
 *
 * @packageDocumentation
 */
import { escapeHtml as escape } from '../html-escape.js';
import { cssColor } from '../legend.js';
import { formatPhi, formatPhiSe, formatScore } from '../number-format.js';
import { svgBarChart } from '../svg-bar-chart.js';
import {
  type ExplanationsView, type PdpErrorView, type PdpPlotView, type ShapLabelView,
  PDP_GUIDE, SHAP_GUIDE, moreFeaturesText, pdpColor, shapErrorsGuide, withinNoise,
} from './explanations-data.js';
import { type PlacedText, cutText, gridValueText, pdpLayout } from './pdp-layout.js';

/** CSS of the explanations' figures, added to the page's. */
export const EXPLANATIONS_STYLE = `
figure.shap, figure.pdp { display: inline-block; vertical-align: top; margin: 0 1.5rem 1.2rem 0; }
figure.shap figcaption, figure.pdp figcaption { font-weight: 600; margin-bottom: 0.2rem; }
figure.pdp { width: 250px; }
figure.pdp p.failed { font-size: 13px; }
svg.bars text, svg.pdp text { font: 11px system-ui, sans-serif; font-variant-numeric: tabular-nums; }
svg.pdp text { font-size: 9px; }
svg.pdp text.axis { font-size: 10px; fill: #333; }
p.more, p.guide { color: #444; font-size: 13px; max-width: 72rem; }
.pdp-legend { font-size: 12px; }
.pdp-legend span.swatch { display: inline-block; width: 0.8rem; height: 0.5rem; margin: 0 0.2rem 0 0.4rem; }
`;

/** The width of a label's SHAP chart. */
const SHAP_WIDTH = 640;
const SHAP_LABEL_WIDTH = 200;
/** Characters of a feature's name in a SHAP chart's label column (11px text). */
const SHAP_LABEL_CHARS = 32;

/** The sections of the explanations the document has (an empty string when it has none). */
export function explanationsHtml(view: ExplanationsView): string {
  const parts: string[] = [];
  if (view.shap.length > 0) {
    parts.push(`<section id="global-shap">
<h2>Global SHAP values</h2>
<p class="guide">${escape(SHAP_GUIDE)}</p>
${view.shap.some((s) => s.withErrors) ? `<p class="guide" id="shap-errors">${escape(shapErrorsGuide('†', '±'))}</p>\n` : ''}${view.shap.map(shapFigure).join('\n')}
</section>`);
  }
  if (view.pdp.length > 0) {
    parts.push(`<section id="pdp">
<h2>Partial dependence plots</h2>
<p class="guide">${escape(PDP_GUIDE)}</p>
${view.pdp.map((p) => (p.kind === 'plot' ? pdpFigure(p) : pdpError(p))).join('\n')}
</section>`);
  }
  return parts.join('\n');
}

function shapFigure(s: ShapLabelView): string {
  const bars = s.top.map((f) => f.se === undefined
    ? {
        label: cutText(f.feature, SHAP_LABEL_CHARS),
        value: f.value,
        data: { feature: f.feature },
        tooltip: `${f.feature}: ${formatPhi(f.value)}`,
      }
    : {
        label: cutText(f.feature, SHAP_LABEL_CHARS),
        value: f.value,
        data: { feature: f.feature, se: String(f.se) },
        text: `${formatPhiSe(f.value, f.se)}${withinNoise(f) ? '†' : ''}`,
        tooltip: `${f.feature}: ${formatPhiSe(f.value, f.se)}${withinNoise(f) ? ' (indistinguishable from sampling noise: at most 1.96 se)' : ''}`,
      });
  const withErrors = s.withErrors === true;
  const more = moreFeaturesText(s);
  const count = s.features === 1 ? '1 feature' : `${s.features} features`;
  return `<figure class="shap" data-label="${escape(s.label)}">
<figcaption>Label <code>${escape(s.label)}</code>: expected value <span class="num" data-value="${s.expectedValue}">${escape(formatScore(s.expectedValue))}</span>, ${count}</figcaption>
${svgBarChart(bars, {
    width: SHAP_WIDTH,
    labelWidth: SHAP_LABEL_WIDTH,
    valueWidth: withErrors ? 120 : 64,
    scale: 0,
    symmetric: false,
    heading: withErrors ? 'global SHAP value ± se († indistinguishable from sampling noise)' : 'global SHAP value',
    title: `global SHAP values of ${s.label}, largest |value| first`,
    ariaLabel: `global SHAP values of ${s.label}`,
    format: formatPhi,
    className: 'bars shap',
  })}${more === '' ? '' : `\n<p class="more">${escape(more)}</p>`}
</figure>`;
}

const f1 = (v: number) => v.toFixed(1);

function text(t: PlacedText, className = ''): string {
  const at = t.turned ? `transform="translate(${f1(t.x)} ${f1(t.y)}) rotate(-90)" dominant-baseline="middle"` : `x="${f1(t.x)}" y="${f1(t.y)}"`;
  return `<text${className ? ` class="${className}"` : ''} ${at}${t.anchor === 'start' ? '' : ` text-anchor="${t.anchor}"`}>${escape(t.text)}</text>`;
}

function pdpFigure(p: PdpPlotView): string {
  const l = pdpLayout(p);
  const valueText = (index: number) => gridValueText(p.values[index] as number | string | boolean, p.dataType);
  const marks: string[] = [];
  marks.push(`<rect class="plot" x="${f1(l.plot.x)}" y="${f1(l.plot.y)}" width="${f1(l.plot.width)}" height="${f1(l.plot.height)}" fill="none" stroke="#bbb"></rect>`);
  for (const t of l.yTicks) {
    marks.push(`<line x1="${f1(l.plot.x)}" y1="${f1(t.lineY)}" x2="${f1(l.plot.x + l.plot.width)}" y2="${f1(t.lineY)}" stroke="#eee"></line>${text(t)}`);
  }
  for (const d of l.distribution) {
    marks.push(`<rect class="share" data-index="${d.index}" data-share="${d.share}" x="${f1(d.x)}" y="${f1(d.y)}" width="${f1(d.width)}" height="${f1(d.height)}" fill="#ccc">` +
      `<title>${escape(`${valueText(d.index)}: ${formatScore(d.share * 100)}% of the data`)}</title></rect>`);
  }
  marks.push(`<line x1="${f1(l.strip.x)}" y1="${f1(l.strip.y + l.strip.height)}" x2="${f1(l.strip.x + l.strip.width)}" y2="${f1(l.strip.y + l.strip.height)}" stroke="#bbb"></line>`);
  if (l.zeroY !== undefined) marks.push(`<line x1="${f1(l.plot.x)}" y1="${f1(l.zeroY)}" x2="${f1(l.plot.x + l.plot.width)}" y2="${f1(l.zeroY)}" stroke="#888"></line>`);
  for (const b of l.bars) {
    marks.push(`<rect class="prediction" data-label="${escape(p.labels[b.label] ?? '')}" data-index="${b.index}" data-value="${b.prediction}" ` +
      `x="${f1(b.x)}" y="${f1(b.y)}" width="${f1(b.width)}" height="${f1(Math.max(b.height, 0.5))}" fill="${cssColor(pdpColor(b.label))}">` +
      `<title>${escape(`${p.labels[b.label] ?? ''} at ${valueText(b.index)}: ${formatScore(b.prediction)}`)}</title></rect>`);
  }
  for (const line of l.lines) {
    const colour = cssColor(pdpColor(line.label));
    for (const segment of line.segments) {
      marks.push(`<polyline class="prediction" data-label="${escape(p.labels[line.label] ?? '')}" fill="none" stroke="${colour}" stroke-width="1.5" points="${segment.map((m) => `${f1(m.x)},${f1(m.y)}`).join(' ')}"></polyline>`);
      for (const m of segment) {
        marks.push(`<circle class="point" data-label="${escape(p.labels[m.label] ?? '')}" data-index="${m.index}" data-value="${m.prediction}" cx="${f1(m.x)}" cy="${f1(m.y)}" r="2" fill="${colour}">` +
          `<title>${escape(`${p.labels[m.label] ?? ''} at ${valueText(m.index)}: ${formatScore(m.prediction)}`)}</title></circle>`);
      }
    }
  }
  marks.push(...l.xTicks.map((t) => text(t)), text(l.stripLabel), text(l.xLabel, 'axis'));
  marks.push(text(l.yLabel, 'axis'));
  const legend = p.labels.map((label, d) => `<span class="swatch" style="background:${cssColor(pdpColor(d))}"></span>${escape(label)}`).join('');
  return `<figure class="pdp" data-feature="${escape(p.feature)}" data-type="${escape(p.dataType)}">
<figcaption><code>${escape(p.feature)}</code> (${escape(p.dataType)})</figcaption>
<div class="pdp-legend">${legend}</div>
<svg class="pdp" role="img" width="${l.width}" height="${f1(l.height)}" viewBox="0 0 ${l.width} ${f1(l.height)}" aria-label="${escape(`partial dependence of the model's output on ${p.feature}`)}">` +
    `<title>${escape(`partial dependence on ${p.feature} (${p.dataType}), with the data's distribution under it`)}</title>${marks.join('')}</svg>
</figure>`;
}

function pdpError(p: PdpErrorView): string {
  return `<figure class="pdp failed" data-feature="${escape(p.feature)}" data-type="${escape(p.dataType)}">
<figcaption><code>${escape(p.feature)}</code> (${escape(p.dataType)})</figcaption>
<p class="failed">No plot: ${escape(p.error)}</p>
</figure>`;
}

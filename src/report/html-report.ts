/**
 * `report.html`: one self-contained page (images inlined as data URIs, no
 * network): the run, a colour legend and the summary table on top, then one
 * section per image with the input and, per explained class or object, its
 * heat map with a colour bar (the φ of full colour), a bar chart of the top
 * segments and the φ of every segment. Hovering a heat map shows the φ of the
 * segment under the pointer.
 *
 * @packageDocumentation
 */
import { deflateSync } from 'node:zlib';
import type { AnalysisDocument } from '../analysis/document.js';
import { BAR_CHART_SEGMENTS, barColor, colorBarLabels, colorBarStops, cssColor, fadeSentence, scaleSentence } from './legend.js';
import { svgBarChart } from './svg-bar-chart.js';
import { dateText, formatNumber, formatPhi, formatPhiSe, formatScore, intervalContainsZero } from './number-format.js';
import { type ReportExplanation, type ReportImage, predictionText } from './report-data.js';
import { type SegmentValue, summaryRows, topSegments } from './summary.js';
import type { ReportOptions } from './report-options.js';
import { escapeHtml as escape } from './html-escape.js';
import { BASE_STYLE } from './html-style.js';

const jpeg = (bytes: Uint8Array) => `data:image/jpeg;base64,${Buffer.from(bytes).toString('base64')}`;

// Looks up the segment under the pointer in the section's label image (deflated
// little-endian uint16, decompressed by the browser) and shows its φ in the
// reports' number format (the formatter's own source, so the two cannot drift).
const SCRIPT = `
(() => {
  const formatNumber = ${formatNumber.toString()};
  const tip = document.getElementById('tooltip');
  const labelCache = new Map();
  async function labels(section) {
    if (!labelCache.has(section)) {
      const bytes = Uint8Array.from(atob(section.dataset.labels), (c) => c.charCodeAt(0));
      const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
      labelCache.set(section, new Response(stream).arrayBuffer().then((b) => new Uint16Array(b)));
    }
    return labelCache.get(section);
  }
  for (const img of document.querySelectorAll('img.heatmap')) {
    const section = img.closest('section');
    const phi = JSON.parse(img.dataset.phi);
    img.addEventListener('mousemove', async (event) => {
      const w = Number(section.dataset.width), h = Number(section.dataset.height);
      const rect = img.getBoundingClientRect();
      const x = Math.min(w - 1, Math.floor(((event.clientX - rect.left) / rect.width) * w));
      const y = Math.min(h - 1, Math.floor(((event.clientY - rect.top) / rect.height) * h));
      const segment = (await labels(section))[y * w + x];
      tip.textContent = 'segment ' + segment + ': \\u03c6 = ' + formatNumber(phi[segment], true);
      tip.dataset.segment = String(segment);
      tip.dataset.value = String(phi[segment]);
      tip.style.left = event.pageX + 12 + 'px';
      tip.style.top = event.pageY + 12 + 'px';
      tip.hidden = false;
    });
    img.addEventListener('mouseleave', () => { tip.hidden = true; });
  }
})();
`;

const STYLE = `${BASE_STYLE}
figure { display: inline-block; margin: 0 1rem 1rem 0; vertical-align: top; }
figure img { width: 256px; image-rendering: pixelated; display: block; }
img.heatmap { cursor: crosshair; }
.explanation { display: inline-flex; gap: 1rem; align-items: flex-start; margin: 0 1.5rem 1rem 0; vertical-align: top; }
.explanation figure { margin: 0; }
.colorbar { width: 256px; margin-top: 4px; font-size: 11px; font-variant-numeric: tabular-nums; }
.colorbar .ramp { height: 10px; border: 1px solid #999; }
.colorbar .ticks { display: flex; justify-content: space-between; }
svg.bars text { font: 11px system-ui, sans-serif; font-variant-numeric: tabular-nums; }
#tooltip { position: absolute; background: #222; color: #fff; padding: 0.2rem 0.5rem; border-radius: 4px; pointer-events: none; font-size: 12px; }
.legend span.swatch { padding: 0 0.4rem; }
`;

/** What {@link renderHtmlReport} needs besides the document: the date is resolved by the caller. */
export type HtmlReportOptions = ReportOptions & { readonly createdAt: Date };

/** Renders the report page. */
export function renderHtmlReport(document: AnalysisDocument, images: readonly ReportImage[], options: HtmlReportOptions): string {
  const title = options.title ?? 'clarify-ts analysis report';
  const s = document.settings;
  const rows = summaryRows(images.map((im) => im.record))
    .map((row) => {
      const span = row.rowsOfImage > 1 ? ` rowspan="${row.rowsOfImage}"` : '';
      const image = row.first ? `<td${span}><a href="#image-${row.image}">${escape(row.file)}</a></td>` : '';
      const seconds = row.first ? `<td class="num"${span}>${row.seconds === undefined ? '' : row.seconds.toFixed(2)}</td>` : '';
      const top = row.top.map((t) => `#${t.segment} ${formatPhi(t.value)}`).join(', ');
      return `<tr${row.failed ? ' class="failed"' : ''}>${image}<td>${escape(row.label)}</td><td class="num">${row.score === undefined ? '' : formatScore(row.score)}</td>` +
        `<td>${escape(top)}</td>${seconds}</tr>`;
    })
    .join('\n');
  const what = s.model_type === 'OBJECT_DETECTION' ? 'object' : 'class';
  const sections = images.map((im, i) => section(im, i)).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escape(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escape(title)}</h1>
<p class="meta">Created <time datetime="${options.createdAt.toISOString()}">${dateText(options.createdAt)}</time> by ${escape(document.engine?.name ?? 'clarify-ts')} ${escape(document.engine?.version ?? '')}.</p>
${options.note ? `<p class="note">${escape(options.note)}</p>\n` : ''}<p>${document.summary.images} images: ${document.summary.succeeded} explained, ${document.summary.failed} failed.
${escape(s.model_type)}, ${s.num_segments} segments (compactness ${s.segment_compactness}), ${s.num_samples} samples,
baseline ${escape(s.baseline)}, seed ${s.seed ?? 'random'}${s.use_logit ? ', log-odds' : ''}.</p>
<p class="legend" id="legend"><span class="swatch" style="background:${cssColor(barColor(1))};color:#fff">blue: raises the score (φ &gt; 0)</span> <span class="swatch" style="background:${cssColor(barColor(-1))};color:#fff">red: lowers it (φ &lt; 0)</span>
Stronger colour, larger |φ|; a segment left gray barely matters. ${escape(scaleSentence(document))}
φ are in the model's ${s.use_logit ? 'log-odds' : 'score'} units, relative to the baseline.${images.some((im) => im.explanations.some((e) => e.standardErrors)) ? `\n${SE_LEGEND}` : ''}${fadeSentence(document) === '' ? '' : `\n${escape(fadeSentence(document))}`}</p>
<table id="summary"><thead><tr><th>image</th><th>${what}</th><th>score</th><th>top segments (φ)</th><th>seconds</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${sections}
<div id="tooltip" hidden></div>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function section(im: ReportImage, index: number): string {
  const r = im.record;
  if (r.status === 'failed') {
    return `<section id="image-${index}"><h2>${escape(r.file)}</h2><p class="failed">${escape(r.error)}: ${escape(r.reason)}</p></section>`;
  }
  const labels = im.labels ? Buffer.from(deflateSync(Buffer.from(im.labels.buffer, im.labels.byteOffset, im.labels.byteLength))).toString('base64') : '';
  const figures = [
    im.image ? `<figure><img class="input" src="${jpeg(im.image)}" alt="input ${escape(r.file)}"><figcaption>input</figcaption></figure>` : '',
    im.objectsImage ? `<figure><img class="objects" src="${jpeg(im.objectsImage)}" alt="detections"><figcaption>detections</figcaption></figure>` : '',
  ].join('');
  const explanations = im.explanations.map((e) => explanation(e)).join('\n');
  const tables = im.explanations
    .map((e) => {
      const rows = topSegments(e.shapValues, e.shapValues.length, e.standardErrors);
      return `<table class="segments"><caption>${escape(e.title)}: expected ${formatScore(e.expectedValue)}, full ${formatScore(e.fullValue)}</caption>` +
        `<thead><tr><th>segment</th><th>${e.standardErrors ? 'φ ± se' : 'φ'}</th></tr></thead><tbody>` +
        rows.map((t) => `<tr><td>${t.segment}</td><td class="num">${phiText(t)}</td></tr>`).join('') +
        `</tbody>${rows.some(marked) ? `<tfoot><tr><td colspan="2">${DAGGER} ${INTERVAL_NOTE}</td></tr></tfoot>` : ''}</table>`;
    })
    .join('');
  return `<section id="image-${index}" data-width="${r.width}" data-height="${r.height}" data-labels="${labels}">
<h2>${escape(r.file)}: ${escape(predictionText(r))}</h2>
<p>${r.width}×${r.height}, ${r.num_segments} segments, seed ${r.seed}, ${im.seconds.toFixed(2)} s</p>
${figures}
${explanations}
${tables}
</section>`;
}

/** What marks a segment whose 95% interval contains 0, and what the mark means. */
const DAGGER = '<span class="zero-interval" title="the 95% interval φ ± 1.96·se contains 0">†</span>';
const INTERVAL_NOTE = 'interval contains 0: φ ± 1.96·se, the 95% interval, holds 0, so the samples do not settle the sign of φ.';
const SE_LEGEND = 'A sampled φ is shown ± its standard error (se); † marks a segment whose 95% interval φ ± 1.96·se contains 0.';

const marked = (t: SegmentValue): boolean => t.se !== undefined && intervalContainsZero(t.value, t.se);

/** A segment's φ as HTML: with ± se and the mark when it has a standard error. */
function phiText(t: SegmentValue): string {
  if (t.se === undefined) return formatPhi(t.value);
  return `${escape(formatPhiSe(t.value, t.se))}${marked(t) ? DAGGER : ''}`;
}

/** A heat map with its colour bar, and the bar chart of its top segments beside it. */
function explanation(e: ReportExplanation): string {
  const gradient = colorBarStops().map((s) => `${cssColor(s.color)} ${(s.at * 100).toFixed(1)}%`).join(', ');
  const [low, zero, high] = colorBarLabels(e.scale);
  return `<div class="explanation"><figure><img class="heatmap" src="${jpeg(e.heatMap)}" alt="heat map ${escape(e.title)}" data-phi="${escape(JSON.stringify(e.shapValues))}">` +
    `<div class="colorbar" data-scale="${e.scale}" title="colour of a segment by its φ; full colour at |φ| = ${escape(formatPhi(e.scale).replace(/^\+/, ''))}">` +
    `<div class="ramp" style="background: linear-gradient(to right, ${gradient})"></div>` +
    `<div class="ticks"><span>${escape(low)}</span><span>${escape(zero)}</span><span>${escape(high)}</span></div></div>` +
    `<figcaption>${escape(e.title)}</figcaption></figure>${barChart(topSegments(e.shapValues, BAR_CHART_SEGMENTS, e.standardErrors), e.scale, e.title, e.standardErrors !== undefined)}</div>`;
}

/**
 * Horizontal bars from a centre line: positive φ to the right in blue, negative
 * to the left in red; a bar as long as half the chart is the heat map's scale,
 * so that with a shared scale bars compare across images as colours do.
 */
function barChart(top: readonly SegmentValue[], scale: number, title: string, withErrors: boolean): string {
  const bars = top.map((t) => t.se === undefined
    ? { label: `#${t.segment}`, value: t.value, data: { segment: String(t.segment) } }
    : { label: `#${t.segment}`, value: t.value, data: { segment: String(t.segment), se: String(t.se) }, text: `${formatPhiSe(t.value, t.se)}${marked(t) ? '†' : ''}` });
  return svgBarChart(bars, {
    width: withErrors ? 360 : 280,
    labelWidth: 36,
    valueWidth: withErrors ? 104 : 64,
    scale,
    symmetric: true,
    heading: withErrors ? 'top segments (φ ± se; † interval contains 0)' : 'top segments (φ)',
    title: `top ${top.length} segments of ${title} by |φ|`,
    ariaLabel: `top segments of ${title} by φ`,
    format: formatPhi,
  });
}

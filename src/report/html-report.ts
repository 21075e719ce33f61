/**
 * `report.html`: one self-contained page (images inlined as data URIs, no
 * network), a summary table on top and one section per image with the input,
 * its heat maps and the segment values. Hovering a heat map shows the φ of the
 * segment under the pointer.
 *
 * @packageDocumentation
 */
import { deflateSync } from 'node:zlib';
import type { AnalysisDocument } from '../engine/analysis-json.js';
import { type ReportImage, predictionText, topSegments } from './report-data.js';

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
const jpeg = (bytes: Uint8Array) => `data:image/jpeg;base64,${Buffer.from(bytes).toString('base64')}`;
const fmt = (v: number) => (Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(2));

// Looks up the segment under the pointer in the section's label image (deflated
// little-endian uint16, decompressed by the browser) and shows its φ.
const SCRIPT = `
(() => {
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
      tip.textContent = 'segment ' + segment + ': \\u03c6 = ' + phi[segment];
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

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #ccc; padding: 0.2rem 0.6rem; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
section { border-top: 2px solid #ddd; padding-top: 1rem; margin-top: 1.5rem; }
figure { display: inline-block; margin: 0 1rem 1rem 0; vertical-align: top; }
figure img { width: 256px; image-rendering: pixelated; display: block; }
img.heatmap { cursor: crosshair; }
.failed { color: #b00; }
#tooltip { position: absolute; background: #222; color: #fff; padding: 0.2rem 0.5rem; border-radius: 4px; pointer-events: none; font-size: 12px; }
.legend span { padding: 0 0.4rem; }
`;

/** Renders the report page. */
export function renderHtmlReport(document: AnalysisDocument, images: readonly ReportImage[], title = 'clarify-ts analysis report'): string {
  const s = document.settings;
  const rows = images
    .map((im, i) => {
      const r = im.record;
      const top = im.explanations[0] ? topSegments(im.explanations[0].shapValues, 3).map((t) => `#${t.segment} (${fmt(t.value)})`).join(', ') : '';
      return `<tr${r.status === 'failed' ? ' class="failed"' : ''}><td><a href="#image-${i}">${escape(r.file)}</a></td><td>${escape(predictionText(r))}</td>` +
        `<td>${escape(top)}</td><td class="num">${r.status === 'failed' ? '' : im.seconds.toFixed(2)}</td></tr>`;
    })
    .join('\n');
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
<p>${document.summary.images} images: ${document.summary.succeeded} explained, ${document.summary.failed} failed.
${escape(s.model_type)}, ${s.num_segments} segments (compactness ${s.segment_compactness}), ${s.num_samples} samples,
baseline ${escape(s.baseline)}, seed ${s.seed ?? 'random'}${s.use_logit ? ', log-odds' : ''}.</p>
<p class="legend"><span style="background:#00f;color:#fff">blue: raises the score (φ &gt; 0)</span> <span style="background:#f00;color:#fff">red: lowers it (φ &lt; 0)</span></p>
<table id="summary"><thead><tr><th>image</th><th>prediction</th><th>top segments (φ)</th><th>seconds</th></tr></thead>
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
    ...im.explanations.map(
      (e) => `<figure><img class="heatmap" src="${jpeg(e.heatMap)}" alt="heat map ${escape(e.title)}" data-phi="${escape(JSON.stringify(e.shapValues))}">` +
        `<figcaption>${escape(e.title)}</figcaption></figure>`,
    ),
  ].join('');
  const tables = im.explanations
    .map(
      (e) => `<table class="segments"><caption>${escape(e.title)}: expected ${fmt(e.expectedValue)}, full ${fmt(e.fullValue)}</caption>` +
        `<thead><tr><th>segment</th><th>φ</th></tr></thead><tbody>` +
        topSegments(e.shapValues, e.shapValues.length).map((t) => `<tr><td>${t.segment}</td><td class="num">${fmt(t.value)}</td></tr>`).join('') +
        `</tbody></table>`,
    )
    .join('');
  return `<section id="image-${index}" data-width="${r.width}" data-height="${r.height}" data-labels="${labels}">
<h2>${escape(r.file)}: ${escape(predictionText(r))}</h2>
<p>${r.width}×${r.height}, ${r.num_segments} segments, seed ${r.seed}, ${im.seconds.toFixed(2)} s</p>
${figures}
${tables}
</section>`;
}

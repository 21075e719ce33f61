/**
 * The table the CLI prints after a run: image, predicted label, score, top
 * segments and seconds per image.
 *
 * @packageDocumentation
 */
import type { AnalysisDocument } from '../engine/analysis-json.js';

/** Formats the run's images as an aligned text table. */
export function summaryTable(document: AnalysisDocument, topSegments = 3): string {
  const rows = [['image', 'predicted', 'score', 'top segments (φ)', 'seconds']];
  for (const r of document.images) {
    if (r.status === 'failed') {
      rows.push([r.file, 'FAILED', '', r.reason.slice(0, 60), '']);
      continue;
    }
    const first = r.explanations?.[0] ?? r.objects?.[0];
    const label = r.predicted_label?.label ?? (r.objects && r.objects.length > 0 ? r.objects.map((o) => o.label).join(',') : 'no objects');
    const score = r.predicted_label?.score ?? r.objects?.[0]?.score;
    const top = first
      ? first.shap_values
          .map((v, s) => ({ v, s }))
          .sort((a, b) => Math.abs(b.v) - Math.abs(a.v) || a.s - b.s)
          .slice(0, topSegments)
          .map(({ v, s }) => `#${s} ${v >= 0 ? '+' : ''}${v.toFixed(3)}`)
          .join('  ')
      : '';
    const t = r.timings;
    rows.push([r.file, label, score === undefined ? '' : score.toFixed(3), top, ((t.decode_ms + t.explain_ms + t.render_ms) / 1000).toFixed(2)]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  return rows.map((row) => row.map((cell, c) => (c === 2 || c === 4 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd()).join('\n');
}

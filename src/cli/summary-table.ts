/**
 * The table the CLI prints after a run: one row per explained class (or
 * object) of each image, with its score, top segments and the image's seconds.
 * The rows and numbers are the reports' (src/report/summary.ts, number-format.ts).
 *
 * @packageDocumentation
 */
import type { AnalysisDocument } from '../analysis/document.js';
import { formatPhi, formatScore } from '../report/number-format.js';
import { summaryRows } from '../report/summary.js';

/**
 * Formats the run's images as an aligned text table. An image's second and
 * later rows (further classes with `--top-k`, further objects) leave the image
 * and seconds columns blank.
 *
 * @param topSegments - Segments listed per row.
 * @default topSegments 3
 */
export function summaryTable(document: AnalysisDocument, topSegments = 3): string {
  const what = document.settings?.model_type === 'OBJECT_DETECTION' ? 'object' : 'class';
  const rows = [['image', what, 'score', 'top segments (φ)', 'seconds']];
  for (const r of summaryRows(document.images, topSegments)) {
    if (r.failed) {
      rows.push([r.file, 'FAILED', '', r.label.replace(/^failed: /, '').slice(0, 60), '']);
      continue;
    }
    rows.push([
      r.first ? r.file : '',
      r.label,
      r.score === undefined ? '' : formatScore(r.score),
      r.top.map((t) => `#${t.segment} ${formatPhi(t.value)}`).join('  '),
      r.first && r.seconds !== undefined ? r.seconds.toFixed(2) : '',
    ]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  return rows.map((row) => row.map((cell, c) => (c === 2 || c === 4 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd()).join('\n');
}

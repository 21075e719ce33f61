/**
 * The rows of the run's summary, shared by the CLI's table, report.html and
 * report.pdf so that all three list the same thing: one row per explained class
 * (classification) or object (detection) of each image, the top one first, and
 * one row for a failed image or an image without objects.
 *
 * @packageDocumentation
 */
import type { ImageRecord } from '../analysis/document.js';

/** A segment and its φ. */
export interface SegmentValue {
  readonly segment: number;
  readonly value: number;
  /** φ's standard error, when the explanation has them (`standard_errors`) and one for this segment. */
  readonly se?: number;
}

/** One row of the summary. */
export interface SummaryRow {
  /** Index of the image in the document's `images`. */
  readonly image: number;
  /** The image's file. */
  readonly file: string;
  /** Whether this is the image's first row (the others repeat nothing about the image). */
  readonly first: boolean;
  /** Rows this image has; the first row spans them. */
  readonly rowsOfImage: number;
  readonly failed: boolean;
  /** The explained class (`circle`), object (`box 1: dog`), `no objects`, or `failed: <reason>`. */
  readonly label: string;
  /** The class's or object's score; absent for failed images and images without objects. */
  readonly score?: number;
  /** The segments with the largest |φ|, largest first. */
  readonly top: readonly SegmentValue[];
  /** Seconds the image took (decode + explain + render); absent for failed images. */
  readonly seconds?: number;
}

/**
 * Segments ordered by |φ|, largest first (ties: lower segment first), each with its
 * standard error when `standardErrors` holds one.
 */
export function topSegments(shapValues: readonly number[], count: number, standardErrors?: readonly number[]): SegmentValue[] {
  return shapValues
    .map((value, segment) => {
      const se = standardErrors?.[segment];
      return typeof se === 'number' ? { segment, value, se } : { segment, value };
    })
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value) || a.segment - b.segment)
    .slice(0, count);
}

/**
 * The summary rows of the images, in their order.
 *
 * @param topCount - Segments listed per row.
 * @default topCount 3
 */
export function summaryRows(images: readonly ImageRecord[], topCount = 3): SummaryRow[] {
  const rows: SummaryRow[] = [];
  images.forEach((r, image) => {
    if (r.status === 'failed') {
      rows.push({ image, file: r.file, first: true, rowsOfImage: 1, failed: true, label: `failed: ${r.error}: ${r.reason}`, top: [] });
      return;
    }
    const t = r.timings;
    const seconds = (t.decode_ms + t.explain_ms + t.render_ms) / 1000;
    const entries = [
      ...(r.explanations ?? []).map((e) => ({ label: e.label, score: e.score, shap: e.shap_values })),
      ...(r.objects ?? []).map((o, k) => ({ label: `box ${k + 1}: ${o.label}`, score: o.score, shap: o.shap_values })),
    ];
    if (entries.length === 0) {
      const label = r.predicted_label?.label ?? (r.objects !== undefined ? (r.no_objects_reason ?? 'no objects') : 'nothing explained');
      rows.push({ image, file: r.file, first: true, rowsOfImage: 1, failed: false, label, top: [], seconds });
      return;
    }
    entries.forEach((e, k) => {
      rows.push({
        image, file: r.file, first: k === 0, rowsOfImage: entries.length, failed: false,
        label: e.label, score: e.score, top: topSegments(e.shap, topCount), seconds,
      });
    });
  });
  return rows;
}

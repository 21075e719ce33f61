/**
 * Gathers what both reports show from `analysis.json` and the files it names:
 * per image the input, one heat map per explained class or object, φ per
 * segment, and the label image.
 *
 * @packageDocumentation
 */
import sharp from 'sharp';
import type { AnalysisDocument, ImageRecord } from '../engine/analysis-json.js';

/** One heat map of an image: a class or a detected object. */
export interface ReportExplanation {
  /** e.g. `circle (0.97)` or `box 1: dog (0.88)`. */
  readonly title: string;
  readonly heatMap: Uint8Array;
  readonly shapValues: readonly number[];
  readonly expectedValue: number;
  readonly fullValue: number;
}

/** One image's section. */
export interface ReportImage {
  readonly record: ImageRecord;
  readonly seconds: number;
  readonly image?: Uint8Array;
  readonly objectsImage?: Uint8Array;
  /** Dense segment index per pixel at the input's size. */
  readonly labels?: Uint16Array;
  readonly explanations: ReportExplanation[];
}

/** Reads the files a document names (relative to the output location). */
export type ReadOutput = (path: string) => Promise<Uint8Array>;

/** Loads every image's files. */
export async function loadReportImages(document: AnalysisDocument, read: ReadOutput): Promise<ReportImage[]> {
  const out: ReportImage[] = [];
  for (const record of document.images) {
    if (record.status === 'failed') {
      out.push({ record, seconds: 0, explanations: [] });
      continue;
    }
    const t = record.timings;
    const explanations: ReportExplanation[] = [];
    for (const e of record.explanations ?? []) {
      explanations.push({ title: `${e.label} (${e.score.toFixed(3)})`, heatMap: await read(e.heat_map), shapValues: e.shap_values, expectedValue: e.expected_value, fullValue: e.full_value });
    }
    for (const [k, o] of (record.objects ?? []).entries()) {
      explanations.push({ title: `box ${k + 1}: ${o.label} (${o.score.toFixed(3)})`, heatMap: await read(o.heat_map), shapValues: o.shap_values, expectedValue: o.expected_value, fullValue: o.full_value });
    }
    const { data } = await sharp(await read(record.label_image)).toColourspace('grey16').raw({ depth: 'ushort' }).toUint8Array();
    out.push({
      record,
      seconds: (t.decode_ms + t.explain_ms + t.render_ms) / 1000,
      image: await read(record.image),
      ...(record.objects_image ? { objectsImage: await read(record.objects_image) } : {}),
      labels: new Uint16Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)),
      explanations,
    });
  }
  return out;
}

/** Segments ordered by |φ|, largest first. */
export function topSegments(shapValues: readonly number[], count: number): { segment: number; value: number }[] {
  return shapValues
    .map((value, segment) => ({ segment, value }))
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value) || a.segment - b.segment)
    .slice(0, count);
}

/** What a section's heading says about the prediction. */
export function predictionText(record: ImageRecord): string {
  if (record.status === 'failed') return `failed: ${record.reason}`;
  if (record.predicted_label) return `${record.predicted_label.label} (${record.predicted_label.score.toFixed(3)})`;
  const objects = record.objects ?? [];
  return objects.length > 0 ? objects.map((o) => `${o.label} (${o.score.toFixed(2)})`).join(', ') : record.no_objects_reason ?? 'no objects';
}

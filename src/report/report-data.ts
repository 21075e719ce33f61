/**
 * Gathers what both reports show from `analysis.json` and the files it names:
 * per image the input, one heat map per explained class or object, φ per
 * segment, and the label image.
 *
 * @packageDocumentation
 */
import sharp from 'sharp';
import type { AnalysisDocument, ImageRecord } from '../analysis/document.js';
import { checkRelativePath } from '../storage/storage.js';
import { ValidationError } from '../errors.js';
import { formatScore } from './number-format.js';

export { topSegments } from './summary.js';

/** One heat map of an image: a class or a detected object. */
export interface ReportExplanation {
  /** e.g. `circle (0.97)` or `box 1: dog (0.88)`. */
  readonly title: string;
  readonly heatMap: Uint8Array;
  readonly shapValues: readonly number[];
  /** φ's standard errors (`standard_errors`), when the coalitions were sampled; absent when exact. */
  readonly standardErrors?: readonly number[];
  readonly expectedValue: number;
  readonly fullValue: number;
  /** The |φ| drawn at full colour in the heat map (`heat_map_scale`, else its max |φ|, which the engine used before recording it). */
  readonly scale: number;
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

/**
 * Loads every image's files. Each path the document names must be a relative
 * path inside the output folder, ending in `.jpeg`/`.jpg` (or `.png` for the label
 * image), and hold that kind of image: a report never inlines anything else.
 * @throws {@link ValidationError} naming the record and the file.
 */
export async function loadReportImages(document: AnalysisDocument, unchecked: ReadOutput): Promise<ReportImage[]> {
  const out: ReportImage[] = [];
  for (const record of document.images) {
    const read = (path: unknown, field: string) => readImage(unchecked, path, `${record.file}: ${field}`, field === 'label_image' ? 'png' : 'jpeg');
    if (record.status === 'failed') {
      out.push({ record, seconds: 0, explanations: [] });
      continue;
    }
    const t = record.timings;
    const explanations: ReportExplanation[] = [];
    for (const e of record.explanations ?? []) {
      explanations.push({ title: `${e.label} (${formatScore(e.score)})`, heatMap: await read(e.heat_map, 'heat_map'), shapValues: e.shap_values, ...errorsOf(e), expectedValue: e.expected_value, fullValue: e.full_value, scale: scaleOf(e) });
    }
    for (const [k, o] of (record.objects ?? []).entries()) {
      explanations.push({ title: `box ${k + 1}: ${o.label} (${formatScore(o.score)})`, heatMap: await read(o.heat_map, 'heat_map'), shapValues: o.shap_values, ...errorsOf(o), expectedValue: o.expected_value, fullValue: o.full_value, scale: scaleOf(o) });
    }
    const labelImage = await read(record.label_image, 'label_image');
    const { data } = await sharp(labelImage).toColourspace('grey16').raw({ depth: 'ushort' }).toUint8Array().catch((err: Error) => {
      throw new ValidationError(`${record.file}: label_image`, record.label_image, 'a 16-bit PNG label image written by the engine', err.message);
    });
    out.push({
      record,
      seconds: (t.decode_ms + t.explain_ms + t.render_ms) / 1000,
      image: await read(record.image, 'image'),
      ...(record.objects_image ? { objectsImage: await read(record.objects_image, 'objects_image') } : {}),
      labels: new Uint16Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)),
      explanations,
    });
  }
  return out;
}

const SIGNATURES = { jpeg: [0xff, 0xd8, 0xff], png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] } as const;
const EXTENSIONS = { jpeg: /\.jpe?g$/i, png: /\.png$/i } as const;

async function readImage(read: ReadOutput, path: unknown, field: string, kind: 'jpeg' | 'png'): Promise<Uint8Array> {
  const allowed = `a relative path to a ${kind === 'jpeg' ? '.jpeg' : '.png'} file inside the output folder`;
  if (typeof path !== 'string' || !EXTENSIONS[kind].test(path)) throw new ValidationError(field, path, allowed);
  checkRelativePath(path, field);
  let bytes: Uint8Array;
  try {
    bytes = await read(path);
  } catch (err) {
    throw new ValidationError(field, path, allowed, `cannot read it: ${(err as Error).message}`);
  }
  if (!SIGNATURES[kind].every((b, i) => bytes[i] === b)) throw new ValidationError(field, path, allowed, `it is not a ${kind.toUpperCase()} image`);
  return bytes;
}

function errorsOf(e: { readonly standard_errors?: readonly number[] }): { standardErrors?: readonly number[] } {
  return Array.isArray(e.standard_errors) ? { standardErrors: e.standard_errors } : {};
}

function scaleOf(e: { readonly shap_values: readonly number[]; readonly heat_map_scale?: number }): number {
  if (typeof e.heat_map_scale === 'number' && Number.isFinite(e.heat_map_scale) && e.heat_map_scale >= 0) return e.heat_map_scale;
  return e.shap_values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
}

/** What a section's heading says about the prediction. */
export function predictionText(record: ImageRecord): string {
  if (record.status === 'failed') return `failed: ${record.reason}`;
  if (record.predicted_label) return `${record.predicted_label.label} (${formatScore(record.predicted_label.score)})`;
  const objects = record.objects ?? [];
  return objects.length > 0 ? objects.map((o) => `${o.label} (${formatScore(o.score)})`).join(', ') : record.no_objects_reason ?? 'no objects';
}

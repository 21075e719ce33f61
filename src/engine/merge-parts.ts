/**
 * Merges the `analysis.part-<host>.json` files of a sharded run into
 * `analysis.json` and the reports, as if one host had explained every image.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../errors.js';
import { renderReports, saveReports } from '../report/write-reports.js';
import { type AnalysisDocument, summarize } from '../analysis/document.js';
import { parseLocation } from '../storage/location.js';
import { checkRelativePath, compareCodeUnits } from '../storage/storage.js';
import { storageFor } from '../storage/storage-for.js';
import type { S3Client } from '@aws-sdk/client-s3';
import { type TabularAnalysisDocument, isTabularAnalysisDocument } from '../analysis/tabular-document.js';
import { parseAnalysisJson } from '../report/bias/parse-analysis-json.js';
import { mergeTabularParts } from './merge-tabular-parts.js';

/** Options of {@link mergeAnalysisParts}. */
export interface MergeOptions {
  /** The output location holding the parts and the files they name. */
  readonly output: string;
  /** For an `s3://` output. @default none */
  readonly s3Client?: S3Client;
  /** Also write `report.html` and `report.pdf`. @default true */
  readonly report?: boolean;
  readonly signal?: AbortSignal;
}

/**
 * Reads every part, checks they come from the same run (same settings, every
 * host present once), and writes the merged `analysis.json` (images sorted by
 * file) and the reports. Parts of a tabular run are merged as `mergeTabularParts`
 * says: global SHAP values exactly from every host's, local values in the dataset's order.
 *
 * @throws {@link ValidationError} when there are no parts, a host is missing, or parts disagree.
 */
export async function mergeAnalysisParts(options: MergeOptions): Promise<AnalysisDocument | TabularAnalysisDocument> {
  const storage = storageFor(parseLocation('output', options.output), options.s3Client, 'output');
  const names = (await storage.list(options.signal)).filter((f) => /^analysis\.part-[^/]+\.json$/.test(f));
  if (names.length === 0) throw new ValidationError('output', options.output, 'a folder with analysis.part-<host>.json files');
  if (isTabularAnalysisDocument(parsedOrUndefined(new TextDecoder().decode(await storage.read(names[0] as string, options.signal))))) {
    return mergeTabularParts(storage, names, { report: options.report ?? true, signal: options.signal });
  }
  const parts: AnalysisDocument[] = [];
  for (const name of names) parts.push(readPart(name, await storage.read(name, options.signal)));
  const [first] = parts;
  const hosts = first.shard?.hosts ?? [];
  const seen = parts.map((p) => p.shard?.host ?? '').sort();
  if (JSON.stringify(seen) !== JSON.stringify([...hosts].sort())) {
    throw new ValidationError('output', options.output, `one part from each host of ${hosts.join(', ')}`, `found parts of ${seen.join(', ')}`);
  }
  // Without a configured seed each host draws its own; every image keeps its seed in its record.
  const comparable = (d: AnalysisDocument) => JSON.stringify({ ...d.settings, seed: null });
  const seeds = new Set(parts.map((p) => p.settings.seed));
  for (const part of parts) {
    if (comparable(part) !== comparable(first)) {
      throw new ValidationError(`analysis.part-${part.shard?.host}.json`, part.settings, 'the same settings as every other part');
    }
  }
  const images = parts.flatMap((p) => p.images).sort((a, b) => compareCodeUnits(a.file, b.file));
  const { shard: _shard, ...rest } = first;
  const settings = { ...first.settings, seed: seeds.size === 1 ? first.settings.seed : null };
  const merged: AnalysisDocument = { ...rest, settings, summary: summarize(images), images };
  // The reports are rendered first, so that a part naming a missing or foreign file fails before anything is written.
  const reports = options.report ?? true ? await renderReports(merged, storage, options.signal) : undefined;
  await storage.write('analysis.json', `${JSON.stringify(merged, null, 2)}\n`, options.signal);
  if (reports) await saveReports(reports, storage, options.signal);
  return merged;
}

/** The parsed part, or undefined when it is not JSON (readPart then says so, naming the file). */
function parsedOrUndefined(text: string): unknown {
  try {
    return parseAnalysisJson(text);
  } catch {
    return undefined;
  }
}

/**
 * Parses one part and checks what the merge and the report rely on: a document
 * with settings and image records whose files are `.jpeg`/`.png` paths inside the
 * folder. Part files may come from anywhere (an S3 prefix others can write to).
 */
function readPart(name: string, bytes: Uint8Array): AnalysisDocument {
  let part: unknown;
  try {
    part = JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new ValidationError(name, '(not JSON)', 'an analysis part written by clarify-ts', (err as Error).message);
  }
  const doc = part as Partial<AnalysisDocument> | null;
  if (doc === null || typeof doc !== 'object' || typeof doc.settings !== 'object' || doc.settings === null || !Array.isArray(doc.images)) {
    throw new ValidationError(name, part, 'an analysis part written by clarify-ts: { settings, images, shard, ... }');
  }
  doc.images.forEach((record: unknown, i) => {
    const r = record as Record<string, unknown> | null;
    const at = `${name}: images[${i}]`;
    if (r === null || typeof r !== 'object' || typeof r.file !== 'string' || (r.status !== 'succeeded' && r.status !== 'failed')) {
      throw new ValidationError(at, record, "an image record { file, status: 'succeeded' | 'failed', ... }");
    }
    if (r.status === 'failed') return;
    const file = (value: unknown, field: string, extension: RegExp) => {
      if (typeof value !== 'string' || !extension.test(value)) throw new ValidationError(`${at}.${field}`, value, `a ${extension.source.includes('png') ? '.png' : '.jpeg'} file inside the folder`);
      checkRelativePath(value, `${at}.${field}`);
    };
    file(r.image, 'image', /\.jpe?g$/i);
    file(r.label_image, 'label_image', /\.png$/i);
    if (r.objects_image !== undefined) file(r.objects_image, 'objects_image', /\.jpe?g$/i);
    for (const key of ['explanations', 'objects'] as const) {
      const list = r[key];
      if (list === undefined) continue;
      if (!Array.isArray(list)) throw new ValidationError(`${at}.${key}`, list, 'a list');
      list.forEach((e: { heat_map?: unknown } | null, k) => file(e?.heat_map, `${key}[${k}].heat_map`, /\.jpe?g$/i));
    }
  });
  return doc as AnalysisDocument;
}

/**
 * Merges the `analysis.part-<host>.json` files of a sharded run into
 * `analysis.json` and the reports, as if one host had explained every image.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../errors.js';
import { writeReports } from '../report/write-reports.js';
import type { AnalysisDocument } from './analysis-json.js';
import { summarize } from './analysis-json.js';
import { parseLocation } from './location.js';
import { compareCodeUnits, storageFor } from './storage.js';
import type { S3Client } from '@aws-sdk/client-s3';

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
 * file) and the reports.
 *
 * @throws {@link ValidationError} when there are no parts, a host is missing, or parts disagree.
 */
export async function mergeAnalysisParts(options: MergeOptions): Promise<AnalysisDocument> {
  const storage = storageFor(parseLocation('output', options.output), options.s3Client, 'output');
  const names = (await storage.list(options.signal)).filter((f) => /^analysis\.part-[^/]+\.json$/.test(f));
  if (names.length === 0) throw new ValidationError('output', options.output, 'a folder with analysis.part-<host>.json files');
  const parts: AnalysisDocument[] = [];
  for (const name of names) parts.push(JSON.parse(new TextDecoder().decode(await storage.read(name, options.signal))) as AnalysisDocument);
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
  await storage.write('analysis.json', `${JSON.stringify(merged, null, 2)}\n`, options.signal);
  if (options.report ?? true) await writeReports(merged, storage, options.signal);
  return merged;
}

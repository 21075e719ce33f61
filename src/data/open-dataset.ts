/**
 * Opens the dataset of an analysis config: lists its files and picks the reader for its
 * `dataset_type`.
 *
 * @packageDocumentation
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { throwIfAborted } from '../errors.js';
import type { Location } from '../storage/location.js';
import { CsvDataset } from './csv-dataset.js';
import type { DatasetSettings } from './dataset-config.js';
import { listDatasetFiles } from './dataset-files.js';
import { type Dataset, type DatasetOptions, resolveDatasetOptions } from './dataset.js';
import { JsonLinesDataset } from './json-lines-dataset.js';
import { ParquetDataset } from './parquet-dataset.js';

/** Options of {@link openDataset}. */
export interface OpenDatasetOptions extends DatasetOptions {
  /** The client for an `s3://` location. */
  readonly s3Client?: S3Client | undefined;
  /**
   * The option or config key that named the location, for errors.
   * @default 'dataset'
   */
  readonly field?: string;
  readonly signal?: AbortSignal | undefined;
}

/**
 * The dataset at `location` (a file, a folder of files read in sorted order, or an S3 object
 * or prefix), read as `settings` (from {@link checkDatasetConfig}) say. Lists the files; reads
 * nothing else until `profile()`.
 *
 * @throws {@link ValidationError} when the location holds no file, or for bad options.
 *
 * @example
 * ```ts
 * const settings = checkDatasetConfig(config);
 * const dataset = await openDataset(settings, parseLocation('--data', 'data/'));
 * const profile = await dataset.profile();          // dtypes, counts, roles
 * for await (const batch of dataset.batches(profile, [profile.roles.label!])) {
 *   // batch.columns.get(label).values ...
 * }
 * ```
 */
export async function openDataset(settings: DatasetSettings, location: Location, options: OpenDatasetOptions = {}): Promise<Dataset> {
  const resolved = resolveDatasetOptions(options);
  throwIfAborted(options.signal);
  const files = await listDatasetFiles(location, options.s3Client, options.field ?? 'dataset', options.signal);
  switch (settings.datasetType) {
    case 'text/csv':
      return new CsvDataset(settings, files, resolved);
    case 'application/jsonlines':
      return new JsonLinesDataset(settings, files, resolved);
    case 'application/x-parquet':
      return new ParquetDataset(settings, files, resolved);
  }
}

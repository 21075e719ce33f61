/**
 * `runTabularAnalysis`: runs the bias analyses of an analysis config over CSV, JSON Lines or
 * Parquet data, as a Clarify processing job does, and writes Clarify's `analysis.json`.
 *
 * @packageDocumentation
 */
import type { AnalysisConfig } from '../clarify/analysis-config.js';
import { ValidationError, throwIfAborted } from '../errors.js';
import type { Session } from '../sagemaker/session.js';
import { type TabularAnalysisDocument, stringifyTabularAnalysis } from '../analysis/tabular-document.js';
import { ANALYSIS_JSON_VERSION } from '../analysis/document.js';
import { resolveBiasConfig, type BiasConfigInput } from '../bias/config.js';
import { runBiasAnalysis } from '../bias/run.js';
import { checkDatasetConfig } from '../data/dataset-config.js';
import { openDataset } from '../data/open-dataset.js';
import { parseLocation } from '../storage/location.js';
import { storageFor } from '../storage/storage-for.js';
import { loadAnalysisConfig } from './config-file.js';
import { ENGINE_VERSION } from './engine-version.js';
import { outputPrefixWithin } from './run-inputs.js';
import { checkTabularMethods } from './tabular-settings.js';
import { renderTabularReports } from '../report/bias/write-reports.js';
import { saveReports } from '../report/write-reports.js';

/** Progress of a tabular run. */
export type TabularProgressEvent =
  | { readonly type: 'profile'; readonly rows: number; readonly files: number }
  | { readonly type: 'bias'; readonly stage: 'pre_training' | 'post_training' | 'both'; readonly rows: number; readonly total: number };

/** Options of {@link runTabularAnalysis}. */
export interface RunTabularAnalysisOptions {
  /** The analysis config: an object, a path to `analysis_config.json`, or its JSON text. */
  readonly config: AnalysisConfig | string;
  /**
   * The dataset: one file, or a folder (every file below it, in sorted order), as a local
   * path, a `file://` URI or an `s3://` URI (an object or a prefix). Files ending in `.gz`
   * are decompressed.
   */
  readonly data: string;
  /** Where `analysis.json` goes: a local folder, a `file://` URI or an `s3://` prefix; not inside `data`. */
  readonly output: string;
  /** AWS access for `s3://` locations. @default none (local files only) */
  readonly session?: Session;
  /** Stops the run between batches with `AbortError`; nothing half-written is left. */
  readonly signal?: AbortSignal;
  /** Called once the data is profiled, and after each counted batch. */
  readonly onProgress?: (event: TabularProgressEvent) => void;
  /**
   * Rows per batch of the counting pass; memory of the bias metrics grows with it, not with
   * the dataset's rows.
   * @default 65536
   */
  readonly batchRows?: number;
  /**
   * Write `report.html` and `report.pdf` (the bias tables, each metric with its meaning).
   * @default true
   */
  readonly report?: boolean;
  /**
   * The clock that dates the run (`created_at`) and the reports.
   * @default () => new Date()
   */
  readonly now?: () => Date;
}

/** What {@link runTabularAnalysis} returns. */
export interface RunTabularAnalysisResult {
  /** The document written to `analysis.json`. */
  readonly document: TabularAnalysisDocument;
  /** Its path relative to the output location: `analysis.json`. */
  readonly analysisFile: string;
  /** Every file written, relative to the output location. */
  readonly files: string[];
  /** What the run adjusted or doubted, once each. */
  readonly warnings: readonly string[];
}

/**
 * Runs the pre- and post-training bias metrics an analysis config asks for over a tabular
 * dataset and writes `analysis.json` under `output`, with Clarify's
 * `pre_training_bias_metrics` / `post_training_bias_metrics` sections, and `report.html` and
 * `report.pdf`.
 *
 * Everything is checked before any data is read: the config (Clarify's schema, the dataset
 * keys, the bias keys, what the engine runs), the locations. Column names are checked when
 * the data is opened, before anything is written. Rows with a missing value are dropped, as
 * Clarify does. Memory does not grow with the number of rows, except for the flip test (FT),
 * which keeps the feature columns' values for its nearest-neighbour search.
 *
 * Post-training metrics read the model's predictions from the dataset's `predicted_label`
 * column; the engine does not call tabular models yet.
 *
 * @example
 * ```ts
 * const { document } = await runTabularAnalysis({
 *   config: 'analysis_config.json',
 *   data: './train.csv',
 *   output: './clarify-output',
 * });
 * console.log(document.pre_training_bias_metrics?.facets);
 * ```
 * @throws {@link ValidationError} for a bad config, location or column, before anything is written.
 * @throws {@link BiasDataError} where Clarify fails the whole analysis (no rows, a continuous facet without a threshold, …).
 * @throws {@link AbortError} when `signal` fires.
 */
export async function runTabularAnalysis(options: RunTabularAnalysisOptions): Promise<RunTabularAnalysisResult> {
  if (options === null || typeof options !== 'object') throw new ValidationError('options', options, 'an object { config, data, output, ... }');
  const { signal, session } = options;
  const config = await loadAnalysisConfig(options.config);
  const datasetSettings = checkDatasetConfig(config);
  checkTabularMethods(config);
  const biasSettings = resolveBiasConfig(config as unknown as BiasConfigInput);
  const createdAt = runDate(options.now);
  const batchRows = options.batchRows ?? 65536;
  if (!Number.isSafeInteger(batchRows) || batchRows < 1) throw new ValidationError('batchRows', batchRows, 'an integer >= 1');

  const dataLocation = parseLocation('data', options.data);
  const outputLocation = parseLocation('output', options.output);
  if (outputPrefixWithin(dataLocation, outputLocation) !== undefined) {
    throw new ValidationError('output', options.output, `a location outside data (${options.data})`, 'every file under data is read as the dataset');
  }
  const output = storageFor(outputLocation, session?.s3Client, 'output');
  await output.checkWritable(signal);
  const dataset = await openDataset(datasetSettings, dataLocation, { s3Client: session?.s3Client, field: 'data', signal, batchRows });
  throwIfAborted(signal);

  const profile = await dataset.profile(signal);
  options.onProgress?.({ type: 'profile', rows: profile.rows, files: dataset.files.length });
  const stage = biasSettings.preTraining !== undefined && biasSettings.postTraining !== undefined ? 'both'
    : biasSettings.preTraining !== undefined ? 'pre_training' : 'post_training';
  const bias = await runBiasAnalysis(biasSettings, dataset, {
    profile,
    signal,
    onProgress: (rows, total) => options.onProgress?.({ type: 'bias', stage, rows, total }),
  });
  const document: TabularAnalysisDocument = {
    version: ANALYSIS_JSON_VERSION,
    engine: { name: 'clarify-ts', version: ENGINE_VERSION },
    created_at: createdAt.toISOString(),
    dataset: {
      dataset_type: datasetSettings.datasetType,
      files: dataset.files.map((f) => f.uri),
      rows: profile.rows,
      rows_dropped: profile.rowsRead - profile.rows,
    },
    ...(bias.pre_training_bias_metrics ? { pre_training_bias_metrics: bias.pre_training_bias_metrics } : {}),
    ...(bias.post_training_bias_metrics ? { post_training_bias_metrics: bias.post_training_bias_metrics } : {}),
  };
  const warnings: string[] = [];
  if (document.dataset.rows_dropped > 0) {
    warnings.push(`${document.dataset.rows_dropped} of ${profile.rowsRead} rows have a missing value and were left out, as Clarify does`);
  }
  const analysisFile = 'analysis.json';
  // Rendered before anything is written: a report that fails leaves no analysis.json without it.
  const reports = options.report === false ? undefined : await renderTabularReports(document, { createdAt });
  throwIfAborted(signal);
  const files = [analysisFile];
  const release = await output.lock('.clarify-ts.lock', signal);
  try {
    await output.removeLeftovers(signal);
    await output.write(analysisFile, `${stringifyTabularAnalysis(document)}\n`, signal);
    if (reports !== undefined) files.push(...(await saveReports(reports, output, signal)));
  } finally {
    await release();
  }
  return { document, analysisFile, files, warnings };
}

/** The run's date from `now` (checked). */
function runDate(now: (() => Date) | undefined): Date {
  if (now !== undefined && typeof now !== 'function') throw new ValidationError('now', now, 'a function returning a Date');
  const date = now === undefined ? new Date() : now();
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new ValidationError('now()', date, 'a valid Date');
  return date;
}

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
import type { ShardOptions } from './run-checks.js';
import { checkShard, lockName, runDate } from './run-checks.js';
import { tabularPlan } from './tabular-settings.js';
import type { LocalTabularModel } from '../models/tabular/from-predictor-config.js';
import type { TabularRow, TabularValue } from '../explain/tabular/tabular-predictor.js';
import type { TabularModel } from '../models/tabular/tabular-model.js';
import type { TabularExplanationsSection } from '../analysis/tabular-explanations.js';
import { checkTabularModel, explainedOutputs, openTabularModel, predictLabels } from './tabular-model-source.js';
import { readRows } from './tabular-rows.js';
import { PREDICTED_LABEL_COLUMN, tableWithPredictions } from './table-with-predictions.js';
import { type TableExplanations, explainTable } from './tabular-explain.js';
import type { TableProfile, TableSource } from '../table/table.js';
import type { BiasMetricsSection } from '../analysis/tabular-document.js';
import { renderTabularReports } from '../report/bias/write-reports.js';
import { saveReports } from '../report/write-reports.js';

/** Progress of a tabular run. */
export type TabularProgressEvent =
  | { readonly type: 'profile'; readonly rows: number; readonly files: number }
  | { readonly type: 'bias'; readonly stage: 'pre_training' | 'post_training' | 'both'; readonly rows: number; readonly total: number }
  | { readonly type: 'shap'; readonly records: number; readonly total: number };

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
  /**
   * AWS access for `s3://` locations, SageMaker endpoints, and shadow endpoints for
   * `model_name`s not in `models`.
   * @default none (local files and local models only)
   */
  readonly session?: Session;
  /**
   * Models for `predictor.model_name`, by name: a `TabularModel` (yours to dispose) or an
   * ONNX spec `{ onnx: { model: 'model.onnx' } }`.
   * @default {}
   */
  readonly models?: Readonly<Record<string, LocalTabularModel>>;
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
   * @default true (false for a shard)
   */
  readonly report?: boolean;
  /**
   * This host's part of a run over several hosts, each reading the whole dataset: SHAP
   * records i with i mod n = this host's index among `hosts` are explained here; the bias
   * metrics and PDP run on the first host. Writes `analysis.part-<host>.json` and
   * `explanations_shap/out.part-<host>.csv`, merged by `mergeAnalysisParts`. Only
   * `mode: 'round-robin'`: with `'given'` (S3 `ShardedByS3Key`) a host would not see the whole
   * columns that the bias metrics, the computed baseline and the PDP grids need.
   * @default none (one host)
   */
  readonly shard?: ShardOptions;
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
 * Runs the analyses a tabular analysis config asks for — pre- and post-training bias
 * metrics, Kernel SHAP and partial dependence plots — over a tabular dataset, and writes
 * what a Clarify job writes under `output`: `analysis.json` (Clarify's
 * `pre_training_bias_metrics`, `post_training_bias_metrics` and `explanations` sections),
 * `explanations_shap/out.csv` (local SHAP values, unless `save_local_shap_values` is false),
 * `explanations_shap/baseline.csv` (when the baseline was computed), `report.html` and
 * `report.pdf`.
 *
 * Everything is checked before any data is read: the config (Clarify's schema, the dataset
 * keys, the bias and explanation keys, the predictor), the locations. Column names are
 * checked when the data is opened, before anything is written. Rows with a missing value
 * are dropped, as Clarify does. The bias metrics' memory does not grow with the number of
 * rows, except for the flip test (FT); SHAP, PDP and post-training bias through a model
 * (no `predicted_label` column) hold every row in memory.
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
 * @throws {@link ValidationError} for a bad config, location, column or model, before anything is written.
 * @throws {@link BiasDataError} where Clarify fails the whole analysis (no rows, a continuous facet without a threshold, …).
 * @throws {@link ModelError} when the model fails (after its retries) or answers something unusable.
 * @throws {@link AbortError} when `signal` fires.
 */
export async function runTabularAnalysis(options: RunTabularAnalysisOptions): Promise<RunTabularAnalysisResult> {
  if (options === null || typeof options !== 'object') throw new ValidationError('options', options, 'an object { config, data, output, ... }');
  const { signal, session } = options;
  const config = await loadAnalysisConfig(options.config);
  const datasetSettings = checkDatasetConfig(config);
  const plan = tabularPlan(config);
  const biasSettings = plan.bias
    ? resolveBiasConfig(config as unknown as BiasConfigInput, plan.predictionsFromModel ? { predictedLabel: PREDICTED_LABEL_COLUMN, probabilityThreshold: null } : {})
    : undefined;
  const modelOptions = { models: options.models, session, signal };
  if (plan.needsModel) checkTabularModel(config, modelOptions);
  const shard = options.shard === undefined ? undefined : checkTabularShard(options.shard, plan);
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
  const baselineUri = plan.explain?.shap?.baselineUri;
  const baselineLocation = baselineUri === undefined ? undefined : parseLocation('$.methods.shap.baseline', baselineUri);
  throwIfAborted(signal);

  const profile = await dataset.profile(signal);
  options.onProgress?.({ type: 'profile', rows: profile.rows, files: dataset.files.length });
  const featureNames = profile.roles.features;
  const baselineFile = baselineLocation === undefined ? undefined
    : await openDataset({ datasetType: 'text/csv', headers: featureNames }, baselineLocation, { s3Client: session?.s3Client, field: '$.methods.shap.baseline', signal });
  let model: TabularModel | undefined;
  let bias: { pre_training_bias_metrics?: BiasMetricsSection; post_training_bias_metrics?: BiasMetricsSection } = {};
  let explained: TableExplanations | undefined;
  try {
    if (plan.needsModel) model = await openTabularModel(config, { ...modelOptions, featureNames });
    const joinsource = profile.roles.joinsource;
    // One pass for the features and, when SHAP writes it beside each record, the join source.
    const withJoin = plan.explain?.shap !== undefined && joinsource !== undefined;
    const read = model === undefined ? undefined : await readRows(dataset, profile, withJoin ? [...featureNames, joinsource] : featureNames, signal);
    const rows = withJoin ? read?.map((row) => row.slice(0, -1)) : read;
    const joinValues = withJoin ? read?.map((row) => row[row.length - 1] as TabularValue) : undefined;
    if (biasSettings !== undefined && (shard?.index ?? 0) === 0) {
      let source: TableSource = dataset;
      let sourceProfile: TableProfile = profile;
      if (plan.predictionsFromModel) {
        const labels = await predictLabels(model as TabularModel, rows as TabularRow[], config, signal);
        source = await tableWithPredictions(dataset, profile, labels, signal);
        sourceProfile = await source.profile(signal);
      }
      const stage = biasSettings.preTraining !== undefined && biasSettings.postTraining !== undefined ? 'both'
        : biasSettings.preTraining !== undefined ? 'pre_training' : 'post_training';
      bias = await runBiasAnalysis(biasSettings, source, {
        profile: sourceProfile,
        signal,
        onProgress: (counted, total) => options.onProgress?.({ type: 'bias', stage, rows: counted, total }),
      });
    }
    if (plan.explain !== undefined && model !== undefined && rows !== undefined) {
      if (rows.length === 0) throw new ValidationError('data', options.data, 'a dataset with at least one row without a missing value');
      const outputs = await explainedOutputs(model, rows[0] as TabularRow, config, signal);
      const baselineFileRows = baselineFile === undefined ? undefined : await readBaselineFile(baselineFile, signal);
      explained = await explainTable({
        settings: plan.explain,
        featureNames,
        rows,
        predict: outputs.predict,
        labels: outputs.labels,
        signal,
        ...(baselineFileRows ? { baselineFileRows } : {}),
        ...(joinsource !== undefined && joinValues !== undefined ? { joinSource: { name: joinsource, values: joinValues } } : {}),
        onRecord: (records, total) => options.onProgress?.({ type: 'shap', records, total }),
        ...(shard ? { shard: { index: shard.index, count: shard.hosts.length } } : {}),
      });
    }
  } finally {
    await model?.dispose();
  }
  const explanations: TabularExplanationsSection | undefined = explained?.explanations;
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
    ...(explanations && Object.keys(explanations).length > 0 ? { explanations } : {}),
    ...(explained?.globalShapStandardErrors ? { global_shap_standard_errors: explained.globalShapStandardErrors } : {}),
    ...(explained?.seed !== undefined ? { shap_seed: explained.seed } : {}),
    ...(shard
      ? {
          shard: { host: shard.host, hosts: [...shard.hosts] },
          ...(explained?.records ? { shap_records: explained.records } : {}),
          ...(explained?.shapAggregate ? { shap_aggregate: explained.shapAggregate } : {}),
          ...(explained?.shapErrorSums ? { shap_error_sums: explained.shapErrorSums } : {}),
        }
      : {}),
  };
  const warnings: string[] = [...(explained?.warnings ?? [])];
  if (document.dataset.rows_dropped > 0) {
    warnings.push(`${document.dataset.rows_dropped} of ${profile.rowsRead} rows have a missing value and were left out, as Clarify does`);
  }
  const analysisFile = shard ? `analysis.part-${shard.host}.json` : 'analysis.json';
  const localShapFile = shard ? `explanations_shap/out.part-${shard.host}.csv` : 'explanations_shap/out.csv';
  const localErrorsFile = shard ? `explanations_shap/out_standard_errors.part-${shard.host}.csv` : 'explanations_shap/out_standard_errors.csv';
  // Rendered before anything is written: a report that fails leaves no analysis.json without it.
  const reports = (options.report ?? shard === undefined) ? await renderTabularReports(document, { createdAt }) : undefined;
  throwIfAborted(signal);
  const files = [analysisFile];
  const release = await output.lock(lockName(shard), signal);
  try {
    await output.removeLeftovers(signal);
    await output.write(analysisFile, `${stringifyTabularAnalysis(document)}\n`, signal);
    if (explained?.localShapCsv !== undefined) {
      await output.write(localShapFile, explained.localShapCsv, signal);
      files.push(localShapFile);
    }
    if (explained?.localStandardErrorsCsv !== undefined) {
      await output.write(localErrorsFile, explained.localStandardErrorsCsv, signal);
      files.push(localErrorsFile);
    }
    if (explained?.baselineCsv !== undefined) {
      await output.write('explanations_shap/baseline.csv', explained.baselineCsv, signal);
      files.push('explanations_shap/baseline.csv');
    }
    if (reports !== undefined) files.push(...(await saveReports(reports, output, signal)));
    // An earlier run into this folder may have written explanation files this one does not:
    // left there, they would be read as this run's.
    const ours = [localShapFile, localErrorsFile, ...(shard === undefined || shard.index === 0 ? ['explanations_shap/baseline.csv'] : [])];
    for (const stale of ours.filter((file) => !files.includes(file))) await output.remove(stale, signal);
  } finally {
    await release();
  }
  return { document, analysisFile, files, warnings };
}

/** A checked shard of a tabular run, with this host's index. */
function checkTabularShard(shard: ShardOptions, plan: ReturnType<typeof tabularPlan>): ShardOptions & { readonly index: number } {
  checkShard(shard);
  // Records are dealt by the host's position: a host named twice would explain two shares.
  if (new Set(shard.hosts).size !== shard.hosts.length) throw new ValidationError('shard.hosts', shard.hosts, 'distinct host names');
  const index = shard.hosts.indexOf(shard.host);
  if (shard.mode !== undefined && shard.mode !== 'round-robin') {
    throw new ValidationError('shard.mode', shard.mode, "'round-robin': every host reads the whole dataset (FullyReplicated)",
      'the bias metrics, the computed baseline and the PDP grids need whole columns');
  }
  if (plan.explain?.pdp !== undefined && plan.explain.pdp.features === undefined && shard.hosts.length > 1) {
    throw new ValidationError('$.methods.pdp.features', undefined, 'the features to plot, when the job runs on several hosts',
      'top_k_features ranks by the global SHAP values, which only the merge knows');
  }
  return { ...shard, index };
}

/** The rows of a baseline file: a CSV of feature values, one column per feature, no header row. */
async function readBaselineFile(dataset: Awaited<ReturnType<typeof openDataset>>, signal: AbortSignal | undefined): Promise<TabularRow[]> {
  const profile = await dataset.profile(signal);
  return readRows(dataset, profile, profile.columns.map((c) => c.name), signal);
}


/**
 * The SageMaker Processing container entry (`clarify-ts process`): the paths
 * Clarify's container uses, and sharding across the job's instances.
 *
 * @packageDocumentation
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ValidationError } from '../errors.js';
import type { Session } from '../sagemaker/session.js';
import { loadAnalysisConfig } from './config-file.js';
import { type RunAnalysisResult, type ShardOptions, runAnalysis } from './run-analysis.js';
import { type RunTabularAnalysisResult, type TabularProgressEvent, runTabularAnalysis } from './run-tabular-analysis.js';
import { isTabularConfig } from './tabular-settings.js';
import type { RunProgressEvent } from './run-progress.js';
import type { LocalModel } from './model-source.js';
import type { LocalTabularModel } from '../models/tabular/from-predictor-config.js';

/** Where a processing container finds its inputs; each root is overridable for tests. */
export interface ProcessingPaths {
  /** @default '/opt/ml/processing/input' (holds `config/analysis_config.json` and `data/`) */
  readonly input?: string;
  /** @default '/opt/ml/processing/output' */
  readonly output?: string;
  /** @default '/opt/ml/config' (holds `resourceconfig.json` and `processingjobconfig.json`) */
  readonly config?: string;
}

/** Options of {@link runProcessingContainer}. */
export interface ProcessingContainerOptions {
  readonly paths?: ProcessingPaths;
  /** Local models for `predictor.model_name` of an image config. @default {} */
  readonly models?: Readonly<Record<string, LocalModel>>;
  /** Local models for `predictor.model_name` of a tabular config. @default {} */
  readonly tabularModels?: Readonly<Record<string, LocalTabularModel>>;
  /** AWS access for endpoints and shadow endpoints. @default none */
  readonly session?: Session;
  /** @default the number of CPU cores */
  readonly concurrency?: number;
  /** Images with more pixels fail alone (see `RunAnalysisOptions.maxPixels`). @default 24_000_000 */
  readonly maxPixels?: number;
  /** One colour scale for every heat map of this host (see `RunAnalysisOptions.sharedScale`). @default false */
  readonly sharedScale?: boolean;
  /** Segment numbers drawn on the heat maps (see `RunAnalysisOptions.segmentNumbers`). @default false */
  readonly segmentNumbers?: boolean;
  /** Segments whose 95% interval contains 0 faded on the heat maps (see `RunAnalysisOptions.fadeUncertain`). @default false */
  readonly fadeUncertain?: boolean;
  readonly signal?: AbortSignal;
  /** Called when an image run starts and after each image. @default none */
  readonly onProgress?: (event: RunProgressEvent) => void;
  /** Called when a tabular run has profiled the dataset, after each counted batch of rows and after each explained record. @default none */
  readonly onTabularProgress?: (event: TabularProgressEvent) => void;
}

interface ResourceConfig {
  current_host: string;
  hosts: string[];
}

/**
 * Runs the analysis of a processing job. With one host it writes the whole
 * output; with several (`resourceconfig.json`) it explains only its share and
 * writes `analysis.part-<host>.json`, merged later by {@link mergeAnalysisParts}.
 * When the dataset input is `ShardedByS3Key`, SageMaker already gave this host
 * its share, so every local image is explained.
 *
 * A tabular config (CSV, JSON Lines, Parquet) runs with `runTabularAnalysis`: on
 * several hosts, each reads the whole dataset (`FullyReplicated`; `ShardedByS3Key` is
 * refused), explains its share of the records, and the first also computes the bias
 * metrics and PDP (see docs/scaling.md).
 */
export async function runProcessingContainer(options: ProcessingContainerOptions = {}): Promise<RunAnalysisResult | RunTabularAnalysisResult> {
  const input = options.paths?.input ?? '/opt/ml/processing/input';
  const output = options.paths?.output ?? '/opt/ml/processing/output';
  const configRoot = options.paths?.config ?? '/opt/ml/config';
  const resources = await readJson<ResourceConfig>(join(configRoot, 'resourceconfig.json'));
  let shard: ShardOptions | undefined;
  if (resources !== undefined) {
    if (typeof resources.current_host !== 'string' || !Array.isArray(resources.hosts)) {
      throw new ValidationError('resourceconfig.json', resources, '{ current_host: string, hosts: string[] }');
    }
    if (resources.hosts.length > 1) {
      const job = await readJson<{ ProcessingInputs?: { InputName?: string; S3Input?: { S3DataDistributionType?: string } }[] }>(join(configRoot, 'processingjobconfig.json'));
      const dataset = job?.ProcessingInputs?.find((i) => i.InputName === 'dataset');
      const given = dataset?.S3Input?.S3DataDistributionType === 'ShardedByS3Key';
      shard = { host: resources.current_host, hosts: [...resources.hosts].sort(), mode: given ? 'given' : 'round-robin' };
    }
  }
  const configFile = join(input, 'config', 'analysis_config.json');
  const config = await loadAnalysisConfig(configFile);
  if (isTabularConfig(config)) {
    return runTabularAnalysis({
      config,
      data: join(input, 'data'),
      output,
      ...(shard ? { shard } : {}),
      ...(options.tabularModels ? { models: options.tabularModels } : {}),
      ...(options.session ? { session: options.session } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onTabularProgress ? { onProgress: options.onTabularProgress } : {}),
    });
  }
  return runAnalysis({
    config,
    data: join(input, 'data'),
    output,
    ...(shard ? { shard } : {}),
    ...(options.models ? { models: options.models } : {}),
    ...(options.session ? { session: options.session } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.maxPixels !== undefined ? { maxPixels: options.maxPixels } : {}),
    ...(options.sharedScale !== undefined ? { sharedScale: options.sharedScale } : {}),
    ...(options.segmentNumbers !== undefined ? { segmentNumbers: options.segmentNumbers } : {}),
    ...(options.fadeUncertain !== undefined ? { fadeUncertain: options.fadeUncertain } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}

async function readJson<T>(path: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined; // Absent outside SageMaker: a single host.
  }
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new ValidationError(path, text, 'a JSON document', (err as Error).message);
  }
}

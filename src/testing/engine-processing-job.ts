/**
 * Runs the engine as the work of a processing job in the local emulator
 * (`startLocalAws({ onProcessingJob })`): the job's `dataset` and
 * `analysis_config` inputs are copied from the emulator's S3 into the
 * container's paths, the engine runs, and its output is copied to the job's
 * S3 output. Jobs with Clarify's image or ours run the same way, so the
 * notebook example gets real heat maps from the emulation, and the tabular
 * example real bias metrics, SHAP values and PDPs.
 *
 * @packageDocumentation
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import type { LocalModel } from '../engine/model-source.js';
import type { RunAnalysisResult } from '../engine/run-analysis.js';
import type { RunProgressEvent } from '../engine/run-progress.js';
import type { RunTabularAnalysisResult, TabularProgressEvent } from '../engine/run-tabular-analysis.js';
import type { LocalTabularModel } from '../models/tabular/from-predictor-config.js';
import { ValidationError } from '../errors.js';
import type { JobContext } from './hooks.js';

/** Options of {@link runProcessingJob}. */
export interface EmulatedJobOptions {
  /** Image models for the config's `predictor.model_name` (the emulator hosts no real model). @default {} */
  readonly models?: Readonly<Record<string, LocalModel>>;
  /**
   * Serves whatever `predictor.model_name` the job's config names, for code that
   * names its models at run time (the notebook's `DEMO-…-<timestamp>`), when the job
   * explains images. @default none
   */
  readonly model?: LocalModel;
  /**
   * Tabular models for the config's `predictor.model_name` (SHAP, PDP, post-training bias
   * without a predicted-label column), by name: a `TabularModel` (`functionTabularModel`,
   * yours to dispose) or an ONNX spec `{ onnx: { model: 'model.onnx' } }`.
   * @default {}
   */
  readonly tabularModels?: Readonly<Record<string, LocalTabularModel>>;
  /**
   * Serves whatever `predictor.model_name` the job's config names when the job analyses
   * tabular data: the counterpart of `model` for `tabularModels`. @default none
   */
  readonly tabularModel?: LocalTabularModel;
  /** Images explained at once (image jobs). @default 1 */
  readonly concurrency?: number;
}

interface JobRequest {
  ProcessingInputs?: { InputName?: string; S3Input?: { S3Uri?: string; LocalPath?: string } }[];
  ProcessingOutputConfig?: { Outputs?: { S3Output?: { S3Uri?: string; LocalPath?: string } }[] };
  ProcessingResources?: { ClusterConfig?: { InstanceCount?: number } };
}

/**
 * Runs one emulated processing job with the engine. Pass it as the emulator's hook:
 * `startLocalAws({ onProcessingJob: (job) => runProcessingJob(job, { models }) })`, or
 * for a tabular job whose model is a function,
 * `runProcessingJob(job, { tabularModel: functionTabularModel(score) })`. The engine's
 * progress goes to the job's log (one line per image; for tabular data the profile, the
 * counted batches and each tenth of the SHAP records).
 *
 * @throws {@link ValidationError} when the job lacks the `dataset` or `analysis_config` input or an S3 output.
 */
export async function runProcessingJob(job: JobContext, options: EmulatedJobOptions = {}): Promise<RunAnalysisResult | RunTabularAnalysisResult> {
  const request = job.request as unknown as JobRequest;
  const input = (name: string) => {
    const uri = request.ProcessingInputs?.find((i) => i.InputName === name)?.S3Input?.S3Uri;
    if (uri === undefined) throw new ValidationError(`ProcessingInputs[${name}]`, undefined, `an S3 input named ${name}`);
    return uri;
  };
  const outputUri = request.ProcessingOutputConfig?.Outputs?.[0]?.S3Output?.S3Uri;
  if (outputUri === undefined) throw new ValidationError('ProcessingOutputConfig.Outputs[0]', undefined, 'an S3 output');
  const root = await mkdtemp(join(tmpdir(), 'clarify-job-'));
  try {
    const inputRoot = join(root, 'input');
    const outputRoot = join(root, 'output');
    await mkdir(outputRoot, { recursive: true });
    const data = input('dataset');
    const outputPrefix = `${outputUri.replace(/\/+$/, '')}/`;
    for (const uri of await job.s3.listObjects(data)) {
      if (uri.startsWith(outputPrefix)) continue;
      await put(join(inputRoot, 'data', uri.slice(data.replace(/\/+$/, '').length + 1)), await job.s3.getObject(uri));
    }
    const configUri = input('analysis_config');
    const configObject = configUri.endsWith('.json') ? configUri : `${configUri.replace(/\/+$/, '')}/analysis_config.json`;
    const configBytes = await job.s3.getObject(configObject);
    await put(join(inputRoot, 'config', 'analysis_config.json'), configBytes);
    const modelName = (JSON.parse(new TextDecoder().decode(configBytes)) as { predictor?: { model_name?: string } }).predictor?.model_name;
    const models = options.model !== undefined && modelName !== undefined ? { ...options.models, [modelName]: options.model } : options.models;
    const tabularModels = options.tabularModel !== undefined && modelName !== undefined
      ? { ...options.tabularModels, [modelName]: options.tabularModel }
      : options.tabularModels;
    job.log(`clarify-ts engine: running the analysis on ${data}`);
    const result = await (await loadEngine()).runProcessingContainer({
      paths: { input: inputRoot, output: outputRoot, config: join(root, 'config') },
      concurrency: options.concurrency ?? 1,
      signal: job.signal,
      ...(models ? { models } : {}),
      ...(tabularModels ? { tabularModels } : {}),
      onProgress: (e) => job.log(imageProgressLine(e)),
      onTabularProgress: (e) => {
        const line = tabularProgressLine(e);
        if (line !== undefined) job.log(line);
      },
    });
    for (const entry of await readdir(outputRoot, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      await job.s3.putObject(`${outputPrefix}${relative(outputRoot, path).split(sep).join('/')}`, await readFile(path));
    }
    job.log('succeeded' in result ? `clarify-ts engine: ${result.succeeded} explained, ${result.failed} failed` : tabularSummaryLine(result));
    return result;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** The log line of an image run's progress event: the start, then one line per image. */
function imageProgressLine(e: RunProgressEvent): string {
  return e.type === 'start' ? `${e.total} images, model: ${e.model}` : `[${e.done}/${e.total}] ${e.file}: ${e.record.status}`;
}

const BIAS_STAGES = { pre_training: 'pre-training', post_training: 'post-training', both: 'pre- and post-training' } as const;

/**
 * The log line of a tabular run's progress event, or undefined to log nothing: SHAP
 * reports every record, so only each tenth of the records (and the last) is logged.
 */
function tabularProgressLine(e: TabularProgressEvent): string | undefined {
  switch (e.type) {
    case 'profile':
      return `${e.rows} rows in ${e.files} ${e.files === 1 ? 'file' : 'files'}`;
    case 'bias':
      return `bias metrics (${BIAS_STAGES[e.stage]}): ${e.rows}/${e.total} rows counted`;
    case 'shap': {
      const step = Math.max(1, Math.ceil(e.total / 10));
      return e.records === e.total || e.records % step === 0 ? `SHAP: ${e.records}/${e.total} records explained` : undefined;
    }
  }
}

/** The last log line of a tabular run: what it computed, over how many rows. */
function tabularSummaryLine(result: RunTabularAnalysisResult): string {
  const d = result.document;
  const computed = [
    ...(d.pre_training_bias_metrics ? ['pre-training bias metrics'] : []),
    ...(d.post_training_bias_metrics ? ['post-training bias metrics'] : []),
    ...(d.explanations?.kernel_shap ? ['SHAP values'] : []),
    ...(d.explanations?.pdp ? [`PDPs of ${d.explanations.pdp.length} ${d.explanations.pdp.length === 1 ? 'feature' : 'features'}`] : []),
  ];
  return `clarify-ts engine: ${computed.length > 0 ? computed.join(', ') : 'nothing'} of ${d.dataset.rows} rows`;
}

async function put(path: string, body: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, body);
}

// Loaded on first use: a test suite that imports clarify-ts/testing only for the emulated
// AWS APIs should not pay for the engine and its native image codec.
function loadEngine(): Promise<typeof import('../engine/processing-container.js')> {
  return import('../engine/processing-container.js');
}

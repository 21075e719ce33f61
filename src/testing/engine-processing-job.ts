/**
 * Runs the engine as the work of a processing job in the local emulator
 * (`startLocalAws({ onProcessingJob })`): the job's `dataset` and
 * `analysis_config` inputs are copied from the emulator's S3 into the
 * container's paths, the engine runs, and its output is copied to the job's
 * S3 output. Jobs with Clarify's image or ours run the same way, so the
 * notebook example gets real heat maps from the emulation.
 *
 * @packageDocumentation
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import type { LocalModel } from '../engine/model-source.js';
import type { RunAnalysisResult } from '../engine/run-analysis.js';
import type { RunTabularAnalysisResult } from '../engine/run-tabular-analysis.js';
import { ValidationError } from '../errors.js';
import type { JobContext } from './hooks.js';

/** Options of {@link runProcessingJob}. */
export interface EmulatedJobOptions {
  /** Models for the config's `predictor.model_name` (the emulator hosts no real model). @default {} */
  readonly models?: Readonly<Record<string, LocalModel>>;
  /**
   * Serves whatever `predictor.model_name` the job's config names, for code that
   * names its models at run time (the notebook's `DEMO-…-<timestamp>`). @default none
   */
  readonly model?: LocalModel;
  /** @default 1 */
  readonly concurrency?: number;
}

interface JobRequest {
  ProcessingInputs?: { InputName?: string; S3Input?: { S3Uri?: string; LocalPath?: string } }[];
  ProcessingOutputConfig?: { Outputs?: { S3Output?: { S3Uri?: string; LocalPath?: string } }[] };
  ProcessingResources?: { ClusterConfig?: { InstanceCount?: number } };
}

/**
 * Runs one emulated processing job with the engine. Pass it as the emulator's hook:
 * `startLocalAws({ onProcessingJob: (job) => runProcessingJob(job, { models }) })`.
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
    job.log(`clarify-ts engine: running the analysis on ${data}`);
    const result = await (await loadEngine()).runProcessingContainer({
      paths: { input: inputRoot, output: outputRoot, config: join(root, 'config') },
      concurrency: options.concurrency ?? 1,
      signal: job.signal,
      ...(models ? { models } : {}),
      onProgress: (e) => job.log(e.type === 'start' ? `${e.total} images, model: ${e.model}` : `[${e.done}/${e.total}] ${e.file}: ${e.record.status}`),
    });
    for (const entry of await readdir(outputRoot, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      await job.s3.putObject(`${outputPrefix}${relative(outputRoot, path).split(sep).join('/')}`, await readFile(path));
    }
    job.log('succeeded' in result ? `clarify-ts engine: ${result.succeeded} explained, ${result.failed} failed` : `clarify-ts engine: bias metrics of ${result.document.dataset.rows} rows`);
    return result;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
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

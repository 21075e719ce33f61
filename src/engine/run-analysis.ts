/**
 * `runAnalysis`: runs an image-explanation analysis config the way a Clarify
 * computer-vision job does, and writes the same output layout.
 *
 * @packageDocumentation
 */
import { availableParallelism } from 'node:os';
import type { AnalysisConfig } from '../clarify/analysis-config.js';
import { ValidationError, throwIfAborted } from '../errors.js';
import { drawSeed } from '../explain/numeric/random.js';
import { writeReports } from '../report/write-reports.js';
import type { Session } from '../sagemaker/session.js';
import { ANALYSIS_JSON_VERSION, type AnalysisDocument, type RunSettingsRecord, summarize } from '../analysis/document.js';
import { loadAnalysisConfig } from './config-file.js';
import { ENGINE_VERSION } from './engine-version.js';
import { explainAll, renderSharedHeatMaps } from './explain-all.js';
import { type ShardOptions, checkShard, lockName, runDate } from './run-checks.js';
import type { ImageTaskSettings } from './image-task.js';
import { parseLocation } from '../storage/location.js';
import { type LocalModel, checkModelSource, resolveModelSource } from './model-source.js';
import { DEFAULT_MAX_PIXELS } from './image-codec.js';
import { createImageRunner } from './image-runner.js';
import { assignOutputStems, isImageFile } from './output-names.js';
import { probeModel } from './probe-model.js';
import type { RunProgressEvent } from './run-progress.js';
import { outputPrefixWithin, readBaseline } from './run-inputs.js';
import { type EngineSettings, engineSettings } from './settings.js';
import { storageFor } from '../storage/storage-for.js';
import { type Storage, checkRelativePath, compareCodeUnits } from '../storage/storage.js';
import { notConvergedWarning } from './not-converged-warning.js';

export type { ShardOptions } from './run-checks.js';

/** Options of {@link runAnalysis}. */
export interface RunAnalysisOptions {
  /** The analysis config: an object, a path to `analysis_config.json`, or its JSON text. */
  readonly config: AnalysisConfig | string;
  /** The images: a local folder, a `file://` URI or an `s3://` prefix, searched recursively. */
  readonly data: string;
  /**
   * Explain only these files (paths relative to `data`, `/`-separated) instead of every image found.
   * @default every image under `data`
   */
  readonly files?: readonly string[];
  /** Where results go: a local folder, a `file://` URI or an `s3://` prefix. */
  readonly output: string;
  /** Models for `predictor.model_name`, by name. @default {} */
  readonly models?: Readonly<Record<string, LocalModel>>;
  /**
   * AWS access for S3 locations, SageMaker endpoints, and shadow endpoints for
   * `model_name`s not in `models`.
   * @default none (local files and local models only)
   */
  readonly session?: Session;
  /**
   * Images explained at once. ONNX model specs run on this many worker threads;
   * other models are called from the main thread, this many images interleaved.
   * @default the number of CPU cores
   */
  readonly concurrency?: number;
  /**
   * Masked images per model call; memory is bounded by `batchSize × concurrency` images.
   * @default 32
   */
  readonly batchSize?: number;
  /**
   * Classification: explain the k top classes of each image (not a Clarify key).
   * @default 1 (the predicted class), or every class above `probability_threshold` when the config sets it
   */
  readonly topK?: number;
  /** Explain only this host's share and write `analysis.part-<host>.json` (no report). @default none */
  readonly shard?: ShardOptions;
  /** Write `report.html` and `report.pdf`. @default true (false for a shard) */
  readonly report?: boolean;
  /**
   * Images with more pixels fail alone with `ImageTooLargeError`, checked from the
   * header before decoding. Memory of one explanation grows with its pixels.
   * @default 24_000_000 (24 megapixels; see `DEFAULT_MAX_PIXELS`)
   */
  readonly maxPixels?: number;
  /**
   * The run stops with one error once this many images in a row have failed for
   * a reason other than their content (an endpoint that went down, a model that
   * crashes on everything); decoding failures do not count.
   * @default 10
   */
  readonly maxConsecutiveFailures?: number;
  /**
   * Stops the run: images in flight finish their current model call, then the run
   * rejects with `AbortError`; files already written stay complete, nothing
   * half-written is left.
   */
  readonly signal?: AbortSignal;
  /** Called when the run starts and after each image. */
  readonly onProgress?: (event: RunProgressEvent) => void;
  /**
   * Draw every heat map with the run's largest |φ| as full colour, instead of each
   * heat map's own, so that one colour means one φ on every image (users compare
   * images). The heat maps are then drawn once every image is explained, each input
   * read and decoded again (`concurrency` at a time, so memory stays bounded).
   * For a shard, the scale is shared over this host's images.
   * @default false (each heat map's own max |φ|)
   */
  readonly sharedScale?: boolean;
  /**
   * Draw each segment's number on the heat maps, so that a row of the report's
   * segment tables can be found on the image.
   * @default false
   */
  readonly segmentNumbers?: boolean;
  /**
   * Fade, on the heat maps, the segments whose 95% interval φ ± 1.96·se contains 0:
   * their overlay is drawn at a quarter of its opacity, so that what the samples
   * do not settle stands back. Only sampled explanations have standard errors;
   * exact ones (and φ with se = 0) are drawn as without it.
   * @default false
   */
  readonly fadeUncertain?: boolean;
  /**
   * The clock that dates the run: `created_at` in `analysis.json` and the
   * reports' date. For reproducible reports (tests, archives).
   * @default () => new Date()
   */
  readonly now?: () => Date;
}

/** What {@link runAnalysis} returns. */
export interface RunAnalysisResult {
  /** The document written to `analysis.json` (or the part file). */
  readonly document: AnalysisDocument;
  /** Its path relative to the output location. */
  readonly analysisFile: string;
  /** Every file written, relative to the output location. */
  readonly files: string[];
  readonly succeeded: number;
  readonly failed: number;
  /** What the run adjusted or doubted, once each (e.g. a `topK` above the model's class count). */
  readonly warnings: readonly string[];
}

/**
 * Explains every `.jpg`/`.jpeg`/`.png` image under `data` as the config asks
 * and writes heat maps, label images, `analysis.json`, `report.html` and
 * `report.pdf` under `output`.
 *
 * Everything is checked before any work: the config (Clarify's schema, then
 * what the engine supports), the model, the baseline image, the output
 * location. An image that fails to decode or predict is recorded as failed
 * and the run goes on.
 *
 * @example
 * ```ts
 * const result = await runAnalysis({
 *   config: 'analysis_config.json',
 *   data: './images',
 *   output: './clarify-output',
 *   models: { 'shapes-cnn': { onnx: { model: 'shapes-cnn.onnx', softmax: true } } },
 * });
 * console.log(`${result.succeeded} explained, ${result.failed} failed`);
 * ```
 * @throws {@link ValidationError} for a bad config, model, baseline or location, before anything is written.
 * @throws {@link AbortError} when `signal` fires.
 */
export async function runAnalysis(options: RunAnalysisOptions): Promise<RunAnalysisResult> {
  if (options === null || typeof options !== 'object') throw new ValidationError('options', options, 'an object { config, data, output, ... }');
  const { signal, session } = options;
  const config = await loadAnalysisConfig(options.config);
  const settings = engineSettings(config);
  const limits = checkLimits(options);
  const createdAt = runDate(options.now);
  const sharedScale = flag('sharedScale', options.sharedScale);
  const segmentNumbers = flag('segmentNumbers', options.segmentNumbers);
  const fadeUncertain = flag('fadeUncertain', options.fadeUncertain);
  const shard = options.shard === undefined ? undefined : checkShard(options.shard);
  const modelOptions = { ...(options.models ? { models: options.models } : {}), ...(session ? { session } : {}), ...(signal ? { signal } : {}) };
  checkModelSource(settings, modelOptions);

  const dataLocation = parseLocation('data', options.data);
  const outputLocation = parseLocation('output', options.output);
  const input = storageFor(dataLocation, session?.s3Client, 'data');
  const output = storageFor(outputLocation, session?.s3Client, 'output');
  const baseline = settings.baseline === undefined ? undefined : await readBaseline(settings.baseline, session, signal);
  await output.checkWritable(signal);
  const all = await selectInputs(input, options, outputPrefixWithin(dataLocation, outputLocation), signal);
  const mine = shard === undefined || shard.mode === 'given' ? all : all.filter((_, i) => i % shard.hosts.length === shard.hosts.indexOf(shard.host));
  // Over every input of the job, so that hosts of a sharded run agree on each name.
  const stems = assignOutputStems(all);
  const seed = settings.seed ?? drawSeed();
  const warnings: string[] = [];
  if (settings.numSamples < settings.numSegments + 2) {
    warnings.push(`num_samples ${settings.numSamples} is below num_segments + 2 (${settings.numSegments + 2}): each image uses at least K + 2 samples, K being the segments SLIC finds in it`);
  }
  let taskSettings: ImageTaskSettings = {
    modelType: settings.modelType,
    numSegments: settings.numSegments,
    compactness: settings.compactness,
    numSamples: settings.numSamples,
    ...(settings.tolerance !== undefined ? { tolerance: settings.tolerance } : {}),
    ...(settings.relativeTolerance !== undefined ? { relativeTolerance: settings.relativeTolerance } : {}),
    seed,
    useLogit: settings.useLogit,
    batchSize: limits.batchSize,
    maxPixels: limits.maxPixels,
    maxObjects: settings.maxObjects,
    iouThreshold: settings.iouThreshold,
    context: settings.context,
    ...(settings.probabilityThreshold !== undefined ? { probabilityThreshold: settings.probabilityThreshold } : {}),
    ...(baseline ? { baseline } : {}),
    ...(options.topK !== undefined ? { topK: options.topK } : {}),
    ...(segmentNumbers ? { segmentNumbers } : {}),
    ...(fadeUncertain ? { fadeUncertain } : {}),
    ...(sharedScale ? { deferHeatMaps: true } : {}),
  };
  throwIfAborted(signal);

  const source = await resolveModelSource(settings, modelOptions);
  const runner = createImageRunner(source, limits.concurrency);
  const files: string[] = [];
  let document: AnalysisDocument;
  const analysisFile = shard ? `analysis.part-${shard.host}.json` : 'analysis.json';
  try {
    // One model call before any output exists: a mismatch that would fail every image fails the run now.
    const probe = await probeModel(runner, input, mine, taskSettings, signal);
    if (probe?.numClasses !== undefined) {
      checkLabelHeaders(settings.labelHeaders, probe.numClasses, probe.file);
      if (options.topK !== undefined && options.topK > probe.numClasses) {
        warnings.push(`topK ${options.topK} is more than the model's ${probe.numClasses} classes: explaining ${probe.numClasses}`);
      }
      taskSettings = { ...taskSettings, numClasses: probe.numClasses };
    }
    const release = await output.lock(lockName(shard), signal);
    try {
      await output.removeLeftovers(signal);
      options.onProgress?.({ type: 'start', total: mine.length, model: source.describe });
      let records = await explainAll(mine, files, {
        input, output, settings: taskSettings, runner, stems, concurrency: limits.concurrency,
        maxConsecutiveFailures: limits.maxConsecutiveFailures, signal, onProgress: options.onProgress,
      });
      if (sharedScale) records = await renderSharedHeatMaps(records, files, { input, output, settings: taskSettings, concurrency: limits.concurrency, signal });
      const unconverged = records.filter((r) => r.status === 'succeeded' && r.converged === false).length;
      if (unconverged > 0) {
        warnings.push(notConvergedWarning({
          count: unconverged, of: records.length, what: 'images', tolerance: settings.tolerance, relativeTolerance: settings.relativeTolerance,
          numSamples: settings.numSamples, where: 'each has "converged": false in analysis.json',
        }));
      }
      document = {
        version: ANALYSIS_JSON_VERSION,
        engine: { name: 'clarify-ts', version: ENGINE_VERSION },
        created_at: createdAt.toISOString(),
        settings: {
          ...settingsRecord(settings, seed),
          heat_map_scale: sharedScale ? 'shared' : 'per-heat-map',
          segment_numbers: segmentNumbers,
          ...(fadeUncertain ? { fade_uncertain: true as const } : {}),
        },
        summary: summarize(records),
        ...(shard ? { shard: { host: shard.host, hosts: [...shard.hosts] } } : {}),
        images: records,
      };
      await output.write(analysisFile, `${JSON.stringify(document, null, 2)}\n`, signal);
      files.push(analysisFile);
      if (options.report ?? shard === undefined) files.push(...(await writeReports(document, output, signal, { createdAt })));
    } finally {
      await release();
    }
  } finally {
    await runner.close();
    await source.dispose();
  }
  return { document, analysisFile, files, succeeded: document.summary.succeeded, failed: document.summary.failed, warnings };
}

function flag(field: string, value: boolean | undefined): boolean {
  if (value !== undefined && typeof value !== 'boolean') throw new ValidationError(field, value, 'true or false');
  return value === true;
}

/** The run's numeric options, checked, with their defaults. */
function checkLimits(options: RunAnalysisOptions) {
  const concurrency = options.concurrency ?? availableParallelism();
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) throw new ValidationError('concurrency', concurrency, 'an integer >= 1');
  const batchSize = options.batchSize ?? 32;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new ValidationError('batchSize', batchSize, 'an integer >= 1');
  if (options.topK !== undefined && (!Number.isSafeInteger(options.topK) || options.topK < 1)) throw new ValidationError('topK', options.topK, 'an integer >= 1');
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (!Number.isSafeInteger(maxPixels) || maxPixels < 1) throw new ValidationError('maxPixels', maxPixels, 'an integer >= 1');
  const maxConsecutiveFailures = options.maxConsecutiveFailures ?? 10;
  if (maxConsecutiveFailures !== Infinity && (!Number.isSafeInteger(maxConsecutiveFailures) || maxConsecutiveFailures < 1)) {
    throw new ValidationError('maxConsecutiveFailures', maxConsecutiveFailures, 'an integer >= 1, or Infinity to never stop');
  }
  return { concurrency, batchSize, maxPixels, maxConsecutiveFailures };
}

/**
 * The images of the run, sorted: exactly `options.files` when given (nothing else
 * is listed or read), else every image under `data` outside the output folder.
 */
async function selectInputs(input: Storage, options: RunAnalysisOptions, excluded: string | undefined, signal: AbortSignal | undefined): Promise<string[]> {
  if (options.files !== undefined) {
    if (!Array.isArray(options.files) || options.files.length === 0) throw new ValidationError('files', options.files, 'a non-empty list of image paths relative to data');
    for (const file of options.files) {
      checkRelativePath(file, 'files');
      if (!isImageFile(file)) throw new ValidationError('files', file, 'a .jpg, .jpeg or .png file');
      if (!(await input.exists(file, signal))) throw new ValidationError('files', file, `an image under ${input.description}`, 'it does not exist');
    }
    return [...new Set(options.files)].sort(compareCodeUnits);
  }
  const all = (await input.list(signal)).filter((f) => isImageFile(f) && !(excluded !== undefined && (excluded === '' || f.startsWith(`${excluded}/`))));
  if (all.length === 0) {
    throw new ValidationError('data', options.data, 'a location holding .jpg, .jpeg or .png images (searched recursively)', 'none found');
  }
  return all;
}

function checkLabelHeaders(labelHeaders: readonly string[] | undefined, numClasses: number, file: string): void {
  if (labelHeaders !== undefined && labelHeaders.length !== numClasses) {
    throw new ValidationError('$.predictor.label_headers', labelHeaders, `${numClasses} class names, one per model output`,
      `the model returned ${numClasses} scores for ${file}, the config names ${labelHeaders.length} classes`);
  }
}

function settingsRecord(settings: EngineSettings, seed: number): RunSettingsRecord {
  const detection = settings.modelType === 'OBJECT_DETECTION';
  return {
    model_type: settings.modelType,
    num_segments: settings.numSegments,
    segment_compactness: settings.compactness,
    num_samples: settings.numSamples,
    ...(settings.tolerance !== undefined ? { tolerance: settings.tolerance } : {}),
    ...(settings.relativeTolerance !== undefined ? { relative_tolerance: settings.relativeTolerance } : {}),
    use_logit: settings.useLogit,
    baseline: settings.baseline ?? 'noise',
    seed,
    ...(detection ? { max_objects: settings.maxObjects, iou_threshold: settings.iouThreshold, context: settings.context } : {}),
    ...(settings.probabilityThreshold !== undefined ? { probability_threshold: settings.probabilityThreshold } : {}),
    ...(settings.labelHeaders ? { label_headers: [...settings.labelHeaders] } : {}),
  };
}

/**
 * Explains one input image and renders its result files. Runs on the main
 * thread or inside a worker: everything it takes and returns can be cloned.
 *
 * @packageDocumentation
 */
import sharp from 'sharp';
import { ImageDecodeError } from '../errors.js';
import type { ImageBaseline } from '../explain/baseline.js';
import { explainImageClassification } from '../explain/classification.js';
import { explainObjectDetection } from '../explain/detection.js';
import { renderHeatmap, resolveScale } from '../explain/heatmap.js';
import type { ImageClassifier, ObjectDetector } from '../explain/image-model.js';
import type { RgbImage } from '../explain/rgb.js';
import type { EngineModelType } from './settings.js';
import type { DetectionRecord, LabelRecord, ObjectRecord, SucceededImageRecord } from './analysis-json.js';
import { drawBoxes } from './draw-boxes.js';
import { decodeRgb, encodeJpeg } from './image-codec.js';
import { enlarge, enlargeFactor } from './enlarge.js';
import { encodeLabelPng } from './label-png.js';
import { type OutputNames, assignOutputStems, outputNames } from './output-names.js';

/** The per-image settings; plain data so that it crosses to worker threads. */
export interface ImageTaskSettings {
  readonly modelType: EngineModelType;
  readonly numSegments: number;
  readonly compactness: number;
  readonly numSamples: number;
  readonly seed: number;
  readonly useLogit: boolean;
  readonly batchSize: number;
  readonly maxObjects: number;
  readonly iouThreshold: number;
  readonly context: number;
  readonly probabilityThreshold?: number;
  /** Classification: explain the k top classes instead of the predicted one (at most `numClasses`). */
  readonly topK?: number;
  /** Classification: the model's class count, when the run probed it; `topK` is clamped to it. */
  readonly numClasses?: number;
  /** Images with more pixels fail with `ImageTooLargeError` before decoding. */
  readonly maxPixels: number;
  /**
   * The safe stem of this image's output files (`assignOutputStems`), set per image.
   * @default the stem derived from the file name alone
   */
  readonly outputStem?: string;
  /** Decoded baseline image; absent = seeded white noise. */
  readonly baseline?: RgbImage;
  /**
   * Draw segment numbers on the heat maps.
   * @default false
   */
  readonly segmentNumbers?: boolean;
  /**
   * Write no heat maps (their names and scales are still recorded): a run with a
   * shared scale draws them once every image is explained ({@link renderHeatMapFiles}).
   * @default false
   */
  readonly deferHeatMaps?: boolean;
}

/** A file to write, relative to the output location. */
export interface OutputFile {
  readonly path: string;
  readonly body: Uint8Array;
}

/** What explaining one image produced. */
export interface ImageTaskResult {
  readonly record: SucceededImageRecord;
  readonly files: OutputFile[];
}

/** The model an image task calls. */
export type TaskModel = { readonly kind: 'classifier'; readonly model: ImageClassifier } | { readonly kind: 'detector'; readonly model: ObjectDetector };


/**
 * Decodes `bytes`, explains the image with `model` and renders the heat maps,
 * the label image and (for detection) the objects image.
 *
 * @throws {@link ImageDecodeError} when the bytes are not an image.
 * @throws {@link ModelError} when the model fails on it.
 */
export async function explainImageFile(
  file: string,
  bytes: Uint8Array,
  settings: ImageTaskSettings,
  task: TaskModel,
  signal?: AbortSignal,
  onProgress?: (evaluated: number, total: number) => void,
): Promise<ImageTaskResult> {
  const t0 = performance.now();
  const image = await decodeRgb(bytes, file, settings.maxPixels);
  const t1 = performance.now();
  const names = outputNames(settings.outputStem ?? (assignOutputStems([file]).get(file) as string));
  const common = {
    image,
    segmentation: { nSegments: settings.numSegments, compactness: settings.compactness },
    baseline: (settings.baseline ? { image: settings.baseline } : 'noise') as ImageBaseline,
    numSamples: settings.numSamples,
    seed: settings.seed,
    batchSize: maskedBatchSize(settings.batchSize, image),
    ...(signal ? { signal } : {}),
    ...(onProgress ? { onProgress: (e: { evaluated: number; total: number }) => onProgress(e.evaluated, e.total) } : {}),
  };
  // The input as the report shows it, enlarged like the heat maps (the report may be built where the inputs are not).
  const factor = enlargeFactor(image.width, image.height);
  const large: RgbImage = { ...enlarge(image, factor), channels: 3 };
  const files: OutputFile[] = [{ path: names.image, body: await encodeJpeg(large) }];
  let largeSegments: Int32Array | undefined;
  /** Renders (unless deferred) one heat map at its own max |φ|; returns that scale. */
  const heatMap = async (path: string, segments: Int32Array, shapValues: Float64Array): Promise<number> => {
    const scale = resolveScale('max-abs', shapValues);
    if (settings.deferHeatMaps === true) return scale;
    largeSegments ??= enlarge({ width: image.width, height: image.height, channels: 1, data: segments }, factor).data;
    files.push({ path, body: await drawHeatMap(large, largeSegments, shapValues, scale, settings.segmentNumbers === true) });
    return scale;
  };

  let record: SucceededImageRecord;
  if (task.kind === 'classifier') {
    const threshold = settings.probabilityThreshold;
    const result = await explainImageClassification({
      ...common,
      model: task.model,
      labels: threshold !== undefined ? 'all' : settings.topK !== undefined ? Math.min(settings.topK, settings.numClasses ?? task.model.labels?.length ?? settings.topK) : 'top',
      link: settings.useLogit ? 'logit' : 'identity',
    });
    const t2 = performance.now();
    const names_ = task.model.labels;
    const labelName = (i: number) => names_?.[i] ?? String(i);
    const ordered = [...result.explanations].sort((a, b) => b.score - a.score || a.label - b.label);
    const kept = threshold === undefined ? ordered : ordered.filter((e, k) => k === 0 || e.score >= threshold);
    const explanations: LabelRecord[] = [];
    for (const [k, e] of kept.entries()) {
      const path = names.heatMap(e.label, k === 0);
      const scale = await heatMap(path, result.segmentation.labels, e.shapValues);
      explanations.push({
        label_index: e.label,
        label: labelName(e.label),
        score: e.score,
        expected_value: e.expectedValue,
        full_value: e.fullValue,
        shap_values: Array.from(e.shapValues),
        heat_map: path,
        heat_map_scale: scale,
      });
    }
    const top = kept[0];
    record = {
      ...base(file, image, result.seed, result.segmentation.numSegments, names, result.numEvaluations),
      predicted_label: { label_index: top.label, label: labelName(top.label), score: top.score },
      scores: Array.from(result.scores),
      explanations,
      timings: { decode_ms: t1 - t0, explain_ms: t2 - t1, render_ms: performance.now() - t2 },
    };
    files.push({ path: names.labelImage, body: encodeLabelPng(result.segmentation.labels, image.width, image.height) });
  } else {
    const result = await explainObjectDetection({
      ...common,
      model: task.model,
      maxObjects: settings.maxObjects,
      iouThreshold: settings.iouThreshold,
      context: settings.context,
      probabilityThreshold: settings.probabilityThreshold ?? 0.5,
    });
    const t2 = performance.now();
    const labelName = (i: number) => task.model.labels?.[i] ?? String(i);
    const detection = (d: { classId: number; score: number; box: readonly [number, number, number, number] }): DetectionRecord => ({
      class_id: d.classId,
      label: labelName(d.classId),
      score: d.score,
      box: [d.box[0], d.box[1], d.box[2], d.box[3]],
    });
    const objects: ObjectRecord[] = [];
    for (const [k, o] of result.objects.entries()) {
      const path = names.box(k + 1);
      const scale = await heatMap(path, result.segmentation.labels, o.shapValues);
      objects.push({
        ...detection(o.detection),
        expected_value: o.expectedValue,
        full_value: o.fullValue,
        shap_values: Array.from(o.shapValues),
        heat_map: path,
        heat_map_scale: scale,
      });
    }
    files.push({ path: names.objects, body: await encodeJpeg(drawBoxes(large, result.objects.map((o) => o.detection.box))) });
    files.push({ path: names.labelImage, body: encodeLabelPng(result.segmentation.labels, image.width, image.height) });
    record = {
      ...base(file, image, result.seed, result.segmentation.numSegments, names, result.numEvaluations),
      detections: result.detections.map(detection),
      objects,
      objects_image: names.objects,
      ...(result.reason !== undefined ? { no_objects_reason: result.reason } : {}),
      timings: { decode_ms: t1 - t0, explain_ms: t2 - t1, render_ms: performance.now() - t2 },
    };
  }
  return { record, files };
}

/**
 * Draws one heat map as the engine writes it: over the enlarged input, with
 * `scale` as the |φ| of full colour (0: nothing is coloured).
 */
async function drawHeatMap(large: RgbImage, largeSegments: Int32Array, shapValues: ArrayLike<number>, scale: number, segmentNumbers: boolean): Promise<Uint8Array> {
  // Drawn at the enlarged size, so segment outlines stay one pixel wide.
  return encodeJpeg(renderHeatmap({ image: large, segments: largeSegments, shapValues, ...(scale > 0 ? { scale } : {}), segmentNumbers }));
}

/**
 * Draws the heat maps of an explained image again at a given scale (a run's
 * shared max |φ|), from the input's bytes and the label image the run wrote;
 * returns the files to write, one per explanation or object, and the record
 * with `heat_map_scale` set to that scale. One image is held at a time.
 *
 * @throws {@link ImageDecodeError} when the input or the label image no longer decodes, or they disagree in size.
 */
export async function renderHeatMapFiles(
  record: SucceededImageRecord,
  inputBytes: Uint8Array,
  labelPng: Uint8Array,
  scale: number,
  options: { readonly maxPixels: number; readonly segmentNumbers?: boolean },
): Promise<ImageTaskResult> {
  const image = await decodeRgb(inputBytes, record.file, options.maxPixels);
  const labels = await decodeLabelPng(labelPng, record);
  if (image.width !== record.width || image.height !== record.height) {
    throw new ImageDecodeError(`Cannot draw the heat maps of ${record.file}: it is ${image.width}x${image.height} now, ${record.width}x${record.height} when it was explained`);
  }
  const factor = enlargeFactor(image.width, image.height);
  const large: RgbImage = { ...enlarge(image, factor), channels: 3 };
  const largeSegments = enlarge({ width: image.width, height: image.height, channels: 1, data: labels }, factor).data;
  const files: OutputFile[] = [];
  const draw = async <T extends { readonly shap_values: number[]; readonly heat_map: string }>(e: T): Promise<T & { heat_map_scale: number }> => {
    files.push({ path: e.heat_map, body: await drawHeatMap(large, largeSegments, e.shap_values, scale, options.segmentNumbers === true) });
    return { ...e, heat_map_scale: scale };
  };
  const explanations = record.explanations === undefined ? undefined : await sequential(record.explanations, draw);
  const objects = record.objects === undefined ? undefined : await sequential(record.objects, draw);
  return {
    record: { ...record, ...(explanations ? { explanations } : {}), ...(objects ? { objects } : {}) },
    files,
  };
}

async function sequential<T, U>(items: readonly T[], f: (item: T) => Promise<U>): Promise<U[]> {
  const out: U[] = [];
  for (const item of items) out.push(await f(item));
  return out;
}

async function decodeLabelPng(png: Uint8Array, record: SucceededImageRecord): Promise<Int32Array> {
  try {
    const { data, info } = await sharp(png).toColourspace('grey16').raw({ depth: 'ushort' }).toUint8Array();
    if (info.width !== record.width || info.height !== record.height || info.channels !== 1) throw new Error(`it is ${info.width}x${info.height}x${info.channels}, not ${record.width}x${record.height}x1`);
    const samples = new Uint16Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    return Int32Array.from(samples);
  } catch (err) {
    throw new ImageDecodeError(`Cannot read the label image ${record.label_image} of ${record.file}: ${(err as Error).message}`, { cause: err });
  }
}

function base(file: string, image: RgbImage, seed: number, numSegments: number, names: OutputNames, numEvaluations: number) {
  return { file, status: 'succeeded' as const, width: image.width, height: image.height, image: names.image, seed, num_segments: numSegments, label_image: names.labelImage, num_evaluations: numEvaluations };
}

/**
 * Masked images held at once are bounded in bytes as well as in number, so a large
 * photo does not hold `batchSize` full-size copies; φ do not depend on the batch size.
 */
export const MASKED_BATCH_BYTES = 256 * 1024 * 1024;

function maskedBatchSize(batchSize: number, image: RgbImage): number {
  return Math.max(1, Math.min(batchSize, Math.floor(MASKED_BATCH_BYTES / (image.width * image.height * 3))));
}

/**
 * Explains one input image and renders its result files. Runs on the main
 * thread or inside a worker: everything it takes and returns can be cloned.
 *
 * The steps: decode and enlarge the input ({@link ExplainingImage}), then
 * explain it with a classifier (classification-task.ts) or a detector
 * (detection-task.ts), each rendering its heat maps as it goes.
 *
 * @packageDocumentation
 */
import type { ImageBaseline } from '../explain/image/baseline.js';
import type { RgbImage } from '../explain/image/rgb.js';
import { explainClassifiedImage } from './classification-task.js';
import { explainDetectedImage } from './detection-task.js';
import { ExplainingImage } from './explaining-image.js';
import type { ImageTaskResult, ImageTaskSettings, SharedExplainOptions, TaskModel } from './image-task-types.js';

// The engine imports the task's types and the shared-scale redraw from here, the task's entry.
export type { ImageTaskResult, ImageTaskSettings, OutputFile, TaskModel } from './image-task-types.js';
export { renderHeatMapFiles } from './heat-map-redraw.js';

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
  const image = await ExplainingImage.decode(file, bytes, settings);
  const options = sharedExplainOptions(image.image, settings, signal, onProgress);
  const record =
    task.kind === 'classifier'
      ? await explainClassifiedImage(image, options, task.model, settings)
      : await explainDetectedImage(image, options, task.model, settings);
  return { record, files: image.files };
}

/** The explainer options of one image that do not depend on the kind of model. */
function sharedExplainOptions(
  image: RgbImage,
  settings: ImageTaskSettings,
  signal: AbortSignal | undefined,
  onProgress: ((evaluated: number, total: number) => void) | undefined,
): SharedExplainOptions {
  return {
    image,
    segmentation: { nSegments: settings.numSegments, compactness: settings.compactness },
    baseline: (settings.baseline ? { image: settings.baseline } : 'noise') as ImageBaseline,
    numSamples: settings.numSamples,
    ...(settings.tolerance !== undefined ? { tolerance: settings.tolerance } : {}),
    ...(settings.relativeTolerance !== undefined ? { relativeTolerance: settings.relativeTolerance } : {}),
    seed: settings.seed,
    batchSize: maskedBatchSize(settings.batchSize, image),
    ...(signal ? { signal } : {}),
    ...(onProgress ? { onProgress: (e: { evaluated: number; total: number }) => onProgress(e.evaluated, e.total) } : {}),
  };
}

/**
 * Masked images held at once are bounded in bytes as well as in number, so a large
 * photo does not hold `batchSize` full-size copies; φ do not depend on the batch size.
 */
export const MASKED_BATCH_BYTES = 256 * 1024 * 1024;

function maskedBatchSize(batchSize: number, image: RgbImage): number {
  return Math.max(1, Math.min(batchSize, Math.floor(MASKED_BATCH_BYTES / (image.width * image.height * 3))));
}

/**
 * One prediction on one unmasked input image, before a run starts: it proves the
 * model answers and tells a classifier's class count, so that what would fail
 * every image (a `label_headers` list of the wrong length, an endpoint that is
 * down, a model file onnxruntime cannot load) fails the run before any output
 * exists. Runs on the main thread or inside a worker: it takes and returns plain data.
 *
 * @packageDocumentation
 */
import { ClarifyError, ModelError, ValidationError } from '../errors.js';
import { checkScores, guardedCall } from '../explain/model/model-call.js';
import { decodeRgb } from './image-codec.js';
import type { ImageTaskSettings, TaskModel } from './image-task.js';

/** An error as data, so that it crosses the thread boundary and can be rebuilt. */
export interface ErrorData {
  readonly name: string;
  readonly message: string;
  /** For a `ValidationError`: its field, value and what is allowed. */
  readonly validation?: { readonly field: string; readonly value: unknown; readonly allowed: string };
}

/**
 * What one probe found: the answer, or the stage that failed — `'image'` (this
 * image cannot be read; try another), `'model'` (the model failed on it) or
 * `'load'` (the model cannot be loaded at all).
 */
export type ProbeOutcome =
  | { readonly ok: true; readonly numClasses?: number }
  | { readonly ok: false; readonly stage: 'image' | 'model' | 'load'; readonly error: ErrorData };

/** Decodes `bytes` and asks the model about it once. */
export async function probeImage(file: string, bytes: Uint8Array, settings: ImageTaskSettings, task: TaskModel, signal?: AbortSignal): Promise<ProbeOutcome> {
  let image;
  try {
    image = await decodeRgb(bytes, file, settings.maxPixels);
  } catch (err) {
    return { ok: false, stage: 'image', error: errorData(err) };
  }
  const site = { what: 'the probe image', call: 0, first: 0 };
  try {
    if (task.kind === 'detector') {
      await guardedCall(site, signal, () => task.model.detect([image], signal));
      return { ok: true };
    }
    const [scores] = checkScores(await guardedCall(site, signal, () => task.model.predict([image], signal)), 1, undefined, site);
    return { ok: true, numClasses: scores.length };
  } catch (err) {
    if (signal?.aborted) throw err;
    return { ok: false, stage: 'model', error: errorData(err) };
  }
}

/** An error's name, message and, for a `ValidationError`, its fields. */
export function errorData(err: unknown): ErrorData {
  const e = err instanceof Error ? err : new Error(String(err));
  return {
    name: e.name,
    message: e.message,
    ...(err instanceof ValidationError ? { validation: { field: err.field, value: err.value, allowed: err.allowed } } : {}),
  };
}

/** Rebuilds an error from {@link errorData}: a `ValidationError` or `ModelError` as one, anything else as a `ClarifyError` of the same name and message. */
export function reviveError(data: ErrorData): ClarifyError {
  const error = data.validation
    ? new ValidationError(data.validation.field, data.validation.value, data.validation.allowed)
    : data.name === 'ModelError' ? new ModelError(data.message) : new ClarifyError(data.message);
  error.message = data.message;
  if (!data.validation) error.name = data.name;
  return error;
}

/**
 * Worker-thread entry of the engine's pool: explains one image with an ONNX
 * model that the worker loads once and keeps.
 *
 * @packageDocumentation
 */
import { ClarifyError } from '../errors.js';
import { OnnxImageClassifier } from '../models/onnx-classifier.js';
import { type ImageTaskResult, type ImageTaskSettings, explainImageFile } from './image-task.js';
import type { OnnxModelSpec } from './model-source.js';

/** One image for a worker. */
export interface WorkerTask {
  readonly file: string;
  readonly bytes: Uint8Array;
  readonly settings: ImageTaskSettings;
  readonly spec: OnnxModelSpec;
}

const loaded = new Map<string, Promise<OnnxImageClassifier>>();

function load(spec: OnnxModelSpec): Promise<OnnxImageClassifier> {
  const key = JSON.stringify(spec);
  let model = loaded.get(key);
  if (model === undefined) {
    // One intra-op thread per worker: the pool already runs one worker per core.
    const sessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1, ...(spec.onnx.sessionOptions ?? {}) };
    model = OnnxImageClassifier.create({ ...spec.onnx, sessionOptions });
    loaded.set(key, model);
  }
  return model;
}

/** An image the worker could not explain; error classes do not survive the thread boundary, so their name travels as data. */
export interface WorkerFailure {
  readonly failure: { readonly error: string; readonly reason: string };
}

/** Piscina calls the default export with each task. */
export default async function explainInWorker(task: WorkerTask): Promise<ImageTaskResult | WorkerFailure> {
  const model = await load(task.spec);
  try {
    return await explainImageFile(task.file, task.bytes, task.settings, { kind: 'classifier', model });
  } catch (err) {
    if (err instanceof ClarifyError) return { failure: { error: err.name, reason: err.message } };
    throw err;
  }
}

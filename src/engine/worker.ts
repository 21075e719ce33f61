/**
 * Worker-thread entry of the engine's pool: explains (or probes) one image with
 * an ONNX model that the worker loads once and keeps.
 *
 * @packageDocumentation
 */
import { type MessagePort, receiveMessageOnPort } from 'node:worker_threads';
import { AbortError, ClarifyError } from '../errors.js';
import { OnnxImageClassifier } from '../models/onnx-classifier.js';
import { type ProbeOutcome, errorData, probeImage } from './image-probe.js';
import { type ImageTaskResult, type ImageTaskSettings, explainImageFile } from './image-task.js';
import type { OnnxModelSpec } from './model-source.js';

/** One image for a worker. */
export interface WorkerTask {
  readonly file: string;
  readonly bytes: Uint8Array;
  readonly settings: ImageTaskSettings;
  readonly spec: OnnxModelSpec;
}

/**
 * A task as the pool posts it. The pool never lets piscina terminate a thread
 * to abort (terminating one inside an onnxruntime call aborts the whole
 * process), so an abort reaches the task as a message on `abort` instead.
 */
export interface PostedWorkerTask extends WorkerTask {
  /** Receives one message when the task should stop; transferred, so it is this task's alone. */
  readonly abort?: MessagePort;
  /** Only ask the model about the image once (`probeImage`) instead of explaining it. */
  readonly probe?: boolean;
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

/** The task stopped because it was told to abort; the pool turns this into an {@link AbortError} on the main thread. */
export interface WorkerAborted {
  readonly aborted: true;
}

/** What a worker answers to a {@link PostedWorkerTask}. */
export type WorkerAnswer = ImageTaskResult | WorkerFailure | ProbeOutcome | WorkerAborted;

const ABORTED: WorkerAborted = { aborted: true };

/** Piscina calls the default export with each task. */
export default async function explainInWorker(task: PostedWorkerTask): Promise<WorkerAnswer> {
  // A task that waited in the queue while the run was aborted need not even load the model.
  if (task.abort && receiveMessageOnPort(task.abort) !== undefined) {
    task.abort.close();
    return ABORTED;
  }
  const controller = new AbortController();
  // The message arrives between two model batches at the latest: onnxruntime-node
  // starts each session.run from setImmediate, so the event loop turns before it.
  task.abort?.on('message', () => controller.abort(new AbortError('The run was aborted')));
  try {
    let model: OnnxImageClassifier;
    try {
      model = await load(task.spec);
    } catch (err) {
      // A probe reports a model that cannot load as data; an explanation lets it stop the run.
      if (task.probe) return { ok: false, stage: 'load', error: errorData(err) };
      throw err;
    }
    // Loading can take longer than an impatient caller; no point starting the image then.
    if (controller.signal.aborted) return ABORTED;
    const taskModel = { kind: 'classifier', model } as const;
    try {
      if (task.probe) return await probeImage(task.file, task.bytes, task.settings, taskModel, controller.signal);
      return await explainImageFile(task.file, task.bytes, task.settings, taskModel, controller.signal);
    } catch (err) {
      // Checked first: AbortError is a ClarifyError, and an abort is no failure of this image.
      if (controller.signal.aborted) return ABORTED;
      if (!task.probe && err instanceof ClarifyError) return { failure: { error: err.name, reason: err.message } };
      throw err;
    }
  } finally {
    // An open port would keep the main thread's event loop alive after the run.
    task.abort?.close();
  }
}

/**
 * Where a run's images are explained: on worker threads for an ONNX model
 * spec (each worker loads the model once; the main thread never does), or on
 * the main thread for a model object (its calls are I/O or already parallel).
 *
 * @packageDocumentation
 */
import { type ProbeOutcome, probeImage } from './image-probe.js';
import { type ImageTaskResult, type ImageTaskSettings, explainImageFile } from './image-task.js';
import type { ModelSource } from './model-source.js';
import { createWorkerPool } from './worker-pool.js';
import type { WorkerFailure } from './worker.js';

/** Explains and probes images with the run's model. */
export interface ImageRunner {
  /** Explains one image; a worker's failure comes back as data. */
  explain(file: string, bytes: Uint8Array, settings: ImageTaskSettings, signal?: AbortSignal): Promise<ImageTaskResult | WorkerFailure>;
  /** One prediction on one image (see `image-probe.ts`). */
  probe(file: string, bytes: Uint8Array, settings: ImageTaskSettings, signal?: AbortSignal): Promise<ProbeOutcome>;
  /** Lets running work finish, then releases threads and models. */
  close(): Promise<void>;
}

/** The runner of a model source; `concurrency` worker threads for an ONNX spec. */
export function createImageRunner(source: ModelSource, concurrency: number): ImageRunner {
  if (source.kind === 'onnx') {
    const pool = createWorkerPool(concurrency);
    const { spec } = source;
    return {
      explain: (file, bytes, settings, signal) => pool.run({ file, bytes, settings, spec }, signal),
      probe: (file, bytes, settings, signal) => pool.probe({ file, bytes, settings, spec }, signal),
      close: () => pool.close(),
    };
  }
  return {
    explain: (file, bytes, settings, signal) => explainImageFile(file, bytes, settings, source, signal),
    probe: (file, bytes, settings, signal) => probeImage(file, bytes, settings, source, signal),
    close: async () => {},
  };
}

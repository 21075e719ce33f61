/**
 * The page side of the explanation protocol: sends an explanation to a worker running
 * {@link serveExplanations} and settles with its result.
 *
 * @packageDocumentation
 */
import { AbortError, ClarifyError, ValidationError } from '../../errors.js';
import type { ImageClassificationExplanation } from '../../explain/classification.js';
import type { ImageExplanationProgress } from '../../explain/image-setup.js';
import { deserializeError } from './error-transfer.js';
import {
  type ErrorMessage,
  type ExplainMessage,
  type ExplanationRequest,
  type MessagePortLike,
  type PortEventLike,
  type ProgressMessage,
  type ResultMessage,
  MESSAGE,
  messageOf,
} from './messages.js';

/** A `Worker`, or any {@link MessagePortLike} (a `MessagePort`), with what `terminate` calls. */
export interface WorkerLike extends MessagePortLike {
  /** A `Worker`'s: stops it. */
  terminate?(): void;
  /** A `MessagePort`'s: closes it. */
  close?(): void;
}

/** Options of {@link ExplanationWorker.explain}. */
export interface ExplainInWorkerOptions {
  /**
   * Aborts the explanation: the promise rejects with {@link AbortError} and the worker stops its run.
   * @default none
   */
  readonly signal?: AbortSignal;
  /**
   * Called as the worker evaluates masked images; if it throws, the explanation fails with that error.
   * @default none
   */
  readonly onProgress?: (event: ImageExplanationProgress) => void;
  /**
   * Transfer the image's pixel buffer to the worker instead of copying it: faster, but the
   * image's `data` is unusable here afterwards.
   * @default false
   */
  readonly transferImage?: boolean;
}

interface Pending {
  resolve(result: ImageClassificationExplanation): void;
  reject(err: Error): void;
  onProgress: ((event: ImageExplanationProgress) => void) | undefined;
}

/**
 * Runs image explanations in a Web Worker, off the page's main thread. The worker runs
 * {@link serveExplanations}; each {@link ExplanationWorker.explain} call sends it an
 * {@link ExplanationRequest} and settles with the `ImageClassificationExplanation`, equal bit
 * for bit to running `explainImageClassification` in the page with the same model and
 * options, or rejects with the worker's error re-created as the library's class
 * ({@link ValidationError}, `ModelError`, {@link AbortError}, …). Several calls may run at once.
 *
 * @typeParam M - what a request's `model` holds (what the worker's `createModel` takes).
 * @example
 * ```ts
 * import { ExplanationWorker } from 'clarify-ts/web';
 *
 * const explainer = new ExplanationWorker<string>(new Worker(new URL('./explain-worker.ts', import.meta.url), { type: 'module' }));
 * const controller = new AbortController();
 * const { data, width, height } = context.getImageData(0, 0, canvas.width, canvas.height);
 * const result = await explainer.explain(
 *   { image: { width, height, channels: 4, data }, model: '/models/shapes-cnn.onnx', options: { numSamples: 500, seed: 1 } },
 *   { signal: controller.signal, onProgress: ({ evaluated, total }) => (bar.value = evaluated / total) },
 * );
 * ```
 */
export class ExplanationWorker<M = unknown> {
  private readonly worker: WorkerLike;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private terminated = false;
  private readonly onMessage = (event: PortEventLike) => this.receive(event.data);
  private readonly onFailure = (event: PortEventLike) =>
    this.rejectAll(new ClarifyError(`The explanation worker failed${event.message ? `: ${event.message}` : ' (a message could not be read)'}`));

  /**
   * @param worker - the `Worker` (or port) whose other side runs {@link serveExplanations}.
   * @throws {@link ValidationError} (field `worker`) when it has no `postMessage` or `addEventListener`.
   */
  constructor(worker: WorkerLike) {
    if (worker === null || typeof worker !== 'object' || typeof worker.postMessage !== 'function' || typeof worker.addEventListener !== 'function') {
      throw new ValidationError('worker', worker, 'a Worker or a port: { postMessage, addEventListener }');
    }
    this.worker = worker;
    worker.addEventListener('message', this.onMessage);
    worker.addEventListener('messageerror', this.onFailure);
    worker.addEventListener('error', this.onFailure);
    worker.start?.();
  }

  /**
   * Explains one image in the worker.
   *
   * @throws {@link AbortError} when `signal` fires (at once; the worker stops its run too)
   *   or the worker was terminated; else whatever `explainImageClassification` or the
   *   worker's `createModel` threw there, as the library's error class.
   */
  explain(request: ExplanationRequest<M>, options: ExplainInWorkerOptions = {}): Promise<ImageClassificationExplanation> {
    const { signal, onProgress, transferImage = false } = options;
    if (this.terminated) return Promise.reject(new AbortError('The explanation worker was terminated'));
    if (signal?.aborted) return Promise.reject(new AbortError('The operation was aborted', { cause: signal.reason }));
    if (onProgress !== undefined && typeof onProgress !== 'function') {
      return Promise.reject(new ValidationError('onProgress', onProgress, 'a function ({ evaluated, total }) => void'));
    }
    const id = this.nextId++;
    return new Promise<ImageClassificationExplanation>((resolve, reject) => {
      const onAbort = () => {
        if (!this.pending.delete(id)) return;
        this.worker.postMessage({ type: MESSAGE.abort, id }, []);
        reject(new AbortError('The operation was aborted', { cause: signal?.reason }));
      };
      const settle = <T>(fn: (value: T) => void) => (value: T) => {
        signal?.removeEventListener('abort', onAbort);
        fn(value);
      };
      this.pending.set(id, { resolve: settle(resolve), reject: settle(reject), onProgress });
      signal?.addEventListener('abort', onAbort, { once: true });
      const message: ExplainMessage = { type: MESSAGE.explain, id, request };
      const data = request?.image?.data;
      const transfer = transferImage && ArrayBuffer.isView(data) && data.buffer instanceof ArrayBuffer ? [data.buffer] : [];
      try {
        this.worker.postMessage(message, transfer);
      } catch (err) {
        // A request that cannot be cloned (a function in its options, say).
        this.pending.get(id)?.reject(new ValidationError('request', request, 'a request that survives structured cloning: no functions or class instances', err instanceof Error ? err.message : String(err)));
        this.pending.delete(id);
      }
    });
  }

  /**
   * Stops the worker (`Worker.terminate`, or closes a port) and rejects the explanations
   * under way with {@link AbortError}.
   */
  terminate(): void {
    if (this.terminated) return;
    this.terminated = true;
    this.worker.removeEventListener('message', this.onMessage);
    this.worker.removeEventListener('messageerror', this.onFailure);
    this.worker.removeEventListener('error', this.onFailure);
    if (this.worker.terminate) this.worker.terminate();
    else this.worker.close?.();
    this.rejectAll(new AbortError('The explanation worker was terminated'));
  }

  private rejectAll(err: Error): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(err);
  }

  private receive(data: unknown): void {
    const progress = messageOf<ProgressMessage>(data, MESSAGE.progress);
    if (progress !== undefined) {
      const p = this.pending.get(progress.id);
      try {
        p?.onProgress?.({ evaluated: progress.evaluated, total: progress.total });
      } catch (err) {
        // As in the thread, where a throwing onProgress fails the explanation: stop the run too.
        this.pending.delete(progress.id);
        this.worker.postMessage({ type: MESSAGE.abort, id: progress.id }, []);
        p?.reject(err instanceof Error ? err : new ClarifyError(String(err)));
      }
      return;
    }
    const result = messageOf<ResultMessage>(data, MESSAGE.result);
    if (result !== undefined) {
      const p = this.pending.get(result.id);
      this.pending.delete(result.id);
      p?.resolve(result.result);
      return;
    }
    const error = messageOf<ErrorMessage>(data, MESSAGE.error);
    if (error !== undefined) {
      const p = this.pending.get(error.id);
      this.pending.delete(error.id);
      p?.reject(deserializeError(error.error));
    }
  }
}

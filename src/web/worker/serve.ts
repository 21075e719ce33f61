/**
 * The worker side of the explanation protocol: runs `explainImageClassification` for each
 * request, posting its progress and its result, or its error.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../../errors.js';
import { explainImageClassification } from '../../explain/classification.js';
import type { ImageClassifier } from '../../explain/model/image-model.js';
import { serializeError } from './error-transfer.js';
import {
  type AbortMessage,
  type ErrorMessage,
  type ExplainMessage,
  type MessagePortLike,
  type PortEventLike,
  type ProgressMessage,
  type ResultMessage,
  MESSAGE,
  buffersOf,
  messageOf,
} from './messages.js';

/**
 * Options of {@link serveExplanations}.
 *
 * @typeParam M - what a request's `model` holds.
 */
export interface ServeExplanationsOptions<M = unknown> {
  /**
   * Makes the model of a request from its `model` field. Called once per request: cache
   * the model (say, one {@link WebOnnxImageClassifier} per URL) to load it once.
   * `signal` fires when the request is aborted.
   */
  createModel(model: M, signal: AbortSignal): ImageClassifier | Promise<ImageClassifier>;
}

/** The longest a run keeps the worker's event loop from running its tasks (ms). @internal */
export const YIELD_EVERY_MS = 50;

/** A macrotask from now: a `MessageChannel` message where there is one (no 4 ms clamp), else `setTimeout(0)`. */
function nextTask(): Promise<void> {
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const { port1, port2 } = new MessageChannel();
      // Typed by hand: the library's program has Node's types, whose MessagePort differs from the DOM's.
      const receiver = port1 as unknown as { onmessage: (() => void) | null; close(): void };
      receiver.onmessage = () => {
        receiver.close();
        resolve();
      };
      port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * `model`, letting the event loop run its tasks at least every {@link YIELD_EVERY_MS} ms:
 * a model whose `predict` settles through promise jobs only (a pure function; onnxruntime-web's
 * single-threaded WASM) would otherwise keep an `abort` message waiting until the run ends,
 * because messages are tasks and a run of promise jobs never lets one in.
 */
function yielding(model: ImageClassifier): ImageClassifier {
  if (model === null || typeof model !== 'object' || typeof model.predict !== 'function') return model;
  let last = Date.now();
  const predict: ImageClassifier['predict'] = async (images, signal) => {
    if (Date.now() - last >= YIELD_EVERY_MS) {
      await nextTask();
      last = Date.now();
    }
    return model.predict(images, signal);
  };
  return model.labels === undefined ? { predict } : { labels: model.labels, predict };
}

/** What {@link serveExplanations} returns. */
export interface ExplanationServer {
  /** Stops listening and aborts the explanations under way. */
  close(): void;
}

/**
 * Serves explanations to an {@link ExplanationWorker} on the other side of `scope`: in a
 * Web Worker, `self`. Each request runs `explainImageClassification` with the model that
 * `createModel` makes, posts its progress, and posts its result with the result's typed
 * arrays transferred (not copied), or its error as a {@link SerializedError}. An abort
 * message aborts the request's run through its `AbortSignal`; the run lets the worker's
 * event loop take messages at least every 50 ms (between model calls), so an abort is
 * honoured promptly even when the model never waits on a task. Messages that are not the
 * protocol's are ignored, so the port can carry the app's own too.
 *
 * @example
 * ```ts
 * // explain-worker.ts, started with new Worker(new URL('./explain-worker.ts', import.meta.url), { type: 'module' })
 * import * as ort from 'onnxruntime-web';
 * import { WebOnnxImageClassifier, serveExplanations } from 'clarify-ts/web';
 *
 * const models = new Map<string, Promise<WebOnnxImageClassifier>>();
 * serveExplanations<string>(self, {
 *   createModel: (url) => {
 *     if (!models.has(url)) models.set(url, WebOnnxImageClassifier.create({ ort, model: url }));
 *     return models.get(url)!;
 *   },
 * });
 * ```
 */
export function serveExplanations<M = unknown>(scope: MessagePortLike, options: ServeExplanationsOptions<M>): ExplanationServer {
  if (scope === null || typeof scope !== 'object' || typeof scope.postMessage !== 'function' || typeof scope.addEventListener !== 'function') {
    throw new ValidationError('scope', scope, "a worker's global scope or a port: { postMessage, addEventListener }");
  }
  if (options === null || typeof options !== 'object' || typeof options.createModel !== 'function') {
    throw new ValidationError('options.createModel', options?.createModel, 'a function (model, signal) => ImageClassifier');
  }
  const running = new Map<number, AbortController>();
  const post = (message: ProgressMessage | ResultMessage | ErrorMessage, transfer: ArrayBuffer[] = []) => scope.postMessage(message, transfer);

  const run = async ({ id, request }: ExplainMessage, controller: AbortController): Promise<void> => {
    const { signal } = controller;
    try {
      if (request === null || typeof request !== 'object') throw new ValidationError('request', request, 'an object { image, model, options? }');
      const model = yielding(await options.createModel(request.model as M, signal));
      const result = await explainImageClassification({
        ...request.options,
        image: request.image,
        model,
        signal,
        onProgress: ({ evaluated, total }) => post({ type: MESSAGE.progress, id, evaluated, total }),
      });
      post({ type: MESSAGE.result, id, result }, buffersOf(result));
    } catch (err) {
      post({ type: MESSAGE.error, id, error: serializeError(err) });
    } finally {
      running.delete(id);
    }
  };

  const listener = (event: PortEventLike) => {
    const explain = messageOf<ExplainMessage>(event.data, MESSAGE.explain);
    if (explain !== undefined) {
      if (running.has(explain.id)) return;
      const controller = new AbortController();
      running.set(explain.id, controller);
      void run(explain, controller);
      return;
    }
    const abort = messageOf<AbortMessage>(event.data, MESSAGE.abort);
    if (abort !== undefined) running.get(abort.id)?.abort();
  };
  scope.addEventListener('message', listener);
  scope.start?.();
  return {
    close() {
      scope.removeEventListener('message', listener);
      for (const controller of running.values()) controller.abort();
    },
  };
}

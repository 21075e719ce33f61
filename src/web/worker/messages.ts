/**
 * The messages between an {@link ExplanationWorker} (the page) and
 * {@link serveExplanations} (the worker), and the structural port both talk through:
 * a `Worker`, a worker's global scope, a `MessagePort`, or Node's `worker_threads` ports.
 *
 * @packageDocumentation
 */
import type { ImageClassificationExplanation, ImageClassificationOptions } from '../../explain/classification.js';
import type { RasterImage } from '../../explain/image/raster.js';
import type { SerializedError } from './error-transfer.js';

/** An event a {@link MessagePortLike} delivers: a message's `data`, an error's `message`. */
export interface PortEventLike {
  /** A `message` event's payload. */
  readonly data?: unknown;
  /** An `error` event's description. */
  readonly message?: string;
}

/**
 * What both sides of the protocol need of a message port: `postMessage` with a transfer
 * list and `addEventListener('message')`. A `Worker`, a `DedicatedWorkerGlobalScope`
 * (`self` in a worker), a `MessagePort` and Node's `worker_threads` ports all are one.
 */
export interface MessagePortLike {
  /** Sends a message to the other side, moving (not copying) the buffers in `transfer`. */
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  /** Listens for messages (and, on a `Worker`, for its failures). */
  addEventListener(type: 'message' | 'messageerror' | 'error', listener: (event: PortEventLike) => void): void;
  /** Stops listening. */
  removeEventListener(type: 'message' | 'messageerror' | 'error', listener: (event: PortEventLike) => void): void;
  /** A `MessagePort`'s: starts delivery when listening through `addEventListener`. */
  start?(): void;
}

/**
 * The options of `explainImageClassification` that travel to the worker: all but the
 * image, the model, `signal` and `onProgress` (which the {@link ExplanationWorker} call
 * takes, and which cannot be cloned).
 */
export type WorkerExplainOptions = Omit<ImageClassificationOptions, 'image' | 'model' | 'signal' | 'onProgress'>;

/**
 * One explanation to run in the worker.
 *
 * @typeParam M - what the worker's `createModel` makes its model from (a URL, a name, …);
 *   it must survive structured cloning.
 */
export interface ExplanationRequest<M = unknown> {
  /** The image, as `explainImageClassification` takes it (a canvas's `ImageData` with `channels: 4`). */
  readonly image: RasterImage;
  /** Passed to the worker's `createModel`. */
  readonly model: M;
  /**
   * The explanation's options (`seed`, `numSamples`, `segmentation`, `labels`, …).
   * @default {}
   */
  readonly options?: WorkerExplainOptions;
}

/** Message tags, namespaced so that an app can share the port with its own messages. @internal */
export const MESSAGE = {
  explain: 'clarify-ts:explain',
  abort: 'clarify-ts:abort',
  progress: 'clarify-ts:progress',
  result: 'clarify-ts:result',
  error: 'clarify-ts:error',
} as const;

/** Page → worker: run one explanation. @internal */
export interface ExplainMessage {
  readonly type: typeof MESSAGE.explain;
  readonly id: number;
  readonly request: ExplanationRequest;
}

/** Page → worker: stop explanation `id`. @internal */
export interface AbortMessage {
  readonly type: typeof MESSAGE.abort;
  readonly id: number;
}

/** Worker → page: the explanation's progress. @internal */
export interface ProgressMessage {
  readonly type: typeof MESSAGE.progress;
  readonly id: number;
  readonly evaluated: number;
  readonly total: number;
}

/** Worker → page: the explanation. @internal */
export interface ResultMessage {
  readonly type: typeof MESSAGE.result;
  readonly id: number;
  readonly result: ImageClassificationExplanation;
}

/** Worker → page: why the explanation failed. @internal */
export interface ErrorMessage {
  readonly type: typeof MESSAGE.error;
  readonly id: number;
  readonly error: SerializedError;
}

/** The message of `type` with a numeric id, or undefined for anything else. @internal */
export function messageOf<T extends { readonly type: string; readonly id: number }>(data: unknown, type: T['type']): T | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const m = data as { type?: unknown; id?: unknown };
  return m.type === type && typeof m.id === 'number' ? (data as T) : undefined;
}

/** The ArrayBuffers under `value`'s typed arrays (each once; shared memory left out), to transfer. @internal */
export function buffersOf(value: unknown, found: Set<ArrayBuffer> = new Set()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) found.add(value.buffer);
  } else if (Array.isArray(value)) {
    for (const item of value) buffersOf(item, found);
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) buffersOf(item, found);
  }
  return [...found];
}

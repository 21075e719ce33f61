/**
 * The page's own messages to its explanation worker, beside the library's protocol
 * (`ExplanationWorker` ↔ `serveExplanations` ignore messages that are not theirs): the page
 * sends the demo model's files once, at load, and the worker answers when its
 * onnxruntime-web session is ready, so that a run needs nothing from the network.
 */
import type { DemoModelFiles } from './model.js';

/** Page → worker: start the model's session. */
export interface LoadModelMessage {
  readonly type: 'demo:load-model';
  readonly files: DemoModelFiles;
}

/** Worker → page: the session started, or why not. */
export type ModelLoadedMessage =
  | { readonly type: 'demo:model-loaded' }
  | { readonly type: 'demo:model-failed'; readonly message: string };

/** What a request's `model` field holds: the one model the worker loaded. */
export type DemoModelKey = 'shapes-cnn';

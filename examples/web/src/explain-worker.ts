/**
 * The dedicated worker that runs explanations off the page's main thread: the library's
 * `serveExplanations` (progress after every model call, abort between calls, errors as the
 * library's classes), with the demo CNN run by onnxruntime-web (model.ts).
 *
 * onnxruntime-web comes from its WASM-only build (`onnxruntime-web/wasm`, the JavaScript
 * glue bundled in); its one `.wasm` file is imported with Vite's `?url`, so Vite serves it
 * in dev and emits it into the build, and `ort.env.wasm.wasmPaths` points there: nothing
 * comes from a CDN. The session starts when the page sends the model's files (at load), so
 * the WASM file and the model are fetched once, before any run: the page then works offline.
 */
import { type MessagePortLike, type WebOnnxImageClassifier, serveExplanations } from 'clarify-ts/web';
import * as ort from 'onnxruntime-web/wasm';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import { createDemoModel } from './model.js';
import type { DemoModelKey, LoadModelMessage, ModelLoadedMessage } from './protocol.js';

ort.env.wasm.wasmPaths = { wasm: new URL(wasmUrl, self.location.href).href };
// One thread: a page without cross-origin isolation has no SharedArrayBuffer anyway, and
// the scores are then the same bits as onnxruntime-web's in Node.
ort.env.wasm.numThreads = 1;

// The program is type-checked with the DOM library (see tsconfig), not WebWorker's: the
// little of the worker scope used here is typed by hand.
const scope = self as unknown as MessagePortLike & { postMessage(message: ModelLoadedMessage): void };

let model: Promise<WebOnnxImageClassifier> | undefined;

scope.addEventListener('message', (event) => {
  const message = event.data as LoadModelMessage | undefined;
  if (message?.type !== 'demo:load-model') return;
  model = createDemoModel(ort, message.files);
  model.then(
    () => scope.postMessage({ type: 'demo:model-loaded' }),
    (err: unknown) => scope.postMessage({ type: 'demo:model-failed', message: err instanceof Error ? err.message : String(err) }),
  );
});

serveExplanations<DemoModelKey>(scope, {
  createModel: () => model ?? Promise.reject(new Error('the model has not been loaded')),
});

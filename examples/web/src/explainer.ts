/**
 * The page's side of the explanation worker: the library's `ExplanationWorker` on a module
 * worker running explain-worker.ts. `ready` settles once the worker's onnxruntime-web
 * session has started (the model's files are sent at load), `run` explains an image with
 * the form's settings and reports progress, `abort` stops the run.
 */
import type { ImageClassificationExplanation, ImageExplanationProgress, RasterImage } from 'clarify-ts/explain';
import { AbortError, ExplanationWorker } from 'clarify-ts/web';
import type { DemoModelFiles } from './model.js';
import { type RunSettings, workerOptions } from './options.js';
import type { DemoModelKey, LoadModelMessage, ModelLoadedMessage } from './protocol.js';

/** Whether `error` is the rejection of an aborted run (the library's class: its name survives minification). */
export const isAbort = (error: unknown): boolean => error instanceof AbortError || (error as Error)?.name === 'AbortError';

/** What a finished run returns. */
export interface RunOutcome {
  readonly result: ImageClassificationExplanation;
  /** Milliseconds from the request to the result. */
  readonly ms: number;
}

export class Explainer {
  readonly #worker: Worker;
  readonly #explainer: ExplanationWorker<DemoModelKey>;
  #controller: AbortController | undefined;
  /** Settles when the worker's model session has started; rejects if it cannot. */
  readonly ready: Promise<void>;

  constructor(files: DemoModelFiles) {
    this.#worker = new Worker(new URL('./explain-worker.ts', import.meta.url), { type: 'module', name: 'clarify-explain' });
    this.ready = new Promise<void>((resolve, reject) => {
      const onMessage = (event: MessageEvent<ModelLoadedMessage>) => {
        if (event.data?.type === 'demo:model-loaded') resolve();
        else if (event.data?.type === 'demo:model-failed') reject(new Error(`the model could not start: ${event.data.message}`));
        else return;
        this.#worker.removeEventListener('message', onMessage);
      };
      this.#worker.addEventListener('message', onMessage);
      this.#worker.addEventListener('error', (event) => reject(new Error(`the explanation worker failed: ${event.message}`)), { once: true });
    });
    this.#explainer = new ExplanationWorker<DemoModelKey>(this.#worker);
    // A copy of the model's bytes: the page keeps its own.
    this.#worker.postMessage({ type: 'demo:load-model', files } satisfies LoadModelMessage);
  }

  /** Whether a run is in progress. */
  get busy(): boolean {
    return this.#controller !== undefined;
  }

  /** Explains `image` with `settings`; one run at a time. */
  async run(image: RasterImage, settings: RunSettings, onProgress: (p: ImageExplanationProgress) => void): Promise<RunOutcome> {
    if (this.#controller !== undefined) throw new Error('a run is already in progress');
    const controller = new AbortController();
    this.#controller = controller;
    const started = performance.now();
    try {
      // The pixels are copied (structured clone): the page keeps its own.
      const result = await this.#explainer.explain(
        { image, model: 'shapes-cnn', options: workerOptions(settings) },
        { signal: controller.signal, onProgress },
      );
      return { result, ms: performance.now() - started };
    } finally {
      this.#controller = undefined;
    }
  }

  /** Stops the current run: its `run` rejects with the library's `AbortError` (see {@link isAbort}). */
  abort(): void {
    this.#controller?.abort();
  }
}

/**
 * An ONNX image classifier in the page (or a Web Worker), run by onnxruntime-web: the same
 * settings, sidecar, preprocessing and session run as Node's `OnnxImageClassifier`.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../../errors.js';
import type { RasterImage } from '../../explain/image/raster.js';
import type { ImageClassifier } from '../../explain/model/image-model.js';
import { type FetchLike, errorMessage, fetchModel, fetchSidecar, globalFetch, onnxSidecarUrl } from './fetch.js';
import type { OnnxClassifierSettings } from './options.js';
import type { OrtClassifierSession, OrtTensorConstructor } from './ort.js';
import type { PreprocessOptions } from './preprocess.js';
import { OnnxSessionClassifier } from './session-classifier.js';
import { type LoadedSidecar, checkSettings, resolveSettings, withSidecar } from './settings.js';
import { type OnnxSidecar, checkOnnxSidecar, sidecarOptions } from './sidecar.js';

/**
 * The part of the onnxruntime-web module the classifier uses; pass the module itself
 * (`import * as ort from 'onnxruntime-web'`). clarify-ts does not import it, so the
 * module, and where its WASM files are served from (`ort.env.wasm.wasmPaths`), stay yours.
 */
export interface WebOrtModule {
  /** Starts a session from the model's bytes and the `sessionOptions`. */
  readonly InferenceSession: {
    create(model: Uint8Array, options?: object): Promise<OrtClassifierSession>;
  };
  /** Makes the input tensors. */
  readonly Tensor: OrtTensorConstructor;
}

/** Options of {@link WebOnnxImageClassifier.create}. */
export interface WebOnnxClassifierOptions extends OnnxClassifierSettings {
  /** The onnxruntime-web module: `import * as ort from 'onnxruntime-web'`. */
  readonly ort: WebOrtModule;
  /** The `.onnx` model: a URL to fetch, or its bytes. */
  readonly model: string | Uint8Array | ArrayBuffer;
  /**
   * The model's sidecar ({@link OnnxSidecar}): its parsed JSON (an object), or a URL
   * to fetch, which must exist; `false` for none. Options given here override its values.
   * @default for a model URL, that URL with `.onnx` replaced by `.json`
   *   ({@link onnxSidecarUrl}), used when it exists (a 404 means none); none for a model given as bytes
   */
  readonly sidecar?: false | string | OnnxSidecar;
  /**
   * The `fetch` for the model and sidecar URLs.
   * @default the global `fetch`
   */
  readonly fetch?: FetchLike;
}


const isOrt = (ort: unknown): ort is WebOrtModule =>
  typeof ort === 'object' && ort !== null &&
  typeof (ort as WebOrtModule).InferenceSession?.create === 'function' && typeof (ort as WebOrtModule).Tensor === 'function';

/**
 * An ONNX image classifier run by onnxruntime-web (an optional peer dependency:
 * `npm i -E onnxruntime-web@1.30.0`), in a page, a Web Worker, or Node.
 *
 * It takes the options and the sidecar of Node's `OnnxImageClassifier` and shares its
 * implementation (settings, sidecar checks, preprocessing, session run), so a model
 * preprocesses and scores the same in both; errors are the same
 * {@link ValidationError}s and `ModelError`s. Its `predict` is the
 * {@link ImageClassifier} that `explainImageClassification` takes.
 *
 * onnxruntime-web loads its WASM files from its own package: a bundler (Vite, webpack)
 * serves them from there, or set `ort.env.wasm.wasmPaths` to where you serve
 * `node_modules/onnxruntime-web/dist/`. Nothing is fetched from elsewhere.
 *
 * @example
 * ```ts
 * import * as ort from 'onnxruntime-web';
 * import { explainImageClassification } from 'clarify-ts/explain';
 * import { WebOnnxImageClassifier } from 'clarify-ts/web';
 *
 * // Also fetches /models/shapes-cnn.json: class names, mean, std, softmax.
 * const model = await WebOnnxImageClassifier.create({ ort, model: '/models/shapes-cnn.onnx' });
 * const { data, width, height } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
 * const result = await explainImageClassification({ image: { width, height, channels: 4, data }, model });
 * ```
 */
export class WebOnnxImageClassifier implements ImageClassifier {
  /** Class names, from the options or the sidecar. */
  readonly labels?: readonly string[];
  /** The resolved preprocessing. */
  readonly preprocess: Readonly<PreprocessOptions>;
  /** Where the sidecar came from (its URL, or `options.sidecar` for an object), if one was used. */
  readonly sidecar?: string;
  private readonly runner: OnnxSessionClassifier;

  private constructor(runner: OnnxSessionClassifier, preprocess: PreprocessOptions, labels: readonly string[] | undefined, sidecar: string | undefined) {
    this.runner = runner;
    this.preprocess = preprocess;
    if (labels) this.labels = labels;
    if (sidecar !== undefined) this.sidecar = sidecar;
  }

  /**
   * Fetches (or takes) the model and its sidecar and starts an onnxruntime-web session.
   *
   * @throws {@link ValidationError} for bad options (field `ort` when no onnxruntime-web
   *   module is given); for a sidecar that cannot be fetched, is not JSON or holds a bad
   *   value (field `sidecar` or `model sidecar …`, naming it); or (field `model`) when the
   *   model cannot be fetched or loaded, or its input is not an image tensor of 3 channels,
   *   float32 or uint8.
   */
  static async create(options: WebOnnxClassifierOptions): Promise<WebOnnxImageClassifier> {
    if (options === null || typeof options !== 'object') throw new ValidationError('options', options, 'an object { ort, model, ... }');
    if (!isOrt(options.ort)) {
      throw new ValidationError('ort', options.ort, "the onnxruntime-web module (import * as ort from 'onnxruntime-web'), with InferenceSession and Tensor");
    }
    const { model } = options;
    if (!(typeof model === 'string' && model !== '') && !(model instanceof Uint8Array) && !(model instanceof ArrayBuffer)) {
      throw new ValidationError('model', model, 'the URL of an .onnx file, or its bytes (Uint8Array or ArrayBuffer)');
    }
    const fetch = options.fetch ?? globalFetch();
    if (typeof fetch !== 'function' && (typeof model === 'string' || typeof options.sidecar === 'string')) {
      throw new ValidationError('fetch', options.fetch, 'a fetch function (there is no global fetch here)');
    }
    const sidecar = await loadSidecar(options, fetch as FetchLike);
    const { ort: _ort, model: _model, sidecar: _sidecar, fetch: _fetch, ...settings } = options;
    const { merged, bad } = withSidecar<OnnxClassifierSettings>(settings, sidecar);
    checkSettings(merged, bad);
    const bytes = typeof model === 'string' ? await fetchModel(fetch as FetchLike, model) : model instanceof Uint8Array ? model : new Uint8Array(model);
    let session: OrtClassifierSession;
    try {
      session = await options.ort.InferenceSession.create(bytes, merged.sessionOptions ?? {});
    } catch (err) {
      throw new ValidationError('model', model, 'an ONNX model that onnxruntime-web can load', errorMessage(err));
    }
    const resolved = resolveSettings(session, merged, model, bad);
    const runner = new OnnxSessionClassifier(options.ort.Tensor, session, resolved, merged);
    return new WebOnnxImageClassifier(runner, resolved.preprocess, merged.labels, sidecar?.path);
  }

  /** Scores per image (softmax-ed when `softmax` is set). */
  predict(images: readonly RasterImage[], signal?: AbortSignal): Promise<Float32Array[]> {
    return this.runner.predict(images, signal);
  }

  /** Frees the onnxruntime-web session (its WASM memory); the classifier cannot predict afterwards. */
  release(): Promise<void> {
    return this.runner.release();
  }
}

async function loadSidecar(options: WebOnnxClassifierOptions, fetch: FetchLike): Promise<LoadedSidecar | undefined> {
  const { sidecar, model } = options;
  if (sidecar === false) return undefined;
  if (typeof sidecar === 'object' && sidecar !== null && !Array.isArray(sidecar)) {
    const path = 'options.sidecar';
    return { path, ...sidecarOptions(checkOnnxSidecar(sidecar, path)) };
  }
  if (sidecar !== undefined && !(typeof sidecar === 'string' && sidecar !== '')) {
    throw new ValidationError('sidecar', sidecar, "false, the URL of the model's JSON sidecar, or its parsed JSON (an object)");
  }
  const url = typeof sidecar === 'string' ? sidecar : typeof model === 'string' ? onnxSidecarUrl(model) : undefined;
  if (url === undefined) return undefined;
  const read = await fetchSidecar(fetch, url, typeof sidecar === 'string');
  return read === undefined ? undefined : { path: url, ...sidecarOptions(read) };
}

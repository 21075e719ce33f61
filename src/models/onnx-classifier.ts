/**
 * An ONNX image classifier run by onnxruntime-node (optional peer dependency). The
 * settings, their checks and the session run are Node-free and shared with the browser's
 * `WebOnnxImageClassifier` (`web/onnx/`); this file adds the files and the runtime.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../errors.js';
import type { ImageClassifier } from '../explain/model/image-model.js';
import type { RasterImage } from '../explain/image/raster.js';
import type { PreprocessOptions } from '../web/onnx/preprocess.js';
import { OnnxSessionClassifier } from '../web/onnx/session-classifier.js';
import { type LoadedSidecar, checkSettings, resolveSettings, withSidecar } from '../web/onnx/settings.js';
import { type OrtSession, loadOnnxRuntime } from './onnx-runtime.js';
import { onnxSidecarPath, readOnnxSidecar, sidecarOptions } from './onnx-sidecar.js';
import type { OnnxClassifierOptions } from './onnx-options.js';

/**
 * Runs an ONNX classifier on CPU with onnxruntime-node (an optional peer
 * dependency: `npm i -E onnxruntime-node@1.30.0`).
 *
 * Settings come from three places, the first that has one winning: the options,
 * the model's sidecar (`model.json` next to `model.onnx`, see
 * {@link OnnxClassifierOptions.sidecar}), and the model itself: the input's
 * element type (float32 or uint8), and its size and layout when its dimensions
 * are fixed (`[N, 3, H, W]` is NCHW, `[N, H, W, 3]` NHWC). Options that contradict
 * a fixed input shape or type are refused here rather than failing every call.
 *
 * @example
 * ```ts
 * import { OnnxImageClassifier, decodeImage } from 'clarify-ts';
 *
 * // Also reads examples/models/shapes-cnn.json: class names, mean, std, softmax.
 * const model = await OnnxImageClassifier.create({ model: 'examples/models/shapes-cnn.onnx' });
 * const image = await decodeImage('examples/images/01-circle.png');
 * const [scores] = await model.predict([image]); // scores[1] ≈ 0.98: "circle"
 * ```
 * @example An ImageNet model exported from torchvision, without a sidecar:
 * ```ts
 * const model = await OnnxImageClassifier.create({
 *   model: 'resnet50.onnx',
 *   resizeShorterSide: 256, // then the centre 224 × 224, the size read from the model
 *   mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], softmax: true,
 * });
 * ```
 */
export class OnnxImageClassifier implements ImageClassifier {
  /** Class names, from the options or the sidecar. */
  readonly labels?: readonly string[];
  /** The resolved preprocessing. */
  readonly preprocess: Readonly<PreprocessOptions>;
  /** The sidecar that was read, if any. */
  readonly sidecar?: string;
  private readonly runner: OnnxSessionClassifier;

  private constructor(runner: OnnxSessionClassifier, preprocess: PreprocessOptions, labels: readonly string[] | undefined, sidecar: string | undefined) {
    this.runner = runner;
    this.preprocess = preprocess;
    if (labels) this.labels = labels;
    if (sidecar !== undefined) this.sidecar = sidecar;
  }

  /**
   * Loads the model (and onnxruntime-node, lazily) and its sidecar.
   *
   * @throws {@link ValidationError} for bad options; for a sidecar that is not JSON or
   *   holds a bad value (field `model sidecar …`, naming the file); or (field `model`)
   *   when onnxruntime cannot load the model (a missing file, or one that is not ONNX) or
   *   its input is not an image tensor of 3 channels, float32 or uint8.
   * @throws `ModelBackendSetupError` when onnxruntime-node is not installed.
   */
  static async create(options: OnnxClassifierOptions): Promise<OnnxImageClassifier> {
    if (options === null || typeof options !== 'object') throw new ValidationError('options', options, 'an object { model, ... }');
    if (typeof options.model !== 'string' && !(options.model instanceof Uint8Array)) {
      throw new ValidationError('model', options.model, 'a path to an .onnx file or its bytes (Uint8Array)');
    }
    const sidecar = await loadSidecar(options);
    const { merged, bad } = withSidecar(options, sidecar);
    checkSettings(merged, bad);
    const ort = await loadOnnxRuntime();
    let session: OrtSession;
    try {
      session = await ort.InferenceSession.create(merged.model, merged.sessionOptions ?? {});
    } catch (err) {
      // onnxruntime rejects a missing, unreadable or non-ONNX model with a plain Error
      // and a native stack; callers (the CLI above all) need to know it was the input.
      throw new ValidationError('model', merged.model, 'an ONNX model that onnxruntime-node can load', errorMessage(err));
    }
    const resolved = resolveSettings(session, merged, merged.model, bad);
    const runner = new OnnxSessionClassifier(ort.Tensor, session, resolved, merged);
    return new OnnxImageClassifier(runner, resolved.preprocess, merged.labels, sidecar?.path);
  }

  /** Scores per image (softmax-ed when `softmax` is set). */
  predict(images: readonly RasterImage[], signal?: AbortSignal): Promise<Float32Array[]> {
    return this.runner.predict(images, signal);
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function loadSidecar(options: OnnxClassifierOptions): Promise<LoadedSidecar | undefined> {
  const { sidecar } = options;
  if (sidecar !== undefined && sidecar !== false && !(typeof sidecar === 'string' && sidecar !== '')) {
    throw new ValidationError('sidecar', sidecar, "false, or the path of the model's JSON sidecar");
  }
  const path = typeof sidecar === 'string' ? sidecar : sidecar === undefined && typeof options.model === 'string' ? onnxSidecarPath(options.model) : undefined;
  if (path === undefined) return undefined;
  const read = await readOnnxSidecar(path, typeof sidecar === 'string');
  return read === undefined ? undefined : { path, ...sidecarOptions(read) };
}

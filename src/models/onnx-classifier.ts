/**
 * An ONNX image classifier run by onnxruntime-node (optional peer dependency).
 *
 * @packageDocumentation
 */
import { ModelError, ValidationError, throwIfAborted } from '../errors.js';
import type { ImageClassifier } from '../explain/image-model.js';
import type { RasterImage } from '../explain/raster.js';
import { type OrtSession, type OrtModule, loadOnnxRuntime } from './onnx-runtime.js';
import { type PreprocessOptions, imagesToTensor, softmax, validatePreprocess } from './preprocess.js';

/** Options of {@link OnnxImageClassifier.create}. */
export interface OnnxClassifierOptions extends Partial<PreprocessOptions> {
  /** Path of an `.onnx` file, or its bytes. */
  readonly model: string | Uint8Array;
  /**
   * Input tensor name.
   * @default the model's first input
   */
  readonly inputName?: string;
  /**
   * Output tensor name (shape `[N, classes]`).
   * @default the model's first output
   */
  readonly outputName?: string;
  /**
   * Apply softmax to the outputs (for models that return logits).
   * @default false
   */
  readonly softmax?: boolean;
  /**
   * Class names, index-aligned with the outputs (Clarify's `label_headers`).
   * @default undefined (classes are reported by index)
   */
  readonly labels?: readonly string[];
  /**
   * Most images per `session.run`. A model with a fixed batch dimension never
   * gets more than that (a short last batch is padded with zeros).
   * @default the model's fixed batch size, or all images of a call
   */
  readonly maxBatch?: number;
  /**
   * Passed to `InferenceSession.create` (e.g. `{ intraOpNumThreads: 2 }`).
   * @default {}
   */
  readonly sessionOptions?: Record<string, unknown>;
}

/**
 * Runs an ONNX classifier on CPU with onnxruntime-node.
 *
 * The input size and layout are read from the model's input shape when it is
 * fixed (`[N, 3, H, W]` is NCHW, `[N, H, W, 3]` NHWC); pass `size` and `layout`
 * for models with dynamic spatial axes.
 *
 * @example
 * ```ts
 * const model = await OnnxImageClassifier.create({
 *   model: 'examples/models/shapes-cnn.onnx',
 *   mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25], softmax: true,
 *   labels: ['clutter', 'circle', 'square', 'triangle', 'cross', 'star'],
 * });
 * const [scores] = await model.predict([image]);
 * ```
 */
export class OnnxImageClassifier implements ImageClassifier {
  readonly labels?: readonly string[];
  /** The resolved preprocessing. */
  readonly preprocess: Readonly<PreprocessOptions>;
  private readonly session: OrtSession;
  private readonly ort: OrtModule;
  private readonly inputName: string;
  private readonly outputName: string;
  private readonly applySoftmax: boolean;
  private readonly fixedBatch: number | undefined;
  private readonly maxBatch: number;
  private calls = 0;

  private constructor(ort: OrtModule, session: OrtSession, options: OnnxClassifierOptions, resolved: Resolved) {
    this.ort = ort;
    this.session = session;
    this.inputName = resolved.inputName;
    this.outputName = resolved.outputName;
    this.preprocess = resolved.preprocess;
    this.applySoftmax = options.softmax ?? false;
    this.fixedBatch = resolved.fixedBatch;
    this.maxBatch = Math.min(options.maxBatch ?? Number.POSITIVE_INFINITY, resolved.fixedBatch ?? Number.POSITIVE_INFINITY);
    if (options.labels) this.labels = options.labels;
  }

  /**
   * Loads the model (and onnxruntime-node, lazily).
   *
   * @throws {@link ValidationError} for bad options, or (field `model`) when onnxruntime
   *   cannot load the model: a missing file, or one that is not ONNX.
   * @throws `ModelBackendSetupError` when onnxruntime-node is not installed.
   */
  static async create(options: OnnxClassifierOptions): Promise<OnnxImageClassifier> {
    if (options === null || typeof options !== 'object') throw new ValidationError('options', options, 'an object { model, ... }');
    if (typeof options.model !== 'string' && !(options.model instanceof Uint8Array)) {
      throw new ValidationError('model', options.model, 'a path to an .onnx file or its bytes (Uint8Array)');
    }
    if (options.maxBatch !== undefined && (!Number.isSafeInteger(options.maxBatch) || options.maxBatch < 1)) {
      throw new ValidationError('maxBatch', options.maxBatch, 'an integer >= 1');
    }
    if (options.labels !== undefined && (!Array.isArray(options.labels) || !options.labels.every((l) => typeof l === 'string'))) {
      throw new ValidationError('labels', options.labels, 'an array of class names');
    }
    const ort = await loadOnnxRuntime();
    let session: OrtSession;
    try {
      session = await ort.InferenceSession.create(options.model, options.sessionOptions ?? {});
    } catch (err) {
      // onnxruntime rejects a missing, unreadable or non-ONNX model with a plain Error
      // and a native stack; callers (the CLI above all) need to know it was the input.
      throw new ValidationError('model', options.model, 'an ONNX model that onnxruntime-node can load', errorMessage(err));
    }
    return new OnnxImageClassifier(ort, session, options, resolve(session, options));
  }

  /** Scores per image (softmax-ed when `softmax` is set). */
  async predict(images: readonly RasterImage[], signal?: AbortSignal): Promise<Float32Array[]> {
    const [height, width] = this.preprocess.size;
    const results: Float32Array[] = [];
    for (let first = 0; first < images.length; first += this.maxBatch) {
      throwIfAborted(signal);
      const chunk = images.slice(first, first + this.maxBatch);
      const n = this.fixedBatch ?? chunk.length;
      const data = new Float32Array(n * 3 * height * width);
      imagesToTensor(chunk, this.preprocess, data);
      const dims = this.preprocess.layout === 'NHWC' ? [n, height, width, 3] : [n, 3, height, width];
      const call = this.calls++;
      const outputs = await this.session.run({ [this.inputName]: new this.ort.Tensor('float32', data, dims) });
      const output = outputs[this.outputName];
      const values = output?.data;
      if (!(values instanceof Float32Array) || output.dims.length !== 2 || output.dims[0] !== n) {
        throw new ModelError(
          `ONNX run ${call} returned ${output ? `a ${output.type} tensor of shape [${output.dims.join(', ')}]` : 'no output'} ` +
            `'${this.outputName}'; expected float32 [${n}, classes]`,
          { call, index: first },
        );
      }
      const classes = output.dims[1];
      for (let i = 0; i < chunk.length; i++) {
        const row = values.subarray(i * classes, (i + 1) * classes);
        results.push(this.applySoftmax ? softmax(row) : row.slice());
      }
    }
    return results;
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

interface Resolved {
  inputName: string;
  outputName: string;
  preprocess: PreprocessOptions;
  fixedBatch: number | undefined;
}

function resolve(session: OrtSession, options: OnnxClassifierOptions): Resolved {
  const inputName = options.inputName ?? session.inputNames[0];
  const outputName = options.outputName ?? session.outputNames[0];
  if (!session.inputNames.includes(inputName)) {
    throw new ValidationError('inputName', inputName, `one of the model's inputs: ${session.inputNames.join(', ')}`);
  }
  if (!session.outputNames.includes(outputName)) {
    throw new ValidationError('outputName', outputName, `one of the model's outputs: ${session.outputNames.join(', ')}`);
  }
  const shape = session.inputMetadata?.find((m) => m.name === inputName)?.shape;
  const dim = (i: number) => (shape && typeof shape[i] === 'number' ? (shape[i] as number) : undefined);
  const layout = options.layout ?? (dim(3) === 3 && dim(1) !== 3 ? 'NHWC' : 'NCHW');
  const [h, w] = layout === 'NHWC' ? [dim(1), dim(2)] : [dim(2), dim(3)];
  const size = options.size ?? (h !== undefined && w !== undefined ? ([h, w] as const) : undefined);
  if (size === undefined) {
    throw new ValidationError('size', undefined, '[height, width]', 'the model input has dynamic spatial axes; pass size');
  }
  const preprocess: PreprocessOptions = {
    size,
    layout,
    scale: options.scale ?? 1 / 255,
    mean: options.mean ?? [0, 0, 0],
    std: options.std ?? [1, 1, 1],
  };
  validatePreprocess(preprocess);
  const batch = dim(0);
  return { inputName, outputName, preprocess, fixedBatch: batch !== undefined && batch > 0 ? batch : undefined };
}

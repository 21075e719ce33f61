/**
 * An ONNX image classifier run by onnxruntime-node (optional peer dependency).
 *
 * @packageDocumentation
 */
import { ModelError, ValidationError, throwIfAborted } from '../errors.js';
import type { ImageClassifier } from '../explain/model/image-model.js';
import type { RasterImage } from '../explain/image/raster.js';
import { type OrtSession, type OrtModule, loadOnnxRuntime } from './onnx-runtime.js';
import { type SidecarOptions, onnxSidecarPath, readOnnxSidecar, sidecarOptions } from './onnx-sidecar.js';
import type { OnnxClassifierOptions } from './onnx-options.js';
import { type PreprocessOptions, imagesToTensor, softmax, validatePreprocess } from './preprocess.js';


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
  private readonly session: OrtSession;
  private readonly ort: OrtModule;
  private readonly inputName: string;
  private readonly outputName: string;
  private readonly applySoftmax: boolean;
  private readonly fixedBatch: number | undefined;
  private readonly maxBatch: number;
  private calls = 0;

  private constructor(ort: OrtModule, session: OrtSession, options: OnnxClassifierOptions, resolved: Resolved, sidecar: string | undefined) {
    this.ort = ort;
    this.session = session;
    this.inputName = resolved.inputName;
    this.outputName = resolved.outputName;
    this.preprocess = resolved.preprocess;
    this.applySoftmax = options.softmax ?? false;
    this.fixedBatch = resolved.fixedBatch;
    this.maxBatch = Math.min(options.maxBatch ?? Number.POSITIVE_INFINITY, resolved.fixedBatch ?? Number.POSITIVE_INFINITY);
    if (options.labels) this.labels = options.labels;
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
    if (merged.maxBatch !== undefined && (!Number.isSafeInteger(merged.maxBatch) || merged.maxBatch < 1)) {
      bad('maxBatch', merged.maxBatch, 'an integer >= 1');
    }
    if (merged.labels !== undefined && (!Array.isArray(merged.labels) || !merged.labels.every((l) => typeof l === 'string'))) {
      bad('labels', merged.labels, 'an array of class names');
    }
    if (merged.softmax !== undefined && typeof merged.softmax !== 'boolean') bad('softmax', merged.softmax, 'true or false');
    const ort = await loadOnnxRuntime();
    let session: OrtSession;
    try {
      session = await ort.InferenceSession.create(merged.model, merged.sessionOptions ?? {});
    } catch (err) {
      // onnxruntime rejects a missing, unreadable or non-ONNX model with a plain Error
      // and a native stack; callers (the CLI above all) need to know it was the input.
      throw new ValidationError('model', merged.model, 'an ONNX model that onnxruntime-node can load', errorMessage(err));
    }
    return new OnnxImageClassifier(ort, session, merged, resolve(session, merged, bad), sidecar?.path);
  }

  /** Scores per image (softmax-ed when `softmax` is set). */
  async predict(images: readonly RasterImage[], signal?: AbortSignal): Promise<Float32Array[]> {
    const [height, width] = this.preprocess.size;
    const uint8 = this.preprocess.dtype === 'uint8';
    const results: Float32Array[] = [];
    for (let first = 0; first < images.length; first += this.maxBatch) {
      throwIfAborted(signal);
      const chunk = images.slice(first, first + this.maxBatch);
      const n = this.fixedBatch ?? chunk.length;
      const dims = this.preprocess.layout === 'NHWC' ? [n, height, width, 3] : [n, 3, height, width];
      let input;
      if (uint8) {
        const data = new Uint8Array(n * 3 * height * width);
        imagesToTensor(chunk, this.preprocess, data);
        input = new this.ort.Tensor('uint8', data, dims);
      } else {
        const data = new Float32Array(n * 3 * height * width);
        imagesToTensor(chunk, this.preprocess, data);
        input = new this.ort.Tensor('float32', data, dims);
      }
      const call = this.calls++;
      const outputs = await this.session.run({ [this.inputName]: input });
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

interface LoadedSidecar extends SidecarOptions {
  readonly path: string;
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

/** Throws the ValidationError of one value, under the sidecar key it came from when it did. */
type Failure = (field: string, value: unknown, allowed: string, detail?: string) => never;

/**
 * The options with the sidecar's values under them, and how to report a bad value.
 * An option set to `undefined` counts as not given, so spreading a partial config
 * does not hide the sidecar.
 */
function withSidecar(options: OnnxClassifierOptions, sidecar: LoadedSidecar | undefined): { merged: OnnxClassifierOptions; bad: Failure } {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as unknown as OnnxClassifierOptions;
  const bad: Failure = (field, value, allowed, detail) => {
    const key = field in given ? undefined : sidecar?.keys.get(field);
    if (sidecar === undefined || key === undefined) throw new ValidationError(field, value, allowed, detail);
    // Named as the CLI names the sidecar's type errors, so the file to fix is obvious.
    throw new ValidationError(`model sidecar ${key}`, value, allowed, detail ? `${detail}; in ${sidecar.path}` : `in ${sidecar.path}`);
  };
  return { merged: sidecar ? { ...sidecar.options, ...given } : given, bad };
}

interface Resolved {
  inputName: string;
  outputName: string;
  preprocess: PreprocessOptions;
  fixedBatch: number | undefined;
}

/** `[N, 3, 224, 224]`; symbolic dimensions by name, unnamed ones as `?`. */
function formatShape(shape: readonly (number | string)[]): string {
  return `[${shape.map((d) => (d === '' ? '?' : String(d))).join(', ')}]`;
}

/** Fills what the options and sidecar left open from the model's input metadata, and checks the rest against it. */
function resolve(session: OrtSession, options: OnnxClassifierOptions, bad: Failure): Resolved {
  const inputName = options.inputName ?? session.inputNames[0];
  const outputName = options.outputName ?? session.outputNames[0];
  if (!session.inputNames.includes(inputName)) {
    bad('inputName', inputName, `one of the model's inputs: ${session.inputNames.join(', ')}`);
  }
  if (!session.outputNames.includes(outputName)) {
    bad('outputName', outputName, `one of the model's outputs: ${session.outputNames.join(', ')}`);
  }
  const meta = session.inputMetadata?.find((m) => m.name === inputName);
  // onnxruntime reports an undeclared shape as []: nothing to read or check then.
  const shape = meta?.shape !== undefined && meta.shape.length > 0 ? meta.shape : undefined;
  const described = shape ? `the model's input '${inputName}' is ${meta?.type ?? 'a tensor'} ${formatShape(shape)}` : '';
  if (shape && shape.length !== 4) {
    throw new ValidationError('model', options.model, 'an image classifier whose input is [N, 3, H, W] or [N, H, W, 3]', described);
  }
  const dim = (i: number) => (shape && typeof shape[i] === 'number' && (shape[i] as number) > 0 ? (shape[i] as number) : undefined);

  const modelType = meta?.type;
  if (modelType !== undefined && modelType !== 'float32' && modelType !== 'uint8') {
    throw new ValidationError('model', options.model, 'an image classifier whose input is float32 or uint8', `the model's input '${inputName}' is ${modelType}`);
  }
  if ((options.dtype === 'float32' || options.dtype === 'uint8') && modelType !== undefined && options.dtype !== modelType) {
    bad('dtype', options.dtype, `'${modelType}', the element type of the model's input '${inputName}'`);
  }
  const dtype = options.dtype ?? modelType ?? 'float32';

  const layout = options.layout ?? (dim(3) === 3 && dim(1) !== 3 ? 'NHWC' : 'NCHW');
  if (layout === 'NCHW' || layout === 'NHWC') {
    const [channels, otherChannels] = layout === 'NHWC' ? [dim(3), dim(1)] : [dim(1), dim(3)];
    if (channels !== undefined && channels !== 3) {
      if (otherChannels === 3) bad('layout', layout, `'${layout === 'NHWC' ? 'NCHW' : 'NHWC'}', the layout of the model's input`, described);
      throw new ValidationError('model', options.model, 'an image classifier with 3 colour channels', described);
    }
  }
  const [h, w] = layout === 'NHWC' ? [dim(1), dim(2)] : [dim(2), dim(3)];
  const given = options.size;
  if (Array.isArray(given) && ((h !== undefined && given[0] !== h) || (w !== undefined && given[1] !== w))) {
    bad('size', given, `[${h ?? 'height'}, ${w ?? 'width'}], the model's fixed input size`, described);
  }
  const size = given ?? (h !== undefined && w !== undefined ? ([h, w] as const) : undefined);
  if (size === undefined) {
    bad('size', undefined, '[height, width]', `the model input has dynamic spatial axes${shape ? ` (${formatShape(shape)})` : ''}; pass size`);
  }
  const preprocess: PreprocessOptions = {
    size: size as readonly [number, number],
    layout,
    ...(options.resizeShorterSide !== undefined ? { resizeShorterSide: options.resizeShorterSide } : {}),
    channelOrder: options.channelOrder ?? 'RGB',
    dtype,
    // For uint8, whatever was given stays, for validatePreprocess to refuse.
    ...(dtype === 'uint8'
      ? { ...(options.scale !== undefined ? { scale: options.scale } : {}), ...(options.mean ? { mean: options.mean } : {}), ...(options.std ? { std: options.std } : {}) }
      : { scale: options.scale ?? 1 / 255, mean: options.mean ?? [0, 0, 0], std: options.std ?? [1, 1, 1] }),
  };
  validatePreprocess(preprocess, bad);
  const batch = dim(0);
  return { inputName, outputName, preprocess, fixedBatch: batch };
}

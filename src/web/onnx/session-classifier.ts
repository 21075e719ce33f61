/**
 * Runs an image classifier's onnxruntime session on a batch of images: the tensor in,
 * the scores out. The one implementation behind Node's `OnnxImageClassifier` and
 * {@link WebOnnxImageClassifier}.
 *
 * @internal
 * @packageDocumentation
 */
import { ModelError, throwIfAborted } from '../../errors.js';
import type { RasterImage } from '../../explain/image/raster.js';
import type { OrtClassifierSession, OrtTensorConstructor } from './ort.js';
import { imagesToTensor, softmax } from './preprocess.js';
import type { ResolvedInput } from './settings.js';

/** A loaded session and its resolved settings; `predict` is an `ImageClassifier`'s. @internal */
export class OnnxSessionClassifier {
  private readonly Tensor: OrtTensorConstructor;
  private readonly session: OrtClassifierSession;
  private readonly resolved: ResolvedInput;
  private readonly applySoftmax: boolean;
  private readonly maxBatch: number;
  private calls = 0;

  constructor(Tensor: OrtTensorConstructor, session: OrtClassifierSession, resolved: ResolvedInput, options: { softmax?: boolean; maxBatch?: number }) {
    this.Tensor = Tensor;
    this.session = session;
    this.resolved = resolved;
    this.applySoftmax = options.softmax ?? false;
    this.maxBatch = Math.min(options.maxBatch ?? Number.POSITIVE_INFINITY, resolved.fixedBatch ?? Number.POSITIVE_INFINITY);
  }

  /** Scores per image (softmax-ed when `softmax` is set). */
  async predict(images: readonly RasterImage[], signal?: AbortSignal): Promise<Float32Array[]> {
    const { preprocess, fixedBatch, inputName, outputName } = this.resolved;
    const [height, width] = preprocess.size;
    const uint8 = preprocess.dtype === 'uint8';
    const results: Float32Array[] = [];
    for (let first = 0; first < images.length; first += this.maxBatch) {
      throwIfAborted(signal);
      const chunk = images.slice(first, first + this.maxBatch);
      const n = fixedBatch ?? chunk.length;
      const dims = preprocess.layout === 'NHWC' ? [n, height, width, 3] : [n, 3, height, width];
      let input;
      if (uint8) {
        const data = new Uint8Array(n * 3 * height * width);
        imagesToTensor(chunk, preprocess, data);
        input = new this.Tensor('uint8', data, dims);
      } else {
        const data = new Float32Array(n * 3 * height * width);
        imagesToTensor(chunk, preprocess, data);
        input = new this.Tensor('float32', data, dims);
      }
      const call = this.calls++;
      const outputs = await this.session.run({ [inputName]: input });
      const output = outputs[outputName];
      const values = output?.data;
      if (!(values instanceof Float32Array) || output.dims.length !== 2 || output.dims[0] !== n) {
        throw new ModelError(
          `ONNX run ${call} returned ${output ? `a ${output.type} tensor of shape [${output.dims.join(', ')}]` : 'no output'} ` +
            `'${outputName}'; expected float32 [${n}, classes]`,
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

  /** Frees the session, where the runtime can. */
  async release(): Promise<void> {
    await this.session.release?.();
  }
}

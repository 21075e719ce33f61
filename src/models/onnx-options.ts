/**
 * The options of `OnnxImageClassifier.create`, in a module of their own: the
 * classifier and its sidecar reader (which turns a sidecar into these options) both use them.
 *
 * @packageDocumentation
 */
import type { PreprocessOptions } from './preprocess.js';

/** Options of {@link OnnxImageClassifier.create}. */
export interface OnnxClassifierOptions extends Partial<PreprocessOptions> {
  /** Path of an `.onnx` file, or its bytes. */
  readonly model: string | Uint8Array;
  /**
   * The model's sidecar: a JSON file with its class names and preprocessing
   * ({@link OnnxSidecar}). A path reads that file, which must exist; `false` reads
   * none. Options given here override the sidecar's values.
   * @default the model's path with `.onnx` replaced by `.json` ({@link onnxSidecarPath}),
   *   read when it exists; none for a model given as bytes
   */
  readonly sidecar?: false | string;
  /**
   * Input tensor name.
   * @default the sidecar's `input.name`, else the model's first input
   */
  readonly inputName?: string;
  /**
   * Output tensor name (shape `[N, classes]`).
   * @default the sidecar's `output.name`, else the model's first output
   */
  readonly outputName?: string;
  /**
   * Apply softmax to the outputs (for models that return logits).
   * @default the sidecar's `output.softmax`, else false
   */
  readonly softmax?: boolean;
  /**
   * Class names, index-aligned with the outputs (Clarify's `label_headers`).
   * @default the sidecar's `classes`, else undefined (classes are reported by index)
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

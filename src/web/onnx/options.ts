/**
 * The settings an ONNX image classifier takes besides where its model and sidecar come
 * from: shared by `OnnxImageClassifier` (onnxruntime-node) and
 * {@link WebOnnxImageClassifier} (onnxruntime-web), and by the sidecar, whose keys map to them.
 *
 * @packageDocumentation
 */
import type { PreprocessOptions } from './preprocess.js';

/**
 * The settings of an ONNX image classifier, in Node (`OnnxClassifierOptions`) and in the
 * browser ({@link WebOnnxClassifierOptions}) alike. Each may also come from the model's
 * sidecar ({@link OnnxSidecar}); an option given here wins.
 */
export interface OnnxClassifierSettings extends Partial<PreprocessOptions> {
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
   * Passed to `InferenceSession.create` (e.g. `{ intraOpNumThreads: 2 }` in Node,
   * `{ executionProviders: ['wasm'] }` in a browser).
   * @default {}
   */
  readonly sessionOptions?: Record<string, unknown>;
}

/**
 * The options of `OnnxImageClassifier.create`, in a module of their own: the
 * classifier and its sidecar reader (which turns a sidecar into these options) both use them.
 * The settings shared with the browser's classifier are in `web/onnx/options.ts`.
 *
 * @packageDocumentation
 */
import type { OnnxClassifierSettings } from '../web/onnx/options.js';

/** Options of {@link OnnxImageClassifier.create}. */
export interface OnnxClassifierOptions extends OnnxClassifierSettings {
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
}

/**
 * The one place the page's model is made: the demo CNN (examples/models/shapes-cnn.onnx,
 * with its sidecar shapes-cnn.json: classes, input size, scale, mean, std, softmax) run by
 * onnxruntime-web through the library's `WebOnnxImageClassifier`. The page's worker makes
 * it in the browser; the Chromium test makes the same one in Node (onnxruntime-web's WASM
 * in Node, the same WebAssembly code as in the page) to compare φ.
 */
import { type OnnxSidecar, WebOnnxImageClassifier, type WebOrtModule } from 'clarify-ts/web';

/** The demo model's files, as the page fetches them (assets.ts). */
export interface DemoModelFiles {
  /** shapes-cnn.json: `classes`, `input` (size, scale, mean, std), `output` (softmax). */
  readonly sidecar: OnnxSidecar & { readonly classes: readonly string[] };
  /** shapes-cnn.onnx. */
  readonly onnx: ArrayBuffer | Uint8Array;
}

/** The page's classifier: starts an onnxruntime-web session on the model's bytes. */
export function createDemoModel(ort: WebOrtModule, files: DemoModelFiles): Promise<WebOnnxImageClassifier> {
  return WebOnnxImageClassifier.create({ ort, model: files.onnx, sidecar: files.sidecar });
}

/** A short name of the model, written into the downloaded JSON. */
export const DEMO_MODEL_NAME = 'shapes-cnn.onnx (onnxruntime-web 1.30, WebAssembly)';

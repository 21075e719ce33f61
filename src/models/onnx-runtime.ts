/**
 * Loads onnxruntime-node lazily: it is an optional peer dependency, needed only
 * by the ONNX backend.
 *
 * @internal
 * @packageDocumentation
 */
import { ModelBackendSetupError } from '../errors.js';
import type { OrtModule } from '../web/onnx/ort.js';

export type { OrtModule, OrtSession, OrtTensor, OrtValueMetadata } from '../web/onnx/ort.js';

let loaded: Promise<OrtModule> | undefined;

/** Imports onnxruntime-node once; a missing package becomes an install hint. */
export function loadOnnxRuntime(): Promise<OrtModule> {
  loaded ??= (import('onnxruntime-node') as Promise<unknown>).then(
    (mod) => ((mod as { default?: OrtModule }).default ?? mod) as OrtModule,
    (err: unknown) => {
      loaded = undefined;
      throw new ModelBackendSetupError(
        'The ONNX backend needs the optional peer dependency onnxruntime-node. Install it with ' +
          '`npm install onnxruntime-node@1.30.0` (set ONNXRUNTIME_NODE_INSTALL=skip to skip its CUDA download).',
        { cause: err },
      );
    },
  );
  return loaded;
}

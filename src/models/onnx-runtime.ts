/**
 * Loads onnxruntime-node lazily: it is an optional peer dependency, needed only
 * by the ONNX backend.
 *
 * @internal
 * @packageDocumentation
 */
import { ModelBackendSetupError } from '../errors.js';

/** The part of onnxruntime-node's `Tensor` this package uses. */
export interface OrtTensor {
  readonly dims: readonly number[];
  readonly data: unknown;
  readonly type: string;
}

/** The part of onnxruntime-node's `InferenceSession` this package uses. */
export interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /**
   * Per input: its element type (`'float32'`, `'uint8'`, …) and shape, where a
   * number is a fixed dimension and a string a symbolic one (`''` when unnamed).
   */
  readonly inputMetadata?: ReadonlyArray<OrtValueMetadata>;
  /** Per output, as for inputs; `isTensor` is false for sequences and maps (e.g. ai.onnx.ml's ZipMap). */
  readonly outputMetadata?: ReadonlyArray<OrtValueMetadata>;
  /** Runs the model; `fetches` names the outputs to return (all of them when left out). */
  run(feeds: Record<string, OrtTensor>, fetches?: readonly string[]): Promise<Record<string, OrtTensor>>;
  /** Frees the native session. */
  release?(): Promise<void>;
}

/** What onnxruntime-node says of one input or output. */
export interface OrtValueMetadata {
  readonly name: string;
  readonly isTensor: boolean;
  /** The element type (`'float32'`, `'int64'`, `'string'`, …), for tensors. */
  readonly type?: string;
  /** The shape, for tensors: a number is a fixed dimension, a string a symbolic one (`''` when unnamed). */
  readonly shape?: readonly (number | string)[];
}

/** The part of the onnxruntime-node module this package uses. */
export interface OrtModule {
  readonly InferenceSession: {
    create(model: string | Uint8Array, options?: Record<string, unknown>): Promise<OrtSession>;
  };
  readonly Tensor: {
    new (type: 'float32', data: Float32Array, dims: readonly number[]): OrtTensor;
    new (type: 'uint8', data: Uint8Array, dims: readonly number[]): OrtTensor;
    new (type: 'float64', data: Float64Array, dims: readonly number[]): OrtTensor;
  };
}

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

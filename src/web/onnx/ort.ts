/**
 * The part of onnxruntime's JavaScript API (onnxruntime-node and onnxruntime-web alike,
 * both built on onnxruntime-common) that clarify-ts uses, as structural types: nothing here
 * imports either package, so the code that runs a session stays free of both.
 *
 * @packageDocumentation
 */

/** The part of onnxruntime's `Tensor` clarify-ts uses. */
export interface OrtTensor {
  /** The shape, e.g. `[1, 6]`. */
  readonly dims: readonly number[];
  /** The elements, row-major: a `Float32Array` for float32. */
  readonly data: unknown;
  /** The element type: `'float32'`, `'uint8'`, … */
  readonly type: string;
}

/** What onnxruntime says of one input or output. */
export interface OrtValueMetadata {
  /** The input's or output's name. */
  readonly name: string;
  /** Whether it is a tensor (not a sequence or a map). */
  readonly isTensor: boolean;
  /** The element type (`'float32'`, `'int64'`, `'string'`, …), for tensors. */
  readonly type?: string;
  /** The shape, for tensors: a number is a fixed dimension, a string a symbolic one (`''` when unnamed). */
  readonly shape?: readonly (number | string)[];
}

/**
 * What an image classifier needs of an onnxruntime `InferenceSession` (onnxruntime-node's
 * or onnxruntime-web's): its inputs and outputs and a plain `run(feeds)`.
 */
export interface OrtClassifierSession {
  /** The model's input names. */
  readonly inputNames: readonly string[];
  /** The model's output names. */
  readonly outputNames: readonly string[];
  /**
   * Per input: its element type (`'float32'`, `'uint8'`, …) and shape, where a
   * number is a fixed dimension and a string a symbolic one (`''` when unnamed).
   */
  readonly inputMetadata?: ReadonlyArray<OrtValueMetadata>;
  /** Runs the model on `feeds`, input name → tensor; returns every output by name. */
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  /** Frees the session. */
  release?(): Promise<void>;
}

/** The part of onnxruntime's `InferenceSession` clarify-ts uses (the tabular models name outputs to fetch). */
export interface OrtSession extends OrtClassifierSession {
  /** Per output, as for inputs; `isTensor` is false for sequences and maps (e.g. ai.onnx.ml's ZipMap). */
  readonly outputMetadata?: ReadonlyArray<OrtValueMetadata>;
  /** Runs the model; `fetches` names the outputs to return (all of them when left out). */
  run(feeds: Record<string, OrtTensor>, fetches?: readonly string[]): Promise<Record<string, OrtTensor>>;
}

/** The `Tensor` constructor, for the element types clarify-ts feeds. */
export interface OrtTensorConstructor {
  new (type: 'float32', data: Float32Array, dims: readonly number[]): OrtTensor;
  new (type: 'uint8', data: Uint8Array, dims: readonly number[]): OrtTensor;
  new (type: 'float64', data: Float64Array, dims: readonly number[]): OrtTensor;
}

/** The part of an onnxruntime module (`onnxruntime-node`) clarify-ts uses. */
export interface OrtModule {
  /** Loads a model from a path or its bytes. */
  readonly InferenceSession: {
    create(model: string | Uint8Array, options?: Record<string, unknown>): Promise<OrtSession>;
  };
  /** Makes the input tensors. */
  readonly Tensor: OrtTensorConstructor;
}

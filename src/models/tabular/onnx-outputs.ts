/**
 * Which outputs of a scikit-learn model exported with skl2onnx hold the predicted label
 * and the probabilities, read from onnxruntime's output metadata.
 *
 * skl2onnx names a classifier's outputs `output_label` (int64 or string, `[N]`) and
 * `output_probability`: a float tensor `[N, classes]` with `zipmap=False`, otherwise (its
 * default) a sequence of maps made by ai.onnx.ml's ZipMap. onnxruntime-node cannot return
 * a sequence of maps: a run that asks for one fails with "Non tensor type is temporarily
 * not supported", while a run that fetches only the tensor outputs works. A regressor
 * answers one float output (`variable`, `[N, 1]`).
 *
 * @packageDocumentation
 */
import { ValidationError } from '../../errors.js';
import type { OrtValueMetadata } from '../onnx-runtime.js';

/** The outputs a tabular ONNX model is read from. @internal */
export interface OnnxOutputChoice {
  /** The predicted label: an int64, string or float tensor `[N]` or `[N, 1]`. */
  readonly label?: string;
  /** The probabilities or scores: a float tensor `[N, C]` (or `[N]`). */
  readonly probability?: string;
  /** True when the one output is a regressor's value: it is both label and score. */
  readonly regression: boolean;
}

/** How the caller named the outputs; `false` leaves one out. @internal */
export interface OnnxOutputRequest {
  readonly labelOutput?: string | false;
  readonly probabilityOutput?: string | false;
}

const FLOAT = new Set(['float32', 'float64', 'float16']);
const LABEL_TYPES = new Set(['int64', 'int32', 'string', ...FLOAT]);
const LABEL_NAMES = ['output_label', 'label', 'labels', 'predicted_label'];
const PROBABILITY_NAMES = ['output_probability', 'probabilities', 'probability', 'scores'];

const rank = (m: OrtValueMetadata) => m.shape?.length ?? 0;
/** `[N]`, `[N, 1]`, or a shape onnxruntime does not know (`[]`). */
const isColumn = (m: OrtValueMetadata) => rank(m) <= 1 || (rank(m) === 2 && m.shape?.[1] === 1);

/** Why a ZipMap output cannot be read, and how to export the model so that it can. */
export function zipMapAdvice(name: string): string {
  return (
    `output '${name}' is a sequence of maps (skl2onnx's ZipMap), which onnxruntime-node cannot return; ` +
    `export the classifier with skl2onnx's zipmap=False (options={id(model): {'zipmap': False}}) so that '${name}' is a float tensor [N, classes]`
  );
}

/**
 * Chooses the label and probability outputs: those named in `request`, else by
 * skl2onnx's names, else by type (an int64 or string tensor is a label, a float
 * tensor `[N, C]` with C > 1 the probabilities); a model whose only output is a float
 * column is a regressor.
 *
 * @throws {@link ValidationError} (field `labelOutput`, `probabilityOutput` or `model`)
 *   for a name the model lacks, an output that is not a tensor (ZipMap: with the
 *   skl2onnx option to use instead), or a model with no usable output.
 * @internal
 */
export function chooseOnnxOutputs(outputs: readonly OrtValueMetadata[], request: OnnxOutputRequest, model: unknown): OnnxOutputChoice {
  const byName = new Map(outputs.map((m) => [m.name, m]));
  const names = outputs.map((m) => `'${m.name}'`).join(', ');
  const named = (field: 'labelOutput' | 'probabilityOutput', name: string | false | undefined): OrtValueMetadata | undefined => {
    if (name === undefined || name === false) return undefined;
    const found = byName.get(name);
    if (found === undefined) throw new ValidationError(field, name, `one of the model's outputs: ${names}`);
    if (!found.isTensor) throw new ValidationError(field, name, 'an output that is a tensor', zipMapAdvice(name));
    return found;
  };
  let label = named('labelOutput', request.labelOutput);
  let probability = named('probabilityOutput', request.probabilityOutput);
  const tensors = outputs.filter((m) => m.isTensor);
  if (request.labelOutput === undefined) {
    label =
      LABEL_NAMES.map((n) => byName.get(n)).find((m) => m?.isTensor && m !== probability) ??
      tensors.find((m) => m !== probability && (m.type === 'int64' || m.type === 'string' || m.type === 'int32') && isColumn(m));
  }
  if (request.probabilityOutput === undefined) {
    const byNameFound = PROBABILITY_NAMES.map((n) => byName.get(n)).find((m) => m !== undefined && m !== label);
    if (byNameFound !== undefined && !byNameFound.isTensor) {
      throw new ValidationError('model', model, 'a classifier whose probabilities are a tensor', `${zipMapAdvice(byNameFound.name)}, or pass probabilityOutput: false to read the labels only`);
    }
    probability = byNameFound ?? tensors.find((m) => m !== label && FLOAT.has(m.type ?? '') && rank(m) === 2 && m.shape?.[1] !== 1);
    if (probability === undefined && label !== undefined) {
      const other = outputs.find((m) => !m.isTensor);
      if (other !== undefined) {
        throw new ValidationError('model', model, 'a classifier whose probabilities are a tensor', `${zipMapAdvice(other.name)}, or pass probabilityOutput: false to read the labels only`);
      }
    }
  }
  if (label !== undefined && !LABEL_TYPES.has(label.type ?? '')) {
    throw new ValidationError('labelOutput', label.name, 'an output of int64, string or float labels', `'${label.name}' is ${label.type ?? 'of unknown type'}`);
  }
  if (probability !== undefined && !FLOAT.has(probability.type ?? '')) {
    throw new ValidationError('probabilityOutput', probability.name, 'an output of float scores', `'${probability.name}' is ${probability.type ?? 'of unknown type'}`);
  }
  if (label === undefined && probability === undefined) {
    if (request.labelOutput === undefined && request.probabilityOutput === undefined) {
      const floats = tensors.filter((m) => FLOAT.has(m.type ?? ''));
      if (floats.length === 1 && isColumn(floats[0])) return { probability: floats[0].name, regression: true };
    }
    throw new ValidationError('model', model, 'a classifier with a label or probability tensor output, or a regressor with one float output', `its outputs: ${names}`);
  }
  return { ...(label ? { label: label.name } : {}), ...(probability ? { probability: probability.name } : {}), regression: false };
}

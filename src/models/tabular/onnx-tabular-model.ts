/**
 * A scikit-learn model exported to ONNX (skl2onnx), run by onnxruntime-node (an optional
 * peer dependency), as a {@link TabularModel}.
 *
 * @packageDocumentation
 */
import { ModelError, ValidationError, throwIfAborted } from '../../errors.js';
import { type OrtModule, type OrtSession, type OrtTensor, type OrtValueMetadata, loadOnnxRuntime } from '../onnx-runtime.js';
import { type CallSite, callFailed, recordRange } from './check-predictions.js';
import { type OnnxOutputChoice, chooseOnnxOutputs } from './onnx-outputs.js';
import { writeRows } from './onnx-rows.js';
import type { LabelHeader, TabularModel, TabularPrediction, TabularRow } from './tabular-model.js';

/** Options of {@link OnnxTabularModel.create}. */
export interface OnnxTabularOptions {
  /** Path of an `.onnx` file, or its bytes. */
  readonly model: string | Uint8Array;
  /**
   * The input the rows go to: a float32 or float64 tensor `[N, F]`.
   * @default the model's only input
   */
  readonly inputName?: string;
  /**
   * The output holding the predicted labels (`[N]` of int64, string or float), or
   * `false` for none.
   * @default `output_label` (skl2onnx's name), else an int64 or string tensor output
   */
  readonly labelOutput?: string | false;
  /**
   * The output holding the probabilities (`[N, classes]`, float), or `false` for none
   * (needed to read the labels of a model exported with ZipMap).
   * @default `output_probability` (skl2onnx's name), else a float tensor `[N, C]` output
   */
  readonly probabilityOutput?: string | false;
  /**
   * Class names, index-aligned with the probabilities (Clarify's `label_headers`).
   * @default undefined (classes are known by index)
   */
  readonly labelHeaders?: readonly LabelHeader[];
  /**
   * Feature names, index-aligned with the row values; only used to name a column in errors.
   * @default undefined (columns are named by index)
   */
  readonly featureNames?: readonly string[];
  /**
   * Most rows per `session.run`. A model with a fixed batch dimension never gets more
   * than that (a short last batch is padded with zeros).
   * @default the model's fixed batch size, or all rows of a call
   */
  readonly maxBatch?: number;
  /**
   * Passed to `InferenceSession.create` (e.g. `{ intraOpNumThreads: 1 }`).
   * @default {}
   */
  readonly sessionOptions?: Record<string, unknown>;
}

/** The model's input, checked. */
interface InputChoice {
  readonly name: string;
  readonly type: 'float32' | 'float64';
  /** Features a row, when the model fixes it. */
  readonly width: number | undefined;
  /** Rows a run, when the model fixes it. */
  readonly batch: number | undefined;
}

const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Runs a tabular ONNX model on CPU with onnxruntime-node (`npm i -E onnxruntime-node@1.30.0`),
 * as skl2onnx exports scikit-learn models: one float input `[N, F]`; a classifier's
 * `output_label` and `output_probability`, a regressor's single float output. The
 * `ai.onnx.ml` operators (TreeEnsembleClassifier/Regressor, LinearClassifier/Regressor,
 * ZipMap, …) run as onnxruntime implements them.
 *
 * A classifier gives `{ label, scores }` per row (the label as the model computes it, the
 * probabilities as scores); a regressor gives its value as both `label` and `scores: [value]`.
 * A model exported with skl2onnx's default `zipmap=True` returns its probabilities as a
 * sequence of maps, which onnxruntime-node cannot hand over: `create` refuses it, saying
 * to export with `zipmap=False` (or to pass `probabilityOutput: false` for the labels only).
 *
 * @example
 * ```ts
 * // Exported in Python with:
 * //   to_onnx(clf, X[:1].astype(numpy.float32), options={id(clf): {'zipmap': False}})
 * const model = await OnnxTabularModel.create({ model: 'adult-gbt.onnx', labelHeaders: [0, 1] });
 * const [p] = await model.predict([[39, 13, 2174, 0, 40]]); // { label: 0, scores: [0.93, 0.07] }
 * await model.dispose();
 * ```
 */
export class OnnxTabularModel implements TabularModel {
  readonly describe: string;
  readonly labelHeaders?: readonly LabelHeader[];
  /** The outputs read, as chosen from the options and the model. */
  readonly outputs: OnnxOutputChoice;
  private readonly ort: OrtModule;
  private readonly session: OrtSession;
  private readonly input: InputChoice;
  private readonly maxBatch: number;
  private readonly featureNames: readonly string[] | undefined;
  private calls = 0;
  private released = false;

  private constructor(ort: OrtModule, session: OrtSession, options: OnnxTabularOptions, input: InputChoice, outputs: OnnxOutputChoice) {
    this.ort = ort;
    this.session = session;
    this.input = input;
    this.outputs = outputs;
    this.describe = `ONNX model ${typeof options.model === 'string' ? options.model : `(${options.model.length} bytes)`}`;
    this.maxBatch = Math.min(options.maxBatch ?? Number.POSITIVE_INFINITY, input.batch ?? Number.POSITIVE_INFINITY);
    this.featureNames = options.featureNames;
    if (options.labelHeaders) this.labelHeaders = options.labelHeaders;
  }

  /**
   * Loads onnxruntime-node (lazily) and the model, and chooses its input and outputs.
   *
   * @throws {@link ValidationError} for bad options; (field `model`) for a model onnxruntime
   *   cannot load, one whose input is not one float tensor `[N, F]`, or whose probabilities
   *   are a ZipMap (with the skl2onnx option to export it with instead).
   * @throws `ModelBackendSetupError` when onnxruntime-node is not installed.
   */
  static async create(options: OnnxTabularOptions): Promise<OnnxTabularModel> {
    if (options === null || typeof options !== 'object') throw new ValidationError('options', options, 'an object { model, ... }');
    if (typeof options.model !== 'string' && !(options.model instanceof Uint8Array)) {
      throw new ValidationError('model', options.model, 'a path to an .onnx file or its bytes (Uint8Array)');
    }
    if (options.maxBatch !== undefined && (!Number.isSafeInteger(options.maxBatch) || options.maxBatch < 1)) {
      throw new ValidationError('maxBatch', options.maxBatch, 'an integer >= 1');
    }
    const headers = options.labelHeaders;
    if (headers !== undefined && (!Array.isArray(headers) || !headers.every((h) => typeof h === 'string' || typeof h === 'number'))) {
      throw new ValidationError('labelHeaders', headers, 'an array of class names (strings or numbers)');
    }
    const names = options.featureNames;
    if (names !== undefined && (!Array.isArray(names) || !names.every((h) => typeof h === 'string'))) {
      throw new ValidationError('featureNames', names, 'an array of strings');
    }
    for (const field of ['labelOutput', 'probabilityOutput'] as const) {
      const v = options[field];
      if (v !== undefined && v !== false && (typeof v !== 'string' || v === '')) throw new ValidationError(field, v, "an output's name, or false");
    }
    const ort = await loadOnnxRuntime();
    let session: OrtSession;
    try {
      session = await ort.InferenceSession.create(options.model, options.sessionOptions ?? {});
    } catch (err) {
      throw new ValidationError('model', options.model, 'an ONNX model that onnxruntime-node can load', errorMessage(err));
    }
    try {
      const input = chooseInput(session, options);
      const outputs = chooseOnnxOutputs(outputMetadata(session), options, options.model);
      if (names !== undefined && input.width !== undefined && names.length !== input.width) {
        throw new ValidationError('featureNames', names, `${input.width} names, one per feature of the input '${input.name}'`);
      }
      return new OnnxTabularModel(ort, session, options, input, outputs);
    } catch (err) {
      await session.release?.();
      throw err;
    }
  }

  /** One prediction per row; rows go to the model in runs of at most `maxBatch`. */
  async predict(rows: readonly TabularRow[], signal?: AbortSignal): Promise<TabularPrediction[]> {
    if (this.released) throw new ModelError(`${this.describe} was disposed`);
    const width = this.input.width ?? (Array.isArray(rows[0]) ? rows[0].length : 0);
    const out: TabularPrediction[] = [];
    const per = Number.isFinite(this.maxBatch) ? this.maxBatch : Math.max(1, rows.length);
    for (let first = 0; first < rows.length; first += per) {
      throwIfAborted(signal);
      const chunk = rows.slice(first, first + per);
      const n = this.input.batch ?? chunk.length;
      const data = this.input.type === 'float64' ? new Float64Array(n * width) : new Float32Array(n * width);
      writeRows(chunk, first, width, data, {
        model: this.describe,
        input: `'${this.input.name}' (${this.input.type})`,
        ...(this.featureNames ? { featureNames: this.featureNames } : {}),
      });
      const tensor = data instanceof Float64Array ? new this.ort.Tensor('float64', data, [n, width]) : new this.ort.Tensor('float32', data, [n, width]);
      const site = { model: this.describe, call: this.calls++, first, count: chunk.length };
      const fetches = [this.outputs.label, this.outputs.probability].filter((o): o is string => o !== undefined);
      let results: Record<string, OrtTensor>;
      try {
        results = await this.session.run({ [this.input.name]: tensor }, fetches);
      } catch (err) {
        throw new ModelError(`${this.describe} call ${site.call} (${recordRange(first, chunk.length)}) failed: ${errorMessage(err)}`, {
          call: site.call,
          index: first,
          cause: err,
        });
      }
      const labels = this.outputs.label ? readColumn(results[this.outputs.label], this.outputs.label, n, site) : undefined;
      const scores = this.outputs.probability ? readMatrix(results[this.outputs.probability], this.outputs.probability, n, site) : undefined;
      for (let i = 0; i < chunk.length; i++) {
        const row = scores?.[i];
        const label = this.outputs.regression ? row?.[0] : labels?.[i];
        out.push({ ...(label !== undefined ? { label } : {}), ...(row ? { scores: row } : {}) });
      }
    }
    return out;
  }

  /** Frees the onnxruntime session; `predict` fails afterwards. */
  async dispose(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.session.release?.();
  }
}

function outputMetadata(session: OrtSession): readonly OrtValueMetadata[] {
  // Without metadata (an onnxruntime older than 1.20) every output is taken to be a tensor of unknown type and shape.
  return session.outputMetadata ?? session.outputNames.map((name) => ({ name, isTensor: true }));
}

function chooseInput(session: OrtSession, options: OnnxTabularOptions): InputChoice {
  const inputs = session.inputNames;
  const name = options.inputName ?? (inputs.length === 1 ? inputs[0] : undefined);
  if (name === undefined) {
    throw new ValidationError('model', options.model, 'a model with one input, a float tensor [N, F]',
      `its inputs: ${inputs.map((i) => `'${i}'`).join(', ')}; models with one input per column (skl2onnx with a ColumnTransformer) are not supported: name one with inputName, or export the model with a single float input`);
  }
  if (!inputs.includes(name)) throw new ValidationError('inputName', name, `one of the model's inputs: ${inputs.map((i) => `'${i}'`).join(', ')}`);
  const meta = session.inputMetadata?.find((m) => m.name === name);
  const type = meta?.type ?? 'float32';
  if (meta?.isTensor === false || (type !== 'float32' && type !== 'float64')) {
    throw new ValidationError('model', options.model, 'a model whose input is a float32 or float64 tensor [N, F]', `its input '${name}' is ${meta?.isTensor === false ? 'not a tensor' : type}`);
  }
  const shape = meta?.shape ?? [];
  if (shape.length !== 0 && shape.length !== 2) {
    throw new ValidationError('model', options.model, 'a model whose input is a matrix [N, F]', `its input '${name}' has shape [${shape.map((d) => (d === '' ? '?' : d)).join(', ')}]`);
  }
  const fixed = (d: number | string | undefined) => (typeof d === 'number' && d > 0 ? d : undefined);
  return { name, type, width: fixed(shape[1]), batch: fixed(shape[0]) };
}

/** Labels `[N]` or `[N, 1]`: int64 as numbers, strings, or floats. */
function readColumn(tensor: OrtTensor | undefined, name: string, n: number, site: CallSite): (number | string)[] {
  const rows = tensor?.dims[0];
  const ok = tensor !== undefined && rows === n && (tensor.dims.length === 1 || (tensor.dims.length === 2 && tensor.dims[1] === 1));
  if (!ok) throw callFailed(site, `${tensor ? `a ${tensor.type} tensor of shape [${tensor.dims.join(', ')}]` : 'no output'} '${name}'; expected labels [${n}]`);
  const data = tensor.data as ArrayLike<number | bigint | string>;
  return Array.from({ length: site.count }, (_, i) => {
    const v = data[i];
    if (typeof v === 'bigint') {
      if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) throw callFailed(site, `the label ${v} beyond 2^53 in '${name}'`, site.first + i);
      return Number(v);
    }
    return v;
  });
}

/** Scores `[N, C]` (or `[N]`, one score a row). */
function readMatrix(tensor: OrtTensor | undefined, name: string, n: number, site: CallSite): number[][] {
  const ok = tensor !== undefined && tensor.dims[0] === n && (tensor.dims.length === 1 || tensor.dims.length === 2) && (tensor.data instanceof Float32Array || tensor.data instanceof Float64Array);
  if (!ok) throw callFailed(site, `${tensor ? `a ${tensor.type} tensor of shape [${tensor.dims.join(', ')}]` : 'no output'} '${name}'; expected float scores [${n}, classes]`);
  const data = tensor.data as Float32Array | Float64Array;
  const width = tensor.dims.length === 2 ? tensor.dims[1] : 1;
  return Array.from({ length: site.count }, (_, i) => {
    const row = Array.from(data.subarray(i * width, (i + 1) * width));
    if (!row.every(Number.isFinite)) throw callFailed(site, `non-finite scores [${row.join(', ')}] for record ${site.first + i} in '${name}'`, site.first + i);
    return row;
  });
}

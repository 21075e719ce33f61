/**
 * The sidecar of an ONNX model: a JSON file next to it (`resnet.onnx` →
 * `resnet.json`) with its class names and the preprocessing it was trained
 * with. Its checks and its mapping to classifier options, shared by Node's
 * `OnnxImageClassifier` (which reads the file) and {@link WebOnnxImageClassifier}
 * (which fetches it or takes it as an object), so a model explains the same way in both.
 *
 * @packageDocumentation
 */
import { ValidationError, describeValue } from '../../errors.js';
import type { OnnxClassifierSettings } from './options.js';
import type { PreprocessOptions } from './preprocess.js';

/**
 * What a model's sidecar may hold (all keys optional; other keys, such as a
 * training record, are ignored). `examples/models/shapes-cnn.json` is one.
 *
 * @example
 * ```json
 * {
 *   "classes": ["tench", "goldfish", "..."],
 *   "input": {
 *     "name": "data", "layout": "NCHW", "size": [224, 224], "resizeShorterSide": 256,
 *     "channelOrder": "BGR", "dtype": "float32", "scale": 1,
 *     "mean": [123.675, 116.28, 103.53], "std": [58.395, 57.12, 57.375]
 *   },
 *   "output": { "name": "prob", "softmax": false }
 * }
 * ```
 */
export interface OnnxSidecar {
  /** Class names, index-aligned with the outputs: the classifier's `labels`. */
  readonly classes?: readonly string[];
  /** The input tensor and its preprocessing; each key is the classifier option of the same name. */
  readonly input?: {
    /** The classifier's `inputName`. */
    readonly name?: string;
  } & Partial<Pick<PreprocessOptions, 'layout' | 'size' | 'resizeShorterSide' | 'channelOrder' | 'dtype' | 'scale' | 'mean' | 'std'>>;
  /** The output tensor. */
  readonly output?: {
    /** The classifier's `outputName`. */
    readonly name?: string;
    readonly softmax?: boolean;
  };
}

/**
 * Where the sidecar of a model lives: `resnet.onnx` → `resnet.json`; a model
 * named otherwise gets `.json` appended (`resnet.bin` → `resnet.bin.json`), so
 * that the sidecar is never the model itself.
 *
 * @example
 * ```ts
 * onnxSidecarPath('models/resnet50.onnx'); // 'models/resnet50.json'
 * ```
 */
export function onnxSidecarPath(model: string): string {
  return /\.onnx$/i.test(model) ? model.replace(/\.onnx$/i, '.json') : `${model}.json`;
}

/** What a sidecar must be, for error messages. @internal */
export const SIDECAR_SHAPE =
  'a JSON object { classes?, input?: { name?, layout?, size?, resizeShorterSide?, channelOrder?, dtype?, scale?, mean?, std? }, output?: { name?, softmax? } }';

/**
 * Parses and type-checks the text of a sidecar.
 *
 * @param source - where the text came from (a path or URL), named in errors.
 * @throws {@link ValidationError} (field `model sidecar`) when it is not JSON, or as
 *   {@link checkOnnxSidecar} throws.
 * @example
 * ```ts
 * const sidecar = parseOnnxSidecar(await (await fetch('/models/shapes-cnn.json')).text(), 'shapes-cnn.json');
 * ```
 */
export function parseOnnxSidecar(text: string, source: string): OnnxSidecar {
  let meta: unknown;
  try {
    meta = JSON.parse(text);
  } catch (err) {
    throw new ValidationError('model sidecar', source, SIDECAR_SHAPE, `not JSON: ${(err as Error).message}`);
  }
  return checkOnnxSidecar(meta, source);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumbers = (v: unknown, n: number) => Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number' && Number.isFinite(x));
const isName = (v: unknown) => typeof v === 'string' && v !== '';

/**
 * Type-checks a parsed sidecar. Value ranges (a size of 0, a std of 0) are the
 * classifier's to judge, in the sidecar's name too; unknown keys are ignored.
 *
 * @param path - where the sidecar came from (a path, a URL, or a name such as `options.sidecar`), named in errors.
 * @throws {@link ValidationError} (field `model sidecar`, or `model sidecar <key>` for a key of the wrong type).
 * @example
 * ```ts
 * checkOnnxSidecar({ classes: ['cat', 'dog'], input: { size: [224, 224] } }, 'options.sidecar');
 * ```
 */
export function checkOnnxSidecar(meta: unknown, path: string): OnnxSidecar {
  const bad = (key: string, value: unknown, allowed: string): never => {
    throw new ValidationError(`model sidecar ${key}`, value, allowed, `in ${path}`);
  };
  if (!isRecord(meta)) throw new ValidationError('model sidecar', path, SIDECAR_SHAPE, `it holds ${describeValue(meta)}`);
  const { classes, input, output } = meta;
  if (classes !== undefined && !(Array.isArray(classes) && classes.every((c) => typeof c === 'string'))) bad('classes', classes, 'an array of class names');
  if (input !== undefined) {
    if (!isRecord(input)) bad('input', input, 'an object { name?, layout?, size?, resizeShorterSide?, channelOrder?, dtype?, scale?, mean?, std? }');
    const i = input as Record<string, unknown>;
    if (i.name !== undefined && !isName(i.name)) bad('input.name', i.name, 'the name of the model input (a non-empty string)');
    if (i.layout !== undefined && i.layout !== 'NCHW' && i.layout !== 'NHWC') bad('input.layout', i.layout, "'NCHW' or 'NHWC'");
    if (i.size !== undefined && !isNumbers(i.size, 2)) bad('input.size', i.size, '[height, width]');
    if (i.resizeShorterSide !== undefined && !(typeof i.resizeShorterSide === 'number' && Number.isFinite(i.resizeShorterSide))) {
      bad('input.resizeShorterSide', i.resizeShorterSide, 'a number of pixels');
    }
    if (i.channelOrder !== undefined && i.channelOrder !== 'RGB' && i.channelOrder !== 'BGR') bad('input.channelOrder', i.channelOrder, "'RGB' or 'BGR'");
    if (i.dtype !== undefined && i.dtype !== 'float32' && i.dtype !== 'uint8') bad('input.dtype', i.dtype, "'float32' or 'uint8'");
    if (i.scale !== undefined && !(typeof i.scale === 'number' && Number.isFinite(i.scale))) bad('input.scale', i.scale, 'a number');
    if (i.mean !== undefined && !isNumbers(i.mean, 3)) bad('input.mean', i.mean, 'three numbers [r, g, b]');
    if (i.std !== undefined && !isNumbers(i.std, 3)) bad('input.std', i.std, 'three numbers [r, g, b]');
  }
  if (output !== undefined) {
    if (!isRecord(output)) bad('output', output, 'an object { name?, softmax? }');
    const o = output as Record<string, unknown>;
    if (o.name !== undefined && !isName(o.name)) bad('output.name', o.name, 'the name of the model output (a non-empty string)');
    if (o.softmax !== undefined && typeof o.softmax !== 'boolean') bad('output.softmax', o.softmax, 'true or false');
  }
  return meta as OnnxSidecar;
}

/** Classifier options and the sidecar key each came from (for error messages). @internal */
export interface SidecarOptions {
  readonly options: Partial<OnnxClassifierSettings>;
  /** Option name → sidecar key, e.g. `size` → `input.size`. */
  readonly keys: ReadonlyMap<string, string>;
}

/** Turns a sidecar into classifier options. @internal */
export function sidecarOptions(sidecar: OnnxSidecar): SidecarOptions {
  const options: Record<string, unknown> = {};
  const keys = new Map<string, string>();
  const take = (option: string, key: string, value: unknown) => {
    if (value === undefined) return;
    options[option] = value;
    keys.set(option, key);
  };
  take('labels', 'classes', sidecar.classes);
  const input = sidecar.input ?? {};
  take('inputName', 'input.name', input.name);
  for (const k of ['layout', 'size', 'resizeShorterSide', 'channelOrder', 'dtype', 'scale', 'mean', 'std'] as const) take(k, `input.${k}`, input[k]);
  take('outputName', 'output.name', sidecar.output?.name);
  take('softmax', 'output.softmax', sidecar.output?.softmax);
  return { options: options as Partial<OnnxClassifierSettings>, keys };
}

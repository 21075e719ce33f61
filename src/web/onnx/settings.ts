/**
 * An ONNX classifier's settings: the options merged over its sidecar, their checks, and
 * what the session's metadata fills in or contradicts. Shared by Node's
 * `OnnxImageClassifier` and {@link WebOnnxImageClassifier}.
 *
 * @internal
 * @packageDocumentation
 */
import { ValidationError } from '../../errors.js';
import type { OrtClassifierSession } from './ort.js';
import type { OnnxClassifierSettings } from './options.js';
import { type PreprocessOptions, validatePreprocess } from './preprocess.js';
import type { SidecarOptions } from './sidecar.js';

/** A sidecar turned into options, and where it came from (a path or a URL). @internal */
export interface LoadedSidecar extends SidecarOptions {
  readonly path: string;
}

/** Throws the ValidationError of one value, under the sidecar key it came from when it did. @internal */
export type SettingFailure = (field: string, value: unknown, allowed: string, detail?: string) => never;

/**
 * The options with the sidecar's values under them, and how to report a bad value.
 * An option set to `undefined` counts as not given, so spreading a partial config
 * does not hide the sidecar.
 * @internal
 */
export function withSidecar<T extends OnnxClassifierSettings>(options: T, sidecar: LoadedSidecar | undefined): { merged: T; bad: SettingFailure } {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as unknown as T;
  const bad: SettingFailure = (field, value, allowed, detail) => {
    const key = field in given ? undefined : sidecar?.keys.get(field);
    if (sidecar === undefined || key === undefined) throw new ValidationError(field, value, allowed, detail);
    // Named as the CLI names the sidecar's type errors, so the file to fix is obvious.
    throw new ValidationError(`model sidecar ${key}`, value, allowed, detail ? `${detail}; in ${sidecar.path}` : `in ${sidecar.path}`);
  };
  return { merged: sidecar ? { ...sidecar.options, ...given } : given, bad };
}

/** Checks the settings that need no model: `maxBatch`, `labels`, `softmax`. @internal */
export function checkSettings(merged: OnnxClassifierSettings, bad: SettingFailure): void {
  if (merged.maxBatch !== undefined && (!Number.isSafeInteger(merged.maxBatch) || merged.maxBatch < 1)) {
    bad('maxBatch', merged.maxBatch, 'an integer >= 1');
  }
  if (merged.labels !== undefined && (!Array.isArray(merged.labels) || !merged.labels.every((l) => typeof l === 'string'))) {
    bad('labels', merged.labels, 'an array of class names');
  }
  if (merged.softmax !== undefined && typeof merged.softmax !== 'boolean') bad('softmax', merged.softmax, 'true or false');
}

/** What {@link resolveSettings} reads from the session. @internal */
export interface ResolvedInput {
  readonly inputName: string;
  readonly outputName: string;
  readonly preprocess: PreprocessOptions;
  readonly fixedBatch: number | undefined;
}

/** `[N, 3, 224, 224]`; symbolic dimensions by name, unnamed ones as `?`. */
function formatShape(shape: readonly (number | string)[]): string {
  return `[${shape.map((d) => (d === '' ? '?' : String(d))).join(', ')}]`;
}

/**
 * Fills what the options and sidecar left open from the model's input metadata, and checks the rest against it.
 *
 * @param model - the model as given, named in errors (field `model`).
 * @internal
 */
export function resolveSettings(session: OrtClassifierSession, options: OnnxClassifierSettings, model: unknown, bad: SettingFailure): ResolvedInput {
  const inputName = options.inputName ?? session.inputNames[0];
  const outputName = options.outputName ?? session.outputNames[0];
  if (!session.inputNames.includes(inputName)) {
    bad('inputName', inputName, `one of the model's inputs: ${session.inputNames.join(', ')}`);
  }
  if (!session.outputNames.includes(outputName)) {
    bad('outputName', outputName, `one of the model's outputs: ${session.outputNames.join(', ')}`);
  }
  const meta = session.inputMetadata?.find((m) => m.name === inputName);
  // onnxruntime reports an undeclared shape as []: nothing to read or check then.
  const shape = meta?.shape !== undefined && meta.shape.length > 0 ? meta.shape : undefined;
  const described = shape ? `the model's input '${inputName}' is ${meta?.type ?? 'a tensor'} ${formatShape(shape)}` : '';
  if (shape && shape.length !== 4) {
    throw new ValidationError('model', model, 'an image classifier whose input is [N, 3, H, W] or [N, H, W, 3]', described);
  }
  const dim = (i: number) => (shape && typeof shape[i] === 'number' && (shape[i] as number) > 0 ? (shape[i] as number) : undefined);

  const modelType = meta?.type;
  if (modelType !== undefined && modelType !== 'float32' && modelType !== 'uint8') {
    throw new ValidationError('model', model, 'an image classifier whose input is float32 or uint8', `the model's input '${inputName}' is ${modelType}`);
  }
  if ((options.dtype === 'float32' || options.dtype === 'uint8') && modelType !== undefined && options.dtype !== modelType) {
    bad('dtype', options.dtype, `'${modelType}', the element type of the model's input '${inputName}'`);
  }
  const dtype = options.dtype ?? modelType ?? 'float32';

  const layout = options.layout ?? (dim(3) === 3 && dim(1) !== 3 ? 'NHWC' : 'NCHW');
  if (layout === 'NCHW' || layout === 'NHWC') {
    const [channels, otherChannels] = layout === 'NHWC' ? [dim(3), dim(1)] : [dim(1), dim(3)];
    if (channels !== undefined && channels !== 3) {
      if (otherChannels === 3) bad('layout', layout, `'${layout === 'NHWC' ? 'NCHW' : 'NHWC'}', the layout of the model's input`, described);
      throw new ValidationError('model', model, 'an image classifier with 3 colour channels', described);
    }
  }
  const [h, w] = layout === 'NHWC' ? [dim(1), dim(2)] : [dim(2), dim(3)];
  const given = options.size;
  if (Array.isArray(given) && ((h !== undefined && given[0] !== h) || (w !== undefined && given[1] !== w))) {
    bad('size', given, `[${h ?? 'height'}, ${w ?? 'width'}], the model's fixed input size`, described);
  }
  const size = given ?? (h !== undefined && w !== undefined ? ([h, w] as const) : undefined);
  if (size === undefined) {
    bad('size', undefined, '[height, width]', `the model input has dynamic spatial axes${shape ? ` (${formatShape(shape)})` : ''}; pass size`);
  }
  const preprocess: PreprocessOptions = {
    size: size as readonly [number, number],
    layout,
    ...(options.resizeShorterSide !== undefined ? { resizeShorterSide: options.resizeShorterSide } : {}),
    channelOrder: options.channelOrder ?? 'RGB',
    dtype,
    // For uint8, whatever was given stays, for validatePreprocess to refuse.
    ...(dtype === 'uint8'
      ? { ...(options.scale !== undefined ? { scale: options.scale } : {}), ...(options.mean ? { mean: options.mean } : {}), ...(options.std ? { std: options.std } : {}) }
      : { scale: options.scale ?? 1 / 255, mean: options.mean ?? [0, 0, 0], std: options.std ?? [1, 1, 1] }),
  };
  validatePreprocess(preprocess, bad);
  const batch = dim(0);
  return { inputName, outputName, preprocess, fixedBatch: batch };
}

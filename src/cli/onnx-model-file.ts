/**
 * Turns `--model model.onnx [--labels labels.txt]` into a model spec the engine
 * can load in its workers. Preprocessing and class names come from the model's
 * sidecar, a JSON file next to it (the demo model's layout), when there is one.
 *
 * @packageDocumentation
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ValidationError, describeValue } from '../errors.js';
import type { OnnxModelSpec } from '../engine/model-source.js';

interface ModelMetadata {
  classes?: string[];
  input?: { layout?: 'NCHW' | 'NHWC'; size?: [number, number]; scale?: number; mean?: [number, number, number]; std?: [number, number, number] };
  output?: { softmax?: boolean };
}

/**
 * Where the sidecar of a model lives: `resnet.onnx` → `resnet.json`; a model
 * named otherwise gets `.json` appended (`resnet.bin` → `resnet.bin.json`), so
 * that the sidecar is never the model itself.
 */
export function sidecarPath(model: string): string {
  return /\.onnx$/i.test(model) ? model.replace(/\.onnx$/i, '.json') : `${model}.json`;
}

/**
 * The model spec and class names of an ONNX file.
 *
 * The file must exist and be a regular file; whether it is ONNX is found out
 * when the engine loads it (a `ValidationError` for field `model`). A sidecar
 * that does not exist means "no metadata"; one that exists but cannot be read,
 * is not JSON or has a key of the wrong type is an error, because silently
 * ignoring it would explain the model with the wrong preprocessing.
 *
 * @throws {@link ValidationError} for a missing model, labels file, or a bad sidecar.
 */
export async function onnxModelFile(modelPath: string, labelsPath: string | undefined): Promise<{ spec: OnnxModelSpec; labels?: string[] }> {
  const model = resolve(modelPath);
  // stat, not a read: models run to hundreds of megabytes, and opening a FIFO would block.
  const info = await stat(model).catch((err: Error) => {
    throw new ValidationError('--model', modelPath, 'a readable .onnx file', err.message);
  });
  if (!info.isFile()) throw new ValidationError('--model', modelPath, 'a readable .onnx file', info.isDirectory() ? 'it is a folder' : 'not a regular file');
  const meta = await readSidecar(sidecarPath(model));
  let labels = meta.classes;
  if (labelsPath !== undefined) {
    const text = await readFile(labelsPath, 'utf8').catch((err: Error) => {
      throw new ValidationError('--labels', labelsPath, 'a readable text file with one class name per line', err.message);
    });
    labels = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  }
  const input = meta.input ?? {};
  const spec: OnnxModelSpec = {
    onnx: {
      model,
      ...(input.mean ? { mean: input.mean } : {}),
      ...(input.std ? { std: input.std } : {}),
      ...(input.scale !== undefined ? { scale: input.scale } : {}),
      ...(input.layout ? { layout: input.layout } : {}),
      ...(input.size ? { size: input.size } : {}),
      softmax: meta.output?.softmax ?? false,
      ...(labels ? { labels } : {}),
    },
  };
  return { spec, ...(labels ? { labels } : {}) };
}

const SIDECAR_SHAPE = 'a JSON object { classes?, input?: { layout?, size?, scale?, mean?, std? }, output?: { softmax? } }';

async function readSidecar(path: string): Promise<ModelMetadata> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ValidationError('model sidecar', path, `a readable file, or none; when present: ${SIDECAR_SHAPE}`, (err as Error).message);
  }
  let meta: unknown;
  try {
    meta = JSON.parse(text);
  } catch (err) {
    throw new ValidationError('model sidecar', path, SIDECAR_SHAPE, `not JSON: ${(err as Error).message}`);
  }
  return checkSidecar(meta, path);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumbers = (v: unknown, n: number) => Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number' && Number.isFinite(x));

/** Checks the types only: value ranges are the engine's to judge, with its own messages. */
function checkSidecar(meta: unknown, path: string): ModelMetadata {
  const bad = (key: string, value: unknown, allowed: string): never => {
    throw new ValidationError(`model sidecar ${key}`, value, allowed, `in ${path}`);
  };
  if (!isRecord(meta)) throw new ValidationError('model sidecar', path, SIDECAR_SHAPE, `it holds ${describeValue(meta)}`);
  const { classes, input, output } = meta;
  if (classes !== undefined && !(Array.isArray(classes) && classes.every((c) => typeof c === 'string'))) bad('classes', classes, 'an array of class names');
  if (input !== undefined) {
    if (!isRecord(input)) bad('input', input, 'an object { layout?, size?, scale?, mean?, std? }');
    const i = input as Record<string, unknown>;
    if (i.layout !== undefined && i.layout !== 'NCHW' && i.layout !== 'NHWC') bad('input.layout', i.layout, "'NCHW' or 'NHWC'");
    if (i.size !== undefined && !isNumbers(i.size, 2)) bad('input.size', i.size, '[height, width]');
    if (i.scale !== undefined && !(typeof i.scale === 'number' && Number.isFinite(i.scale))) bad('input.scale', i.scale, 'a number');
    if (i.mean !== undefined && !isNumbers(i.mean, 3)) bad('input.mean', i.mean, 'three numbers [r, g, b]');
    if (i.std !== undefined && !isNumbers(i.std, 3)) bad('input.std', i.std, 'three numbers [r, g, b]');
  }
  if (output !== undefined) {
    if (!isRecord(output)) bad('output', output, 'an object { softmax? }');
    const softmax = (output as Record<string, unknown>).softmax;
    if (softmax !== undefined && typeof softmax !== 'boolean') bad('output.softmax', softmax, 'true or false');
  }
  return meta as ModelMetadata;
}

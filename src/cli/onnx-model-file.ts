/**
 * Turns `--model model.onnx [--labels labels.txt]` into a model spec the engine
 * can load in its workers. Preprocessing and class names come from the model's
 * sidecar, a JSON file next to it (the demo model's layout), when there is one:
 * `OnnxImageClassifier.create` reads it in each worker, exactly as a library
 * caller's `{ onnx: { model } }` spec is read.
 *
 * @packageDocumentation
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ValidationError } from '../errors.js';
import { MissingFileError, isMissing } from './missing-file.js';
import type { OnnxModelSpec } from '../engine/model-source.js';
import { onnxSidecarPath, readOnnxSidecar } from '../models/onnx-sidecar.js';

/**
 * The model spec and class names of an ONNX file.
 *
 * The file must exist and be a regular file; whether it is ONNX is found out
 * when the engine loads it (a `ValidationError` for field `model`). The sidecar
 * is read here too, although the workers read it again: a malformed one then
 * stops the command before any work, and its classes name the config's labels.
 *
 * @throws {@link ValidationError} for a missing model, labels file, or a bad sidecar.
 */
export async function onnxModelFile(modelPath: string, labelsPath: string | undefined): Promise<{ spec: OnnxModelSpec; labels?: string[] }> {
  const model = resolve(modelPath);
  // stat, not a read: models run to hundreds of megabytes, and opening a FIFO would block.
  const info = await stat(model).catch((err: Error) => {
    if (isMissing(err)) throw new MissingFileError('--model', modelPath);
    throw new ValidationError('--model', modelPath, 'a readable .onnx file', err.message);
  });
  if (!info.isFile()) throw new ValidationError('--model', modelPath, 'a readable .onnx file', info.isDirectory() ? 'it is a folder' : 'not a regular file');
  const sidecar = await readOnnxSidecar(onnxSidecarPath(model));
  let labels = sidecar?.classes ? [...sidecar.classes] : undefined;
  let labelsFromFile = false;
  if (labelsPath !== undefined) {
    const text = await readFile(labelsPath, 'utf8').catch((err: Error) => {
      throw new ValidationError('--labels', labelsPath, 'a readable text file with one class name per line', err.message);
    });
    labels = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
    labelsFromFile = true;
  }
  // --labels overrides the sidecar's classes as any explicit option does.
  const spec: OnnxModelSpec = { onnx: { model, ...(labelsFromFile && labels ? { labels } : {}) } };
  return { spec, ...(labels ? { labels } : {}) };
}

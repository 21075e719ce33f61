/**
 * The sidecar of an ONNX model, read from a file: a JSON file next to it (`resnet.onnx` →
 * `resnet.json`) with its class names and the preprocessing it was trained
 * with. Read by {@link OnnxImageClassifier.create} and by the CLI alike, so a
 * model explains the same way from both; its checks are in `web/onnx/sidecar.ts`,
 * shared with the browser's classifier.
 *
 * @packageDocumentation
 */
import { readFile } from 'node:fs/promises';
import { ValidationError } from '../errors.js';
import { type OnnxSidecar, SIDECAR_SHAPE, parseOnnxSidecar } from '../web/onnx/sidecar.js';

export { onnxSidecarPath, sidecarOptions } from '../web/onnx/sidecar.js';
export type { OnnxSidecar, SidecarOptions } from '../web/onnx/sidecar.js';

/**
 * Reads and type-checks a sidecar.
 *
 * A sidecar that does not exist is `undefined` unless `required`; one that
 * exists but cannot be read, is not JSON or has a key of the wrong type is an
 * error, because silently ignoring it would explain the model with the wrong
 * preprocessing. Value ranges (a size of 0, a std of 0) are judged later, by
 * the classifier, in the sidecar's name too.
 *
 * @param required - whether a missing file is an error (field `sidecar`) rather than
 *   "no sidecar"; `false` when omitted.
 * @throws {@link ValidationError} naming the sidecar file (field `model sidecar`, or
 *   `model sidecar <key>` for a key of the wrong type).
 * @example
 * ```ts
 * const sidecar = await readOnnxSidecar(onnxSidecarPath('resnet50.onnx'));
 * console.log(sidecar?.classes?.length);
 * ```
 */
export async function readOnnxSidecar(path: string, required = false): Promise<OnnxSidecar | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !required) return undefined;
    if (required) throw new ValidationError('sidecar', path, `a readable JSON file: ${SIDECAR_SHAPE}`, (err as Error).message);
    throw new ValidationError('model sidecar', path, `a readable file, or none; when present: ${SIDECAR_SHAPE}`, (err as Error).message);
  }
  return parseOnnxSidecar(text, path);
}


/**
 * Turns `--model model.onnx [--labels labels.txt]` into a model spec the engine
 * can load in its workers. Preprocessing and class names come from a
 * `model.json` next to the model when there is one (the demo model's layout).
 *
 * @packageDocumentation
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ValidationError } from '../errors.js';
import type { OnnxModelSpec } from '../engine/model-source.js';

interface ModelMetadata {
  classes?: string[];
  input?: { layout?: 'NCHW' | 'NHWC'; size?: [number, number]; scale?: number; mean?: [number, number, number]; std?: [number, number, number] };
  output?: { softmax?: boolean };
}

/** The model spec and class names of an ONNX file. */
export async function onnxModelFile(modelPath: string, labelsPath: string | undefined): Promise<{ spec: OnnxModelSpec; labels?: string[] }> {
  const model = resolve(modelPath);
  try {
    await readFile(model).then((b) => b.subarray(0, 1));
  } catch (err) {
    throw new ValidationError('--model', modelPath, 'a readable .onnx file', (err as Error).message);
  }
  const meta = await readFile(model.replace(/\.onnx$/i, '.json'), 'utf8').then((t) => JSON.parse(t) as ModelMetadata, () => ({}) as ModelMetadata);
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

/**
 * Explains a list of input images, `concurrency` at a time, on the worker pool
 * (ONNX specs) or the main thread (model objects), writing each image's files as
 * soon as it is done. An image that fails is recorded, not thrown.
 *
 * @packageDocumentation
 */
import { AbortError, ClarifyError, throwIfAborted } from '../errors.js';
import type { ImageRecord } from './analysis-json.js';
import { type ImageTaskResult, type ImageTaskSettings, explainImageFile } from './image-task.js';
import type { ModelSource } from './model-source.js';
import type { RunProgressEvent } from './run-analysis.js';
import type { Storage } from './storage.js';
import { type WorkerPool, createWorkerPool } from './worker-pool.js';

/** What {@link explainAll} needs besides the inputs. */
export interface ExplainAllContext {
  readonly input: Storage;
  readonly output: Storage;
  readonly settings: ImageTaskSettings;
  readonly source: ModelSource;
  readonly concurrency: number;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((event: RunProgressEvent) => void) | undefined;
}

/** Returns one record per input, in input order; pushes every file written to `written`. */
export async function explainAll(inputs: readonly string[], written: string[], context: ExplainAllContext): Promise<ImageRecord[]> {
  const { input, output, settings, source, concurrency, signal } = context;
  const pool: WorkerPool | undefined = source.kind === 'classifier' && source.spec ? createWorkerPool(concurrency) : undefined;
  const records: ImageRecord[] = new Array(inputs.length);
  let next = 0;
  let done = 0;
  const one = async (file: string): Promise<ImageRecord> => {
    try {
      const bytes = await input.read(file, signal);
      let result: ImageTaskResult;
      if (pool && source.kind === 'classifier' && source.spec) {
        const answer = await pool.run({ file, bytes, settings, spec: source.spec }, signal);
        if ('failure' in answer) return { file, status: 'failed', ...answer.failure };
        result = answer;
      } else result = await explainImageFile(file, bytes, settings, source, signal);
      for (const f of result.files) {
        await output.write(f.path, f.body, signal);
        written.push(f.path);
      }
      return result.record;
    } catch (err) {
      throwIfAborted(signal);
      if (isAbort(err)) throw new AbortError('The run was aborted', { cause: err });
      // Only errors about this image are recorded; a bug or an AWS outage stops the run.
      if (!isImageFailure(err)) throw err;
      const e = err as Error;
      return { file, status: 'failed', error: e.name, reason: e.message };
    }
  };
  let stopped = false;
  const lane = async () => {
    while (!stopped && next < inputs.length) {
      throwIfAborted(signal);
      const i = next++;
      records[i] = await one(inputs[i]);
      done++;
      context.onProgress?.({ type: 'image', file: inputs[i], done, total: inputs.length, record: records[i] });
    }
  };
  // Settle every lane before closing the pool, so no task is cut off mid-write.
  const lanes = await Promise.allSettled(
    Array.from({ length: Math.min(concurrency, inputs.length) }, () => lane().catch((err: unknown) => {
      stopped = true;
      throw err;
    })),
  );
  await pool?.close();
  const failure = lanes.find((l): l is PromiseRejectedResult => l.status === 'rejected');
  if (failure) throw failure.reason;
  return records;
}

function isAbort(err: unknown): boolean {
  return err instanceof AbortError || (err instanceof Error && err.name === 'AbortError');
}

/** Errors that concern one image: its bytes, or the model's answer about it. */
function isImageFailure(err: unknown): boolean {
  return err instanceof ClarifyError;
}

/**
 * Explains a list of input images, `concurrency` at a time, on the worker pool
 * (ONNX specs) or the main thread (model objects), writing each image's files as
 * soon as it is done.
 *
 * Whatever goes wrong while one image is read, decoded or explained - a typed
 * error or not - becomes that image's failure record and the run goes on. Three
 * things stop the run instead: an abort; an error writing results, which
 * concerns every image (a full disk, a denied bucket); and `maxConsecutiveFailures`
 * images in a row failing for a reason other than their content (an endpoint that
 * went down fails every image the same way, so grinding through the rest helps nobody).
 *
 * @packageDocumentation
 */
import { AbortError, ClarifyError, ModelError, throwIfAborted } from '../errors.js';
import type { ImageRecord } from '../analysis/document.js';
import type { ImageRunner } from './image-runner.js';
import { type ImageTaskResult, type ImageTaskSettings, renderHeatMapFiles } from './image-task.js';
import type { RunProgressEvent } from './run-progress.js';
import type { Storage } from '../storage/storage.js';

/** What {@link explainAll} needs besides the inputs. */
export interface ExplainAllContext {
  readonly input: Storage;
  readonly output: Storage;
  readonly settings: ImageTaskSettings;
  /** Explains each image; the caller closes it. */
  readonly runner: ImageRunner;
  readonly concurrency: number;
  /** Each input's output stem (`assignOutputStems` over every input of the run). */
  readonly stems: ReadonlyMap<string, string>;
  /** The run stops after this many images in a row fail other than for their content. */
  readonly maxConsecutiveFailures: number;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((event: RunProgressEvent) => void) | undefined;
}

/** Returns one record per input, in input order; pushes every file written to `written`. */
export async function explainAll(inputs: readonly string[], written: string[], context: ExplainAllContext): Promise<ImageRecord[]> {
  const { input, output, runner, concurrency, signal } = context;
  const records: ImageRecord[] = new Array(inputs.length);
  let next = 0;
  let done = 0;
  let consecutive = 0;
  const one = async (file: string): Promise<ImageRecord> => {
    const settings = { ...context.settings, outputStem: context.stems.get(file) as string };
    let result: ImageTaskResult;
    try {
      const bytes = await input.read(file, signal);
      const answer = await runner.explain(file, bytes, settings, signal);
      if ('failure' in answer) return { file, status: 'failed', ...answer.failure };
      result = answer;
    } catch (err) {
      throwIfAborted(signal);
      if (isAbort(err)) throw new AbortError('The run was aborted', { cause: err });
      const e = err instanceof Error ? err : new Error(String(err));
      return { file, status: 'failed', error: e.name, reason: e.message };
    }
    for (const f of result.files) {
      await output.write(f.path, f.body, signal);
      written.push(f.path);
    }
    return result.record;
  };
  const count = (record: ImageRecord): void => {
    if (record.status === 'succeeded') consecutive = 0;
    else if (!CONTENT_FAILURES.has(record.error)) consecutive++;
    if (consecutive >= context.maxConsecutiveFailures && record.status === 'failed') {
      const message = `Stopped the run: ${consecutive} images in a row failed (the last, ${record.file}: ${record.error}: ${record.reason})`;
      throw record.error === 'ModelError' ? new ModelError(message) : new ClarifyError(message);
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
      count(records[i]);
    }
  };
  // Settle every lane before the caller closes the runner, so no task is cut off mid-write.
  const lanes = await Promise.allSettled(
    Array.from({ length: Math.min(concurrency, inputs.length) }, () => lane().catch((err: unknown) => {
      stopped = true;
      throw err;
    })),
  );
  const failure = lanes.find((l): l is PromiseRejectedResult => l.status === 'rejected');
  if (failure) throw failure.reason;
  return records;
}

/** The largest |φ| of every explanation and object of the records (0 when there is none). */
export function runMaxAbsPhi(records: readonly ImageRecord[]): number {
  let max = 0;
  for (const r of records) {
    if (r.status !== 'succeeded') continue;
    for (const e of [...(r.explanations ?? []), ...(r.objects ?? [])]) for (const v of e.shap_values) max = Math.max(max, Math.abs(v));
  }
  return max;
}

/**
 * Draws the heat maps of a run explained with `deferHeatMaps`, all at the run's
 * max |φ|, so that one colour means one φ on every image. The inputs are read and
 * decoded again, `concurrency` at a time (memory stays what explaining them took);
 * the label images come from the output. Returns the records with
 * `heat_map_scale` set; pushes every file written to `written`.
 *
 * @throws {@link ImageDecodeError} when an input changed since it was explained so that it no longer decodes to the same size.
 */
export async function renderSharedHeatMaps(records: readonly ImageRecord[], written: string[], context: Pick<ExplainAllContext, 'input' | 'output' | 'settings' | 'concurrency' | 'signal'>): Promise<ImageRecord[]> {
  const { input, output, signal } = context;
  const scale = runMaxAbsPhi(records);
  const out = [...records];
  let next = 0;
  let stopped = false;
  const lane = async () => {
    while (!stopped && next < out.length) {
      const i = next++;
      const record = out[i];
      if (record.status !== 'succeeded') continue;
      throwIfAborted(signal);
      const result = await renderHeatMapFiles(record, await input.read(record.file, signal), await output.read(record.label_image, signal), scale, {
        maxPixels: context.settings.maxPixels,
        ...(context.settings.segmentNumbers !== undefined ? { segmentNumbers: context.settings.segmentNumbers } : {}),
        ...(context.settings.fadeUncertain !== undefined ? { fadeUncertain: context.settings.fadeUncertain } : {}),
      });
      for (const f of result.files) {
        await output.write(f.path, f.body, signal);
        written.push(f.path);
      }
      out[i] = result.record;
    }
  };
  const lanes = await Promise.allSettled(
    Array.from({ length: Math.max(1, Math.min(context.concurrency, out.length)) }, () => lane().catch((err: unknown) => {
      stopped = true;
      throw err;
    })),
  );
  const failure = lanes.find((l): l is PromiseRejectedResult => l.status === 'rejected');
  if (failure) throw failure.reason;
  return out;
}

function isAbort(err: unknown): boolean {
  return err instanceof AbortError || (err instanceof Error && err.name === 'AbortError');
}

// Failures that say something about one image's bytes, not about the model or the storage.
const CONTENT_FAILURES = new Set(['ImageDecodeError', 'ImageTooLargeError']);

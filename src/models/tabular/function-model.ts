/**
 * A plain function as a tabular model: for tests and models that run in-process.
 *
 * @packageDocumentation
 */
import { ClarifyError, ModelError, ValidationError, throwIfAborted } from '../../errors.js';
import { type CallSite, checkPredictions, recordRange } from './check-predictions.js';
import type { LabelHeader, TabularModel, TabularPrediction, TabularRow } from './tabular-model.js';

/** A tabular model as a function: one prediction per row; may be synchronous. */
export type TabularModelFunction = (
  rows: readonly TabularRow[],
  signal?: AbortSignal,
) => readonly TabularPrediction[] | Promise<readonly TabularPrediction[]>;

/** Options of {@link functionTabularModel}. */
export interface FunctionTabularModelOptions {
  /**
   * Class names, index-aligned with the scores (Clarify's `label_headers`).
   * @default undefined (classes are known by index)
   */
  readonly labelHeaders?: readonly LabelHeader[];
  /**
   * What the model is called in messages.
   * @default 'function model'
   */
  readonly describe?: string;
  /**
   * Most rows per call of the function; more rows are split into several calls, in order.
   * @default all rows of a `predict` call at once
   */
  readonly maxBatch?: number;
}

/**
 * Wraps a function as a {@link TabularModel}. What the function returns is checked
 * (one prediction per row, finite scores of one length): a bad answer, or an error the
 * function throws, becomes a `ModelError` naming the call and the records.
 *
 * @example
 * ```ts
 * // A logistic model over two numeric features.
 * const model = functionTabularModel(
 *   (rows) => rows.map(([age, hours]) => {
 *     const p = 1 / (1 + Math.exp(-(0.05 * Number(age) + 0.02 * Number(hours) - 3)));
 *     return { label: p > 0.5 ? 1 : 0, scores: [p] };
 *   }),
 *   { labelHeaders: [1] },
 * );
 * const predictions = await model.predict([[45, 40], [22, 10]]);
 * ```
 */
export function functionTabularModel(predict: TabularModelFunction, options: FunctionTabularModelOptions = {}): TabularModel {
  if (typeof predict !== 'function') throw new ValidationError('predict', predict, 'a function (rows, signal) => predictions[]');
  if (options === null || typeof options !== 'object') throw new ValidationError('options', options, 'an object { labelHeaders?, describe?, maxBatch? }');
  const { labelHeaders, maxBatch } = options;
  if (labelHeaders !== undefined && (!Array.isArray(labelHeaders) || !labelHeaders.every((h) => typeof h === 'string' || typeof h === 'number'))) {
    throw new ValidationError('labelHeaders', labelHeaders, 'an array of class names (strings or numbers)');
  }
  if (maxBatch !== undefined && (!Number.isSafeInteger(maxBatch) || maxBatch < 1)) throw new ValidationError('maxBatch', maxBatch, 'an integer >= 1');
  const describe = options.describe ?? 'function model';
  let calls = 0;
  return {
    describe,
    ...(labelHeaders ? { labelHeaders } : {}),
    async predict(rows, signal) {
      const per = maxBatch ?? Math.max(1, rows.length);
      const out: TabularPrediction[] = [];
      for (let first = 0; first < rows.length; first += per) {
        throwIfAborted(signal);
        const chunk = rows.slice(first, first + per);
        const site = { model: describe, call: calls++, first, count: chunk.length };
        out.push(...checkPredictions(await callFunction(predict, chunk, signal, site), site));
      }
      return out;
    },
    dispose: async () => {},
  };
}

async function callFunction(
  predict: TabularModelFunction,
  rows: readonly TabularRow[],
  signal: AbortSignal | undefined,
  site: CallSite,
): Promise<unknown> {
  try {
    return await predict(rows, signal);
  } catch (err) {
    throwIfAborted(signal);
    if (err instanceof ClarifyError) throw err;
    throw new ModelError(`${site.model} call ${site.call} (${recordRange(site.first, site.count)}) failed: ${err instanceof Error ? err.message : String(err)}`, {
      call: site.call,
      index: site.first,
      cause: err,
    });
  }
}

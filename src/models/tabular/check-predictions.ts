/**
 * Checks what a tabular model call returned, so that every backend fails the same way:
 * a {@link ModelError} naming the model, the call and the records.
 *
 * @packageDocumentation
 */
import { ModelError, describeValue } from '../../errors.js';
import type { TabularPrediction } from './tabular-model.js';

/** Which model call a result came from, for messages. @internal */
export interface CallSite {
  /** The model, as its `describe` says (`endpoint my-endpoint`, `ONNX model m.onnx`). */
  readonly model: string;
  /** Zero-based number of the call (request, batch) within the model's life. */
  readonly call: number;
  /** Index of the call's first record among the rows of the `predict` call. */
  readonly first: number;
  /** How many records the call carried. */
  readonly count: number;
  /** The endpoint's name or URL, for endpoint models. */
  readonly endpoint?: string;
}

/** `record 4` or `records 0..99`: the rows of a call, zero-based and inclusive. @internal */
export function recordRange(first: number, count: number): string {
  return count === 1 ? `record ${first}` : `records ${first}..${first + count - 1}`;
}

/** A {@link ModelError} saying what the call at `site` returned. @internal */
export function callFailed(site: CallSite, what: string, index = site.first): ModelError {
  return new ModelError(`${site.model} call ${site.call} (${recordRange(site.first, site.count)}) returned ${what}`, {
    call: site.call,
    index,
    ...(site.endpoint !== undefined ? { endpoint: site.endpoint } : {}),
  });
}

const isLabel = (v: unknown): v is number | string => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

/**
 * Checks one call's predictions: an array of `site.count` objects, each with a label
 * (a string or a finite number) and/or scores (a non-empty array of finite numbers, of one
 * length across the call). Returns them as plain objects with `scores` as number arrays.
 *
 * @throws {@link ModelError} naming the call, the records and the first bad prediction.
 * @internal
 */
export function checkPredictions(value: unknown, site: CallSite): TabularPrediction[] {
  if (!Array.isArray(value)) throw callFailed(site, `${describeValue(value)}; expected an array of predictions`);
  if (value.length !== site.count) throw callFailed(site, `${value.length} predictions for ${site.count} rows`);
  let width: { length: number; at: number } | undefined;
  return value.map((p: unknown, i) => {
    const at = site.first + i;
    const bad = (what: string) => callFailed(site, `for record ${at} ${what}`, at);
    if (p === null || typeof p !== 'object') throw bad(`${describeValue(p)}; expected { label?, scores? }`);
    const { label, scores } = p as { label?: unknown; scores?: unknown };
    if (label !== undefined && !isLabel(label)) throw bad(`the label ${describeValue(label)}; expected a string or a finite number`);
    let checked: number[] | undefined;
    if (scores !== undefined) {
      const list = ArrayBuffer.isView(scores) ? Array.from(scores as unknown as ArrayLike<number>) : scores;
      if (!Array.isArray(list) || list.length === 0 || !list.every((s) => typeof s === 'number' && Number.isFinite(s))) {
        throw bad(`the scores ${describeValue(scores)}; expected a non-empty array of finite numbers`);
      }
      width ??= { length: list.length, at };
      if (list.length !== width.length) throw bad(`${list.length} scores where record ${width.at} has ${width.length}`);
      checked = list as number[];
    }
    if (label === undefined && checked === undefined) throw bad('neither a label nor scores');
    return { ...(label !== undefined ? { label: label as number | string } : {}), ...(checked ? { scores: checked } : {}) };
  });
}

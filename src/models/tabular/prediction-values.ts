/**
 * One record's prediction from the values a response holds for it: what `label` and
 * `probability` located, or, with neither, the record's whole output.
 *
 * @packageDocumentation
 */
import { describeValue } from '../../errors.js';
import type { TabularPrediction } from './tabular-model.js';

/** A response that does not read as the options say; `record` is the record it concerns, when one. @internal */
export class ResponseFormatError extends Error {
  constructor(
    message: string,
    readonly record?: number,
  ) {
    super(message);
    this.name = 'ResponseFormatError';
  }
}

/** What a response holds for one record. @internal */
export interface RecordValues {
  /** What `label` located (absent without a `label` option). */
  readonly label?: unknown;
  /** What `probability` located (absent without a `probability` option). */
  readonly probability?: unknown;
  /** The record's whole output, used when neither option is set. */
  readonly whole?: unknown;
}

const NUMBER = /^\s*[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|inf(?:inity)?|nan)\s*$/i;

/** A number, or a string that spells one (a CSV cell, a JSON model that quotes its scores). */
function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && NUMBER.test(value)) {
    const t = value.trim().toLowerCase().replace(/^\+/, '');
    if (t === 'nan') return Number.NaN;
    if (/^-?inf(inity)?$/.test(t)) return t.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    return Number(t);
  }
  return undefined;
}

/** Scores from a number or a list of numbers; undefined for anything else. */
function toScores(value: unknown): number[] | undefined {
  const one = toNumber(value);
  if (one !== undefined) return [one];
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const list = value.map(toNumber);
  return list.every((v) => v !== undefined) ? (list as number[]) : undefined;
}

const argmax = (values: readonly number[]) => values.reduce((best, v, i) => (v > values[best] ? i : best), 0);

/**
 * Builds the prediction of record `index`:
 * - `probability` located a number or a list of numbers: the scores;
 * - `label` located a string or a number: the label; a list of labels (with scores of
 *   the same length): the label of the highest score, as Clarify picks it;
 * - neither option: a number or a list of numbers is the scores (Clarify: "the entire
 *   model output is taken as the probabilities"), a string the label.
 *
 * @throws {@link ResponseFormatError} naming the record and what was found.
 * @internal
 */
export function predictionFromValues(values: RecordValues, index: number, what: { label?: string; probability?: string }): TabularPrediction {
  const fail = (message: string) => new ResponseFormatError(`for record ${index} ${message}`, index);
  const hasLabel = 'label' in values;
  const hasProbability = 'probability' in values;
  if (!hasLabel && !hasProbability) {
    const scores = toScores(values.whole);
    if (scores) return { scores };
    if (typeof values.whole === 'string') return { label: values.whole };
    throw fail(`${describeValue(values.whole)}; expected a score, a list of scores or a label (set label or probability to pick them out)`);
  }
  let scores: number[] | undefined;
  if (hasProbability) {
    scores = toScores(values.probability);
    if (!scores) throw fail(`${describeValue(values.probability)} at probability ${what.probability}; expected a score or a list of scores`);
  }
  if (!hasLabel) return { scores: scores as number[] };
  const label = values.label;
  if (typeof label === 'string' || (typeof label === 'number' && Number.isFinite(label))) return { label, ...(scores ? { scores } : {}) };
  if (Array.isArray(label) && label.length > 0 && label.every((l) => typeof l === 'string' || typeof l === 'number')) {
    if (!scores) throw fail(`a list of labels ${describeValue(label)} at label ${what.label}; a list needs probability, to pick the label of the highest score`);
    if (scores.length !== label.length) throw fail(`${label.length} labels at label ${what.label} but ${scores.length} scores at probability ${what.probability}`);
    return { label: label[argmax(scores)] as string | number, scores };
  }
  throw fail(`${describeValue(label)} at label ${what.label}; expected a label (a string or a number) or a list of labels`);
}

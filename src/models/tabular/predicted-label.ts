/**
 * The predicted label Clarify's post-training bias analysis takes from a prediction.
 *
 * @packageDocumentation
 */
import type { LabelHeader, TabularPrediction } from './tabular-model.js';

/** Options of {@link predictedLabel}. */
export interface PredictedLabelOptions {
  /**
   * Class names, index-aligned with the scores (Clarify's `label_headers`).
   * @default undefined (the label of several scores is the index of the highest)
   */
  readonly labelHeaders?: readonly LabelHeader[];
  /**
   * Clarify's `probability_threshold`, for a binary classifier: a numeric prediction (a
   * label that is a number, or a single score) above it becomes `1`, at or below it `0`.
   * Leave it out for a regressor or a multiclass model, whose numeric labels stand as they are.
   * @default undefined (no thresholding; Clarify's own default is 0.5, for binary classifiers)
   */
  readonly probabilityThreshold?: number;
}

const argmax = (values: readonly number[]) => values.reduce((best, v, i) => (v > values[best] ? i : best), 0);

/**
 * The predicted label of one prediction, as Clarify derives it:
 * - the model's label when it gave one (thresholded when `probabilityThreshold` is set and
 *   the label is a number: Clarify's `label="probability"` example);
 * - else, from a single score: `1` or `0` by `probabilityThreshold`, or the score itself
 *   (a regressor's value) without one;
 * - else, from several scores: the label header of the highest (its index without headers).
 *
 * @returns `undefined` for a prediction with neither label nor scores.
 * @example
 * ```ts
 * predictedLabel({ scores: [0.1, 0.6, 0.3] }, { labelHeaders: ['cat', 'dog', 'fish'] }); // 'dog'
 * predictedLabel({ scores: [0.3] }, { probabilityThreshold: 0.5 });                        // 0
 * predictedLabel({ label: 0.7 }, { probabilityThreshold: 0.5 });                           // 1
 * ```
 */
export function predictedLabel(prediction: TabularPrediction, options: PredictedLabelOptions = {}): number | string | undefined {
  const { label, scores } = prediction;
  const threshold = options.probabilityThreshold;
  if (label !== undefined) return typeof label === 'number' && threshold !== undefined ? (label > threshold ? 1 : 0) : label;
  if (scores === undefined || scores.length === 0) return undefined;
  if (scores.length === 1) return threshold !== undefined ? (scores[0] > threshold ? 1 : 0) : scores[0];
  const best = argmax(scores);
  return options.labelHeaders?.[best] ?? best;
}

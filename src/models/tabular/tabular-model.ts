/**
 * The interface every tabular model backend implements: rows of feature values in,
 * per row what Clarify reads from a prediction out.
 *
 * @packageDocumentation
 */
import type { TabularRow, TabularValue } from '../../explain/tabular/tabular-predictor.js';

/**
 * One record: its feature values (numbers, strings, booleans), in feature order, the label
 * and excluded columns left out. The same types as the explanations' (`clarify-ts/explain`).
 */
export type { TabularRow, TabularValue };

/** A class name of `label_headers`: Clarify allows strings and ints. */
export type LabelHeader = string | number;

/**
 * What Clarify reads from one prediction: a predicted label, scores, or both.
 *
 * - `label`: the predicted label as the model gives it (a class, or a regression value,
 *   or a probability that `probability_threshold` is meant to turn into 0/1; see
 *   {@link predictedLabel}).
 * - `scores`: the probabilities or scores, one per class, index-aligned with the
 *   model's `labelHeaders`; one number for a binary classifier or a regressor.
 *
 * A model that answers a list of labels with their probabilities (`label` pointing at
 * `["cat", "dog"]`, `probability` at `[0.3, 0.7]`) has its label chosen as Clarify
 * does: the one of highest probability.
 */
export interface TabularPrediction {
  readonly label?: number | string;
  readonly scores?: readonly number[];
}

/**
 * A tabular model: what post-training bias (predicted labels) and SHAP or PDP (scores)
 * call. Implementations check what they return: one prediction per row, finite
 * scores of one length per call, else a `ModelError` naming the rows.
 *
 * @example
 * ```ts
 * const model = functionTabularModel((rows) => rows.map((r) => ({ scores: [Number(r[0]) > 40 ? 0.8 : 0.3] })));
 * const [prediction] = await model.predict([[45, 'Private']]); // { scores: [0.8] }
 * await model.dispose();
 * ```
 */
export interface TabularModel {
  /**
   * One prediction per row, in order. Rows may be split into several model calls
   * (batches, requests); a failing call rejects the whole promise with a `ModelError`.
   */
  predict(rows: readonly TabularRow[], signal?: AbortSignal): Promise<TabularPrediction[]>;
  /** Class names (Clarify's `label_headers`), index-aligned with `scores`, when known. */
  readonly labelHeaders?: readonly LabelHeader[];
  /** What the model is, for messages and logs: `ONNX model m.onnx`, `endpoint my-endpoint`, … */
  readonly describe: string;
  /** Releases what the model holds (an ONNX session, a temporary endpoint); calling it twice is harmless. */
  dispose(): Promise<void>;
}

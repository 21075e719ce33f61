/**
 * A {@link TabularModel} as the function the tabular explanations call
 * (`TabularPredictor` of `clarify-ts/explain`): one vector of numbers per row.
 *
 * @packageDocumentation
 */
import { ModelError, describeValue } from '../../errors.js';
import type { TabularPredictor } from '../../explain/tabular/tabular-predictor.js';
import type { TabularModel } from './tabular-model.js';

/**
 * What the explanations explain: the scores (probabilities: Clarify's SHAP and PDP read
 * `probability`), or the label as a single number (a regressor's value, a model that
 * answers only a numeric label).
 */
export type ExplainedOutput = 'scores' | 'label';

/**
 * Adapts a model to `TabularPredictor`: `'scores'` gives each row's scores, `'label'` a
 * one-number vector of its label.
 *
 * @throws (from the predictor) {@link ModelError} naming the record when a prediction
 *   lacks what is asked: scores (set the predictor's `probability`), or a numeric label.
 * @example
 * ```ts
 * const predictor = asTabularPredictor(model, 'scores');
 * const explanation = await explainTabularRecord({ record, baseline, predictor, numSamples: 2000 });
 * ```
 */
export function asTabularPredictor(model: TabularModel, which: ExplainedOutput): TabularPredictor {
  return async (rows, signal) => {
    const predictions = await model.predict(rows, signal);
    return predictions.map((p, i) => {
      if (which === 'scores') {
        if (p.scores === undefined) {
          throw new ModelError(`${model.describe} gave no scores for record ${i} (only the label ${describeValue(p.label)}); explanations need scores: set the predictor's probability`, { index: i });
        }
        return p.scores;
      }
      if (typeof p.label !== 'number') {
        throw new ModelError(`${model.describe} gave ${p.label === undefined ? 'no label' : `the label ${describeValue(p.label)}, not a number,`} for record ${i}; explain its scores instead`, { index: i });
      }
      return [p.label];
    });
  };
}

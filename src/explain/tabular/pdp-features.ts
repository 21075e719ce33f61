/**
 * Which features get a partial dependence plot: Clarify's `methods.pdp.features`, or the
 * `top_k_features` of the global SHAP ranking.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../../errors.js';

/** Options of {@link selectPdpFeatures}. */
export interface PdpFeatureSelection {
  /**
   * The features' column indices when the config names them (Clarify's `features`); used as given.
   * @default undefined (chosen from the SHAP ranking)
   */
  readonly features?: readonly number[] | undefined;
  /**
   * Global SHAP values `[output][feature]`, to rank features by when `features` is absent.
   * @default undefined (then `features` is required)
   */
  readonly globalShapValues?: readonly ArrayLike<number>[] | undefined;
  /**
   * Features taken from the ranking (Clarify's `top_k_features`).
   * @default 10
   */
  readonly topK?: number | undefined;
}

/**
 * The features to plot: `features` when given; otherwise the `topK` features of largest
 * global SHAP value. Clarify documents only "the top k features based on SHAP
 * attributions"; with several outputs, this ranks by Σ over outputs of |global value|
 * (the absolute value matters for `median`, whose values are signed), ties to the lower
 * index. Clarify requires `features` when SHAP is not computed; so does this.
 *
 * @example
 * ```ts
 * import { selectPdpFeatures } from 'clarify-ts/explain';
 *
 * selectPdpFeatures({ globalShapValues: [[0.1, 0.5, 0.3]], topK: 2 }); // [1, 2]
 * ```
 */
export function selectPdpFeatures(selection: PdpFeatureSelection): number[] {
  const { features, globalShapValues } = selection;
  if (features !== undefined) {
    if (!Array.isArray(features) || features.some((j) => typeof j !== 'number' || !Number.isSafeInteger(j) || j < 0)) {
      throw new ValidationError('features', features, 'an array of column indices');
    }
    return [...features];
  }
  if (!Array.isArray(globalShapValues) || globalShapValues.length === 0) {
    throw new ValidationError('features', features, 'the features to plot, or globalShapValues to choose them by (Clarify needs pdp.features when SHAP is not computed)');
  }
  const topK = selection.topK ?? 10;
  if (typeof topK !== 'number' || !Number.isSafeInteger(topK) || topK < 1) {
    throw new ValidationError('topK', topK, 'an integer >= 1');
  }
  const P = globalShapValues[0].length;
  const score = new Float64Array(P);
  for (const values of globalShapValues) {
    if (values.length !== P) throw new ValidationError('globalShapValues', globalShapValues, `${P} values per output`);
    for (let j = 0; j < P; j++) score[j] += Math.abs(values[j]);
  }
  return Array.from({ length: P }, (_, j) => j)
    .sort((a, b) => score[b] - score[a] || a - b)
    .slice(0, topK);
}

/**
 * What each bias metric's value says, in plain words, for the reports' tables: its
 * range, and what its sign and size mean. Written from smclarify's formulas (which
 * the engine reproduces, `src/bias/metrics.ts`) and AWS's pages on the pre- and
 * post-training metrics (`clarify-measure-data-bias`, `clarify-measure-post-training-bias`).
 *
 * The words: "the facet value" is the rows a table is about (those whose facet column
 * holds the table's value, one of its values, or a value in its interval: Clarify's
 * facet d); "the rest" is every other row (facet a); "positive" is a label or
 * prediction equal to one of the section's label values, or inside its threshold interval; a "label
 * distribution" is a side's shares of positive and negative labels.
 *
 * ASCII only: the PDF's standard fonts draw nothing else.
 *
 * @packageDocumentation
 */
import type { BiasMetricName } from '../../bias/metric-names.js';

/** Each metric's range and the meaning of its sign and size, keyed by its short name. */
export const METRIC_MEANINGS: Readonly<Record<BiasMetricName, string>> = {
  // Pre-training: the labels of the dataset.
  CI:
    'From -1 to 1. Positive: the facet value has fewer rows than the rest (it is under-represented); ' +
    'negative: it has more; 0: as many.',
  DPL:
    'From -1 to 1: the rest\'s share of positive labels minus the facet value\'s. Positive: the facet value ' +
    'has positive labels less often than the rest; negative: more often; 0: equally often.',
  KL:
    '0 or more, no upper bound: how far the rest\'s label distribution is from the facet value\'s (not symmetric). ' +
    '0: the same distribution; larger: more different.',
  JS:
    'From 0 to ln 2 (0.693): a symmetric distance between the label distributions of the facet value and the rest. ' +
    '0: the same distribution; larger: more different.',
  LP:
    'From 0 to sqrt(2) (1.41): the Euclidean distance between the label distributions of the facet value and the rest. ' +
    '0: the same distribution; larger: more different. It has no sign.',
  TVD:
    'From 0 to 1: half the summed differences between the label distributions of the facet value and the rest. ' +
    '0: the same distribution; larger: more different.',
  KS:
    'From 0 to 1: the larger of the differences between the facet value and the rest in their shares of positive labels and of negative labels. ' +
    '0: the same distribution; larger: more different.',
  CDDL:
    'From -1 to 1: within each group of the config\'s group_variable, the facet value\'s share of the negative labels ' +
    'minus its share of the positive labels, averaged with the groups\' sizes as weights. Positive: the facet value ' +
    'holds more of the rejections than of the acceptances even within groups; negative: the reverse; 0: neither.',
  // Post-training: the model's predictions, against the labels.
  DPPL:
    'From -1 to 1: DPL on the predictions. Positive: the model predicts positive less often for the facet value ' +
    'than for the rest; negative: more often. Compared with DPL, it shows whether the model widens or narrows the gap in the labels.',
  DI:
    '0 or more: the facet value\'s rate of positive predictions divided by the rest\'s. 1: parity; below 1: the ' +
    'facet value is predicted positive less often than the rest; above 1: more often.',
  DCA:
    'Positive labels per positive prediction, the rest\'s minus the facet value\'s. Positive: relative to its labels, ' +
    'the model accepts the facet value more readily than the rest; negative: it accepts the facet value less than its ' +
    'labels suggest, compared with the rest; 0: alike.',
  DCR:
    'Negative labels per negative prediction, the facet value\'s minus the rest\'s. Positive: relative to its labels, ' +
    'the model rejects the facet value less than the rest; negative: it rejects the facet value more than its labels ' +
    'suggest, compared with the rest; 0: alike.',
  RD:
    'From -1 to 1: recall (the share of positive labels predicted positive), the rest\'s minus the facet value\'s. ' +
    'Positive: the model misses more of the facet value\'s positives; negative: more of the rest\'s; 0: alike.',
  SD:
    'From -1 to 1: specificity (the share of negative labels predicted negative), the facet value\'s minus the rest\'s. ' +
    'Positive: the rest gets more false positives than the facet value; negative: the facet value gets more; 0: alike.',
  DAR:
    'From -1 to 1: precision (the share of positive predictions whose label is positive), the rest\'s minus the facet ' +
    'value\'s. Positive: the facet value\'s positive predictions are right less often; negative: the rest\'s are; 0: alike.',
  DRR:
    'From -1 to 1: the share of negative predictions whose label is negative, the facet value\'s minus the rest\'s. ' +
    'Positive: the rest\'s rejections are wrong more often (they reject more positives); negative: the facet value\'s are; 0: alike.',
  AD:
    'From -1 to 1: accuracy, the rest\'s minus the facet value\'s. Positive: the model is less accurate for the facet ' +
    'value than for the rest; negative: more accurate; 0: alike.',
  TE:
    'False negatives per false positive, the facet value\'s minus the rest\'s. Positive: the facet value\'s errors lean ' +
    'more towards wrongful rejections than the rest\'s; negative: towards wrongful acceptances; 0: the same balance. ' +
    'Infinite when a side has false negatives but no false positives.',
  CDDPL:
    'From -1 to 1: CDDL on the predictions. Positive: within the groups of group_variable, the facet value receives ' +
    'more of the predicted rejections than of the predicted acceptances; negative: the reverse; 0: neither.',
  FT:
    'From -1 to 1: each facet-value row is compared with the predictions for its nearest rows of the rest (k-NN on ' +
    'the other columns); (rows the model accepts though their neighbours are rejected, minus rows it rejects though ' +
    'their neighbours are accepted) per facet-value row. Positive: the model treats the facet value more favourably ' +
    'than similar rows of the rest; negative: less favourably; 0: alike.',
  GE:
    '0 or more: how unequally the model\'s benefit is spread over all rows (a wrongful acceptance benefits most, a ' +
    'wrongful rejection least). 0: everyone benefits alike; larger: more unequal. It does not depend on the facet.',
};

/**
 * The meaning of a metric by its short name, or `undefined` for a name the reports do
 * not know (an `analysis.json` from a newer Clarify).
 */
export function metricMeaning(name: string): string | undefined {
  return Object.hasOwn(METRIC_MEANINGS, name) ? METRIC_MEANINGS[name as BiasMetricName] : undefined;
}

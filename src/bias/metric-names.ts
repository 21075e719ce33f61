/**
 * The bias metrics Clarify computes (smclarify's registry) and the description each carries
 * in analysis.json (the first line of smclarify's docstring, spelling included).
 *
 * @packageDocumentation
 */

/** Pre-training metric names, in smclarify's order (alphabetical). */
export const PRE_TRAINING_METRICS = ['CDDL', 'CI', 'DPL', 'JS', 'KL', 'KS', 'LP', 'TVD'] as const;

/** Post-training metric names, in smclarify's order (alphabetical). */
export const POST_TRAINING_METRICS = ['AD', 'CDDPL', 'DAR', 'DCA', 'DCR', 'DI', 'DPPL', 'DRR', 'FT', 'GE', 'RD', 'SD', 'TE'] as const;

/** A pre-training metric. */
export type PreTrainingMetric = (typeof PRE_TRAINING_METRICS)[number];

/** A post-training metric. */
export type PostTrainingMetric = (typeof POST_TRAINING_METRICS)[number];

/** Any bias metric. */
export type BiasMetricName = PreTrainingMetric | PostTrainingMetric;

/** Each metric's `description` in analysis.json. */
export const METRIC_DESCRIPTIONS: Readonly<Record<BiasMetricName, string>> = {
  CDDL: 'Conditional Demographic Disparity in Labels (CDDL)',
  CI: 'Class Imbalance (CI)',
  DPL: 'Difference in Positive Proportions in Labels (DPL)',
  JS: 'Jensen-Shannon Divergence (JS)',
  KL: 'Kullback-Liebler Divergence (KL)',
  KS: 'Kolmogorov-Smirnov Distance (KS)',
  LP: 'L-p Norm (LP)',
  TVD: 'Total Variation Distance (TVD)',
  AD: 'Accuracy Difference (AD)',
  CDDPL: 'Conditional Demographic Disparity in Predicted Labels (CDDPL)',
  DAR: 'Difference in Acceptance Rates (DAR)',
  DCA: 'Difference in Conditional Acceptance (DCA)',
  DCR: 'Difference in Conditional Rejection (DCR)',
  DI: 'Disparate Impact (DI)',
  DPPL: 'Difference in Positive Proportions in Predicted Labels (DPPL)',
  DRR: 'Difference in Rejection Rates (DRR)',
  FT: 'Flip Test (FT)',
  GE: 'Generalized Entropy (GE)',
  RD: 'Recall Difference (RD)',
  SD: 'Specificity Difference (SD)',
  TE: 'Treatment Equality (TE)',
};

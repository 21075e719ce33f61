/**
 * Which analyses of a tabular analysis config the engine runs, checked before any data is
 * read, and how a run is routed: images to `runAnalysis`, tables to `runTabularAnalysis`.
 *
 * @packageDocumentation
 */
import type { AnalysisConfig } from '../clarify/analysis-config.js';
import { ValidationError } from '../errors.js';
import { type TabularExplainSettings, tabularExplainSettings } from './tabular-explain-settings.js';

/** Whether the config's `dataset_type` is a table (CSV, JSON Lines, Parquet, JSON) rather than images. */
export function isTabularConfig(config: AnalysisConfig): boolean {
  return String(config.dataset_type).toLowerCase() !== 'application/x-image';
}

/** What a tabular run does. */
export interface TabularPlan {
  /** Pre- and/or post-training bias metrics. */
  readonly bias: boolean;
  /** Post-training bias takes its predicted labels from the model (no `predicted_label` column). */
  readonly predictionsFromModel: boolean;
  /** SHAP and/or PDP. */
  readonly explain?: TabularExplainSettings;
  /** Whether the model is called at all. */
  readonly needsModel: boolean;
}

/**
 * The analyses of a tabular config: bias (`pre_training_bias`, `post_training_bias`) and
 * explanations (`shap`, `pdp`); `report` is accepted (the reports are always written).
 *
 * @throws {@link ValidationError} naming the config key, for a config with no analysis the
 *   engine runs or explanation settings it cannot honour (see `tabularExplainSettings`).
 */
export function tabularPlan(config: AnalysisConfig): TabularPlan {
  const methods = config.methods as Record<string, unknown>;
  const bias = methods['pre_training_bias'] !== undefined || methods['post_training_bias'] !== undefined;
  const wantsExplain = methods['shap'] !== undefined || methods['pdp'] !== undefined || methods['asymmetric_shapley_value'] !== undefined;
  if (!bias && !wantsExplain) {
    throw new ValidationError('$.methods', methods, 'pre_training_bias, post_training_bias, shap and/or pdp (the analyses the engine runs on tabular data)');
  }
  const explain = wantsExplain ? tabularExplainSettings(config) : undefined;
  const predictionsFromModel = methods['post_training_bias'] !== undefined && config.predicted_label === undefined;
  return { bias, predictionsFromModel, ...(explain ? { explain } : {}), needsModel: explain !== undefined || predictionsFromModel };
}

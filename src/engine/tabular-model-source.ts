/**
 * The model of a tabular run: the predictor of the config resolved to a backend (a local
 * model, an endpoint, or a shadow endpoint of a SageMaker model), what its outputs are
 * called, and the predicted labels it gives post-training bias.
 *
 * @packageDocumentation
 */
import type { AnalysisConfig } from '../clarify/analysis-config.js';
import { ModelError, ValidationError } from '../errors.js';
import type { TabularPredictor, TabularRow } from '../explain/tabular/tabular-predictor.js';
import { defaultLabelNames } from '../analysis/tabular-explanations.js';
import { asTabularPredictor } from '../models/tabular/as-tabular-predictor.js';
import { type LocalTabularModel, type TabularModelSourceOptions, checkTabularPredictor, tabularModelFromPredictorConfig } from '../models/tabular/from-predictor-config.js';
import { predictedLabel } from '../models/tabular/predicted-label.js';
import type { TabularModel } from '../models/tabular/tabular-model.js';
import type { Session } from '../sagemaker/session.js';
import { createShadowEndpoint } from './shadow-endpoint.js';

/** Where the models of a tabular run come from. */
export interface TabularModelOptions {
  readonly models?: Readonly<Record<string, LocalTabularModel>> | undefined;
  readonly session?: Session | undefined;
  /** The features' names in row order (for templates and messages). */
  readonly featureNames?: readonly string[] | undefined;
  readonly signal?: AbortSignal | undefined;
}

function sourceOptions(config: AnalysisConfig, options: TabularModelOptions): TabularModelSourceOptions {
  const session = options.session;
  return {
    datasetType: String(config.dataset_type),
    ...(options.models ? { models: options.models } : {}),
    ...(session ? { session } : {}),
    ...(options.featureNames ? { featureNames: options.featureNames } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(session
      ? {
          hostModel: (p, signal) => createShadowEndpoint(session, {
            modelName: p.model_name as string,
            instanceType: p.instance_type,
            initialInstanceCount: p.initial_instance_count === undefined ? undefined : Number(p.initial_instance_count),
            acceleratorType: p.accelerator_type,
            ...(signal ? { signal } : {}),
          }),
        }
      : {}),
  };
}

/**
 * Checks the config's predictor for a tabular run, calling nothing.
 *
 * @throws {@link ValidationError} naming `$.predictor…` (or `models.<name>`).
 */
export function checkTabularModel(config: AnalysisConfig, options: TabularModelOptions): void {
  if (config.predictor === undefined) throw new ValidationError('$.predictor', undefined, 'a predictor (endpoint_name or model_name): SHAP, PDP and post-training bias without predicted_label call the model');
  checkTabularPredictor(config.predictor, sourceOptions(config, options));
}

/** Opens the config's model (a shadow endpoint is created here; `dispose` deletes it). */
export function openTabularModel(config: AnalysisConfig, options: TabularModelOptions): Promise<TabularModel> {
  return tabularModelFromPredictorConfig(config.predictor as NonNullable<AnalysisConfig['predictor']>, sourceOptions(config, options));
}

/** What the explanations explain, found from one prediction. */
export interface ExplainedOutputs {
  readonly predict: TabularPredictor;
  /** One name per output: `label_headers` when they match the scores, else `label0`, `label1`, … */
  readonly labels: string[];
}

/**
 * The model's outputs to explain, as Clarify reads them: the scores (probabilities) when
 * the model gives scores, else its label as one number (a regressor's value). Asks the
 * model about one record to know which.
 *
 * @throws {@link ModelError} when the model gives neither scores nor a numeric label.
 */
export async function explainedOutputs(model: TabularModel, record: TabularRow, config: AnalysisConfig, signal?: AbortSignal): Promise<ExplainedOutputs> {
  const [first] = await model.predict([record], signal);
  if (first?.scores !== undefined) {
    const headers = config.predictor?.label_headers;
    const labels = headers !== undefined && headers.length === first.scores.length ? headers.map(String) : defaultLabelNames(first.scores.length);
    return { predict: asTabularPredictor(model, 'scores'), labels };
  }
  if (typeof first?.label === 'number') return { predict: asTabularPredictor(model, 'label'), labels: defaultLabelNames(1) };
  throw new ModelError(`${model.describe} gave neither scores nor a numeric label for record 0; SHAP and PDP explain scores (set the predictor's probability) or a numeric label`, { index: 0 });
}

/**
 * The predicted label of every record, for post-training bias with a model: Clarify's
 * rules (`predictedLabel`), with `probability_threshold` (default 0.5) turning one score,
 * or a numeric label when the config sets a threshold, into 1 or 0.
 *
 * @throws {@link ModelError} for a prediction that gives no label.
 */
export async function predictLabels(model: TabularModel, rows: readonly TabularRow[], config: AnalysisConfig, signal?: AbortSignal): Promise<(number | string)[]> {
  const configured = config.probability_threshold === undefined ? undefined : Number(config.probability_threshold);
  const headers = config.predictor?.label_headers ?? model.labelHeaders;
  const predictions = await model.predict(rows, signal);
  return predictions.map((p, i) => {
    const single = p.label === undefined && p.scores?.length === 1;
    const threshold = single ? configured ?? 0.5 : typeof p.label === 'number' ? configured : undefined;
    const label = predictedLabel(p, { ...(headers ? { labelHeaders: headers } : {}), ...(threshold !== undefined ? { probabilityThreshold: threshold } : {}) });
    if (label === undefined) throw new ModelError(`${model.describe} gave no label and no scores for record ${i}`, { index: i });
    return label;
  });
}

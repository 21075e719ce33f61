/**
 * `LocalClarifyProcessor`: `SageMakerClarifyProcessor`'s `run*` methods run in this
 * process by the clarify-ts engine: the same config objects, the same analysis config
 * (the bytes the cloud processor uploads), the same output layout, no processing job.
 */
import type { AnalysisConfig } from '../clarify/analysis-config.js';
import { analysisConfigToJson } from '../clarify/analysis-config-json.js';
import { AnalysisConfigGenerator, type ExplainabilityConfigs, type ModelScores } from '../clarify/analysis-config-generator.js';
import type { BiasConfig } from '../clarify/bias-config.js';
import { DataConfig } from '../clarify/data-config.js';
import type { ModelConfig } from '../clarify/model-config.js';
import type {
  RunBiasAndExplainabilityOptions,
  RunBiasOptions,
  RunExplainabilityOptions,
  RunPostTrainingBiasOptions,
  RunPreTrainingBiasOptions,
} from '../clarify/processor.js';
import { ValidationError } from '../errors.js';
import type { Session } from '../sagemaker/session.js';
import type { LocalModel } from './model-source.js';
import { type RunAnalysisResult, runAnalysis } from './run-analysis.js';
import type { RunProgressEvent } from './run-progress.js';
import type { LocalTabularModel } from '../models/tabular/from-predictor-config.js';
import { type RunTabularAnalysisResult, type TabularProgressEvent, runTabularAnalysis } from './run-tabular-analysis.js';

/** Options of {@link LocalClarifyProcessor}. */
export interface LocalClarifyProcessorOptions {
  /** Models for `ModelConfig({ modelName })`, by name (image explanations). @default {} */
  readonly models?: Readonly<Record<string, LocalModel>>;
  /**
   * Models for `ModelConfig({ modelName })` of tabular runs (SHAP, PDP, post-training bias
   * without a predicted-label column), by name: a `TabularModel` or `{ onnx: { model } }`.
   * @default {}
   */
  readonly tabularModels?: Readonly<Record<string, LocalTabularModel>>;
  /** AWS access for S3 paths, endpoints, and shadow endpoints of SageMaker models. @default none (local paths and models) */
  readonly session?: Session;
  /** Images explained at once. @default the number of CPU cores */
  readonly concurrency?: number;
  /** Called when an image run starts and after each image. @default none */
  readonly onProgress?: (event: RunProgressEvent) => void;
  /** Called when a bias run has profiled the dataset, and after each counted batch of rows. @default none */
  readonly onTabularProgress?: (event: TabularProgressEvent) => void;
}

/** Options of {@link LocalClarifyProcessor.runPreTrainingBias}: the cloud method's `methods`, and `signal`. */
export type LocalPreTrainingBiasOptions = Pick<RunPreTrainingBiasOptions, 'methods' | 'signal'>;

/** Options of {@link LocalClarifyProcessor.runPostTrainingBias}: the cloud method's `methods`, and `signal`. */
export type LocalPostTrainingBiasOptions = Pick<RunPostTrainingBiasOptions, 'methods' | 'signal'>;

/** Options of {@link LocalClarifyProcessor.runBias}: the cloud method's metric lists, and `signal`. */
export type LocalBiasOptions = Pick<RunBiasOptions, 'preTrainingMethods' | 'postTrainingMethods' | 'signal'>;

/** Options of {@link LocalClarifyProcessor.runBiasAndExplainability}: the cloud method's metric lists and label config, and `signal`. */
export type LocalBiasAndExplainabilityOptions = Pick<
  RunBiasAndExplainabilityOptions,
  'preTrainingMethods' | 'postTrainingMethods' | 'modelPredictedLabelConfig' | 'signal'
>;

/** Options of {@link LocalClarifyProcessor.runExplainability}: the cloud method's `modelScores`, and `signal`. */
export type LocalExplainabilityOptions = Pick<RunExplainabilityOptions, 'modelScores' | 'signal'>;

/**
 * Runs Clarify analyses locally, with `SageMakerClarifyProcessor`'s methods, parameters
 * and config objects: bias metrics and explanations (SHAP, PDP) of tabular data (CSV,
 * JSON Lines, Parquet) and explanations of images. Each method builds the analysis config the cloud processor
 * would upload, byte for byte, and hands those bytes to the engine (`runTabularAnalysis`
 * for tables, `runAnalysis` for images), which writes Clarify's output layout under
 * `dataConfig.s3OutputPath`.
 *
 * `dataConfig.s3DataInputPath` may be a local file or folder or an `s3://` URI, and
 * `s3OutputPath` a local folder or an `s3://` prefix (`s3://` needs a `session`).
 * Post-training bias reads the model's predictions from the dataset's predicted-label
 * column (`DataConfig({ predictedLabel })`) or, without one, asks the model; SHAP and PDP
 * of tabular data call the model (`tabularModels`, an endpoint, or a shadow endpoint).
 *
 * @example
 * ```ts
 * const dataConfig = new DataConfig({
 *   s3DataInputPath: 'loans.csv', s3OutputPath: './bias-output', label: 'approved',
 *   headers: ['age', 'sex', 'income', 'approved', 'predicted_label'], predictedLabel: 'predicted_label',
 * });
 * const biasConfig = new BiasConfig({ labelValuesOrThreshold: [1], facetName: 'sex', facetValuesOrThreshold: ['Female'] });
 * const bias = await new LocalClarifyProcessor().runBias(dataConfig, biasConfig);
 * console.log(bias.document.pre_training_bias_metrics?.facets.sex, bias.document.post_training_bias_metrics?.facets.sex);
 *
 * // Image explanations, with a local ONNX model standing in for the SageMaker model:
 * const processor = new LocalClarifyProcessor({ models: { 'shapes-cnn': { onnx: { model: 'shapes-cnn.onnx', softmax: true } } } });
 * const result = await processor.runExplainability(imageDataConfig, new ModelConfig({ modelName: 'shapes-cnn', instanceType: 'ml.m5.xlarge', instanceCount: 1, contentType: 'image/png' }), shapConfig, {
 *   modelScores: new ModelPredictedLabelConfig({ labelHeaders: classes }),
 * });
 * console.log(result.document.summary);
 * ```
 */
export class LocalClarifyProcessor {
  readonly #options: LocalClarifyProcessorOptions;

  constructor(options: LocalClarifyProcessorOptions = {}) {
    if (options === null || typeof options !== 'object') {
      throw new ValidationError('options', options, 'an object { models?, session?, concurrency?, onProgress?, onTabularProgress? }');
    }
    this.#options = options;
  }

  /**
   * Pre-training bias metrics of the dataset (no model involved), as
   * `SageMakerClarifyProcessor.runPreTrainingBias` asks Clarify for them.
   *
   * `options.methods` picks the metrics: `'all'` (the default) or a list of names.
   *
   * @throws {@link ValidationError} for bad configs or image data, before anything is read or written.
   * @throws {@link BiasDataError} where Clarify fails the whole analysis (no rows, a continuous facet without a threshold, …).
   */
  runPreTrainingBias(dataConfig: DataConfig, dataBiasConfig: BiasConfig, options: LocalPreTrainingBiasOptions = {}): Promise<RunTabularAnalysisResult> {
    return this.#runBias(dataConfig, options.signal,
      () => AnalysisConfigGenerator.biasPreTraining(dataConfig, dataBiasConfig, options.methods === undefined ? 'all' : options.methods));
  }

  /**
   * Post-training bias metrics of a model's predictions, as
   * `SageMakerClarifyProcessor.runPostTrainingBias` asks Clarify for them. The predictions
   * are the dataset's predicted-label column (`DataConfig({ predictedLabel })`), turned into
   * labels by `modelPredictedLabelConfig`'s `probabilityThreshold` when it has one;
   * `modelConfig` may be left out, as in Python, and a config that would need the model
   * called is refused. `options.methods` picks the metrics: `'all'` (the default) or a list
   * of names.
   *
   * @throws {@link ValidationError} for bad configs, image data, or no predicted-label column, before anything is read or written.
   * @throws {@link BiasDataError} where Clarify fails the whole analysis.
   */
  runPostTrainingBias(
    dataConfig: DataConfig,
    dataBiasConfig: BiasConfig,
    modelConfig?: ModelConfig | null,
    modelPredictedLabelConfig?: ModelScores | null,
    options: LocalPostTrainingBiasOptions = {},
  ): Promise<RunTabularAnalysisResult> {
    return this.#runBias(dataConfig, options.signal,
      () => AnalysisConfigGenerator.biasPostTraining(dataConfig, dataBiasConfig, modelPredictedLabelConfig,
        options.methods === undefined ? 'all' : options.methods, modelConfig));
  }

  /**
   * Pre- and post-training bias metrics in one run, as `SageMakerClarifyProcessor.runBias`
   * asks Clarify for them. `options.preTrainingMethods` and `options.postTrainingMethods`
   * are `'all'` by default; `null` skips that kind.
   *
   * @throws {@link ValidationError} for bad configs, image data, or no predicted-label column, before anything is read or written.
   * @throws {@link BiasDataError} where Clarify fails the whole analysis.
   */
  runBias(
    dataConfig: DataConfig,
    biasConfig: BiasConfig,
    modelConfig?: ModelConfig | null,
    modelPredictedLabelConfig?: ModelScores | null,
    options: LocalBiasOptions = {},
  ): Promise<RunTabularAnalysisResult> {
    return this.#runBias(dataConfig, options.signal,
      () => AnalysisConfigGenerator.bias(dataConfig, biasConfig, modelConfig, modelPredictedLabelConfig,
        options.preTrainingMethods === undefined ? 'all' : options.preTrainingMethods,
        options.postTrainingMethods === undefined ? 'all' : options.postTrainingMethods));
  }

  /**
   * Bias metrics and explanations (SHAP, PDP) in one run, as
   * `SageMakerClarifyProcessor.runBiasAndExplainability` asks Clarify for them; the model is
   * `tabularModels[modelConfig.modelName]`, an endpoint, or a shadow endpoint (with a session).
   *
   * @throws {@link ValidationError} for bad configs, image data or an unknown model, before anything is read or written.
   */
  runBiasAndExplainability(
    dataConfig: DataConfig,
    modelConfig: ModelConfig,
    explainabilityConfig: ExplainabilityConfigs,
    biasConfig: BiasConfig,
    options: LocalBiasAndExplainabilityOptions = {},
  ): Promise<RunTabularAnalysisResult> {
    return this.#runBias(dataConfig, options.signal,
      () => AnalysisConfigGenerator.biasAndExplainability(dataConfig, modelConfig, options.modelPredictedLabelConfig, explainabilityConfig, biasConfig,
        options.preTrainingMethods === undefined ? 'all' : options.preTrainingMethods,
        options.postTrainingMethods === undefined ? 'all' : options.postTrainingMethods));
  }

  /**
   * Explanations of a model, as `SageMakerClarifyProcessor.runExplainability` asks Clarify
   * for them: images (`datasetType: 'application/x-image'`) with `runAnalysis`, which
   * returns a `RunAnalysisResult`; tabular data (SHAP, PDP) with `runTabularAnalysis`, which
   * returns a `RunTabularAnalysisResult` (`isTabularAnalysisDocument(result.document)` tells
   * them apart).
   *
   * @throws {@link ValidationError} for a bad config, model, baseline or location, before anything is written.
   */
  async runExplainability(
    dataConfig: DataConfig,
    modelConfig: ModelConfig,
    explainabilityConfig: ExplainabilityConfigs,
    options: LocalExplainabilityOptions = {},
  ): Promise<RunAnalysisResult | RunTabularAnalysisResult> {
    const config = analysisConfigBytes(dataConfig,
      () => AnalysisConfigGenerator.explainability(dataConfig, modelConfig, options.modelScores, explainabilityConfig));
    if (!isImageData(dataConfig)) return this.#runTabular(config, dataConfig, options.signal);
    const o = this.#options;
    return runAnalysis({
      config,
      data: dataConfig.s3DataInputPath,
      output: dataConfig.s3OutputPath,
      ...(o.models ? { models: o.models } : {}),
      ...(o.session ? { session: o.session } : {}),
      ...(o.concurrency !== undefined ? { concurrency: o.concurrency } : {}),
      ...(o.onProgress ? { onProgress: o.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  /** Builds a bias config, refuses image data, and runs it with `runTabularAnalysis`. */
  async #runBias(dataConfig: DataConfig, signal: AbortSignal | undefined, build: () => AnalysisConfig): Promise<RunTabularAnalysisResult> {
    const config = analysisConfigBytes(dataConfig, build);
    if (isImageData(dataConfig)) {
      throw new ValidationError('dataConfig.datasetType', dataConfig.datasetType,
        "a tabular dataset type ('text/csv', 'application/jsonlines' or 'application/x-parquet')",
        'bias metrics are defined for tabular data: SageMaker Clarify computes no bias metrics of images (the Python SDK builds such a config without checking)');
    }
    return this.#runTabular(config, dataConfig, signal);
  }

  #runTabular(config: string, dataConfig: DataConfig, signal: AbortSignal | undefined): Promise<RunTabularAnalysisResult> {
    const o = this.#options;
    return runTabularAnalysis({
      config,
      data: dataConfig.s3DataInputPath,
      output: dataConfig.s3OutputPath,
      ...(o.session ? { session: o.session } : {}),
      ...(o.tabularModels ? { models: o.tabularModels } : {}),
      ...(o.onTabularProgress ? { onProgress: o.onTabularProgress } : {}),
      ...(signal ? { signal } : {}),
    });
  }
}

/**
 * The bytes of `analysis_config.json` that `SageMakerClarifyProcessor` uploads for the
 * same call (the generator, then the schema check and Python's `json.dump`): the engine
 * reads exactly what a Clarify job would.
 */
function analysisConfigBytes(dataConfig: DataConfig, build: () => AnalysisConfig): string {
  if (!(dataConfig instanceof DataConfig)) throw new ValidationError('dataConfig', dataConfig, 'a DataConfig');
  return analysisConfigToJson(build());
}

function isImageData(dataConfig: DataConfig): boolean {
  return String(dataConfig.datasetType).toLowerCase() === 'application/x-image';
}

/**
 * `LocalClarifyProcessor`: `SageMakerClarifyProcessor`'s `runExplainability`
 * run in this process by the clarify-ts engine: the same config objects, the
 * same analysis config, the same output layout, no processing job.
 */
import { AnalysisConfigGenerator, type ExplainabilityConfigs } from '../clarify/analysis-config-generator.js';
import { DataConfig } from '../clarify/data-config.js';
import type { ModelConfig } from '../clarify/model-config.js';
import type { RunExplainabilityOptions } from '../clarify/processor.js';
import { ValidationError } from '../errors.js';
import type { Session } from '../sagemaker/session.js';
import type { LocalModel } from './model-source.js';
import { type RunAnalysisResult, runAnalysis } from './run-analysis.js';
import type { RunProgressEvent } from './run-progress.js';

/** Options of {@link LocalClarifyProcessor}. */
export interface LocalClarifyProcessorOptions {
  /** Models for `ModelConfig({ modelName })`, by name. @default {} */
  readonly models?: Readonly<Record<string, LocalModel>>;
  /** AWS access for S3 paths, endpoints, and shadow endpoints of SageMaker models. @default none (local paths and models) */
  readonly session?: Session;
  /** Images explained at once. @default the number of CPU cores */
  readonly concurrency?: number;
  /** Called when the run starts and after each image. @default none */
  readonly onProgress?: (event: RunProgressEvent) => void;
}

/**
 * Runs Clarify explainability analyses locally. `dataConfig.s3DataInputPath`
 * and `s3OutputPath` may be `s3://` URIs (with a session) or local paths.
 *
 * @example
 * ```ts
 * const processor = new LocalClarifyProcessor({ models: { 'shapes-cnn': { onnx: { model: 'shapes-cnn.onnx', softmax: true } } } });
 * const result = await processor.runExplainability(dataConfig, new ModelConfig({ modelName: 'shapes-cnn', instanceType: 'ml.m5.xlarge', instanceCount: 1, contentType: 'image/png' }), shapConfig, {
 *   modelScores: new ModelPredictedLabelConfig({ labelHeaders: classes }),
 * });
 * console.log(result.document.summary);
 * ```
 */
export class LocalClarifyProcessor {
  readonly #options: LocalClarifyProcessorOptions;

  constructor(options: LocalClarifyProcessorOptions = {}) {
    if (options === null || typeof options !== 'object') throw new ValidationError('options', options, 'an object { models?, session?, concurrency? }');
    this.#options = options;
  }

  /** Builds the analysis config exactly as `SageMakerClarifyProcessor.runExplainability` does and runs it here. */
  async runExplainability(
    dataConfig: DataConfig,
    modelConfig: ModelConfig,
    explainabilityConfig: ExplainabilityConfigs,
    options: Pick<RunExplainabilityOptions, 'modelScores' | 'signal'> = {},
  ): Promise<RunAnalysisResult> {
    if (!(dataConfig instanceof DataConfig)) throw new ValidationError('dataConfig', dataConfig, 'a DataConfig');
    const config = AnalysisConfigGenerator.explainability(dataConfig, modelConfig, options.modelScores, explainabilityConfig);
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
}

/**
 * `SageMakerClarifyProcessor` (Python `sagemaker.clarify.SageMakerClarifyProcessor`):
 * builds the analysis config, uploads `analysis_config.json` and starts the
 * Clarify processing job with exactly the Python SDK's request.
 */
import { ValidationError } from '../errors.js';
import { imageUris } from '../sagemaker/image-uris.js';
import { NetworkConfig } from '../sagemaker/network-config.js';
import { ProcessingInput, ProcessingOutput } from '../sagemaker/processing-io.js';
import type { ProcessingJob } from '../sagemaker/job.js';
import { Processor, resolveRunFlags, type JobRunOptions } from '../sagemaker/processor.js';
import { parseS3Uri, joinKey, s3Uri } from '../sagemaker/s3-uri.js';
import { Session } from '../sagemaker/session.js';
import type { Tags } from '../sagemaker/tags.js';
import type { AnalysisConfig } from './analysis-config.js';
import { analysisConfigToJson } from './analysis-config-json.js';
import {
  AnalysisConfigGenerator,
  type BiasMethods,
  type ExplainabilityConfigs,
  type ModelScores,
} from './analysis-config-generator.js';
import type { BiasConfig } from './bias-config.js';
import type { PostTrainingBiasMethod, PreTrainingBiasMethod } from './constants.js';
import { DataConfig } from './data-config.js';
import type { ModelConfig } from './model-config.js';
import { ProcessingOutputHandler } from './processing-output-handler.js';

/** Options of {@link SageMakerClarifyProcessor} (Python constructor parameters, camelCased). */
export interface SageMakerClarifyProcessorOptions {
  /** The execution role of the job: an ARN, or a role name looked up with IAM. */
  readonly role: string;
  /** Processing instances. */
  readonly instanceCount: number;
  /** Processing instance type, e.g. `ml.m5.xlarge`. */
  readonly instanceType: string;
  /** The session; its region must be known (pass `region`, or use `await Session.create()`). */
  readonly session: Session;
  /** Size of each instance's volume in GB. @default 30 */
  readonly volumeSizeInGb?: number;
  /** KMS key for the instances' volumes (`ClusterConfig.VolumeKmsKeyId`). @default none */
  readonly volumeKmsKey?: string;
  /** KMS key for the job's outputs (`ProcessingOutputConfig.KmsKeyId`). @default none */
  readonly outputKmsKey?: string;
  /** Stop the job after this many seconds. @default none (the service's 24 hours) */
  readonly maxRuntimeInSeconds?: number;
  /** Environment variables of the container. @default none */
  readonly env?: Readonly<Record<string, string>>;
  /** Tags of the job, as a list of `{ Key, Value }` or a record. @default none */
  readonly tags?: Tags;
  /** VPC settings; leave network isolation off, the job calls the model. @default none */
  readonly networkConfig?: NetworkConfig;
  /** Base of generated job names. @default per method, e.g. `Clarify-Explainability` */
  readonly jobNamePrefix?: string;
  /** The Clarify image version; only `1.0` exists, so any value gives it (as in Python). @default '1.0' */
  readonly version?: string;
  /** Skip checking the analysis config against the schema before uploading it. @default false */
  readonly skipEarlyValidation?: boolean;
  /**
   * The processing image. Set it to run another container that reads the same analysis
   * config (such as the clarify-ts engine's); not a Python parameter.
   * @default the SageMaker Clarify image of the session's region
   */
  readonly imageUri?: string;
}

/** Options of every `run*` method (Python's trailing keyword arguments). */
export interface ClarifyRunOptions extends JobRunOptions {
  /** Encrypts the uploaded `analysis_config.json` with this KMS key (SSE-KMS); not sent to the job. @default none */
  readonly kmsKey?: string;
}

/** Options of {@link SageMakerClarifyProcessor.runExplainability}. */
export interface RunExplainabilityOptions extends ClarifyRunOptions {
  /** How to read the model's output: a `ModelPredictedLabelConfig`, or the label's index or JMESPath. @default none */
  readonly modelScores?: ModelScores;
}

/** Options of {@link SageMakerClarifyProcessor.runPreTrainingBias}. */
export interface RunPreTrainingBiasOptions extends ClarifyRunOptions {
  /**
   * Metrics to compute. `null` (Python's `None`) or `[]` is refused before any
   * upload, as Python refuses it ("at least one working method").
   * @default 'all'
   */
  readonly methods?: BiasMethods<PreTrainingBiasMethod> | null;
}

/** Options of {@link SageMakerClarifyProcessor.runPostTrainingBias}. */
export interface RunPostTrainingBiasOptions extends ClarifyRunOptions {
  /**
   * Metrics to compute. `null` (Python's `None`) or `[]` is refused before any
   * upload, as Python refuses it ("at least one working method").
   * @default 'all'
   */
  readonly methods?: BiasMethods<PostTrainingBiasMethod> | null;
}

/** Options of {@link SageMakerClarifyProcessor.runBias} and {@link SageMakerClarifyProcessor.runBiasAndExplainability}. */
export interface RunBiasOptions extends ClarifyRunOptions {
  /** Pre-training metrics; `null` skips them. @default 'all' */
  readonly preTrainingMethods?: BiasMethods<PreTrainingBiasMethod> | null;
  /** Post-training metrics; `null` skips them. @default 'all' */
  readonly postTrainingMethods?: BiasMethods<PostTrainingBiasMethod> | null;
}

/** Options of {@link SageMakerClarifyProcessor.runBiasAndExplainability}. */
export interface RunBiasAndExplainabilityOptions extends RunBiasOptions {
  /** How to read the model's output. @default none */
  readonly modelPredictedLabelConfig?: ModelScores;
}

/** Paths inside the Clarify container (Python `_CLARIFY_DATA_INPUT`, `_CLARIFY_CONFIG_INPUT`, `_CLARIFY_OUTPUT`). */
export const CLARIFY_PATHS = {
  dataInput: '/opt/ml/processing/input/data',
  configInput: '/opt/ml/processing/input/config',
  output: '/opt/ml/processing/output',
} as const;

/**
 * Runs SageMaker Clarify processing jobs: bias metrics and explanations (SHAP for
 * tabular, text and images; PDP; asymmetric Shapley values for time series).
 *
 * Every `run*` method checks everything first (configs, schema, options, the role)
 * and only then uploads `analysis_config.json` next to the results and starts the job.
 *
 * @example
 * ```ts
 * const session = await Session.create();
 * const processor = new SageMakerClarifyProcessor({ role, instanceCount: 1, instanceType: 'ml.m5.xlarge', session });
 * await processor.runExplainability(dataConfig, modelConfig, shapConfig, { modelScores: predictionsConfig });
 * const results = await ClarifyResults.read(session, dataConfig.s3OutputPath, './results');
 * ```
 */
export class SageMakerClarifyProcessor extends Processor {
  /** Whether the schema check before upload is skipped. */
  readonly skipEarlyValidation: boolean;
  /** The job-name base given to the constructor. */
  readonly jobNamePrefix: string | undefined;
  /** The analysis config of the last `run*` call (Python `_last_analysis_config`), for inspection. */
  lastAnalysisConfig: AnalysisConfig | undefined;

  constructor(options: SageMakerClarifyProcessorOptions) {
    if (typeof options !== 'object' || options === null) throw new ValidationError('options', options, 'an object of processor options');
    if (!(options.session instanceof Session)) throw new ValidationError('session', options.session, 'a Session');
    const region = options.session.regionName;
    if (region === undefined && options.imageUri === undefined) {
      throw new ValidationError('session', options.session, 'a Session whose region is known',
        'the Clarify image depends on the region: pass `region` to Session, or create it with `await Session.create()`');
    }
    if (options.skipEarlyValidation !== undefined && typeof options.skipEarlyValidation !== 'boolean') {
      throw new ValidationError('skipEarlyValidation', options.skipEarlyValidation, 'a boolean');
    }
    if (options.jobNamePrefix !== undefined && (typeof options.jobNamePrefix !== 'string' || options.jobNamePrefix === '')) {
      throw new ValidationError('jobNamePrefix', options.jobNamePrefix, 'a non-empty string');
    }
    super({
      role: options.role,
      imageUri: options.imageUri ?? imageUris.retrieve('clarify', region as string, options.version !== undefined ? { version: options.version } : {}),
      instanceCount: options.instanceCount,
      instanceType: options.instanceType,
      session: options.session,
      ...(options.volumeSizeInGb !== undefined ? { volumeSizeInGb: options.volumeSizeInGb } : {}),
      ...(options.volumeKmsKey !== undefined ? { volumeKmsKey: options.volumeKmsKey } : {}),
      ...(options.outputKmsKey !== undefined ? { outputKmsKey: options.outputKmsKey } : {}),
      ...(options.maxRuntimeInSeconds !== undefined ? { maxRuntimeInSeconds: options.maxRuntimeInSeconds } : {}),
      ...(options.env !== undefined ? { env: options.env } : {}),
      ...(options.tags !== undefined ? { tags: options.tags } : {}),
      ...(options.networkConfig !== undefined ? { networkConfig: options.networkConfig } : {}),
    });
    this.skipEarlyValidation = options.skipEarlyValidation ?? false;
    this.jobNamePrefix = options.jobNamePrefix;
  }

  /**
   * Not available: Clarify jobs are started with a `run*` method (as in Python).
   * @throws {@link ValidationError} always.
   */
  override run(): Promise<ProcessingJob> {
    return Promise.reject(new ValidationError('run', 'run', 'runPreTrainingBias, runPostTrainingBias, runBias, runExplainability or runBiasAndExplainability',
      'SageMakerClarifyProcessor runs through its run* methods'));
  }

  /** Pre-training bias metrics of the dataset (no model involved). */
  runPreTrainingBias(dataConfig: DataConfig, dataBiasConfig: BiasConfig, options: RunPreTrainingBiasOptions = {}): Promise<ProcessingJob> {
    return this.#run(
      () => AnalysisConfigGenerator.biasPreTraining(dataConfig, dataBiasConfig, options.methods === undefined ? 'all' : options.methods),
      dataConfig, options, 'Clarify-Pretraining-Bias');
  }

  /** Post-training bias metrics of a model's predictions. */
  runPostTrainingBias(
    dataConfig: DataConfig,
    dataBiasConfig: BiasConfig,
    modelConfig?: ModelConfig | null,
    modelPredictedLabelConfig?: ModelScores | null,
    options: RunPostTrainingBiasOptions = {},
  ): Promise<ProcessingJob> {
    return this.#run(
      () => AnalysisConfigGenerator.biasPostTraining(dataConfig, dataBiasConfig, modelPredictedLabelConfig, options.methods === undefined ? 'all' : options.methods, modelConfig),
      dataConfig, options, 'Clarify-Posttraining-Bias');
  }

  /** Pre- and post-training bias metrics in one job. */
  runBias(
    dataConfig: DataConfig,
    biasConfig: BiasConfig,
    modelConfig?: ModelConfig | null,
    modelPredictedLabelConfig?: ModelScores | null,
    options: RunBiasOptions = {},
  ): Promise<ProcessingJob> {
    return this.#run(
      () => AnalysisConfigGenerator.bias(dataConfig, biasConfig, modelConfig, modelPredictedLabelConfig,
        options.preTrainingMethods === undefined ? 'all' : options.preTrainingMethods,
        options.postTrainingMethods === undefined ? 'all' : options.postTrainingMethods),
      dataConfig, options, 'Clarify-Bias');
  }

  /**
   * Explanations of a model (SHAP, PDP, or asymmetric Shapley values): for images,
   * SHAP values of superpixels, heat maps and a report under `dataConfig.s3OutputPath`.
   *
   * @example
   * ```ts
   * await processor.runExplainability(dataConfig, modelConfig, new SHAPConfig({ numSamples: 500, imageConfig }), {
   *   modelScores: new ModelPredictedLabelConfig({ labelHeaders: categories }),
   * });
   * ```
   */
  runExplainability(
    dataConfig: DataConfig,
    modelConfig: ModelConfig,
    explainabilityConfig: ExplainabilityConfigs,
    options: RunExplainabilityOptions = {},
  ): Promise<ProcessingJob> {
    return this.#run(
      () => AnalysisConfigGenerator.explainability(dataConfig, modelConfig, options.modelScores, explainabilityConfig),
      dataConfig, options, 'Clarify-Explainability');
  }

  /** Bias metrics and explanations in one job. */
  runBiasAndExplainability(
    dataConfig: DataConfig,
    modelConfig: ModelConfig,
    explainabilityConfig: ExplainabilityConfigs,
    biasConfig: BiasConfig,
    options: RunBiasAndExplainabilityOptions = {},
  ): Promise<ProcessingJob> {
    return this.#run(
      () => AnalysisConfigGenerator.biasAndExplainability(dataConfig, modelConfig, options.modelPredictedLabelConfig, explainabilityConfig, biasConfig,
        options.preTrainingMethods === undefined ? 'all' : options.preTrainingMethods,
        options.postTrainingMethods === undefined ? 'all' : options.postTrainingMethods),
      dataConfig, options, 'Clarify-Bias-And-Explainability');
  }

  /** Python `_run`, with every check moved before the upload. */
  async #run(build: () => AnalysisConfig, dataConfig: DataConfig, options: ClarifyRunOptions, defaultBase: string): Promise<ProcessingJob> {
    if (!(dataConfig instanceof DataConfig)) throw new ValidationError('dataConfig', dataConfig, 'a DataConfig');
    const config = build();
    this.lastAnalysisConfig = config;
    const body = analysisConfigToJson(config, { skipEarlyValidation: this.skipEarlyValidation });
    const flags = resolveRunFlags(options);
    if (options.kmsKey !== undefined && (typeof options.kmsKey !== 'string' || options.kmsKey === '')) {
      throw new ValidationError('kmsKey', options.kmsKey, 'a KMS key id or ARN');
    }
    const dataset = new ProcessingInput({
      inputName: 'dataset',
      source: checkS3('dataConfig.s3DataInputPath', dataConfig.s3DataInputPath),
      destination: CLARIFY_PATHS.dataInput,
      s3DataType: 'S3Prefix',
      s3InputMode: 'File',
      s3DataDistributionType: dataConfig.s3DataDistributionType,
      s3CompressionType: dataConfig.s3CompressionType,
    });
    const configLocation = parseS3Uri(
      checkS3('dataConfig.s3AnalysisConfigOutputPath', dataConfig.s3AnalysisConfigOutputPath ?? dataConfig.s3OutputPath),
      dataConfig.s3AnalysisConfigOutputPath !== undefined ? 'dataConfig.s3AnalysisConfigOutputPath' : 'dataConfig.s3OutputPath',
    );
    const configUri = s3Uri(configLocation.bucket, joinKey(configLocation.key, 'analysis_config.json'));
    const result = new ProcessingOutput({
      outputName: 'analysis_result',
      source: CLARIFY_PATHS.output,
      destination: checkS3('dataConfig.s3OutputPath', dataConfig.s3OutputPath),
      s3UploadMode: ProcessingOutputHandler.getS3UploadMode(config),
    });
    const jobName = this.jobName(options.jobName, this.jobNamePrefix ?? defaultBase);
    // Resolve the role now: a wrong role name should fail before anything is written to S3.
    await this.session.expandRole(this.role);

    await this.session.uploadString(body, configUri, {
      ...(options.kmsKey !== undefined ? { kmsKey: options.kmsKey } : {}),
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
    });
    const configInput = new ProcessingInput({ inputName: 'analysis_config', source: configUri, destination: CLARIFY_PATHS.configInput });
    return this.startJob(jobName, [dataset, configInput], [result], options, flags);
  }
}

function checkS3(field: string, value: string): string {
  parseS3Uri(value, field);
  return value;
}

/**
 * What the engine takes from an analysis config: the image-explanation settings
 * of `methods.shap` and `predictor`, with Clarify's service defaults filled in.
 *
 * @packageDocumentation
 */
import type { AnalysisConfig, PredictorConfig } from '../clarify/analysis-config.js';
import { ValidationError } from '../errors.js';
import { MAX_NUM_SAMPLES } from '../explain/shap/kernel-shap-sampler.js';

/** Clarify's two computer-vision model types. */
export type EngineModelType = 'IMAGE_CLASSIFICATION' | 'OBJECT_DETECTION';

/** The resolved settings of an image-explanation run. */
export interface EngineSettings {
  readonly modelType: EngineModelType;
  /** `image_config.num_segments` (default 20). */
  readonly numSegments: number;
  /** `image_config.segment_compactness` (default 5). */
  readonly compactness: number;
  /** `shap.num_samples` (default 500, as in Clarify's examples; at most `MAX_NUM_SAMPLES`). */
  readonly numSamples: number;
  /** `shap.seed`, when the config sets one. */
  readonly seed?: number;
  /** `shap.tolerance` (a clarify-ts addition): stop sampling once every standard error is at most this. */
  readonly tolerance?: number;
  /** `shap.relative_tolerance` (a clarify-ts addition): the same as a fraction of |full_value − expected_value|. */
  readonly relativeTolerance?: number;
  /** `shap.use_logit` (default false). */
  readonly useLogit: boolean;
  /** `shap.baseline`: an image path, `file://` or `s3://` URI; absent = seeded white noise. */
  readonly baseline?: string;
  /** `image_config.max_objects` (default 3). */
  readonly maxObjects: number;
  /** `image_config.iou_threshold` (default 0.5). */
  readonly iouThreshold: number;
  /** `image_config.context` (default 1.0). */
  readonly context: number;
  /** `probability_threshold` (top-level); for detection, the score an object needs (default 0.5). */
  readonly probabilityThreshold?: number;
  /** `predictor.label_headers`, as strings. */
  readonly labelHeaders?: readonly string[];
  /** The predictor section, as given. */
  readonly predictor: PredictorConfig;
}

const num = (value: unknown): number | undefined => (value === undefined || value === null ? undefined : Number(value));

/**
 * Derives the engine settings from a config that passed `validateAnalysisConfig`,
 * refusing what the engine cannot run (tabular or text data, no `image_config`,
 * no model, a baseline that is not an image).
 *
 * @throws {@link ValidationError} naming the config path.
 */
export function engineSettings(config: AnalysisConfig): EngineSettings {
  if (String(config.dataset_type).toLowerCase() !== 'application/x-image') {
    throw new ValidationError('$.dataset_type', config.dataset_type, "'application/x-image' (runAnalysis explains images; tabular data run with runTabularAnalysis)");
  }
  const shap = config.methods.shap;
  if (shap === undefined) throw new ValidationError('$.methods.shap', undefined, 'a SHAP method with an image_config');
  const image = shap.image_config;
  if (image === undefined) throw new ValidationError('$.methods.shap.image_config', undefined, 'an image_config { model_type, ... }');
  const modelType = String(image.model_type ?? '').toUpperCase();
  if (modelType !== 'IMAGE_CLASSIFICATION' && modelType !== 'OBJECT_DETECTION') {
    throw new ValidationError('$.methods.shap.image_config.model_type', image.model_type, "'IMAGE_CLASSIFICATION' or 'OBJECT_DETECTION'");
  }
  const method = image.feature_extraction_method;
  if (method !== undefined && method.toLowerCase() !== 'segmentation') {
    throw new ValidationError('$.methods.shap.image_config.feature_extraction_method', method, "'segmentation'");
  }
  const predictor = config.predictor;
  if (predictor === undefined || (predictor.endpoint_name === undefined && predictor.model_name === undefined)) {
    throw new ValidationError('$.predictor', predictor, 'a predictor with endpoint_name or model_name');
  }
  if (shap.baseline !== undefined && typeof shap.baseline !== 'string') {
    throw new ValidationError('$.methods.shap.baseline', shap.baseline, 'an image path or S3 URI (rows are for tabular data)');
  }
  const settings = {
    modelType,
    numSegments: positiveInt('$.methods.shap.image_config.num_segments', num(image.num_segments) ?? 20),
    compactness: positive('$.methods.shap.image_config.segment_compactness', num(image.segment_compactness) ?? 5),
    numSamples: positiveInt('$.methods.shap.num_samples', num(shap.num_samples) ?? 500, MAX_NUM_SAMPLES),
    useLogit: shap.use_logit ?? false,
    maxObjects: positiveInt('$.methods.shap.image_config.max_objects', num(image.max_objects) ?? 3),
    iouThreshold: unit('$.methods.shap.image_config.iou_threshold', num(image.iou_threshold) ?? 0.5),
    context: unit('$.methods.shap.image_config.context', num(image.context) ?? 1),
    predictor,
  } satisfies Partial<EngineSettings>;
  const seed = num(shap.seed);
  if (seed !== undefined && (!Number.isSafeInteger(seed) || seed < 0)) {
    throw new ValidationError('$.methods.shap.seed', shap.seed, 'an integer >= 0');
  }
  const threshold = num(config.probability_threshold);
  const tolerance = num(shap.tolerance);
  const relativeTolerance = num(shap.relative_tolerance);
  return {
    ...settings,
    ...(seed !== undefined ? { seed } : {}),
    ...(tolerance !== undefined ? { tolerance: positive('$.methods.shap.tolerance', tolerance) } : {}),
    ...(relativeTolerance !== undefined ? { relativeTolerance: positive('$.methods.shap.relative_tolerance', relativeTolerance) } : {}),
    ...(typeof shap.baseline === 'string' ? { baseline: shap.baseline } : {}),
    ...(threshold !== undefined ? { probabilityThreshold: unit('$.probability_threshold', threshold) } : {}),
    ...(predictor.label_headers !== undefined ? { labelHeaders: predictor.label_headers.map(String) } : {}),
  };
}

function positiveInt(field: string, value: number, max?: number): number {
  if (!Number.isSafeInteger(value) || value < 1 || (max !== undefined && value > max)) {
    throw new ValidationError(field, value, max === undefined ? 'an integer >= 1' : `an integer from 1 to ${max}`);
  }
  return value;
}

function positive(field: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new ValidationError(field, value, 'a number > 0');
  return value;
}

function unit(field: string, value: number): number {
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new ValidationError(field, value, 'a number in [0, 1]');
  return value;
}

/**
 * Which model a run calls, from the config's `predictor`: a SageMaker endpoint
 * (`endpoint_name`), a model registered locally under `model_name`, or, with a
 * session, a shadow endpoint created from the SageMaker model `model_name`.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../errors.js';
import type { ImageClassifier, ObjectDetector } from '../explain/model/image-model.js';
import type { OnnxClassifierOptions } from '../models/onnx-options.js';
import { sagemakerEndpointClassifier, sagemakerEndpointDetector } from '../models/sagemaker-endpoint.js';
import type { ImageContentType } from '../models/request-body.js';
import type { Session } from '../sagemaker/session.js';
import type { EngineSettings } from './settings.js';
import { createShadowEndpoint } from './shadow-endpoint.js';

/**
 * An ONNX classifier given by its file and preprocessing rather than as a loaded
 * object: every worker thread can load it, so images are explained in parallel.
 *
 * @example
 * ```ts
 * const models = { 'shapes-cnn': { onnx: { model: 'shapes-cnn.onnx', softmax: true, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] } } };
 * ```
 */
export interface OnnxModelSpec {
  readonly onnx: OnnxClassifierOptions & { readonly model: string };
}

/**
 * A model registered for `predictor.model_name`: an object (called on the
 * main thread) or an {@link OnnxModelSpec} (loaded in each worker thread).
 */
export type LocalModel = ImageClassifier | ObjectDetector | OnnxModelSpec;

/**
 * A model ready to be called, with what is needed to release it. An ONNX spec
 * stays a spec: only the worker threads that run it load it.
 */
export type ModelSource =
  | { readonly kind: 'classifier'; readonly model: ImageClassifier; readonly describe: string; dispose(): Promise<void> }
  | { readonly kind: 'detector'; readonly model: ObjectDetector; readonly describe: string; dispose(): Promise<void> }
  | { readonly kind: 'onnx'; readonly spec: OnnxModelSpec; readonly describe: string; dispose(): Promise<void> };

/** Where {@link resolveModelSource} may look. */
export interface ModelSourceOptions {
  readonly models?: Readonly<Record<string, LocalModel>>;
  readonly session?: Session;
  readonly signal?: AbortSignal;
}

const isSpec = (m: LocalModel): m is OnnxModelSpec => typeof m === 'object' && m !== null && 'onnx' in m;
const isDetector = (m: LocalModel): m is ObjectDetector => typeof (m as ObjectDetector).detect === 'function';
const isClassifier = (m: LocalModel): m is ImageClassifier => typeof (m as ImageClassifier).predict === 'function';
const noop = async () => {};

/**
 * Checks the predictor against what is available, without calling anything:
 * a name that resolves to nothing fails here, before any work.
 * @throws {@link ValidationError}
 */
export function checkModelSource(settings: EngineSettings, options: ModelSourceOptions): void {
  const { predictor } = settings;
  const contentType = predictor.content_type ?? 'image/jpeg';
  if (!['image/jpeg', 'image/png', 'application/x-npy'].includes(contentType.toLowerCase())) {
    throw new ValidationError('$.predictor.content_type', contentType, "'image/jpeg', 'image/png' or 'application/x-npy'");
  }
  if (predictor.accept_type !== undefined && predictor.accept_type.toLowerCase() !== 'application/json') {
    throw new ValidationError('$.predictor.accept_type', predictor.accept_type, "'application/json' (image models answer JSON)");
  }
  if (predictor.endpoint_name !== undefined) return;
  const name = predictor.model_name as string;
  const local = options.models?.[name];
  if (local !== undefined) {
    if (!isSpec(local) && !isDetector(local) && !isClassifier(local)) {
      throw new ValidationError(`models.${name}`, local, 'an ImageClassifier, an ObjectDetector or { onnx: { model, ... } }');
    }
    const wantsDetector = settings.modelType === 'OBJECT_DETECTION';
    if (wantsDetector !== isDetector(local)) {
      throw new ValidationError(`models.${name}`, local, wantsDetector ? 'an ObjectDetector { detect }' : 'an ImageClassifier { predict } or an ONNX spec');
    }
    return;
  }
  if (options.session === undefined) {
    const known = Object.keys(options.models ?? {});
    throw new ValidationError('$.predictor.model_name', name,
      known.length > 0 ? `one of the registered models: ${known.join(', ')}` : 'a model registered in `models`',
      'or pass a session to host the SageMaker model on a temporary endpoint');
  }
  if (typeof predictor.instance_type !== 'string') {
    throw new ValidationError('$.predictor.instance_type', predictor.instance_type, 'an instance type (required with model_name)');
  }
}

/** Resolves (and for a SageMaker model, hosts) the model of a run. Call `dispose` when done. */
export async function resolveModelSource(settings: EngineSettings, options: ModelSourceOptions): Promise<ModelSource> {
  checkModelSource(settings, options);
  const { predictor } = settings;
  const labels = settings.labelHeaders;
  const local = predictor.model_name !== undefined && predictor.endpoint_name === undefined ? options.models?.[predictor.model_name] : undefined;
  if (local !== undefined) {
    if (isSpec(local)) {
      const spec: OnnxModelSpec = labels ? { onnx: { ...local.onnx, labels } } : local;
      return { kind: 'onnx', spec, describe: `ONNX model ${local.onnx.model}`, dispose: noop };
    }
    if (isDetector(local)) {
      const model: ObjectDetector = labels ? { detect: (i, s) => local.detect(i, s), labels } : local;
      return { kind: 'detector', model, describe: `local model ${predictor.model_name}`, dispose: noop };
    }
    const classifier = local as ImageClassifier;
    const model: ImageClassifier = labels ? { predict: (i, s) => classifier.predict(i, s), labels } : classifier;
    return { kind: 'classifier', model, describe: `local model ${predictor.model_name}`, dispose: noop };
  }
  let endpointName = predictor.endpoint_name;
  let dispose = noop;
  if (endpointName === undefined) {
    const shadow = await createShadowEndpoint(options.session as Session, {
      modelName: predictor.model_name as string,
      instanceType: predictor.instance_type,
      initialInstanceCount: predictor.initial_instance_count === undefined ? undefined : Number(predictor.initial_instance_count),
      acceleratorType: predictor.accelerator_type,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    endpointName = shadow.endpointName;
    dispose = shadow.dispose;
  }
  const endpointOptions = {
    endpointName,
    contentType: (predictor.content_type ?? 'image/jpeg').toLowerCase() as ImageContentType,
    ...(options.session ? { client: options.session.sagemakerRuntimeClient } : {}),
    ...(predictor.target_model !== undefined ? { targetModel: predictor.target_model } : {}),
    ...(predictor.custom_attributes !== undefined ? { customAttributes: predictor.custom_attributes } : {}),
    ...(labels ? { labels } : {}),
  };
  return settings.modelType === 'OBJECT_DETECTION'
    ? { kind: 'detector', model: sagemakerEndpointDetector(endpointOptions), describe: `endpoint ${endpointName}`, dispose }
    : { kind: 'classifier', model: sagemakerEndpointClassifier(endpointOptions), describe: `endpoint ${endpointName}`, dispose };
}

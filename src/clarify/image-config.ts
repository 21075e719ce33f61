import type { ImageConfigFragment, PythonInt } from './analysis-config.js';
import { checkFloat, checkInt, checkOneOf, checkOptions, checkString, isSet } from './check.js';
import { cloneConfig } from './clone.js';
import { IMAGE_MODEL_TYPES, type ImageModelType } from './constants.js';
import type { PyFloat } from '../python/float.js';

/** Options of {@link ImageConfig} (Python `ImageConfig(...)` parameters, camelCased). */
export interface ImageConfigOptions {
  /** The computer-vision problem. */
  readonly modelType: ImageModelType;
  /**
   * Approximate number of SLIC superpixels per image (the SHAP features). An integer.
   * @default 20 (service default when omitted)
   */
  readonly numSegments?: PythonInt;
  /**
   * How features are extracted; `'segmentation'` (SLIC) is the only documented method.
   * @default 'segmentation' (service default when omitted)
   */
  readonly featureExtractionMethod?: string;
  /**
   * SLIC compactness: higher gives squarer superpixels. An integer: Python's hint says
   * float, but the analysis-config schema refuses anything but an int.
   * @default 5 (service default when omitted)
   */
  readonly segmentCompactness?: PythonInt;
  /**
   * Object detection only: how many detected objects (highest confidence first) to explain.
   * @default 3 (service default when omitted)
   */
  readonly maxObjects?: PythonInt;
  /**
   * Object detection only: IoU above which a box found on a masked image matches the
   * original box, in [0, 1]. Written as a Python float (`1` → `1.0`).
   * @default 0.5 (service default when omitted)
   */
  readonly iouThreshold?: number | PyFloat;
  /**
   * Object detection only: how much of the image outside the box stays visible, in [0, 1]
   * (1 keeps the whole image, 0 only the box). Written as a Python float.
   * @default 1.0 (service default when omitted)
   */
  readonly context?: number | PyFloat;
}

/**
 * How images are split into superpixels and explained (Python `sagemaker.clarify.ImageConfig`).
 *
 * @example
 * ```ts
 * // The image-classification notebook's image config:
 * const imageConfig = new ImageConfig({ modelType: 'IMAGE_CLASSIFICATION', numSegments: 20, segmentCompactness: 5 });
 * ```
 */
export class ImageConfig {
  readonly #config: ImageConfigFragment;

  constructor(options: ImageConfigOptions) {
    const owner = 'ImageConfig';
    checkOptions(owner, options);
    const config: ImageConfigFragment = {
      model_type: checkOneOf(owner, 'modelType', options.modelType, IMAGE_MODEL_TYPES,
        'Clarify SHAP explains object detection and image classification models, spelt in upper case'),
    };
    if (isSet(options.numSegments)) config.num_segments = checkInt(owner, 'numSegments', options.numSegments, 1);
    if (isSet(options.featureExtractionMethod)) {
      config.feature_extraction_method = checkString(owner, 'featureExtractionMethod', options.featureExtractionMethod);
    }
    if (isSet(options.segmentCompactness)) {
      config.segment_compactness = checkInt(owner, 'segmentCompactness', options.segmentCompactness, 0);
    }
    if (isSet(options.maxObjects)) config.max_objects = checkInt(owner, 'maxObjects', options.maxObjects, 1);
    if (isSet(options.iouThreshold)) config.iou_threshold = checkFloat(owner, 'iouThreshold', options.iouThreshold);
    if (isSet(options.context)) config.context = checkFloat(owner, 'context', options.context);
    this.#config = config;
  }

  /** `methods.shap.image_config` (Python `get_image_config()`), a fresh copy. */
  getImageConfig(): ImageConfigFragment {
    return cloneConfig(this.#config);
  }
}

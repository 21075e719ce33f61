/**
 * The explanation's options, built in one place so that the page's worker and the
 * Node side of the Chromium test pass exactly the same ones.
 */
import { CLARIFY_SLIC_DEFAULTS, type ImageClassificationOptions, type ImageClassifier, type RasterImage } from 'clarify-ts/explain';
import type { WorkerExplainOptions } from 'clarify-ts/web';

/** What the page's form sets. */
export interface RunSettings {
  /** Kernel SHAP coalitions (Clarify's default 500). */
  readonly numSamples: number;
  /** SLIC segments asked for (Clarify's default 20). */
  readonly numSegments: number;
  /** Seeds the coalitions and the noise baseline. */
  readonly seed: number;
}

/** The form's defaults: Clarify's, with a fixed seed so that a run can be repeated. */
export const DEFAULT_SETTINGS: RunSettings = { numSamples: 500, numSegments: CLARIFY_SLIC_DEFAULTS.nSegments, seed: 1 };

/** The options of `explainImageClassification` for an image, a model and the form's settings. */
export function explanationOptions(
  image: RasterImage,
  model: ImageClassifier,
  settings: RunSettings,
): ImageClassificationOptions {
  return { ...workerOptions(settings), image, model };
}

/** The form's settings as the options an `ExplanationWorker` request carries (no image, no model). */
export function workerOptions(settings: RunSettings): WorkerExplainOptions {
  return {
    labels: 'top',
    segmentation: { ...CLARIFY_SLIC_DEFAULTS, nSegments: settings.numSegments },
    numSamples: settings.numSamples,
    seed: settings.seed,
  };
}

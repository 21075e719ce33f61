/**
 * The image task for a classifier: explains the classes the settings ask for
 * and renders a heat map for each class it keeps.
 *
 * @packageDocumentation
 */
import type { LabelRecord, SucceededImageRecord } from '../analysis/document.js';
import { type LabelExplanation, explainImageClassification } from '../explain/classification.js';
import type { LabelSelection } from '../explain/classification-labels.js';
import type { ImageClassifier } from '../explain/model/image-model.js';
import type { ExplainingImage } from './explaining-image.js';
import type { ImageTaskSettings, SharedExplainOptions } from './image-task-types.js';

/**
 * Explains `image` with a classifier and renders its heat maps and label image;
 * returns the image's record.
 *
 * @throws {@link ModelError} when the model fails on it.
 */
export async function explainClassifiedImage(image: ExplainingImage, options: SharedExplainOptions, model: ImageClassifier, settings: ImageTaskSettings): Promise<SucceededImageRecord> {
  const threshold = settings.probabilityThreshold;
  const result = await explainImageClassification({
    ...options,
    model,
    labels: labelSelection(settings, model),
    link: settings.useLogit ? 'logit' : 'identity',
  });
  const explainedAt = performance.now();
  const classNames = model.labels;
  const labelName = (i: number) => classNames?.[i] ?? String(i);
  const ordered = [...result.explanations].sort((a, b) => b.score - a.score || a.label - b.label);
  // The top class is kept whatever its score: every image names its prediction.
  const kept = threshold === undefined ? ordered : ordered.filter((e, k) => k === 0 || e.score >= threshold);
  const explanations: LabelRecord[] = [];
  for (const [k, e] of kept.entries()) {
    const path = image.names.heatMap(e.label, k === 0);
    const scale = await image.heatMap(path, result.segmentation.labels, e.shapValues, e.standardErrors);
    explanations.push(labelRecord(e, labelName(e.label), path, scale, result.exact));
  }
  const top = kept[0];
  const record: SucceededImageRecord = {
    ...image.recordBase(result.seed, result.segmentation.numSegments, result.numEvaluations),
    ...(result.converged !== undefined ? { converged: result.converged } : {}),
    predicted_label: { label_index: top.label, label: labelName(top.label), score: top.score },
    scores: Array.from(result.scores),
    explanations,
    timings: image.timings(explainedAt),
  };
  image.addLabelImage(result.segmentation.labels);
  return record;
}

/**
 * The classes to explain: all of them under a probability threshold (which
 * then filters by score), else the k top ones (at most the model's classes), else the top one.
 */
function labelSelection(settings: ImageTaskSettings, model: ImageClassifier): LabelSelection {
  if (settings.probabilityThreshold !== undefined) return 'all';
  if (settings.topK !== undefined) return Math.min(settings.topK, settings.numClasses ?? model.labels?.length ?? settings.topK);
  return 'top';
}

/** One explained class as analysis.json records it. */
function labelRecord(e: LabelExplanation, label: string, heatMap: string, scale: number, exact: boolean): LabelRecord {
  return {
    label_index: e.label,
    label,
    score: e.score,
    expected_value: e.expectedValue,
    full_value: e.fullValue,
    shap_values: Array.from(e.shapValues),
    ...(exact ? {} : { standard_errors: Array.from(e.standardErrors) }),
    heat_map: heatMap,
    heat_map_scale: scale,
  };
}

/**
 * The image task for an object detector: explains its top objects and renders
 * a heat map for each and the image with their boxes drawn.
 *
 * @packageDocumentation
 */
import type { DetectionRecord, ObjectRecord, SucceededImageRecord } from '../analysis/document.js';
import { explainObjectDetection } from '../explain/detection.js';
import type { Detection, ObjectDetector } from '../explain/model/image-model.js';
import { drawBoxes } from './draw-boxes.js';
import type { ExplainingImage } from './explaining-image.js';
import { encodeJpeg } from './image-codec.js';
import type { ImageTaskSettings, SharedExplainOptions } from './image-task-types.js';

/**
 * Explains `image` with a detector and renders its heat maps, objects image
 * and label image; returns the image's record.
 *
 * @throws {@link ModelError} when the model fails on it.
 */
export async function explainDetectedImage(image: ExplainingImage, options: SharedExplainOptions, model: ObjectDetector, settings: ImageTaskSettings): Promise<SucceededImageRecord> {
  const result = await explainObjectDetection({
    ...options,
    model,
    maxObjects: settings.maxObjects,
    iouThreshold: settings.iouThreshold,
    context: settings.context,
    probabilityThreshold: settings.probabilityThreshold ?? 0.5,
  });
  const explainedAt = performance.now();
  const detection = (d: Detection): DetectionRecord => detectionRecord(d, model.labels?.[d.classId] ?? String(d.classId));
  const objects: ObjectRecord[] = [];
  for (const [k, o] of result.objects.entries()) {
    const path = image.names.box(k + 1);
    const scale = await image.heatMap(path, result.segmentation.labels, o.shapValues, o.standardErrors);
    objects.push({
      ...detection(o.detection),
      expected_value: o.expectedValue,
      full_value: o.fullValue,
      shap_values: Array.from(o.shapValues),
      // Zeros exactly when every coalition was enumerated: then omitted, as for classifiers.
      ...(o.standardErrors.some((x) => x !== 0) ? { standard_errors: Array.from(o.standardErrors) } : {}),
      heat_map: path,
      heat_map_scale: scale,
    });
  }
  image.addFile(image.names.objects, await encodeJpeg(drawBoxes(image.large, result.objects.map((o) => o.detection.box))));
  image.addLabelImage(result.segmentation.labels);
  return {
    ...image.recordBase(result.seed, result.segmentation.numSegments, result.numEvaluations),
    ...(result.converged !== undefined ? { converged: result.converged } : {}),
    detections: result.detections.map(detection),
    objects,
    objects_image: image.names.objects,
    ...(result.reason !== undefined ? { no_objects_reason: result.reason } : {}),
    timings: image.timings(explainedAt),
  };
}

/** One detection as analysis.json records it. */
function detectionRecord(d: Detection, label: string): DetectionRecord {
  return { class_id: d.classId, label, score: d.score, box: [d.box[0], d.box[1], d.box[2], d.box[3]] };
}

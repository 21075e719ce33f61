/**
 * Which classes an image-classification explanation explains.
 *
 * @internal
 * @packageDocumentation
 */
import { ValidationError } from '../errors.js';

/**
 * `'top'`: the predicted class; a number k: the k highest-scoring classes;
 * an array: these class indices; `'all'`: every class.
 */
export type LabelSelection = 'top' | 'all' | number | readonly number[];

/** Syntax check before any work (ranges need the model's class count; see {@link resolveLabels}). */
export function validateLabels(labels: unknown, classCount: number | undefined): asserts labels is LabelSelection {
  const allowed = "'top', 'all', a count k >= 1, or an array of class indices";
  if (labels === 'top' || labels === 'all') return;
  if (typeof labels === 'number') {
    if (!Number.isInteger(labels) || labels < 1 || (classCount !== undefined && labels > classCount)) {
      throw new ValidationError('labels', labels, classCount === undefined ? 'an integer k >= 1' : `an integer 1..${classCount}`);
    }
    return;
  }
  if (!Array.isArray(labels) || labels.length === 0) throw new ValidationError('labels', labels, allowed);
  labels.forEach((v: unknown, i) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || (classCount !== undefined && v >= classCount)) {
      throw new ValidationError(
        `labels[${i}]`,
        v,
        classCount === undefined ? 'a class index >= 0' : `a class index 0..${classCount - 1}`,
      );
    }
  });
  if (new Set(labels).size !== labels.length) throw new ValidationError('labels', labels, 'distinct class indices');
}

/** The class indices to explain, given the scores on the original image. */
export function resolveLabels(labels: LabelSelection, scores: ArrayLike<number>): number[] {
  const C = scores.length;
  validateLabels(labels, C);
  if (labels === 'all') return Array.from({ length: C }, (_, i) => i);
  if (Array.isArray(labels)) return [...labels];
  const k = labels === 'top' ? 1 : (labels as number);
  // Stable: ties keep the lower class index first, like numpy's argsort of −scores.
  return Array.from({ length: C }, (_, i) => i)
    .sort((a, b) => scores[b] - scores[a] || a - b)
    .slice(0, k);
}

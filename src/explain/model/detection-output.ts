/**
 * Checks detections returned by an {@link ObjectDetector}.
 *
 * @internal
 * @packageDocumentation
 */
import { ModelError } from '../../errors.js';
import type { Detection } from './image-model.js';
import type { CallSite } from './model-call.js';

/** Checks one list of detections per image; throws {@link ModelError} naming the call and image. */
export function checkDetections(lists: unknown, count: number, site: CallSite): Detection[][] {
  if (!Array.isArray(lists) || lists.length !== count) {
    throw new ModelError(
      `Model call ${site.call} returned ${Array.isArray(lists) ? `${lists.length} detection lists` : 'no array'} ` +
        `for ${count} images (${site.what} ${site.first}..${site.first + count - 1}); expected one list per image`,
      { call: site.call, index: site.first },
    );
  }
  lists.forEach((list: unknown, i) => {
    const index = site.first + i;
    const fail = (what: string): never => {
      throw new ModelError(`Model call ${site.call} returned ${what} for ${site.what} ${index}`, { call: site.call, index });
    };
    if (!Array.isArray(list)) fail('a non-array detection list');
    (list as unknown[]).forEach((d, k) => {
      const det = d as Partial<Detection> | null;
      if (det === null || typeof det !== 'object') return fail(`detection ${k} that is not an object`);
      if (typeof det.classId !== 'number' || !Number.isInteger(det.classId) || det.classId < 0) {
        fail(`detection ${k} with classId ${String(det.classId)} (expected an integer >= 0)`);
      }
      if (typeof det.score !== 'number' || !Number.isFinite(det.score)) {
        fail(`detection ${k} with score ${String(det.score)} (expected a finite number)`);
      }
      const box = det.box;
      if (!Array.isArray(box) || box.length !== 4 || box.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
        fail(`detection ${k} with box ${JSON.stringify(box)} (expected 4 finite numbers [x0, y0, x1, y1])`);
      }
    });
  });
  return lists as Detection[][];
}

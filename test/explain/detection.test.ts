import { describe, expect, it } from 'vitest';
import { whiteNoise } from '../../src/explain/image/baseline.js';
import { contextWindow, iou, type Box } from '../../src/explain/boxes.js';
import { explainObjectDetection, objectValue } from '../../src/explain/detection.js';
import type { Detection, ObjectDetector } from '../../src/explain/model/image-model.js';
import type { RasterImage } from '../../src/explain/image/raster.js';
import { SeededRandom } from '../../src/explain/numeric/random.js';
import { ModelError, ValidationError } from '../../src/errors.js';

const W = 48;
const H = 40;
function tiles(): RasterImage & { data: Uint8Array } {
  const random = new SeededRandom(3);
  const data = new Uint8Array(W * H * 3);
  for (let p = 0; p < W * H; p++) {
    const t = Math.floor((p % W) / 12) + 4 * Math.floor(p / W / 10);
    for (let c = 0; c < 3; c++) data[p * 3 + c] = (t * (50 + 40 * c)) % 200 + random.nextBelow(20);
  }
  return { width: W, height: H, channels: 3, data };
}
const image = tiles();

/** Pixel rectangle [x0, y0, x1) × [y1) and its normalised box. */
const objects = [
  { classId: 1, rect: [4, 4, 20, 16], peak: 0.9 },
  { classId: 2, rect: [28, 20, 44, 36], peak: 0.7 },
  { classId: 3, rect: [30, 2, 40, 10], peak: 0.4 },
] as const;
const boxOf = (r: readonly number[]): Box => [r[0] / W, r[1] / H, r[2] / W, r[3] / H];

function visible(im: RasterImage, rect: readonly number[]): number {
  let same = 0;
  let total = 0;
  for (let y = rect[1]; y < rect[3]; y++) {
    for (let x = rect[0]; x < rect[2]; x++) {
      const p = (y * W + x) * 3;
      total++;
      if (im.data[p] === image.data[p] && im.data[p + 1] === image.data[p + 1] && im.data[p + 2] === image.data[p + 2]) same++;
    }
  }
  return same / total;
}

/**
 * Each object is detected with score peak · (visible fraction); when less than half
 * of it is visible its box jumps away (IoU 0). A class-9 decoy (score 0.45, below the default threshold) always sits on object 1's box.
 */
const detector: ObjectDetector = {
  labels: ['bg', 'one', 'two', 'three'],
  detect: async (images) =>
    images.map((im) => {
      const out: Detection[] = [{ classId: 9, score: 0.45, box: boxOf(objects[0].rect) }];
      for (const o of objects) {
        const f = visible(im, o.rect);
        if (f === 0) continue;
        const box = f >= 0.5 ? boxOf(o.rect) : ([0.9, 0.9, 1, 1] as const);
        out.push({ classId: o.classId, score: o.peak * f, box });
      }
      return out;
    }),
};

describe('iou and contextWindow', () => {
  it('iou equals the rasterised overlap for random grid-aligned boxes', () => {
    const random = new SeededRandom(4);
    const n = 40;
    for (let t = 0; t < 200; t++) {
      const rect = () => {
        const x0 = random.nextBelow(n - 1);
        const y0 = random.nextBelow(n - 1);
        return [x0, y0, x0 + 1 + random.nextBelow(n - x0 - 1), y0 + 1 + random.nextBelow(n - y0 - 1)];
      };
      const a = rect();
      const b = rect();
      let inter = 0;
      let union = 0;
      for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) {
        const ina = x >= a[0] && x < a[2] && y >= a[1] && y < a[3];
        const inb = x >= b[0] && x < b[2] && y >= b[1] && y < b[3];
        if (ina && inb) inter++;
        if (ina || inb) union++;
      }
      const norm = (r: number[]): Box => [r[0] / n, r[1] / n, r[2] / n, r[3] / n];
      expect(iou(norm(a), norm(b))).toBeCloseTo(inter / union, 12);
    }
  });

  it('context 0 is the box, 0.5 grows it by half its size per side, 1 is the whole image', () => {
    const box: Box = [0.25, 0.25, 0.5, 0.5];
    expect(contextWindow(box, 0, 40, 40)).toEqual([10, 10, 20, 20]);
    expect(contextWindow(box, 0.5, 40, 40)).toEqual([5, 5, 25, 25]);
    expect(contextWindow(box, 0.99, 40, 40)).toEqual([0, 0, 30, 30]);
    expect(contextWindow(box, 1, 40, 40)).toEqual([0, 0, 40, 40]);
  });
});

describe('objectValue', () => {
  const target: Detection = { classId: 1, score: 0.9, box: [0, 0, 0.5, 0.5], classScores: [0, 1, 0] };
  it("clarify: best score of the same class with IoU >= threshold, else 0", () => {
    const s = { iouThreshold: 0.5, scoring: 'clarify' as const };
    expect(objectValue(target, [], s)).toBe(0);
    expect(objectValue(target, [{ classId: 2, score: 0.8, box: [0, 0, 0.5, 0.5] }], s)).toBe(0);
    // IoU of [0,0,.5,.5] and [0,0,.5,.25] is 0.5: counts; [0,0,.5,.2] is 0.4: does not.
    expect(objectValue(target, [{ classId: 1, score: 0.3, box: [0, 0, 0.5, 0.25] }, { classId: 1, score: 0.6, box: [0, 0, 0.5, 0.2] }], s)).toBe(0.3);
    expect(objectValue(target, [{ classId: 1, score: 0.3, box: [0, 0, 0.5, 0.5] }, { classId: 1, score: 0.6, box: [0, 0, 0.5, 0.45] }], s)).toBe(0.6);
  });
  it('d-rise: IoU × objectness × cosine similarity of class vectors', () => {
    const d: Detection = { classId: 2, score: 0.5, objectness: 0.8, box: [0, 0, 0.5, 0.25], classScores: [0, 1, 1] };
    expect(objectValue(target, [d], { iouThreshold: 0.5, scoring: 'd-rise' })).toBeCloseTo(0.5 * 0.8 * (1 / Math.SQRT2), 12);
  });
});

describe('explainObjectDetection', () => {
  it('explains the top objects above the threshold; φ sits on the object region and sums to the score', async () => {
    // Few segments and a budget above 2^K − 2: every coalition is enumerated, so φ are exact
    // Shapley values and segments the detector never looks at get exactly nothing (the dummy axiom).
    const result = await explainObjectDetection({ image, model: detector, numSamples: 20000, seed: 3, segmentation: { nSegments: 4 } });
    const K = result.segmentation.numSegments;
    expect(K).toBeLessThanOrEqual(14);
    expect(result.objects.map((o) => [o.detection.classId, o.name])).toEqual([
      [1, 'one'],
      [2, 'two'],
    ]);
    const [first] = result.objects;
    expect(first.fullValue).toBeCloseTo(0.9, 6);
    expect(first.expectedValue).toBe(0);
    const sum = first.shapValues.reduce((s, v) => s + v, 0);
    expect(sum).toBeCloseTo(0.9, 6);
    // Segments with no pixel in object 1's rectangle get (almost) nothing.
    const touches = new Uint8Array(result.segmentation.numSegments);
    for (let y = 4; y < 16; y++) for (let x = 4; x < 20; x++) touches[result.segmentation.labels[y * W + x]] = 1;
    let off = 0;
    let total = 0;
    first.shapValues.forEach((v, j) => {
      total += Math.abs(v);
      if (!touches[j]) off += Math.abs(v);
    });
    expect(off / total).toBeLessThan(1e-9);
    expect(total).toBeGreaterThan(0.5);
    expect(result.numEvaluations).toBe(1 + 2 ** K);
  });

  it('honours maxObjects and probabilityThreshold', async () => {
    const one = await explainObjectDetection({ image, model: detector, numSamples: 30, seed: 3, maxObjects: 1 });
    expect(one.objects.map((o) => o.detection.classId)).toEqual([1]);
    const low = await explainObjectDetection({ image, model: detector, numSamples: 30, seed: 3, probabilityThreshold: 0.3, maxObjects: 4 });
    expect(low.objects.map((o) => o.detection.classId)).toEqual([1, 2, 9, 3]);
    // The decoy's own class never reappears elsewhere, but it keeps its box in every coalition: value 0.45 throughout.
    expect(low.objects[2].shapValues.every((v) => Math.abs(v) < 1e-9)).toBe(true);
  });

  it('with context 0 shows the baseline outside the box in every masked image', async () => {
    const seen: Uint8Array[] = [];
    const spy: ObjectDetector = {
      detect: async (images) => {
        images.forEach((im) => seen.push(Uint8Array.from(im.data)));
        return detector.detect(images);
      },
    };
    const result = await explainObjectDetection({ image, model: spy, numSamples: 30, seed: 8, context: 0, maxObjects: 1 });
    expect(result.objects[0].window).toEqual([4, 4, 20, 16]);
    const noise = whiteNoise(W * H * 3, 8);
    expect(seen.length).toBe(1 + 32);
    let outsideWrong = 0;
    let insideWrong = 0;
    let insideNoise = 0;
    for (const data of seen.slice(1)) {
      for (let p = 0; p < W * H; p++) {
        const x = p % W;
        const y = Math.floor(p / W);
        const inside = x >= 4 && x < 20 && y >= 4 && y < 16;
        for (let c = 0; c < 3; c++) {
          const v = data[p * 3 + c];
          const i = p * 3 + c;
          if (!inside) outsideWrong += v === noise[i] ? 0 : 1;
          else if (v !== image.data[i]) {
            if (v === noise[i]) insideNoise++;
            else insideWrong++;
          }
        }
      }
    }
    expect(outsideWrong).toBe(0);
    expect(insideWrong).toBe(0);
    // Coalitions do mask segments inside the box.
    expect(insideNoise).toBeGreaterThan(0);
  });

  it('returns an empty explanation with a reason when nothing is detected', async () => {
    const none = await explainObjectDetection({ image, model: { detect: async (ims) => ims.map(() => []) }, seed: 1 });
    expect(none.objects).toEqual([]);
    expect(none.reason).toMatch(/no object/);
    expect(none.numEvaluations).toBe(1);
    const weak = await explainObjectDetection({ image, model: detector, seed: 1, probabilityThreshold: 1 });
    expect(weak.objects).toEqual([]);
    expect(weak.reason).toMatch(/probabilityThreshold 1 \(best score 0\.9\)/);
  });

  it('rejects invalid thresholds before calling the detector', async () => {
    let calls = 0;
    const counting: ObjectDetector = { detect: async (ims) => (calls++, ims.map(() => [])) };
    for (const [field, bad] of [
      ['iouThreshold', 1.5],
      ['context', -0.1],
      ['probabilityThreshold', NaN],
      ['maxObjects', 0],
      ['scoring', 'rise'],
    ] as const) {
      await expect(explainObjectDetection({ image, model: counting, [field]: bad })).rejects.toMatchObject({ name: 'ValidationError', field });
    }
    await expect(explainObjectDetection({ image, model: {} as ObjectDetector })).rejects.toBeInstanceOf(ValidationError);
    expect(calls).toBe(0);
  });

  it('reports malformed detections as a ModelError naming the call and image', async () => {
    let calls = 0;
    const broken: ObjectDetector = {
      detect: async (ims) => {
        const call = calls++;
        return ims.map((_, i) => (call === 1 && i === 2 ? [{ classId: 1, score: NaN, box: [0, 0, 1, 1] as const }] : [{ classId: 1, score: 0.9, box: [0, 0, 1, 1] as const }]));
      },
    };
    const err = await explainObjectDetection({ image, model: broken, seed: 1, numSamples: 30 }).catch((e) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ call: 1, index: 2 });
    expect(err.message).toMatch(/masked image 2/);
    const noVectors = explainObjectDetection({ image, model: detector, seed: 1, numSamples: 30, scoring: 'd-rise' });
    await expect(noVectors).rejects.toThrow(/classScores/);
  });
});

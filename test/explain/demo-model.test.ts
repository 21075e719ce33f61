/**
 * The demo CNN (examples/models/shapes-cnn.onnx, trained by scripts/demo-model)
 * explained over the sample images: the explanation must point at the object
 * and beat a random ordering on deletion and insertion.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBaseline } from '../../src/explain/image/baseline.js';
import { explainImageClassification } from '../../src/explain/classification.js';
import { deletionInsertion, orderByValue, pointingGame, randomOrder } from '../../src/explain/metrics.js';
import { toRgb8 } from '../../src/explain/image/rgb.js';
import { toSegmentMap } from '../../src/explain/image/segments.js';
import { decodeImage } from '../../src/models/decode.js';
import { OnnxImageClassifier } from '../../src/models/onnx-classifier.js';

const examples = new URL('../../examples/', import.meta.url);
const meta = JSON.parse(readFileSync(new URL('models/shapes-cnn.json', examples), 'utf8'));
const manifest: { image: string; mask: string; label: number; class: string }[] = JSON.parse(
  readFileSync(new URL('images/manifest.json', examples), 'utf8'),
);

let model: OnnxImageClassifier;
beforeAll(async () => {
  model = await OnnxImageClassifier.create({
    model: fileURLToPath(new URL('models/shapes-cnn.onnx', examples)),
    mean: meta.input.mean,
    std: meta.input.std,
    softmax: true,
    labels: meta.classes,
    sessionOptions: { intraOpNumThreads: 1 },
  });
}, 60_000);

// Eight explanations with the ONNX model and their deletion/insertion curves: seconds.
describe('demo model explanations', { timeout: 120_000 }, () => {
  it('points at the object and beats a random ordering on deletion and insertion', async () => {
    let hits = 0;
    let objects = 0;
    const auc = { deletion: 0, insertion: 0, randomDeletion: 0, randomInsertion: 0 };
    let images = 0;
    for (const entry of manifest) {
      images++;
      const image = await decodeImage(fileURLToPath(new URL(`images/${entry.image}`, examples)));
      const seed = 7;
      const result = await explainImageClassification({ image, model, numSamples: 300, seed, batchSize: 64 });
      const { shapValues, label } = result.explanations[0];
      expect(label).toBe(entry.label);
      if (entry.class !== 'clutter') {
        const mask = await decodeImage(fileURLToPath(new URL(`images/${entry.mask}`, examples)));
        const target = { mask: mask.data.filter((_, i) => i % mask.channels === 0) };
        objects++;
        if (pointingGame({ segments: result.segmentation.labels, width: image.width, height: image.height, shapValues, target }).hit) hits++;
      }
      const segments = toSegmentMap(result.segmentation);
      const rgb = toRgb8(image);
      const baseline = buildBaseline(rgb, 'noise', segments, seed);
      const common = { image: rgb, baseline, segments, model, label, batchSize: 64 };
      const ours = await deletionInsertion({ ...common, order: orderByValue(shapValues) });
      auc.deletion += ours.deletion.auc;
      auc.insertion += ours.insertion.auc;
      // Three random orderings per image: their mean is the reference a useful explanation must beat.
      for (let r = 0; r < 3; r++) {
        const random = await deletionInsertion({ ...common, order: randomOrder(segments.numSegments, 100 + r) });
        auc.randomDeletion += random.deletion.auc / 3;
        auc.randomInsertion += random.insertion.auc / 3;
      }
    }
    // Documented level (docs/explaining-images.md): at least 6 of the 7 object images.
    expect(images).toBe(8);
    expect(objects).toBe(7);
    expect(hits).toBeGreaterThanOrEqual(6);
    expect(auc.deletion).toBeLessThan(auc.randomDeletion);
    expect(auc.insertion).toBeGreaterThan(auc.randomInsertion);
    console.info(`pointing game ${hits}/${objects}; mean AUC over ${manifest.length} images`, {
      deletion: auc.deletion / manifest.length,
      randomDeletion: auc.randomDeletion / manifest.length,
      insertion: auc.insertion / manifest.length,
      randomInsertion: auc.randomInsertion / manifest.length,
    });
  });
});

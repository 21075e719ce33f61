/**
 * Renders the heat maps shown in docs/explaining-images.md: for each sample
 * image, the input, the SLIC segments and the heat map of the predicted class,
 * side by side, enlarged 4× (nearest neighbour) for viewing.
 *
 * Run: node --import tsx scripts/demo-model/heatmaps.ts
 * Writes docs/images/heatmap-<image>.png and docs/images/baselines.png.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { buildBaseline, type ImageBaseline } from '../../src/explain/image/baseline.js';
import { explainImageClassification } from '../../src/explain/classification.js';
import { renderHeatmap } from '../../src/explain/image/heatmap.js';
import type { RasterImage } from '../../src/explain/image/raster.js';
import { toRgb8 } from '../../src/explain/image/rgb.js';
import { toSegmentMap } from '../../src/explain/image/segments.js';
import { decodeImage } from '../../src/models/decode.js';
import { OnnxImageClassifier } from '../../src/models/onnx-classifier.js';

const root = new URL('../../', import.meta.url);
const out = new URL('docs/images/', root);
mkdirSync(out, { recursive: true });
const meta = JSON.parse(readFileSync(new URL('examples/models/shapes-cnn.json', root), 'utf8'));
const manifest: { image: string; class: string }[] = JSON.parse(readFileSync(new URL('examples/images/manifest.json', root), 'utf8'));
const model = await OnnxImageClassifier.create({
  model: fileURLToPath(new URL('examples/models/shapes-cnn.onnx', root)),
  mean: meta.input.mean,
  std: meta.input.std,
  softmax: true,
  labels: meta.classes,
});

const ZOOM = 4;
const toRgba = (im: RasterImage): Uint8Array => {
  const rgb = toRgb8(im);
  const data = new Uint8Array(rgb.width * rgb.height * 4);
  for (let p = 0; p < rgb.width * rgb.height; p++) data.set([rgb.data[p * 3], rgb.data[p * 3 + 1], rgb.data[p * 3 + 2], 255], p * 4);
  return data;
};

async function strip(panels: Uint8Array[], width: number, height: number, file: string) {
  const gap = 4;
  const composite = await sharp({ create: { width: panels.length * (width * ZOOM + gap) - gap, height: height * ZOOM, channels: 4, background: '#ffffff' } })
    .composite(
      await Promise.all(
        panels.map(async (data, i) => ({
          input: await sharp(data, { raw: { width, height, channels: 4 } }).resize(width * ZOOM, height * ZOOM, { kernel: 'nearest' }).png().toBuffer(),
          left: i * (width * ZOOM + gap),
          top: 0,
        })),
      ),
    )
    .png()
    .toBuffer();
  await sharp(composite).toFile(fileURLToPath(new URL(file, out)));
}

for (const entry of manifest) {
  const image = await decodeImage(fileURLToPath(new URL(`examples/images/${entry.image}`, root)));
  const result = await explainImageClassification({ image, model, numSamples: 500, seed: 1 });
  const { shapValues, name, score } = result.explanations[0];
  const segmentsOnly = renderHeatmap({ image, segments: result.segmentation.labels, shapValues: new Float64Array(result.segmentation.numSegments), fade: 0 });
  const heat = renderHeatmap({ image, segments: result.segmentation.labels, shapValues });
  const stem = entry.image.replace(/\.png$/, '');
  await strip([toRgba(image), segmentsOnly.data, heat.data], image.width, image.height, `heatmap-${stem}.png`);
  console.log(`${stem}: predicted ${name} (${score.toFixed(3)}), ${result.segmentation.numSegments} segments`);
}

// The baselines, on the first sample image.
const first = toRgb8(await decodeImage(fileURLToPath(new URL(`examples/images/${manifest[0].image}`, root))));
const seg = (await explainImageClassification({ image: first, model, numSamples: 50, seed: 1 })).segmentation;
const map = toSegmentMap(seg);
const kinds: ImageBaseline[] = ['noise', 'mean', 'blur', { color: [128, 128, 128] }];
await strip([toRgba(first), ...kinds.map((b) => toRgba(buildBaseline(first, b, map, 1)))], first.width, first.height, 'baselines.png');

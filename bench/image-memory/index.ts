/**
 * Peak memory of one image's explanation in the engine (`explainImageFile`:
 * decode, SLIC, masked batches, Kernel SHAP, heat maps and label image), each
 * case in a fresh process, with a model that reads a sparse grid of pixels so
 * that the figures are the engine's. The cases are the sizes the engine's
 * limits are set by: a 12 MP photo at 2000 samples (issue 5's bound, 1.5 GB), an
 * image at the default pixel limit (24 MP), and one at 40 MP, past it (the pixel
 * limit is what keeps one image within 1.5 GB). Batch size 32, the engine's
 * default: the masked batch is capped at MASKED_BATCH_BYTES for large images.
 *
 * Run: `node --import tsx bench/image-memory/index.ts` (or `npm run bench -- image-memory`).
 * Writes bench/results/image-memory.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { DEFAULT_MAX_PIXELS } from '../../src/engine/image-codec.js';
import { explainImageFile } from '../../src/engine/image-task.js';
import { blocks, sparseGridModel } from '../explain/blocks.js';

const CASES: readonly (readonly [width: number, height: number, numSamples: number])[] = [
  [4000, 3000, 2000],
  [6000, 4000, 500],
  [7300, 5475, 500],
];

async function child(width: number, height: number, numSamples: number): Promise<void> {
  const raw = blocks(width, height);
  const bytes = await sharp(raw.data as Uint8Array, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 1 }).toBuffer();
  const model = sparseGridModel;
  const t = performance.now();
  const result = await explainImageFile('photo.png', bytes, {
    modelType: 'IMAGE_CLASSIFICATION', numSegments: 20, compactness: 5, numSamples, seed: 1, useLogit: false,
    batchSize: 32, maxPixels: Math.max(DEFAULT_MAX_PIXELS, width * height), maxObjects: 3, iouThreshold: 0.5, context: 1,
  }, { kind: 'classifier', model });
  process.stdout.write(JSON.stringify({
    megapixels: +((width * height) / 1e6).toFixed(1), numSamples, segments: result.record.num_segments,
    seconds: +((performance.now() - t) / 1000).toFixed(1), maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  }));
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--child');
  if (at >= 0) {
    const [w, h, n] = process.argv.slice(at + 1, at + 4).map(Number);
    await child(w, h, n);
    return;
  }
  const rows = CASES.map(([w, h, n]) =>
    JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', String(w), String(h), String(n)], { encoding: 'utf8' })) as Record<string, number>);
  console.log('\nPeak RSS of one image explained by the engine (batch size 32, fresh process each)');
  console.table(rows);
  mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('../results/image-memory.json', import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), rows }, null, 2)}\n`);
}

await main();

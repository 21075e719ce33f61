/**
 * What a heat map says about its scale: the colour bar's colours are the heat
 * map's (`heatmapColor`), a shared scale draws every heat map of a run with the
 * run's largest |φ|, segment numbers land inside their segments and read as
 * the right digits, and the run records all of it in analysis.json.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { AnalysisDocument, SucceededImageRecord } from '../../src/analysis/document.js';
import { type RunAnalysisResult, runAnalysis } from '../../src/engine/run-analysis.js';
import { heatmapColor, renderHeatmap } from '../../src/explain/image/heatmap.js';
import { drawSegmentNumbers, segmentAnchors } from '../../src/explain/image/segment-numbers.js';
import type { AnalysisConfig } from '../../src/clarify/analysis-config.js';
import { pyFloat } from '../../src/python/float.js';
import type { RasterImage } from '../../src/explain/image/raster.js';
import { functionDetector } from '../../src/models/function.js';
import { brightness, classificationConfig, folderWith, squarePng } from '../helpers/engine-fixtures.js';

// Whole runs of the engine (worker threads, ONNX, report), a browser or an S3 server per test.
vi.setConfig({ testTimeout: 120_000 });

const maxAbs = (values: readonly number[]) => values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describe('heatmapColor', () => {
  it('is the colour renderHeatmap gives a segment at that φ / scale over a mid-gray image', () => {
    const width = 4;
    const height = 1;
    const image = { width, height, channels: 3 as const, data: new Uint8Array(width * height * 3).fill(128) };
    const segments = Int32Array.from([0, 1, 2, 3]);
    const shapValues = [-1, -0.3, 0.5, 1];
    const out = renderHeatmap({ image, segments, shapValues, scale: 1, boundaryColor: null });
    shapValues.forEach((v, j) => expect([...out.data.subarray(j * 4, j * 4 + 3)]).toEqual([...heatmapColor(v)]));
    expect(heatmapColor(0)).toEqual([179, 179, 179]);
    expect(heatmapColor(1)[2]).toBeGreaterThan(200);
    expect(heatmapColor(-1)[0]).toBeGreaterThan(200);
  });
});

describe('segment numbers', () => {
  // The 3 × 5 font of segment-numbers.ts, read back from the drawing.
  const GLYPHS = ['111101101101111', '010110010010111', '111001111100111'];

  /** The ink (white) of a drawing, cut to its bounding box and scaled down by `scale`. */
  function readInk(data: Uint8Array, width: number, height: number, x0: number, x1: number, scale: number): string[] {
    let top = height;
    let bottom = -1;
    let left = width;
    let right = -1;
    for (let y = 0; y < height; y++) {
      for (let x = x0; x < x1; x++) {
        if (data[(y * width + x) * 4] === 255) {
          top = Math.min(top, y);
          bottom = Math.max(bottom, y);
          left = Math.min(left, x);
          right = Math.max(right, x);
        }
      }
    }
    const rows: string[] = [];
    for (let y = top; y <= bottom; y += scale) {
      let row = '';
      for (let x = left; x <= right; x += scale) row += data[(y * width + x) * 4] === 255 ? '1' : '0';
      rows.push(row);
    }
    return rows;
  }

  it('are drawn as the segment index, in white outlined black, inside each segment', () => {
    const width = 80;
    const height = 40;
    // Segment 0: the left half; segment 1: the right half.
    const segments = new Int32Array(width * height).map((_, p) => (p % width < 40 ? 0 : 1));
    const data = new Uint8Array(width * height * 4).fill(128);
    drawSegmentNumbers(data, width, height, 4, segments, { scale: 2 });
    const zero = readInk(data, width, height, 0, 40, 2);
    expect(zero.join('')).toBe(GLYPHS[0]);
    expect(readInk(data, width, height, 40, 80, 2).join('')).toBe(GLYPHS[1]);
    // The outline: black pixels right next to the ink.
    let black = 0;
    for (let p = 0; p < width * height; p++) if (data[p * 4] === 0) black++;
    expect(black).toBeGreaterThan(0);
  });

  it('draw two-digit numbers as two glyphs', () => {
    const width = 40;
    const height = 30;
    const segments = new Int32Array(width * height).fill(12);
    // Dense indices: 0..11 would be other segments; here only the number matters.
    const data = new Uint8Array(width * height * 4).fill(128);
    drawSegmentNumbers(data, width, height, 4, segments, { scale: 1 });
    const rows = readInk(data, width, height, 0, width, 1);
    expect(rows).toEqual(GLYPHS[1].match(/.{3}/g)!.map((r, k) => `${r}0${GLYPHS[2].slice(k * 3, k * 3 + 3)}`));
  });

  it('anchor a ring-shaped segment on the ring, not at its centroid (which lies in the hole)', () => {
    const size = 96;
    const segments = new Int32Array(size * size);
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) segments[y * size + x] = (x - 48) ** 2 + (y - 48) ** 2 < 30 ** 2 ? 0 : 1;
    const anchors = segmentAnchors(segments, size, size, 2);
    expect(anchors.map((a) => a.segment)).toEqual([0, 1]);
    for (const a of anchors) expect(segments[a.y * size + a.x]).toBe(a.segment);
    // The disc's number sits at its centre.
    expect(Math.hypot(anchors[0].x - 48, anchors[0].y - 48)).toBeLessThan(2);
  });

  it('are an option of renderHeatmap, off by default', () => {
    const width = 64;
    const height = 64;
    const image = { width, height, channels: 3 as const, data: new Uint8Array(width * height * 3).fill(90) };
    const segments = new Int32Array(width * height).map((_, p) => (p % width < 32 ? 0 : 1));
    const plain = renderHeatmap({ image, segments, shapValues: [0.2, -0.1] });
    const numbered = renderHeatmap({ image, segments, shapValues: [0.2, -0.1], segmentNumbers: true });
    const white = (d: Uint8Array) => d.filter((_, i) => i % 4 === 0 && d[i] === 255 && d[i + 1] === 255 && d[i + 2] === 255).length;
    expect(white(plain.data)).toBe(0);
    expect(white(numbered.data)).toBeGreaterThan(10);
  });
});

describe('runAnalysis: heat-map scale', () => {
  const now = new Date('2026-05-06T07:08:09.000Z');
  let data: string;
  let out: string;
  let perMap: RunAnalysisResult;
  let shared: RunAnalysisResult;

  beforeAll(async () => {
    // a.png: a bright square, large φ; dim.png: a faint one, small φ; broken.png fails.
    const dim = await sharp(await squarePng(2)).linear(0.15, 20).png().toBuffer();
    data = await folderWith({ 'a.png': await squarePng(0), 'dim.png': dim, 'broken.png': 'not an image' });
    // Outputs outside the data folder: a second run must not explain the first one's images.
    out = await folderWith({});
    const run = (output: string, sharedScale: boolean) =>
      runAnalysis({ config: classificationConfig('m'), data, output: join(out, output), models: { m: brightness }, concurrency: 2, topK: 2, sharedScale, now: () => now });
    perMap = await run('per-map', false);
    shared = await run('shared', true);
  });

  const succeeded = (doc: AnalysisDocument) => doc.images.filter((r): r is SucceededImageRecord => r.status === 'succeeded');

  it("records each heat map's scale: its own max |φ| by default, the run's with sharedScale", () => {
    const own = succeeded(perMap.document).flatMap((r) => r.explanations!);
    expect(own).toHaveLength(4);
    for (const e of own) expect(e.heat_map_scale).toBe(maxAbs(e.shap_values));
    const all = succeeded(shared.document).flatMap((r) => r.explanations!);
    const runMax = maxAbs(all.flatMap((e) => e.shap_values));
    expect(runMax).toBeGreaterThan(0);
    for (const e of all) expect(e.heat_map_scale).toBe(runMax);
    expect(perMap.document.settings).toMatchObject({ heat_map_scale: 'per-heat-map', segment_numbers: false });
    expect(shared.document.settings).toMatchObject({ heat_map_scale: 'shared', segment_numbers: false });
    // The same explanations either way: only the drawing differs.
    expect(all.map((e) => e.shap_values)).toEqual(own.map((e) => e.shap_values));
    expect(shared.document.images.find((r) => r.file === 'broken.png')?.status).toBe('failed');
  });

  it('draws heat maps with the shared scale: the one holding the run max is unchanged, the others are paler', async () => {
    const all = succeeded(shared.document).flatMap((r) => r.explanations!.map((e) => ({ file: r.file, ...e })));
    const runMax = all[0].heat_map_scale!;
    const colourfulness = async (path: string) => {
      const { data: px } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
      let sum = 0;
      for (let i = 0; i < px.length; i += 3) sum += Math.max(px[i], px[i + 1], px[i + 2]) - Math.min(px[i], px[i + 1], px[i + 2]);
      return sum / (px.length / 3);
    };
    let paler = 0;
    for (const e of all) {
      const mine = await readFile(join(out, 'shared', e.heat_map));
      const theirs = await readFile(join(out, 'per-map', e.heat_map));
      // The classes of a two-class model have opposite φ, equal up to rounding.
      if (maxAbs(e.shap_values) > runMax * (1 - 1e-9)) {
        expect(mine.equals(theirs)).toBe(true);
      } else {
        expect(await colourfulness(join(out, 'shared', e.heat_map))).toBeLessThan(await colourfulness(join(out, 'per-map', e.heat_map)));
        paler++;
      }
    }
    expect(paler).toBeGreaterThan(0);
    expect(shared.files.filter((f) => f.startsWith('shap_')).sort()).toEqual(perMap.files.filter((f) => f.startsWith('shap_')).sort());
  });

  it('dates the run with the injected clock', async () => {
    expect(shared.document.created_at).toBe(now.toISOString());
    const written = JSON.parse(await readFile(join(out, 'shared', 'analysis.json'), 'utf8')) as AnalysisDocument;
    expect(written.created_at).toBe('2026-05-06T07:08:09.000Z');
  });

  it('draws segment numbers when asked', async () => {
    const numbered = await runAnalysis({ config: classificationConfig('m'), data, files: ['a.png'], output: join(out, 'numbered'), models: { m: brightness }, concurrency: 1, segmentNumbers: true });
    expect(numbered.document.settings.segment_numbers).toBe(true);
    const record = numbered.document.images[0] as SucceededImageRecord;
    const whites = async (path: string) => {
      const { data: px } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
      let n = 0;
      for (let i = 0; i < px.length; i += 3) if (px[i] > 245 && px[i + 1] > 245 && px[i + 2] > 245) n++;
      return n;
    };
    expect(await whites(join(out, 'numbered', record.explanations![0].heat_map))).toBeGreaterThan(20 + (await whites(join(out, 'per-map', record.explanations![0].heat_map))));
  });

  it('refuses options of the wrong type before any work', async () => {
    await expect(runAnalysis({ config: classificationConfig('m'), data, output: join(out, 'x'), models: { m: brightness }, sharedScale: 'yes' as unknown as boolean })).rejects.toMatchObject({ field: 'sharedScale' });
    await expect(runAnalysis({ config: classificationConfig('m'), data, output: join(out, 'x'), models: { m: brightness }, now: () => new Date('nope') })).rejects.toMatchObject({ field: 'now()' });
  });

  it('shares the scale over detected objects too, and leaves the objects image alone', async () => {
    // Finds the bright square wherever SLIC leaves it bright: its box, scored by the bright share.
    const finder = functionDetector((images: readonly RasterImage[]) =>
      images.map((im) => {
        let bright = 0;
        for (let y = 8; y < 20; y++) for (let x = 4; x < 16; x++) if ((im.data[(y * im.width + x) * 3] as number) > 150) bright++;
        return [{ classId: 0, score: bright / 144, box: [4 / 32, 8 / 32, 16 / 32, 20 / 32] as const }];
      }), ['square']);
    const config: AnalysisConfig = {
      dataset_type: 'application/x-image',
      probability_threshold: pyFloat(0.5),
      predictor: { model_name: 'finder', label_headers: ['square'] },
      methods: { shap: { use_logit: false, save_local_shap_values: true, num_samples: 40, seed: 2, image_config: { model_type: 'OBJECT_DETECTION', num_segments: 6, segment_compactness: 10, max_objects: 2, iou_threshold: pyFloat(0.5), context: pyFloat(1) } } },
    };
    const detData = await folderWith({ 'a.png': await squarePng(0), 'b.png': await squarePng(0) });
    const result = await runAnalysis({ config, data: detData, output: join(out, 'detection'), models: { finder }, concurrency: 2, sharedScale: true });
    const objects = succeeded(result.document).flatMap((r) => r.objects!);
    expect(objects).toHaveLength(2);
    const runMax = maxAbs(objects.flatMap((o) => o.shap_values));
    for (const o of objects) expect(o.heat_map_scale).toBe(runMax);
    expect(result.files.filter((f) => f.endsWith('_box1.jpeg')).sort()).toEqual(['shap_a_box1.jpeg', 'shap_b_box1.jpeg']);
    expect(result.files.filter((f) => f.endsWith('_objects.jpeg')).sort()).toEqual(['a_objects.jpeg', 'b_objects.jpeg']);
    expect((await sharp(join(out, 'detection', 'shap_a_box1.jpeg')).metadata()).width).toBe(256);
  });
});

/**
 * `fadeUncertain` of runAnalysis (issue 30, item 6): heat maps of an exact run are
 * the same with it as without; a redrawn heat map fades the segment whose 95%
 * interval contains 0 and leaves a segment with a clear effect as it was.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { AnalysisDocument, SucceededImageRecord } from '../../src/analysis/document.js';
import { renderHeatMapFiles } from '../../src/engine/heat-map-redraw.js';
import { runAnalysis } from '../../src/engine/run-analysis.js';
import { brightnessTo, classificationConfig, folderWith, squarePng } from '../helpers/engine-fixtures.js';

// Whole runs of the engine (worker threads, report).
vi.setConfig({ testTimeout: 120_000 });

const squaredBrightness = brightnessTo(2);

const RUN_DATE = new Date('2026-04-05T06:07:00.000Z');
const config = (numSamples: number) => classificationConfig('m', { num_samples: numSamples, image_config: { model_type: 'IMAGE_CLASSIFICATION', num_segments: 10, segment_compactness: 10 } });

async function run(data: string, output: string, numSamples: number, fadeUncertain: boolean): Promise<SucceededImageRecord> {
  await runAnalysis({ config: config(numSamples), data, output, models: { m: squaredBrightness }, concurrency: 1, fadeUncertain, now: () => RUN_DATE });
  return (JSON.parse(await readFile(join(output, 'analysis.json'), 'utf8')) as AnalysisDocument).images[0] as SucceededImageRecord;
}

/** Decoded RGB of a JPEG. */
async function rgb(jpeg: Uint8Array): Promise<{ data: Uint8Array; width: number; height: number }> {
  const { data, info } = await sharp(jpeg).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

describe('runAnalysis with fadeUncertain', () => {
  let data: string;
  beforeAll(async () => {
    data = await folderWith({ 'a.png': await squarePng(0) });
  });

  it('draws the heat maps of an exact run (no standard errors) as without it', async () => {
    const plain = await run(data, join(data, 'exact-plain'), 100_000, false);
    const faded = await run(data, join(data, 'exact-faded'), 100_000, true);
    expect(plain.explanations![0]).not.toHaveProperty('standard_errors');
    expect(faded.explanations![0].shap_values).toEqual(plain.explanations![0].shap_values);
    for (const file of [plain.explanations![0].heat_map, plain.image, plain.label_image]) {
      expect(await readFile(join(data, 'exact-faded', file))).toEqual(await readFile(join(data, 'exact-plain', file)));
    }
  });

  it('fades, in a heat map drawn again, the segment whose interval contains 0, not the one with a clear effect', async () => {
    const output = join(data, 'sampled');
    const record = await run(data, output, 40, false);
    const e = record.explanations![0];
    expect(e.standard_errors).toHaveLength(e.shap_values.length);
    const order = [...e.shap_values.keys()].sort((x, y) => Math.abs(e.shap_values[y]) - Math.abs(e.shap_values[x]));
    const [settled, open] = order;
    expect(Math.abs(e.shap_values[open]) / e.heat_map_scale!).toBeGreaterThan(0.2);
    // The second segment's interval holds 0 (se = |φ|); every other one is clear of it.
    const errors = e.shap_values.map((v, k) => (k === open ? Math.abs(v) : Math.abs(v) / 10));
    const withErrors: SucceededImageRecord = { ...record, explanations: [{ ...e, standard_errors: errors }] };
    const labels = await readFile(join(output, record.label_image));
    const draw = async (fadeUncertain: boolean) => rgb((await renderHeatMapFiles(withErrors, await readFile(join(data, 'a.png')), labels, e.heat_map_scale!, { maxPixels: 1e6, fadeUncertain })).files[0].body);
    const [plain, faded] = [await draw(false), await draw(true)];
    // Unfaded, the drawing is the run's.
    expect(plain.data).toEqual((await rgb(await readFile(join(output, e.heat_map)))).data);
    // Mean |difference| per segment, over the enlarged label image.
    const factor = plain.width / record.width;
    const { data: segmentRows } = await sharp(labels).toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
    const segmentOf = new Uint16Array(segmentRows.buffer, segmentRows.byteOffset, segmentRows.byteLength / 2);
    const sum = new Float64Array(e.shap_values.length);
    const count = new Float64Array(e.shap_values.length);
    for (let y = 0; y < plain.height; y++) {
      for (let x = 0; x < plain.width; x++) {
        const j = segmentOf[Math.floor(y / factor) * record.width + Math.floor(x / factor)];
        const p = (y * plain.width + x) * 3;
        for (let c = 0; c < 3; c++) sum[j] += Math.abs(faded.data[p + c] - plain.data[p + c]);
        count[j] += 3;
      }
    }
    const change = [...sum].map((s, j) => s / count[j]);
    expect(change[open]).toBeGreaterThan(10);
    expect(change[settled]).toBeLessThan(1);
  });
});

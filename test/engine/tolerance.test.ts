/**
 * `methods.shap.tolerance` and `relative_tolerance` (clarify-ts additions, issue 30
 * item 3) in a run: the settings and each image's `converged` are recorded, a run that
 * converges evaluates fewer masked images, one that does not is warned about, and a
 * config without them writes no trace of them.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { AnalysisDocument, SucceededImageRecord } from '../../src/analysis/document.js';
import { runAnalysis } from '../../src/engine/run-analysis.js';
import { brightnessTo, classificationConfig, folderWith, squarePng } from '../helpers/engine-fixtures.js';

// Whole runs of the engine (worker threads, report).
vi.setConfig({ testTimeout: 120_000 });

// Beyond pairwise, so sampled φ have errors (a square would be exact under paired sampling).
const cubedBrightness = brightnessTo(3);

const RUN_DATE = new Date('2026-04-05T06:07:00.000Z');
const config = (extra: Record<string, number>) =>
  classificationConfig('m', { num_samples: 3000, seed: 3, ...extra, image_config: { model_type: 'IMAGE_CLASSIFICATION', num_segments: 30, segment_compactness: 10 } });

async function run(data: string, output: string, extra: Record<string, number>) {
  const result = await runAnalysis({ config: config(extra), data, output, models: { m: cubedBrightness }, concurrency: 1, report: false, now: () => RUN_DATE });
  const document = JSON.parse(await readFile(join(output, 'analysis.json'), 'utf8')) as AnalysisDocument;
  return { result, document, image: document.images[0] as SucceededImageRecord };
}

describe('runAnalysis with a tolerance', () => {
  let data: string;
  let out: string;
  beforeAll(async () => {
    data = await folderWith({ 'a.png': await squarePng(0) });
    out = await folderWith({});
  });

  it('records nothing of it without one', async () => {
    const { document, image } = await run(data, join(out, 'plain'), {});
    expect(document.settings).not.toHaveProperty('tolerance');
    expect(image).not.toHaveProperty('converged');
  });

  it('stops early when the standard errors come within a loose tolerance, and records it', async () => {
    const plain = await run(data, join(out, 'plain-2'), {});
    const se = Math.max(...(plain.image.explanations![0].standard_errors ?? [0]));
    expect(se).toBeGreaterThan(1e-6);
    const { result, document, image } = await run(data, join(out, 'loose'), { tolerance: 4 * se });
    expect(document.settings.tolerance).toBe(4 * se);
    expect(image.converged).toBe(true);
    expect(image.num_evaluations).toBeLessThan(plain.image.num_evaluations);
    for (const e of image.explanations!) for (const x of e.standard_errors ?? []) expect(x).toBeLessThanOrEqual(4 * se);
    expect(result.warnings.some((w) => w.includes('did not converge'))).toBe(false);
  });

  it('warns, naming the count and the way out, when the ceiling comes first', async () => {
    const { result, document, image } = await run(data, join(out, 'tight'), { relative_tolerance: 1e-9 });
    expect(document.settings.relative_tolerance).toBe(1e-9);
    expect(image.converged).toBe(false);
    const warning = result.warnings.find((w) => w.includes('did not converge'));
    expect(warning).toMatch(/^1 of 1 images did not converge: .*relative_tolerance 1e-9 after num_samples 3000.*raise num_samples or loosen the tolerance$/);
  });

  it('refuses a tolerance that is not a positive number before any work', async () => {
    await expect(run(data, join(out, 'bad'), { tolerance: -1 })).rejects.toMatchObject({ field: '$.methods.shap.tolerance' });
  });
});

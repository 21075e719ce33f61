/**
 * Kernel SHAP's standard errors reach the files (issue 30, item 2): `standard_errors`
 * beside `shap_values` in an image run's analysis.json when the coalitions were sampled,
 * and `explanations_shap/out_standard_errors.csv` beside a tabular run's out.csv, while
 * Clarify's own keys and columns stay as they are.
 */
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SucceededImageRecord } from '../../src/analysis/document.js';
import { runAnalysis } from '../../src/engine/run-analysis.js';
import { brightnessTo, classificationConfig, folderWith, squarePng } from '../helpers/engine-fixtures.js';
import { sampledTabularRun } from '../helpers/sampled-tabular-run.js';

vi.setConfig({ testTimeout: 120_000 });

const folders: string[] = [];
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

const squaredBrightness = brightnessTo(2);

describe('image analysis.json', () => {
  it('carries standard_errors beside shap_values when sampled, and none when exact', async () => {
    const data = await folderWith({ 'a.png': await squarePng(0) });
    for (const [numSamples, sampled] of [[40, true], [100_000, false]] as const) {
      const output = join(data, `out-${numSamples}`);
      const config = classificationConfig('m', { num_samples: numSamples, image_config: { model_type: 'IMAGE_CLASSIFICATION', num_segments: 10, segment_compactness: 10 } });
      await runAnalysis({ config, data, output, models: { m: squaredBrightness }, concurrency: 1, report: false });
      const written = JSON.parse(await readFile(join(output, 'analysis.json'), 'utf8')) as { images: SucceededImageRecord[] };
      const [explanation] = written.images[0]?.explanations ?? [];
      expect(explanation?.shap_values.length).toBeGreaterThan(6);
      if (!sampled) {
        expect(explanation).not.toHaveProperty('standard_errors');
        continue;
      }
      const errors = explanation?.standard_errors as number[];
      expect(errors).toHaveLength(explanation?.shap_values.length as number);
      for (const se of errors) expect(se).toBeGreaterThanOrEqual(0);
      expect(Math.max(...errors)).toBeGreaterThan(0);
    }
  });
});

/** A 4-record tabular run over `width` features, on one host or sharded over `hosts` and merged. */
function runShared(width: number, numSamples: number, hosts?: string[]) {
  return sampledTabularRun(folders, { width, records: 4, numSamples, ...(hosts ? { hosts } : {}) });
}

describe('tabular explanations_shap/out_standard_errors.csv', () => {
  const run = runShared;

  it('is written with out.csv’s header and row order when values are sampled; Clarify’s keys are unchanged', async () => {
    const { output, result } = await run(12, 100);
    const values = (await readFile(join(output, 'explanations_shap', 'out.csv'), 'utf8')).trim().split('\n');
    const errors = (await readFile(join(output, 'explanations_shap', 'out_standard_errors.csv'), 'utf8')).trim().split('\n');
    expect(errors[0]).toBe(values[0]);
    expect(errors).toHaveLength(values.length);
    const cells = errors.slice(1).flatMap((line) => line.split(',').map(Number));
    expect(cells).toHaveLength(4 * 12);
    for (const se of cells) expect(se).toBeGreaterThanOrEqual(0);
    expect(Math.max(...cells)).toBeGreaterThan(0);
    expect(result?.files).toContain('explanations_shap/out_standard_errors.csv');
    const shap = result?.document.explanations?.kernel_shap?.['label0'];
    expect(Object.keys(shap ?? {}).sort()).toEqual(['expected_value', 'global_shap_values']);
  });

  it('is not written when every record is exact', async () => {
    const { output } = await run(3, 100);
    expect(existsSync(join(output, 'explanations_shap', 'out.csv'))).toBe(true);
    expect(existsSync(join(output, 'explanations_shap', 'out_standard_errors.csv'))).toBe(false);
  });
});

describe('a sharded tabular run', () => {
  it('merges the hosts’ standard errors into the file one host writes, and writes none when all is exact', async () => {
    const read = (output: string) => readFile(join(output, 'explanations_shap', 'out_standard_errors.csv'), 'utf8');
    const whole = await runShared(12, 100);
    const sharded = await runShared(12, 100, ['algo-1', 'algo-2']);
    expect(await read(sharded.output)).toBe(await read(whole.output));
    const exact = await runShared(3, 100, ['algo-1', 'algo-2']);
    expect(existsSync(join(exact.output, 'explanations_shap', 'out.csv'))).toBe(true);
    expect(existsSync(join(exact.output, 'explanations_shap', 'out_standard_errors.csv'))).toBe(false);
  });
});

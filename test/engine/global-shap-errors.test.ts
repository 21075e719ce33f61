/**
 * The standard errors of a tabular run's global SHAP values (issue 30, item 6):
 * `global_shap_standard_errors` beside Clarify's keys, from the per-record standard errors
 * of `explanations_shap/out_standard_errors.csv` by the delta method (records independent):
 * mean_abs √(Σ se²)/n, mean_sq √(Σ (2φ·se)²)/n, none for median, none when every record is
 * exact; a sharded run's merge gives the one-host values bit for bit.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TabularAnalysisDocument } from '../../src/analysis/tabular-document.js';
import { parseAnalysisJson } from '../../src/report/bias/parse-analysis-json.js';
import { sampledTabularRun } from '../helpers/sampled-tabular-run.js';

vi.setConfig({ testTimeout: 120_000 });

const folders: string[] = [];
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

/** A 5-record tabular run over `width` features with `agg_method`, on one host or sharded over `hosts` and merged. */
async function run(width: number, aggMethod: string, hosts?: string[]) {
  const { output } = await sampledTabularRun(folders, { width, records: 5, numSamples: 60, aggMethod, ...(hosts ? { hosts } : {}) });
  const text = await readFile(join(output, 'analysis.json'), 'utf8');
  return { output, text, document: parseAnalysisJson(text) as TabularAnalysisDocument };
}

/** A CSV of numbers after its header: `[record][cell]`. */
async function cells(path: string): Promise<number[][]> {
  return (await readFile(path, 'utf8')).trim().split('\n').slice(1).map((line) => line.split(',').map(Number));
}

describe('global_shap_standard_errors', () => {
  for (const aggMethod of ['mean_abs', 'mean_sq'] as const) {
    it(`is √(Σ t²)/n of the local values and errors with ${aggMethod}`, async () => {
      const { output, document } = await run(10, aggMethod);
      const phi = await cells(join(output, 'explanations_shap', 'out.csv'));
      const se = await cells(join(output, 'explanations_shap', 'out_standard_errors.csv'));
      expect(se.flat().some((v) => v > 0)).toBe(true);
      const errors = document.global_shap_standard_errors?.['label0'];
      expect(errors).toBeDefined();
      const names = Object.keys(document.explanations?.kernel_shap?.['label0']?.global_shap_values ?? {});
      expect(Object.keys(errors ?? {})).toEqual(names);
      names.forEach((name, j) => {
        const terms = phi.map((row, i) => (aggMethod === 'mean_abs' ? (se[i]?.[j] as number) : 2 * (row[j] as number) * (se[i]?.[j] as number)));
        const expected = Math.sqrt(terms.reduce((s, t) => s + t * t, 0)) / phi.length;
        const got = errors?.[name] as number;
        expect(Math.abs(got - expected)).toBeLessThanOrEqual(1e-12 * Math.max(expected, 1e-300));
      });
      expect(Math.max(...Object.values(errors ?? {}))).toBeGreaterThan(0);
      // Clarify's keys are as they were; the addition sits beside them.
      expect(Object.keys(document.explanations?.kernel_shap?.['label0'] ?? {}).sort()).toEqual(['expected_value', 'global_shap_values']);
      expect(Object.keys(document)).toEqual(['version', 'engine', 'created_at', 'dataset', 'explanations', 'global_shap_standard_errors', 'shap_seed']);
    });
  }

  it('is not written for median, nor when every record is exact', async () => {
    const median = await run(10, 'median');
    expect(median.document).not.toHaveProperty('global_shap_standard_errors');
    const exact = await run(3, 'mean_abs');
    expect(exact.document).not.toHaveProperty('global_shap_standard_errors');
    expect(exact.text).not.toContain('standard_errors');
  });

  it('of a sharded run merges to the one-host document bit for bit', async () => {
    for (const aggMethod of ['mean_abs', 'mean_sq']) {
      const whole = await run(10, aggMethod);
      const sharded = await run(10, aggMethod, ['algo-1', 'algo-2']);
      expect(sharded.document.global_shap_standard_errors).toBeDefined();
      // The same document but for the data folder's temporary name.
      const unfolded = (r: { text: string; output: string }) => r.text.split(join(r.output, '..')).join('<data>');
      expect(unfolded(sharded)).toBe(unfolded(whole));
    }
    const exact = await run(3, 'mean_abs', ['algo-1', 'algo-2']);
    expect(exact.document).not.toHaveProperty('global_shap_standard_errors');
  });
});

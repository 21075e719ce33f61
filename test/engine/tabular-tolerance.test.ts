/**
 * `methods.shap.tolerance` / `relative_tolerance` in a tabular run (issue 30, item 3):
 * records that reach `num_samples` first are counted in a warning; a loose tolerance
 * stops early (fewer model rows) without one; a bad value fails before any work.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runTabularAnalysis } from '../../src/engine/run-tabular-analysis.js';
import { functionTabularModel } from '../../src/models/tabular/function-model.js';
import type { TabularRow } from '../../src/explain/tabular/tabular-predictor.js';

const folders: string[] = [];
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

const FEATURES = 16;
/** Four records of 16 features that all differ from the baseline row of zeros. */
async function dataFile(): Promise<{ data: string; output: string }> {
  const folder = await mkdtemp(join(tmpdir(), 'clarify-ts-tabular-tolerance-'));
  folders.push(folder);
  const header = [...Array.from({ length: FEATURES }, (_, j) => `x${j}`), 'y'].join(',');
  const rows = Array.from({ length: 4 }, (_, i) => [...Array.from({ length: FEATURES }, (_, j) => 1 + ((i + j) % 3)), i % 2].join(','));
  await writeFile(join(folder, 'train.csv'), `${header}\n${rows.join('\n')}\n`);
  return { data: join(folder, 'train.csv'), output: join(folder, 'out') };
}

let modelRows = 0;
// Beyond pairwise (a product of three features), so a sampled run has standard errors.
const model = functionTabularModel((rows: readonly TabularRow[]) => {
  modelRows += rows.length;
  return rows.map((row) => {
    let v = Number(row[0]) * Number(row[1]) * Number(row[2]);
    for (let j = 3; j < FEATURES; j++) v += 0.1 * j * Number(row[j]);
    return { label: v, scores: [v] };
  });
});

const config = (extra: Record<string, unknown>) => ({
  dataset_type: 'text/csv',
  label: 'y',
  predictor: { model_name: 'm', instance_type: 'ml.m5.xlarge', initial_instance_count: 1 },
  methods: {
    shap: { baseline: [Array.from({ length: FEATURES }, () => 0)], num_samples: 2000, use_logit: false, save_local_shap_values: true, seed: 3, ...extra },
  },
});

async function run(extra: Record<string, unknown>) {
  const { data, output } = await dataFile();
  modelRows = 0;
  const result = await runTabularAnalysis({ config: config(extra) as never, data, output, models: { m: model }, report: false });
  return { result, modelRows };
}

describe('runTabularAnalysis with a tolerance', () => {
  it('warns, with the count, when records reach num_samples first', async () => {
    const { result } = await run({ relative_tolerance: 1e-12 });
    expect(result.warnings).toContainEqual(expect.stringMatching(/^4 of 4 records did not converge: .*relative_tolerance 1e-12 after num_samples 2000/));
  });

  it('stops early, with fewer model rows and no warning, under a loose tolerance', async () => {
    const full = await run({});
    const loose = await run({ tolerance: 5 });
    expect(loose.modelRows).toBeLessThan(full.modelRows);
    expect(loose.result.warnings.join('\n')).not.toMatch(/did not converge/);
  });

  it('refuses a tolerance that is not a positive number, naming the key', async () => {
    await expect(run({ tolerance: 0 })).rejects.toMatchObject({ field: '$.methods.shap.tolerance' });
  });
});

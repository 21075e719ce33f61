/**
 * `clarify-ts run --model model.onnx` with a tabular config asking for SHAP and PDP: a
 * scikit-learn-style ONNX classifier (LinearClassifier + softmax, built in the test) serves
 * predictor.model_name; the run writes analysis.json's explanations and out.csv, and each
 * record's φ add up to its probability minus the baseline's (efficiency), per class.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cli } from '../helpers/run-cli.js';
import { linearClassifierExpected, linearClassifierModel } from '../helpers/onnx-ml-models.js';

vi.setConfig({ testTimeout: 60_000 });

const folders: string[] = [];
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

describe('clarify-ts run: tabular SHAP and PDP with an ONNX model', () => {
  it('explains every record; φ per class add up to p(x) − p(baseline)', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'clarify-ts-cli-shap-'));
    folders.push(folder);
    const rows = Array.from({ length: 12 }, (_, i) => [(i % 4) * 0.5, (i % 3) - 1, i * 0.25]);
    await writeFile(join(folder, 'train.csv'), ['f0,f1,f2,y', ...rows.map((r, i) => `${r.join(',')},${i % 2}`)].join('\n'));
    await writeFile(join(folder, 'model.onnx'), linearClassifierModel());
    const config = {
      dataset_type: 'text/csv',
      label: 'y',
      predictor: { model_name: 'lin', instance_type: 'ml.m5.xlarge', initial_instance_count: 1, label_headers: ['a', 'b', 'c'] },
      methods: {
        shap: { baseline: [[0, 0, 0]], num_samples: 20, use_logit: false, save_local_shap_values: true, seed: 3 },
        pdp: { features: ['f1'], grid_resolution: 3, top_k_features: 10 },
      },
    };
    await writeFile(join(folder, 'analysis_config.json'), JSON.stringify(config));
    const out = join(folder, 'out');
    const r = await cli(['run', '--config', join(folder, 'analysis_config.json'), '--data', join(folder, 'train.csv'), '--output', out, '--model', join(folder, 'model.onnx')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Global SHAP values (a; expected value');
    expect(r.stdout).toContain('Partial dependence plots: f1');
    const analysis = JSON.parse(await readFile(join(out, 'analysis.json'), 'utf8')) as {
      explanations: { kernel_shap: Record<string, { expected_value: number }>; pdp: { feature_name: string; label_headers: string[] }[] };
    };
    expect(Object.keys(analysis.explanations.kernel_shap)).toEqual(['a', 'b', 'c']);
    expect(analysis.explanations.pdp[0]).toMatchObject({ feature_name: 'f1', label_headers: ['a', 'b', 'c'] });
    const base = linearClassifierExpected([0, 0, 0]).probabilities;
    ['a', 'b', 'c'].forEach((label, c) => expect(analysis.explanations.kernel_shap[label]?.expected_value).toBeCloseTo(base[c] as number, 6));
    const csv = (await readFile(join(out, 'explanations_shap', 'out.csv'), 'utf8')).trim().split('\n');
    expect(csv[0]).toBe('f0_a,f1_a,f2_a,f0_b,f1_b,f2_b,f0_c,f1_c,f2_c');
    rows.forEach((row, i) => {
      const phi = (csv[i + 1] as string).split(',').map(Number);
      const p = linearClassifierExpected(row).probabilities;
      for (let c = 0; c < 3; c++) {
        const sum = (phi[3 * c] as number) + (phi[3 * c + 1] as number) + (phi[3 * c + 2] as number);
        expect(sum).toBeCloseTo((p[c] as number) - (base[c] as number), 5); // float32 model
      }
    });
  });
});

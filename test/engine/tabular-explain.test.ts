/**
 * runTabularAnalysis with SHAP, PDP and a model: values against hand computations (a linear
 * model's Shapley values are w_j (x_j − b_j) for one baseline row), the files Clarify writes
 * (explanations_shap/out.csv, the computed baseline), and post-training bias through a model
 * equal to the same predictions given as a predicted_label column.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
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

async function dataFile(text: string): Promise<{ data: string; output: string }> {
  const folder = await mkdtemp(join(tmpdir(), 'clarify-ts-tabular-explain-'));
  folders.push(folder);
  await writeFile(join(folder, 'train.csv'), text);
  return { data: join(folder, 'train.csv'), output: join(folder, 'out') };
}

// x0 and x1 numeric, city a string the model ignores; label y.
const CSV = 'x0,x1,city,y\n1,2,Paris,1\n3,1,Lyon,0\n0,4,Paris,1\n2,2,Nice,0\n5,0,Lyon,1\n';
const ROWS = [[1, 2], [3, 1], [0, 4], [2, 2], [5, 0]];
const linear = (row: TabularRow) => 2 * Number(row[0]) + 3 * Number(row[1]);
const regressor = functionTabularModel((rows) => rows.map((row) => ({ label: linear(row), scores: [linear(row)] })));

const config = (methods: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  dataset_type: 'text/csv',
  label: 'y',
  predictor: { model_name: 'm', instance_type: 'ml.m5.xlarge', initial_instance_count: 1 },
  methods,
  ...extra,
});

describe('tabular SHAP', () => {
  it('gives a linear model its exact Shapley values against a baseline row, and writes out.csv', async () => {
    const { data, output } = await dataFile(CSV);
    const result = await runTabularAnalysis({
      config: config({ shap: { baseline: [[0, 0, 'Paris']], num_samples: 100, use_logit: false, save_local_shap_values: true, seed: 7 } }) as never,
      data, output, models: { m: regressor }, report: false,
    });
    const csv = (await readFile(join(output, 'explanations_shap', 'out.csv'), 'utf8')).trim().split('\n');
    expect(csv[0]).toBe('x0_label0,x1_label0,city_label0');
    ROWS.forEach(([x0, x1], i) => {
      const values = (csv[i + 1] as string).split(',').map(Number);
      expect(values[0]).toBeCloseTo(2 * (x0 as number), 12);
      expect(values[1]).toBeCloseTo(3 * (x1 as number), 12);
      expect(values[2]).toBeCloseTo(0, 12); // city varies, but the model ignores it
    });
    const shap = result.document.explanations?.kernel_shap?.['label0'];
    expect(shap?.expected_value).toBe(0);
    // mean |φ| over the five records
    expect(shap?.global_shap_values['x0']).toBeCloseTo((2 * (1 + 3 + 0 + 2 + 5)) / 5, 12);
    expect(shap?.global_shap_values['x1']).toBeCloseTo((3 * (2 + 1 + 4 + 2 + 0)) / 5, 12);
    expect(result.document.shap_seed).toBe(7);
    expect(result.files).toEqual(['analysis.json', 'explanations_shap/out.csv']);
  });

  it('computes a baseline when none is given, writes it, and keeps efficiency per record', async () => {
    const { data, output } = await dataFile(CSV);
    const result = await runTabularAnalysis({
      config: config({ shap: { num_clusters: 2, use_logit: false, save_local_shap_values: true, seed: 1, agg_method: 'median' } }) as never,
      data, output, models: { m: regressor }, report: false,
    });
    const baseline = (await readFile(join(output, 'explanations_shap', 'baseline.csv'), 'utf8')).trim().split('\n');
    expect(baseline[0]).toBe('x0,x1,city');
    expect(baseline).toHaveLength(3);
    const expected = result.document.explanations?.kernel_shap?.['label0']?.expected_value as number;
    const csv = (await readFile(join(output, 'explanations_shap', 'out.csv'), 'utf8')).trim().split('\n').slice(1);
    csv.forEach((line, i) => {
      const sum = line.split(',').map(Number).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(linear(ROWS[i] as TabularRow) - expected, 9);
    });
  });

  it('plots partial dependence: a linear model gives 2v + 3 mean(x1) at each grid value', async () => {
    const { data, output } = await dataFile(CSV);
    const result = await runTabularAnalysis({
      config: config({ pdp: { features: ['x0'], grid_resolution: 5, top_k_features: 10 } }) as never,
      data, output, models: { m: regressor }, report: false,
    });
    const [pdp] = result.document.explanations?.pdp ?? [];
    expect(pdp).toMatchObject({ feature_name: 'x0', data_type: 'numerical', label_headers: ['label0'] });
    const values = (pdp as { feature_values: number[] }).feature_values;
    expect(values).toEqual([0.5, 1.5, 2.5, 3.5, 4.5]); // bucket centres between 0 and 5
    const meanX1 = (2 + 1 + 4 + 2 + 0) / 5;
    (pdp as { model_predictions: number[][] }).model_predictions[0]?.forEach((p, g) => expect(p).toBeCloseTo(2 * (values[g] as number) + 3 * meanX1, 12));
  });

  it('refuses what it cannot run before reading data', async () => {
    const { data, output } = await dataFile(CSV);
    const refuse = (c: unknown, extra: Record<string, unknown> = {}) => runTabularAnalysis({ config: c as never, data, output, report: false, ...extra });
    await expect(refuse(config({ pdp: { grid_resolution: 5, top_k_features: 3 } }))).rejects.toMatchObject({ field: '$.methods.pdp.features' });
    await expect(refuse(config({ shap: { agg_method: 'max', use_logit: false, save_local_shap_values: true } }), { models: { m: regressor } })).rejects.toMatchObject({ field: '$.methods.shap.agg_method' });
    await expect(refuse(config({ shap: { use_logit: false, save_local_shap_values: true } }))).rejects.toMatchObject({ field: '$.predictor.model_name' });
    await expect(refuse({ ...config({ shap: { use_logit: false, save_local_shap_values: true } }), predictor: undefined })).rejects.toMatchObject({ field: '$.predictor' });
    await expect(readdir(output)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('post-training bias through a model', () => {
  it('equals the same predictions given as a predicted_label column', async () => {
    const bias = { label_values_or_threshold: [1], facet: [{ name_or_index: 'city', value_or_threshold: ['Paris'] }], probability_threshold: 0.5 };
    const score = (row: TabularRow) => (Number(row[0]) > 1 ? 0.8 : 0.2);
    const classifier = functionTabularModel((rows) => rows.map((row) => ({ scores: [score(row)] })));
    // 60 rows: an int label with 2 distinct values is categorical only below 5% distinct (smclarify's rule).
    const header = CSV.trim().split('\n')[0] as string;
    const body = Array.from({ length: 12 }, () => CSV.trim().split('\n').slice(1)).flat();
    const viaModel = await dataFile(`${[header, ...body].join('\n')}\n`);
    const a = await runTabularAnalysis({
      config: config({ post_training_bias: { methods: ['DPPL', 'DI', 'AD'] } }, bias) as never,
      data: viaModel.data, output: viaModel.output, models: { m: classifier }, report: false,
    });
    const withColumn = [`${header},p`, ...body.map((l, i) => `${l},${score(ROWS[i % 5] as TabularRow) > 0.5 ? 1 : 0}`)].join('\n');
    const viaColumn = await dataFile(`${withColumn}\n`);
    const b = await runTabularAnalysis({
      config: { dataset_type: 'text/csv', label: 'y', predicted_label: 'p', methods: { post_training_bias: { methods: ['DPPL', 'DI', 'AD'] } }, ...bias, probability_threshold: undefined } as never,
      data: viaColumn.data, output: viaColumn.output, report: false,
    });
    expect(a.document.post_training_bias_metrics?.facets['city']?.[0]?.metrics.map((m) => typeof m.value)).toEqual(['number', 'number', 'number']);
    expect(a.document.post_training_bias_metrics).toEqual(b.document.post_training_bias_metrics);
  });
});

describe('a tabular run over three hosts', () => {
  it('merges to what one host writes: bias, global SHAP (median and mean_abs), PDP, out.csv', async () => {
    const rows = Array.from({ length: 23 }, (_, i) => `${i % 5},${(i * 7) % 4},${['Paris', 'Lyon', 'Nice'][i % 3]},${i % 2}`);
    const text = `x0,x1,city,y\n${rows.join('\n')}\n`;
    for (const aggMethod of ['mean_abs', 'median']) {
      const c = config(
        {
          pre_training_bias: { methods: ['CI', 'DPL'] },
          shap: { num_clusters: 3, num_samples: 4, use_logit: false, save_local_shap_values: true, seed: 11, agg_method: aggMethod },
          pdp: { features: ['x1', 'city'], grid_resolution: 4, top_k_features: 10 },
        },
        { label_values_or_threshold: [1], facet: [{ name_or_index: 'city', value_or_threshold: ['Paris'] }] },
      );
      const single = await dataFile(text);
      const whole = await runTabularAnalysis({ config: c as never, data: single.data, output: single.output, models: { m: regressor }, report: false });

      const shared = await dataFile(text);
      const hosts = ['algo-1', 'algo-2', 'algo-3'];
      for (const host of hosts) {
        const part = await runTabularAnalysis({ config: c as never, data: shared.data, output: shared.output, models: { m: regressor }, shard: { host, hosts } });
        expect(part.analysisFile).toBe(`analysis.part-${host}.json`);
        expect(part.document.pre_training_bias_metrics === undefined).toBe(host !== 'algo-1');
      }
      const { mergeAnalysisParts } = await import('../../src/engine/merge-parts.js');
      const merged = await mergeAnalysisParts({ output: shared.output, report: false });
      // Everything but the date and the data's folder (each run had its own).
      const comparable = (d: unknown) => ({ ...(d as Record<string, unknown>), created_at: null, dataset: { ...(d as { dataset: object }).dataset, files: null } });
      expect(comparable(merged)).toEqual(comparable(whole.document));
      expect(whole.document.explanations?.kernel_shap?.['label0']).toBeDefined();
      expect(whole.document.explanations?.pdp).toHaveLength(2);
      expect(await readFile(join(shared.output, 'explanations_shap', 'out.csv'), 'utf8')).toBe(await readFile(join(single.output, 'explanations_shap', 'out.csv'), 'utf8'));
    }
  });

  it('refuses a sharded run whose PDP features come from the SHAP ranking', async () => {
    const { data, output } = await dataFile(CSV);
    await expect(runTabularAnalysis({
      config: config({ shap: { baseline: [[0, 0, 'Paris']], use_logit: false, save_local_shap_values: true }, pdp: { grid_resolution: 3, top_k_features: 2 } }) as never,
      data, output, models: { m: regressor }, shard: { host: 'a', hosts: ['a', 'b'] },
    })).rejects.toMatchObject({ field: '$.methods.pdp.features' });
    await expect(runTabularAnalysis({
      config: config({ shap: { baseline: [[0, 0, 'Paris']], use_logit: false, save_local_shap_values: true } }) as never,
      data, output, models: { m: regressor }, shard: { host: 'a', hosts: ['a', 'b'], mode: 'given' },
    })).rejects.toMatchObject({ field: 'shard.mode' });
  });
});

describe('a second run into the same folder', () => {
  it('removes the explanation files of the first that it does not write itself', async () => {
    const { data, output } = await dataFile(CSV);
    const first = await runTabularAnalysis({
      config: config({ shap: { num_clusters: 2, num_samples: 5, use_logit: false, save_local_shap_values: true, seed: 3 } }) as never,
      data, output, models: { m: regressor }, report: false,
    });
    expect(first.files).toEqual(expect.arrayContaining(['explanations_shap/baseline.csv', 'explanations_shap/out.csv']));
    const second = await runTabularAnalysis({
      config: config({ shap: { baseline: [[0, 0, 'Paris']], num_samples: 100, use_logit: false, save_local_shap_values: false } }) as never,
      data, output, models: { m: regressor }, report: false,
    });
    expect(second.files).toEqual(['analysis.json']);
    expect(await readdir(join(output, 'explanations_shap'))).toEqual([]);
  });
});

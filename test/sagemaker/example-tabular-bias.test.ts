/**
 * The tabular example (examples/tabular-bias.ts) run against the emulation, as
 * example-notebook.test.ts runs the notebook example: its dataset is deterministic, its
 * local metrics agree with an independent count over the CSV, the model's decisions give
 * the metrics its predicted_label column gives, the SHAP values explain the scoring
 * function (0 for the feature it does not read), every request it made passed the
 * emulator's API-model validation, and the emulated Clarify job (the engine, with the
 * scoring function as the job's model) wrote the same metrics, SHAP values and PDPs as
 * LocalClarifyProcessor.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  LOAN_FEATURES,
  LOAN_HEADERS,
  PDP_OPTIONS,
  POST_TRAINING_METHODS,
  PRE_TRAINING_METHODS,
  SHAP_OPTIONS,
  loanApprovalProbability,
  loanDatasetCsv,
  runTabularBias,
  type TabularBiasRun,
} from '../../examples/tabular-bias.js';
import type { BiasMetricsSection } from '../../src/analysis/tabular-document.js';
import type { PdpFeatureRecord } from '../../src/analysis/tabular-explanations.js';
import type { JsonObject } from '../../src/testing/index.js';
import { closeEnough } from '../bias/helpers/compare.js';
import { ACCOUNT, REGION } from '../helpers/test-aws.js';

// A whole example: two local runs (one with SHAP of 3000 records), an S3 emulator and an emulated Clarify job.
vi.setConfig({ testTimeout: 120_000 });

/** The metric's value in a section. */
function metric(section: BiasMetricsSection, facet: string, name: string): unknown {
  const entries = section.facets[facet] ?? [];
  expect(entries).toHaveLength(1);
  return entries[0]!.metrics.find((m) => m.name === name)?.value;
}

/** CI, DPL, DPPL and DI counted directly from the CSV, for a facet's disadvantaged rows. */
function reference(csv: string, disadvantaged: (row: Record<string, string>) => boolean) {
  const rows = csv.trim().split('\n').map((line) => Object.fromEntries(line.split(',').map((v, i) => [LOAN_HEADERS[i], v])) as Record<string, string>);
  const d = rows.filter(disadvantaged);
  const a = rows.filter((r) => !disadvantaged(r));
  const share = (group: Record<string, string>[], column: string) => group.filter((r) => r[column] === '1').length / group.length;
  return {
    CI: (a.length - d.length) / rows.length,
    DPL: share(a, 'approved') - share(d, 'approved'),
    DPPL: share(a, 'predicted_label') - share(d, 'predicted_label'),
    DI: share(d, 'predicted_label') / share(a, 'predicted_label'),
  };
}

describe('the tabular bias example against the emulation', () => {
  const lines: string[] = [];
  let workDir: string;
  // The run is the setup of every test below; each test reads what it produced.
  let run: TabularBiasRun;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'clarify-ts-tabular-bias-test-'));
    run = await runTabularBias({ print: (line) => lines.push(line), workDir, emulator: { region: REGION, accountId: ACCOUNT, jobDurationMs: 20 } });
  }, 120_000);

  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('writes the same dataset on every run: 3000 rows, no header row, predicted_label the scoring function\'s decisions', () => {
    const csv = readFileSync(run.datasetFile, 'utf8');
    expect(csv).toBe(loanDatasetCsv(3000));
    const rows = csv.trim().split('\n');
    expect(rows).toHaveLength(3000);
    expect(rows.every((r) => r.split(',').length === LOAN_HEADERS.length)).toBe(true);
    expect(rows[0]).toMatch(/^\d+\.\d,(Female|Male),\d+\.\d\d,\d+,\d\.\d{3},[01],[01]$/);
    for (const row of rows) {
      const [age, , income, creditScore, debtRatio, , predicted] = row.split(',').map(Number);
      expect(predicted).toBe(loanApprovalProbability(age!, income!, creditScore!, debtRatio!) > 0.5 ? 1 : 0);
    }
  });

  it('computes the local metrics a direct count gives', () => {
    const csv = readFileSync(run.datasetFile, 'utf8');
    const facets = { sex: reference(csv, (r) => r.sex === 'Female'), age: reference(csv, (r) => Number(r.age) > 40) };
    const { preTraining, postTraining } = run.local.fromColumn;
    for (const [facet, expected] of Object.entries(facets)) {
      for (const name of ['CI', 'DPL'] as const) {
        const value = metric(preTraining, facet, name);
        expect(closeEnough(value as number, expected[name]), `${facet} ${name}: ${String(value)} vs ${expected[name]}`).toBe(true);
      }
      for (const name of ['DPPL', 'DI'] as const) {
        const value = metric(postTraining, facet, name);
        expect(closeEnough(value as number, expected[name]), `${facet} ${name}: ${String(value)} vs ${expected[name]}`).toBe(true);
      }
    }
    // The data favours men, and the scoring function more so; age is a threshold, not the age 40.
    expect(metric(preTraining, 'sex', 'DPL') as number).toBeGreaterThan(0);
    expect(metric(postTraining, 'sex', 'DPPL') as number).toBeGreaterThan(metric(preTraining, 'sex', 'DPL') as number);
    expect(preTraining.facets.age?.[0]?.value_or_threshold).toMatch(/^\(40\.0, 7\d\.\d\]$/);
    expect(preTraining.facets.sex?.[0]?.metrics.map((m) => m.name)).toEqual([...PRE_TRAINING_METHODS].sort());
    expect(postTraining.facets.sex?.[0]?.metrics.map((m) => m.name)).toEqual([...POST_TRAINING_METHODS].sort());
    expect([...Object.values(preTraining.facets), ...Object.values(postTraining.facets)].flat()
      .flatMap((e) => e.metrics).filter((m) => typeof m.value !== 'number')).toEqual([]);
  });

  it('gets the same bias metrics from the model\'s decisions as from its predicted_label column', () => {
    expect(run.local.withModel.preTraining).toEqual(run.local.fromColumn.preTraining);
    expect(run.local.withModel.postTraining).toEqual(run.local.fromColumn.postTraining);
    expect(lines).toContain('the bias metrics with the model\'s decisions and with the column\'s differ by at most 0.00e+0');
  });

  it('explains the scoring function: no SHAP value for sex, which it does not read; PDPs of income and credit score', () => {
    const shap = run.local.withModel.explanations.kernel_shap?.label0;
    expect(Object.keys(shap?.global_shap_values ?? {})).toEqual([...LOAN_FEATURES]);
    const values = shap!.global_shap_values;
    // 0 up to rounding: with every coalition evaluated (numSamples >= 2^5 − 2) the Kernel SHAP
    // regression gives a feature the function never reads 0.
    expect(SHAP_OPTIONS.numSamples).toBeGreaterThanOrEqual(2 ** LOAN_FEATURES.length - 2);
    expect(Math.abs(values.sex!)).toBeLessThan(1e-12);
    for (const feature of ['age', 'income', 'credit_score', 'debt_ratio']) expect(values[feature]).toBeGreaterThan(0.01);
    expect(Object.entries(values).sort(([, a], [, b]) => b - a)[0]![0]).toBe('income');
    expect(shap!.expected_value).toBeGreaterThan(0);
    expect(shap!.expected_value).toBeLessThan(1);
    expect(lines).toContain('  sex           0.0000  (the scoring function does not read sex)');

    const pdp = (run.local.withModel.explanations.pdp ?? []) as PdpFeatureRecord[];
    expect(pdp.map((p) => p.feature_name)).toEqual([...PDP_OPTIONS.features]);
    for (const p of pdp) {
      expect(p.feature_values).toHaveLength(PDP_OPTIONS.gridResolution);
      // The approval probability rises with income and with the credit score.
      const predictions = p.model_predictions[0]!;
      expect(predictions.every((v, i) => i === 0 || v > predictions[i - 1]!), `${p.feature_name}: ${predictions.join(', ')}`).toBe(true);
    }
  });

  it('gets the same metrics, SHAP values and PDPs from the emulated Clarify job (the engine) as from LocalClarifyProcessor', () => {
    expect(run.clarify.method).toBe('runBiasAndExplainability');
    expect(run.clarify.preTraining).toEqual(run.local.withModel.preTraining);
    expect(run.clarify.postTraining).toEqual(run.local.withModel.postTraining);
    expect(run.clarify.explanations).toEqual(run.local.withModel.explanations);
    expect(run.largestDifference).toBe(0);
    expect(lines).toContain(`processing job ${run.clarify.processingJobName} completed`);
    expect(lines).toContain('the job\'s metrics, SHAP values and PDPs and the local ones differ by at most 0.00e+0');
    // The job's log, as the engine wrote it.
    expect(lines).toEqual(expect.arrayContaining([
      '  | 3000 rows in 1 file',
      '  | SHAP: 3000/3000 records explained',
      '  | clarify-ts engine: pre-training bias metrics, post-training bias metrics, SHAP values, PDPs of 2 features of 3000 rows',
    ]));
  });

  it("made only requests the SageMaker API model accepts, and started Clarify's runBiasAndExplainability job", () => {
    const requests = run.requests ?? [];
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((r) => r.status !== 200)).toEqual([]);
    const operations: string[] = requests.map((r) => r.operation);
    expect(operations.filter((op) => op.startsWith('sagemaker:Create'))).toEqual(['sagemaker:CreateProcessingJob']);
    const request = requests.find((r) => r.operation === 'sagemaker:CreateProcessingJob')!.input as JsonObject & {
      ProcessingJobName: string;
      AppSpecification: { ImageUri: string };
      ProcessingInputs: { InputName: string; S3Input: { S3Uri: string } }[];
      ProcessingOutputConfig: { Outputs: { S3Output: { S3Uri: string; S3UploadMode: string } }[] };
    };
    expect(request.ProcessingJobName).toMatch(/^Clarify-Bias-And-Explainability-/);
    expect(request.AppSpecification.ImageUri).toContain('sagemaker-clarify-processing');
    expect(request.ProcessingInputs.map((i) => i.InputName)).toEqual(['dataset', 'analysis_config']);
    expect(request.ProcessingOutputConfig.Outputs[0]!.S3Output).toMatchObject({ S3Uri: run.clarify.s3OutputPath, S3UploadMode: 'EndOfJob' });
  });
});

/**
 * The tabular bias example (examples/tabular-bias.ts) run against the emulation, as
 * example-notebook.test.ts runs the notebook example: its dataset is deterministic, its
 * local metrics agree with an independent count over the CSV, every request it made passed
 * the emulator's API-model validation, and the emulated Clarify job (the engine) wrote the
 * same metrics as LocalClarifyProcessor.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LOAN_HEADERS, POST_TRAINING_METHODS, PRE_TRAINING_METHODS, loanDatasetCsv, runTabularBias, type TabularBiasRun } from '../../examples/tabular-bias.js';
import type { BiasMetricsSection } from '../../src/analysis/tabular-document.js';
import type { JsonObject } from '../../src/testing/index.js';
import { closeEnough } from '../bias/helpers/compare.js';
import { ACCOUNT, REGION } from '../helpers/test-aws.js';

// A whole example: two local runs, an S3 emulator and an emulated Clarify job.
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

  it('writes the same dataset on every run: 3000 rows, no header row', () => {
    const csv = readFileSync(run.datasetFile, 'utf8');
    expect(csv).toBe(loanDatasetCsv(3000));
    const rows = csv.trim().split('\n');
    expect(rows).toHaveLength(3000);
    expect(rows.every((r) => r.split(',').length === LOAN_HEADERS.length)).toBe(true);
    expect(rows[0]).toMatch(/^\d+\.\d,(Female|Male),\d+\.\d\d,\d+,\d\.\d{3},[01],[01]$/);
  });

  it('computes the local metrics a direct count gives', () => {
    const csv = readFileSync(run.datasetFile, 'utf8');
    const facets = { sex: reference(csv, (r) => r.sex === 'Female'), age: reference(csv, (r) => Number(r.age) > 40) };
    for (const [facet, expected] of Object.entries(facets)) {
      for (const name of ['CI', 'DPL'] as const) {
        const value = metric(run.local.preTraining, facet, name);
        expect(closeEnough(value as number, expected[name]), `${facet} ${name}: ${String(value)} vs ${expected[name]}`).toBe(true);
      }
      for (const name of ['DPPL', 'DI'] as const) {
        const value = metric(run.local.postTraining, facet, name);
        expect(closeEnough(value as number, expected[name]), `${facet} ${name}: ${String(value)} vs ${expected[name]}`).toBe(true);
      }
    }
    // The data favours men, and the scoring rule more so; age is a threshold, not the age 40.
    expect(metric(run.local.preTraining, 'sex', 'DPL') as number).toBeGreaterThan(0);
    expect(metric(run.local.postTraining, 'sex', 'DPPL') as number).toBeGreaterThan(metric(run.local.preTraining, 'sex', 'DPL') as number);
    expect(run.local.preTraining.facets.age?.[0]?.value_or_threshold).toMatch(/^\(40\.0, 7\d\.\d\]$/);
    expect(run.local.preTraining.facets.sex?.[0]?.metrics.map((m) => m.name)).toEqual([...PRE_TRAINING_METHODS].sort());
    expect(run.local.postTraining.facets.sex?.[0]?.metrics.map((m) => m.name)).toEqual([...POST_TRAINING_METHODS].sort());
    expect([...Object.values(run.local.preTraining.facets), ...Object.values(run.local.postTraining.facets)].flat()
      .flatMap((e) => e.metrics).filter((m) => typeof m.value !== 'number')).toEqual([]);
  });

  it('gets the same metrics from the emulated Clarify job (the engine) as from LocalClarifyProcessor', () => {
    expect(run.clarify.preTraining).toEqual(run.local.preTraining);
    expect(run.clarify.postTraining).toEqual(run.local.postTraining);
    expect(run.largestDifference).toBe(0);
    expect(lines).toContain(`processing job ${run.clarify.processingJobName} completed`);
    expect(lines).toContain('the job\'s metrics and the local ones differ by at most 0.00e+0');
  });

  it("made only requests the SageMaker API model accepts, and started Clarify's runBias job", () => {
    const requests = run.requests ?? [];
    expect(requests.filter((r) => r.status !== 200)).toEqual([]);
    const operations: string[] = requests.map((r) => r.operation);
    expect(operations.filter((op) => op.startsWith('sagemaker:Create'))).toEqual(['sagemaker:CreateProcessingJob']);
    const request = requests.find((r) => r.operation === 'sagemaker:CreateProcessingJob')!.input as JsonObject & {
      ProcessingJobName: string;
      AppSpecification: { ImageUri: string };
      ProcessingInputs: { InputName: string; S3Input: { S3Uri: string } }[];
      ProcessingOutputConfig: { Outputs: { S3Output: { S3Uri: string; S3UploadMode: string } }[] };
    };
    expect(request.ProcessingJobName).toMatch(/^Clarify-Bias-/);
    expect(request.AppSpecification.ImageUri).toContain('sagemaker-clarify-processing');
    expect(request.ProcessingInputs.map((i) => i.InputName)).toEqual(['dataset', 'analysis_config']);
    expect(request.ProcessingOutputConfig.Outputs[0]!.S3Output).toMatchObject({ S3Uri: run.clarify.s3OutputPath, S3UploadMode: 'EndOfJob' });
  });
});

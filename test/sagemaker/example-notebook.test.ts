/**
 * The notebook example (examples/explainability-image-classification.ts) run
 * against the emulation: every request it made passed the emulator's API-model
 * validation, the requests are the ones the Python SDK sends for the notebook
 * (test/fixtures/python-sdk), and the results of a job that writes them are listed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { STAND_IN_MODEL, runNotebook, type NotebookRun } from '../../examples/explainability-image-classification.js';
import type { JsonObject } from '../../src/testing/index.js';
import { ACCOUNT, REGION } from '../helpers/test-aws.js';

// Whole runs of the engine (worker threads, ONNX, report), a browser or an S3 server per test.
vi.setConfig({ testTimeout: 120_000 });

const FIXTURES = join(import.meta.dirname, '../fixtures/python-sdk');
const fixture = (path: string): JsonObject => JSON.parse(readFileSync(join(FIXTURES, path), 'utf8')) as JsonObject;

/** The fixture with the notebook run's names in place of the Python run's placeholders. */
function substitute(value: unknown, replacements: [string, string][]): unknown {
  let text = JSON.stringify(value);
  for (const [from, to] of replacements) text = text.split(from).join(to);
  return JSON.parse(text);
}

describe('the notebook example against the emulation', () => {
  const lines: string[] = [];
  let workDir: string;
  // The run is the setup of every test below (a whole notebook is too slow to repeat per
  // test); each test reads what it produced, and none depends on another having run.
  let run: NotebookRun;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'clarify-ts-notebook-test-'));
    run = await runNotebook({
      print: (line) => lines.push(line),
      progressBars: false,
      workDir,
      emulator: {
        region: REGION,
        accountId: ACCOUNT,
        jobDurationMs: 20,
        async onProcessingJob(job) {
          const outputs = job.request.ProcessingOutputConfig as { Outputs: { S3Output: { S3Uri: string } }[] };
          const out = outputs.Outputs[0].S3Output.S3Uri;
          await job.s3.putObject(`${out}/analysis.json`, '{"version": "1.0", "explanations": {}}');
          await job.s3.putObject(`${out}/01-circle.jpeg`, new Uint8Array([0xff, 0xd8, 0xff, 0xd9]));
          await job.s3.putObject(`${out}/report.html`, '<html></html>');
        },
      },
    });
  }, 120_000);

  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('runs every step', () => {
    expect(lines).toContain('## Clean up');
    expect(lines.some((l) => l.startsWith('heat map ') && l.endsWith('01-circle.jpeg'))).toBe(true);
    expect(lines).toContain(`report (html) ${join(workDir, 'cv_analysis_result', 'report.html')}`);
    expect(run.results.analysis).toEqual({ version: '1.0', explanations: {} });
    // A job of the caller's own explains no stand-in, so nothing says there is one.
    expect(run.standIn).toBeUndefined();
    expect(lines.filter((l) => l.includes('stand-in'))).toEqual([]);
  });

  it('made only requests the SageMaker API model accepts', () => {
    const requests = run.requests ?? [];
    expect(requests.length).toBeGreaterThan(10);
    expect(requests.filter((r) => r.status !== 200)).toEqual([]);
    const operations: string[] = requests.map((r) => r.operation);
    const order = ['sagemaker:CreateTrainingJob', 'sagemaker:DescribeTrainingJob', 'logs:GetLogEvents', 'sagemaker:CreateModel',
      'sagemaker:CreateProcessingJob', 'sagemaker:DescribeProcessingJob', 'sagemaker:DeleteModel'];
    const positions = order.map((op) => operations.indexOf(op));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(operations.filter((op) => op.startsWith('sagemaker:Create'))).toEqual([
      'sagemaker:CreateTrainingJob', 'sagemaker:CreateModel', 'sagemaker:CreateProcessingJob',
    ]);
  });

  it('sent the Python SDK requests for the notebook: training, model, Clarify job', () => {
    const input = (operation: string): JsonObject => run.requests!.find((r) => r.operation === operation)!.input;
    const names: [string, string][] = [
      ['my-bucket', run.bucket],
      ['image-classification-2026-11-28-12-34-56-789', run.trainingJobName],
      ['Clarify-Explainability-2026-11-28-12-34-56-789', run.processingJobName],
      ['DEMO-clarify-image-classification-model', run.modelName],
    ];
    const training = fixture('training_and_model/create_training_job_notebook_epochs2.json') as { calls: { params: JsonObject }[] };
    expect(input('sagemaker:CreateTrainingJob')).toEqual(substitute(training.calls[0].params, names));
    const model = fixture('training_and_model/create_training_job.json') as { model_steps: { calls: { operation: string; params: JsonObject }[] }[] };
    const createModel = model.model_steps.flatMap((s) => s.calls).find((c) => c.operation === 'CreateModel')!.params;
    expect(input('sagemaker:CreateModel')).toEqual(substitute(createModel, [...names,
      ['image-classification-2026-11-28-12-34-56-789', run.trainingJobName]]));
    const processing = fixture('create_processing_job/base.json') as { create_processing_job_request: JsonObject };
    expect(input('sagemaker:CreateProcessingJob')).toEqual(substitute(processing.create_processing_job_request, names));
    expect(input('sagemaker:DeleteModel')).toEqual({ ModelName: run.modelName });
  });
});

describe('the notebook example with the emulation running the engine (its default)', () => {
  it('gets a real heat map and an analysis for every test image', async () => {
    const workDir = await mkdtemp(join(tmpdir(), 'clarify-ts-notebook-engine-'));
    try {
      const lines: string[] = [];
      const run = await runNotebook({ print: (l) => lines.push(l), progressBars: false, workDir, emulator: { jobDurationMs: 20 } });
      const stems = readdirSync(join(import.meta.dirname, '../../examples/images'))
        .filter((f) => f.endsWith('.png') && !f.includes('mask'))
        .map((f) => f.replace(/\.png$/, ''));
      expect(stems.length).toBeGreaterThan(0);
      const heatMaps = run.results.images.map((i) => basename(i.localPath)).filter((n) => n.startsWith('shap_'));
      expect(heatMaps.sort()).toEqual(stems.map((s) => `shap_${s}.jpeg`).sort());
      const analysis = run.results.analysis as { images: { status: string; explanations?: unknown[] }[] };
      expect(analysis.images).toHaveLength(stems.length);
      expect(analysis.images.map((i) => i.status)).toEqual(stems.map(() => 'succeeded'));
      expect(Object.keys(run.results.reports).sort()).toEqual(['html', 'pdf']);

      // The console says what labelled the images, before the job and beside each heat map.
      expect(run.standIn).toBe(STAND_IN_MODEL);
      expect(STAND_IN_MODEL).toMatch(/^stand-in model: .*not the notebook's trained network/);
      expect(lines).toContain(STAND_IN_MODEL);
      expect(lines.indexOf(STAND_IN_MODEL)).toBeLessThan(lines.indexOf('## Download and list the results'));

      // Each output is listed for what it is: heat maps only for the shap_ files.
      const listed = (kind: string) => lines.filter((l) => l.startsWith(`${kind} `)).map((l) => basename(l.slice(kind.length + 1).split(' (')[0]));
      expect(listed('heat map').sort()).toEqual(stems.map((s) => `shap_${s}.jpeg`).sort());
      expect(listed('input copy').sort()).toEqual(stems.map((s) => `${s}_image.jpeg`).sort());
      expect(listed('label image').sort()).toEqual(stems.map((s) => `${s}_segments.png`).sort());
      const labels = (run.results.analysis as { images: { file: string; explanations: { label: string }[] }[] }).images;
      for (const l of lines.filter((x) => x.startsWith('heat map '))) {
        const record = labels.find((r) => l.includes(`shap_${r.file.replace(/\.png$/, '')}.jpeg`))!;
        expect(l).toContain(`(${record.file}, class ${record.explanations[0].label} (`);
        expect(l).toMatch(/of the stand-in model\)$/);
      }
      expect(run.outputs.map((o) => o.kind).filter((k) => k === 'heat map')).toHaveLength(stems.length);
      expect(lines.find((l) => l.startsWith('result images: '))).toMatch(/heat maps \(.*\); input copies \(.*\); label images \(/);

      // The reports say it too.
      const html = readFileSync(run.results.reports.html!.localPath, 'utf8');
      expect(html).toContain('<p class="note">stand-in model: the emulation hosts no trained network');
      if (existsSync('/usr/bin/pdftotext')) {
        const pdf = execFileSync('pdftotext', [run.results.reports.pdf!.localPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
        expect(pdf).toContain("stand-in model: the emulation hosts no trained network");
        expect(pdf).toContain("are not the notebook's trained network's predictions");
      }
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  });
});

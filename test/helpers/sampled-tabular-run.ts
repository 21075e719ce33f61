/**
 * A small tabular run whose Kernel SHAP values are sampled (neighbouring features
 * interact), on one host or sharded and merged: the standard-error tests of
 * test/engine share it.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mergeAnalysisParts } from '../../src/engine/merge-parts.js';
import { type RunTabularAnalysisResult, runTabularAnalysis } from '../../src/engine/run-tabular-analysis.js';
import type { TabularRow } from '../../src/explain/tabular/tabular-predictor.js';
import { functionTabularModel } from '../../src/models/tabular/function-model.js';

/** What {@link sampledTabularRun} runs. */
export interface SampledTabularRun {
  /** Features of the CSV (x0 … x{width−1}), besides the label y. */
  readonly width: number;
  /** Records of the CSV. */
  readonly records: number;
  readonly numSamples: number;
  /** `methods.shap.agg_method`; absent: the config leaves it out. */
  readonly aggMethod?: string;
  /** Sharded over these hosts and merged; absent: one host. */
  readonly hosts?: string[];
}

/**
 * Runs in a fresh folder under the system's temporary folder (pushed to `folders`, for
 * the caller to remove). `result` is the one-host run's; undefined when sharded.
 */
export async function sampledTabularRun(folders: string[], run: SampledTabularRun): Promise<{ output: string; result: RunTabularAnalysisResult | undefined }> {
  const folder = await mkdtemp(join(tmpdir(), 'clarify-ts-sampled-tabular-'));
  folders.push(folder);
  const names = Array.from({ length: run.width }, (_, j) => `x${j}`);
  const rows = Array.from({ length: run.records }, (_, i) => names.map((_, j) => ((i + 1) * (j + 2)) % 7));
  await writeFile(join(folder, 'train.csv'), [[...names, 'y'].join(','), ...rows.map((r, i) => [...r, i % 2].join(','))].join('\n') + '\n');
  // Interactions between neighbours: Kernel SHAP is then not exact on a sample.
  const f = (row: TabularRow) => row.reduce<number>((s, v, j) => s + Number(v) * Number(row[(j + 1) % row.length]) ** 2 / 10, 0);
  const model = functionTabularModel((batch) => batch.map((row) => ({ label: f(row), scores: [f(row)] })));
  const output = join(folder, 'out');
  const shap = {
    baseline: [names.map(() => 0)],
    num_samples: run.numSamples,
    use_logit: false,
    save_local_shap_values: true,
    seed: 3,
    ...(run.aggMethod !== undefined ? { agg_method: run.aggMethod } : {}),
  };
  const runOnce = (shard?: { host: string; hosts: string[] }) =>
    runTabularAnalysis({
      config: {
        dataset_type: 'text/csv',
        label: 'y',
        predictor: { model_name: 'm', instance_type: 'ml.m5.xlarge', initial_instance_count: 1 },
        methods: { shap },
      } as never,
      data: join(folder, 'train.csv'),
      output,
      models: { m: model },
      report: false,
      now: () => new Date('2026-12-07T12:00:00Z'),
      ...(shard ? { shard } : {}),
    });
  if (run.hosts === undefined) return { output, result: await runOnce() };
  for (const host of run.hosts) await runOnce({ host, hosts: run.hosts });
  await mergeAnalysisParts({ output, report: false });
  return { output, result: undefined };
}

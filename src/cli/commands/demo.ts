/**
 * `clarify-ts demo`: explains the sample images with the demo model at
 * Clarify's defaults.
 *
 * @packageDocumentation
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { AnalysisConfig } from '../../clarify/analysis-config.js';
import { ClarifyError } from '../../errors.js';
import { runAnalysis } from '../../engine/run-analysis.js';
import { locateDemoAssets } from '../demo-assets.js';
import { executeRun } from '../execute-run.js';
import { onnxModelFile } from '../onnx-model-file.js';
import { wholeNumberParser } from '../option-parsers.js';
import { type RunFlags, addRunOptions, engineRunOptions } from '../run-options.js';
import { type ToleranceFlags, addToleranceOptions, toleranceConfig } from '../tolerance-flags.js';

/** The options of `demo`, as commander parses them. */
interface DemoFlags extends RunFlags, ToleranceFlags {
  out: string;
  numSamples: number;
  seed: number;
}

/** Adds `demo` to the program. */
export function addDemoCommand(program: Command): void {
  addRunOptions(
    addToleranceOptions(
      program
      .command('demo')
      .description("Explain the sample images with the demo model at Clarify's defaults; writes ./clarify-output/.")
      .option('--out <dir>', 'output folder', 'clarify-output')
      .option('--num-samples <n>', 'Kernel SHAP samples', wholeNumberParser('--num-samples'), 500)
      .option('--seed <n>', 'seed of coalitions and noise', wholeNumberParser('--seed'), 1),
    ),
  ).action(runDemo);
}

async function runDemo(o: DemoFlags): Promise<void> {
  const demo = locateDemoAssets();
  const manifestText = await readFile(demo.manifest, 'utf8').catch((err: Error) => {
    throw new ClarifyError(`The demo cannot read its sample images' manifest: ${err.message}`);
  });
  const manifest = JSON.parse(manifestText) as { image: string }[];
  const { spec, labels } = await onnxModelFile(demo.model, undefined);
  const config: AnalysisConfig = {
    dataset_type: 'application/x-image',
    predictor: { model_name: 'shapes-cnn', content_type: 'image/png', ...(labels ? { label_headers: labels } : {}) },
    methods: { shap: { use_logit: false, save_local_shap_values: true, num_samples: o.numSamples, ...toleranceConfig(o), seed: o.seed, image_config: { model_type: 'IMAGE_CLASSIFICATION' } } },
  };
  const output = resolve(o.out);
  await executeRun(o, (hooks) =>
    runAnalysis({
      config,
      data: demo.images,
      files: manifest.map((m) => m.image),
      output,
      models: { 'shapes-cnn': spec },
      ...engineRunOptions(o),
      ...hooks,
    }), output);
}

/**
 * `clarify-ts explain`: explains image files and folders with an ONNX classifier.
 *
 * @packageDocumentation
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { AnalysisConfig } from '../../clarify/analysis-config.js';
import { runAnalysis } from '../../engine/run-analysis.js';
import { executeRun } from '../execute-run.js';
import { selectImages } from '../image-args.js';
import { mustExist } from '../missing-file.js';
import { onnxModelFile } from '../onnx-model-file.js';
import { wholeNumberParser } from '../option-parsers.js';
import { type RunFlags, addRunOptions, engineRunOptions } from '../run-options.js';
import { type ToleranceFlags, addToleranceOptions, toleranceConfig } from '../tolerance-flags.js';

/** The options of `explain`, as commander parses them. */
interface ExplainFlags extends RunFlags, ToleranceFlags {
  model: string;
  labels?: string;
  numSegments: number;
  compactness: number;
  numSamples: number;
  seed?: number;
  baseline?: string;
  topK: number;
  out: string;
}

/** Adds `explain` to the program. */
export function addExplainCommand(program: Command): void {
  addRunOptions(
    addToleranceOptions(
      program
      .command('explain')
      .description('Explain image files with an ONNX classifier.')
      .argument('<images...>', 'JPEG or PNG files, or folders searched recursively for them')
      .requiredOption('--model <file>', 'ONNX classifier (preprocessing from <model>.json next to it, when present)')
      .option('--labels <file>', 'class names, one per line (default: <model>.json classes)')
      .option('--num-segments <n>', 'SLIC superpixels', wholeNumberParser('--num-segments'), 20)
      .option('--compactness <m>', 'SLIC compactness', wholeNumberParser('--compactness'), 5)
      .option('--num-samples <n>', 'Kernel SHAP samples', wholeNumberParser('--num-samples'), 500)
      .option('--seed <n>', 'seed of coalitions and noise', wholeNumberParser('--seed'))
      .option('--baseline <image>', 'baseline image (default: seeded white noise)')
      .option('--top-k <k>', 'explain the k top classes', wholeNumberParser('--top-k'), 1)
      .option('--out <dir>', 'output folder', 'clarify-output'),
    ),
  ).action(explainImages);
}

async function explainImages(images: string[], o: ExplainFlags): Promise<void> {
  await mustExist('--labels', o.labels);
  await mustExist('--baseline', o.baseline, 'image');
  const { spec, labels } = await onnxModelFile(o.model, o.labels);
  const output = resolve(o.out);
  const { root, files } = await selectImages(images, output);
  const config: AnalysisConfig = {
    dataset_type: 'application/x-image',
    predictor: { model_name: 'model', ...(labels ? { label_headers: labels } : {}) },
    methods: {
      shap: {
        use_logit: false,
        save_local_shap_values: true,
        num_samples: o.numSamples,
        ...toleranceConfig(o),
        ...(o.seed !== undefined ? { seed: o.seed } : {}),
        ...(o.baseline !== undefined ? { baseline: resolve(o.baseline) } : {}),
        image_config: { model_type: 'IMAGE_CLASSIFICATION', num_segments: o.numSegments, segment_compactness: o.compactness },
      },
    },
  };
  await executeRun(o, (hooks) =>
    runAnalysis({
      config,
      data: root,
      files,
      output,
      models: { model: spec },
      topK: o.topK,
      ...engineRunOptions(o),
      ...hooks,
    }), output);
}

/**
 * `clarify-ts run`: runs an analysis_config.json over a folder or S3 prefix of images, or
 * over a tabular dataset (a CSV, JSON Lines or Parquet file, folder or S3 prefix).
 *
 * @packageDocumentation
 */
import type { Command } from 'commander';
import { ValidationError } from '../../errors.js';
import { loadAnalysisConfig } from '../../engine/config-file.js';
import { runAnalysis } from '../../engine/run-analysis.js';
import { runTabularAnalysis } from '../../engine/run-tabular-analysis.js';
import { isTabularConfig } from '../../engine/tabular-settings.js';
import { executeRun } from '../execute-run.js';
import { localModels, localTabularModels } from '../local-models.js';
import { mustExist } from '../missing-file.js';
import { type RunFlags, addRunOptions, engineRunOptions } from '../run-options.js';
import { sessionForLocations } from '../session-for-locations.js';

/** The options of `run`, as commander parses them. */
interface RunCommandFlags extends RunFlags {
  config: string;
  data: string;
  output: string;
  model?: string;
}

/** Adds `run` to the program. */
export function addRunCommand(program: Command): void {
  addRunOptions(
    program
      .command('run')
      .description('Run an analysis_config.json over images, or over a CSV, JSON Lines or Parquet dataset (bias metrics).')
      .requiredOption('--config <file>', 'analysis_config.json')
      .requiredOption('--data <file|dir|s3://…>', 'images (a folder, searched recursively), or the dataset: a file, a folder of files or an S3 prefix')
      .requiredOption('--output <dir|s3://…>', 'where results go')
      .option('--model <file>', "ONNX file serving the config's predictor.model_name locally (an image model, or a scikit-learn export for tabular data)"),
  ).action(runConfig);
}

async function runConfig(o: RunCommandFlags): Promise<void> {
  await mustExist('--config', o.config);
  const config = await loadAnalysisConfig(o.config);
  if (isTabularConfig(config)) return runTabular(o, config);
  await mustExist('--data', o.data, 'folder');
  const models = await localModels(o.config, o.model);
  const session = sessionForLocations(o.data, o.output);
  await executeRun(o, (hooks) =>
    runAnalysis({
      config: o.config,
      data: o.data,
      output: o.output,
      ...(models ? { models } : {}),
      ...(session ? { session } : {}),
      ...engineRunOptions(o),
      ...hooks,
    }), o.output);
}

/**
 * A tabular config: bias metrics, SHAP and PDP over a file, a folder or an S3 prefix;
 * `--model` is an ONNX file (scikit-learn's export) serving `predictor.model_name`; image
 * flags refused.
 */
async function runTabular(o: RunCommandFlags, config: Awaited<ReturnType<typeof loadAnalysisConfig>>): Promise<void> {
  const imageOnly = Object.entries(engineRunOptions(o)).map(([k, v]): [string, unknown] => [`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, v]);
  for (const [flag, value] of imageOnly) {
    if (value !== undefined) throw new ValidationError(flag, value, `absent: ${flag} is for image data, and the config's dataset_type is ${String(config.dataset_type)}`);
  }
  await mustExist('--data', o.data, 'file or folder');
  const models = o.model === undefined ? undefined : await localTabularModels(config, o.model);
  const session = sessionForLocations(o.data, o.output);
  await executeRun(o, ({ signal }) =>
    runTabularAnalysis({ config, data: o.data, output: o.output, signal, ...(session ? { session } : {}), ...(models ? { models } : {}) }), o.output);
}

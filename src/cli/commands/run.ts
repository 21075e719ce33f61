/**
 * `clarify-ts run`: runs an analysis_config.json over a folder or S3 prefix of images.
 *
 * @packageDocumentation
 */
import type { Command } from 'commander';
import { runAnalysis } from '../../engine/run-analysis.js';
import { executeRun } from '../execute-run.js';
import { localModels } from '../local-models.js';
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
      .description('Run an analysis_config.json over a folder or S3 prefix of images.')
      .requiredOption('--config <file>', 'analysis_config.json')
      .requiredOption('--data <dir|s3://…>', 'images (searched recursively)')
      .requiredOption('--output <dir|s3://…>', 'where results go')
      .option('--model <file>', "ONNX file serving the config's predictor.model_name locally"),
  ).action(runConfig);
}

async function runConfig(o: RunCommandFlags): Promise<void> {
  await mustExist('--config', o.config);
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

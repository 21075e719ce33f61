/**
 * `clarify-ts process`: the entry of a SageMaker Processing container.
 *
 * @packageDocumentation
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { runProcessingContainer } from '../../engine/processing-container.js';
import { Session } from '../../sagemaker/session.js';
import { executeRun } from '../execute-run.js';
import { localModels, localTabularModels } from '../local-models.js';
import { type RunFlags, addRunOptions, engineRunOptions } from '../run-options.js';
import { loadAnalysisConfig } from '../../engine/config-file.js';
import { isTabularConfig } from '../../engine/tabular-settings.js';

/** The options of `process`, as commander parses them. */
interface ProcessFlags extends RunFlags {
  inputRoot: string;
  outputRoot: string;
  configRoot: string;
  model?: string;
}

/** Adds `process` to the program. */
export function addProcessCommand(program: Command): void {
  addRunOptions(
    program
      .command('process')
      .description('SageMaker Processing entry: reads /opt/ml/processing/input, writes /opt/ml/processing/output.')
      .option('--input-root <dir>', 'processing input root', '/opt/ml/processing/input')
      .option('--output-root <dir>', 'processing output root', '/opt/ml/processing/output')
      .option('--config-root <dir>', 'SageMaker config root (resourceconfig.json)', '/opt/ml/config')
      .option('--model <file>', "ONNX file serving the config's predictor.model_name locally"),
  ).action(runAsProcessingContainer);
}

async function runAsProcessingContainer(o: ProcessFlags): Promise<void> {
  const configFile = join(o.inputRoot, 'config', 'analysis_config.json');
  const config = o.model === undefined ? undefined : await loadAnalysisConfig({ path: configFile });
  const tabular = config !== undefined && isTabularConfig(config);
  const models = tabular ? undefined : await localModels(configFile, o.model);
  const tabularModels = tabular ? await localTabularModels(config, o.model as string) : undefined;
  // Inside SageMaker the role's credentials and region come from the environment.
  const session = models || tabularModels ? undefined : new Session();
  await executeRun(o, (hooks) =>
    runProcessingContainer({
      paths: { input: o.inputRoot, output: o.outputRoot, config: o.configRoot },
      ...(models ? { models } : {}),
      ...(tabularModels ? { tabularModels } : {}),
      ...(session ? { session } : {}),
      ...engineRunOptions(o),
      ...hooks,
    }), o.outputRoot);
}


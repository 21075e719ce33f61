/**
 * `--model <file>` of `run` and `process`: an ONNX file that serves the
 * config's predictor locally instead of a SageMaker endpoint.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../errors.js';
import { loadAnalysisConfig } from '../engine/config-file.js';
import type { LocalModel } from '../engine/model-source.js';
import { onnxModelFile } from './onnx-model-file.js';
import { mustExist } from './missing-file.js';
import type { AnalysisConfig } from '../clarify/analysis-config.js';
import type { LocalTabularModel } from '../models/tabular/from-predictor-config.js';

/**
 * The local models of a run: `model` under the name of the config's
 * `predictor.model_name`, or `undefined` without `--model`.
 *
 * @throws {@link ValidationError} for a config that is not valid, or whose predictor has no model_name.
 */
export async function localModels(configPath: string, model: string | undefined): Promise<Record<string, LocalModel> | undefined> {
  if (model === undefined) return undefined;
  // Validated here, not just parsed: the model's name comes from it, and a config that
  // is not JSON or not an object must read as the config's fault, not the model's.
  const config = await loadAnalysisConfig({ path: configPath });
  const name = config.predictor?.model_name;
  if (name === undefined) throw new ValidationError('--model', model, 'used with a config whose predictor has a model_name');
  const { spec } = await onnxModelFile(model, undefined);
  return { [name]: spec };
}

/**
 * `--model <file.onnx>` of a tabular config: a scikit-learn model exported to ONNX, serving
 * the config's `predictor.model_name`.
 *
 * @throws {@link ValidationError} when the predictor has no model_name; {@link MissingFileError} when the file is not there.
 */
export async function localTabularModels(config: AnalysisConfig, model: string): Promise<Record<string, LocalTabularModel>> {
  const name = config.predictor?.model_name;
  if (name === undefined) throw new ValidationError('--model', model, 'used with a config whose predictor has a model_name');
  await mustExist('--model', model);
  return { [name]: { onnx: { model } } };
}

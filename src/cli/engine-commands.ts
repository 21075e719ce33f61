/**
 * The engine's commands: `demo`, `explain`, `run`, `process` and `report`.
 *
 * @packageDocumentation
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import type { AnalysisConfig } from '../clarify/analysis-config.js';
import { AbortError, ClarifyError, ValidationError } from '../errors.js';
import type { AnalysisDocument } from '../engine/analysis-json.js';
import { loadAnalysisConfig } from '../engine/config-file.js';
import { mergeAnalysisParts } from '../engine/merge-parts.js';
import type { LocalModel } from '../engine/model-source.js';
import { runProcessingContainer } from '../engine/processing-container.js';
import { type RunAnalysisResult, runAnalysis } from '../engine/run-analysis.js';
import { rebuildReports } from '../report/rebuild.js';
import { Session } from '../sagemaker/session.js';
import { ExitCode, InterruptedError } from './exit-status.js';
import { selectImages } from './image-args.js';
import { interruptOnSignals } from './interrupt.js';
import { mustExist } from './missing-file.js';
import { onnxModelFile } from './onnx-model-file.js';
import { progressReporter } from './progress.js';
import { summaryTable } from './summary-table.js';

import { locateDemoAssets } from './demo-assets.js';

const int = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number, got "${value}".`);
  return n;
};

interface OutputFlags {
  quiet?: boolean;
  json?: boolean;
  concurrency?: number;
  maxPixels?: number;
  sharedScale?: boolean;
  segmentNumbers?: boolean;
}

/** The heat-map options of the commands that draw heat maps (`demo`, `explain`, `run`, `process`). */
function heatMapOptions(command: Command): void {
  command
    .option('--shared-scale', "one colour scale for every heat map (the run's largest |φ|), so that colours compare across images", false)
    .option('--segment-numbers', "draw each segment's number on the heat maps, to find a table's rows on the image", false);
}

/** What the heat-map flags ask of `runAnalysis`. */
function drawing(o: OutputFlags): { sharedScale?: boolean; segmentNumbers?: boolean } {
  return { ...(o.sharedScale ? { sharedScale: true } : {}), ...(o.segmentNumbers ? { segmentNumbers: true } : {}) };
}

/** A session only when a location is on S3: local runs need no AWS configuration. */
function sessionFor(...locations: (string | undefined)[]): Session | undefined {
  return locations.some((l) => l?.startsWith('s3://')) ? new Session() : undefined;
}

/** What a run gets from the command: progress display and Ctrl-C. */
interface RunHooks {
  readonly signal: AbortSignal;
  readonly onProgress?: NonNullable<ReturnType<typeof progressReporter>['onProgress']>;
}

async function execute(flags: OutputFlags, run: (hooks: RunHooks) => Promise<RunAnalysisResult>, output: string): Promise<void> {
  const progress = progressReporter(flags.quiet || flags.json ? 'quiet' : 'auto');
  const interrupt = interruptOnSignals(() => progress.stop());
  let result: RunAnalysisResult;
  try {
    result = await run({ signal: interrupt.signal, ...(progress.onProgress ? { onProgress: progress.onProgress } : {}) });
  } catch (err) {
    if (interrupt.received !== undefined && err instanceof AbortError) throw new InterruptedError(interrupt.received, { cause: err });
    throw err;
  } finally {
    interrupt.dispose();
    progress.stop();
  }
  report(result.document, output, flags, result.files.includes('report.html'), warningsOf(result));
}

/** The run's warnings, each once (the engine promises as much; the CLI's output depends on it). */
function warningsOf(result: RunAnalysisResult): readonly string[] {
  return [...new Set(result.warnings ?? [])];
}

function report(document: AnalysisDocument, output: string, flags: OutputFlags, hasReport: boolean, warnings: readonly string[] = []): void {
  const failed = document.summary.failed;
  if (!flags.quiet) for (const w of warnings) console.error(`clarify-ts: warning: ${w}`);
  // The JSON line comes whatever the outcome: a script reads which images failed from it.
  if (flags.json) console.log(JSON.stringify({ output, summary: document.summary, images: document.images, warnings }));
  else if (!flags.quiet) {
    console.log(summaryTable(document));
    console.log(`\n${document.summary.succeeded} explained, ${failed} failed.`);
    if (hasReport) console.log(`Report: ${output.startsWith('s3://') ? `${output}/report.html` : join(output, 'report.html')}`);
  }
  if (failed > 0) process.exitCode = ExitCode.someImagesFailed;
}

function imageConfig(modelType: 'IMAGE_CLASSIFICATION', o: { numSegments: number; compactness: number }) {
  return { model_type: modelType, num_segments: o.numSegments, segment_compactness: o.compactness };
}

/** Adds the engine's commands to the program. */
export function addEngineCommands(program: Command): void {
  const common = (command: Command) =>
    command
      .option('--concurrency <n>', 'images explained at once (default: CPU cores)', int('--concurrency'))
      .option('--max-pixels <n>', 'images with more pixels fail alone, checked before decoding (default: 24000000)', int('--max-pixels'))
      .option('--quiet', 'print nothing but errors', false)
      .option('--json', 'print the result as one JSON line', false);

  common(
    program
      .command('demo')
      .description("Explain the sample images with the demo model at Clarify's defaults; writes ./clarify-output/.")
      .option('--out <dir>', 'output folder', 'clarify-output')
      .option('--num-samples <n>', 'Kernel SHAP samples', int('--num-samples'), 500)
      .option('--seed <n>', 'seed of coalitions and noise', int('--seed'), 1),
  ).action(async (o: OutputFlags & { out: string; numSamples: number; seed: number }) => {
    const demo = locateDemoAssets();
    const manifestText = await readFile(demo.manifest, 'utf8').catch((err: Error) => {
      throw new ClarifyError(`The demo cannot read its sample images' manifest: ${err.message}`);
    });
    const manifest = JSON.parse(manifestText) as { image: string }[];
    const { spec, labels } = await onnxModelFile(demo.model, undefined);
    const config: AnalysisConfig = {
      dataset_type: 'application/x-image',
      predictor: { model_name: 'shapes-cnn', content_type: 'image/png', ...(labels ? { label_headers: labels } : {}) },
      methods: { shap: { use_logit: false, save_local_shap_values: true, num_samples: o.numSamples, seed: o.seed, image_config: { model_type: 'IMAGE_CLASSIFICATION' } } },
    };
    const output = resolve(o.out);
    await execute(o, (hooks) =>
      runAnalysis({
        config,
        data: demo.images,
        files: manifest.map((m) => m.image),
        output,
        models: { 'shapes-cnn': spec },
        ...(o.concurrency !== undefined ? { concurrency: o.concurrency } : {}),
        ...(o.maxPixels !== undefined ? { maxPixels: o.maxPixels } : {}),
        ...drawing(o),
        ...hooks,
      }), output);
  });

  common(
    program
      .command('explain')
      .description('Explain image files with an ONNX classifier.')
      .argument('<images...>', 'JPEG or PNG files, or folders searched recursively for them')
      .requiredOption('--model <file>', 'ONNX classifier (preprocessing from <model>.json next to it, when present)')
      .option('--labels <file>', 'class names, one per line (default: <model>.json classes)')
      .option('--num-segments <n>', 'SLIC superpixels', int('--num-segments'), 20)
      .option('--compactness <m>', 'SLIC compactness', int('--compactness'), 5)
      .option('--num-samples <n>', 'Kernel SHAP samples', int('--num-samples'), 500)
      .option('--seed <n>', 'seed of coalitions and noise', int('--seed'))
      .option('--baseline <image>', 'baseline image (default: seeded white noise)')
      .option('--top-k <k>', 'explain the k top classes', int('--top-k'), 1)
      .option('--out <dir>', 'output folder', 'clarify-output'),
  ).action(async (images: string[], o: OutputFlags & { model: string; labels?: string; numSegments: number; compactness: number; numSamples: number; seed?: number; baseline?: string; topK: number; out: string }) => {
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
          ...(o.seed !== undefined ? { seed: o.seed } : {}),
          ...(o.baseline !== undefined ? { baseline: resolve(o.baseline) } : {}),
          image_config: imageConfig('IMAGE_CLASSIFICATION', o),
        },
      },
    };
    await execute(o, (hooks) =>
      runAnalysis({
        config,
        data: root,
        files,
        output,
        models: { model: spec },
        topK: o.topK,
        ...(o.concurrency !== undefined ? { concurrency: o.concurrency } : {}),
        ...(o.maxPixels !== undefined ? { maxPixels: o.maxPixels } : {}),
        ...drawing(o),
        ...hooks,
      }), output);
  });

  common(
    program
      .command('run')
      .description('Run an analysis_config.json over a folder or S3 prefix of images.')
      .requiredOption('--config <file>', 'analysis_config.json')
      .requiredOption('--data <dir|s3://…>', 'images (searched recursively)')
      .requiredOption('--output <dir|s3://…>', 'where results go')
      .option('--model <file>', "ONNX file serving the config's predictor.model_name locally"),
  ).action(async (o: OutputFlags & { config: string; data: string; output: string; model?: string }) => {
    await mustExist('--config', o.config);
    await mustExist('--data', o.data, 'folder');
    const models = await localModels(o.config, o.model);
    const session = sessionFor(o.data, o.output);
    await execute(o, (hooks) =>
      runAnalysis({
        config: o.config,
        data: o.data,
        output: o.output,
        ...(models ? { models } : {}),
        ...(session ? { session } : {}),
        ...(o.concurrency !== undefined ? { concurrency: o.concurrency } : {}),
        ...(o.maxPixels !== undefined ? { maxPixels: o.maxPixels } : {}),
        ...drawing(o),
        ...hooks,
      }), o.output);
  });

  common(
    program
      .command('process')
      .description('SageMaker Processing entry: reads /opt/ml/processing/input, writes /opt/ml/processing/output.')
      .option('--input-root <dir>', 'processing input root', '/opt/ml/processing/input')
      .option('--output-root <dir>', 'processing output root', '/opt/ml/processing/output')
      .option('--config-root <dir>', 'SageMaker config root (resourceconfig.json)', '/opt/ml/config')
      .option('--model <file>', "ONNX file serving the config's predictor.model_name locally"),
  ).action(async (o: OutputFlags & { inputRoot: string; outputRoot: string; configRoot: string; model?: string }) => {
    const models = await localModels(join(o.inputRoot, 'config', 'analysis_config.json'), o.model);
    // Inside SageMaker the role's credentials and region come from the environment.
    const session = models ? undefined : new Session();
    await execute(o, (hooks) =>
      runProcessingContainer({
        paths: { input: o.inputRoot, output: o.outputRoot, config: o.configRoot },
        ...(models ? { models } : {}),
        ...(session ? { session } : {}),
        ...(o.concurrency !== undefined ? { concurrency: o.concurrency } : {}),
        ...(o.maxPixels !== undefined ? { maxPixels: o.maxPixels } : {}),
        ...drawing(o),
        ...hooks,
      }), o.outputRoot);
  });

  program
    .command('report')
    .description("Rebuild report.html and report.pdf of an output folder from its analysis.json, or merge a sharded run's parts (--merge).")
    .argument('[output]', 'output folder or s3:// prefix holding analysis.json')
    .option('--merge <dir|s3://…>', 'merge the analysis.part-<host>.json files there into analysis.json, then write the reports')
    .option('--quiet', 'print nothing but errors', false)
    .option('--json', 'print the result as one JSON line', false)
    .action(async (location: string | undefined, o: OutputFlags & { merge?: string }, command: Command) => {
      if ((location === undefined) === (o.merge === undefined)) {
        command.error(location === undefined ? 'report needs an output location (or --merge <location>)' : 'give an output location or --merge <location>, not both');
      }
      const output = location ?? (o.merge as string);
      await mustExist(location === undefined ? '--merge' : 'output', output, 'folder');
      const session = sessionFor(output);
      const s3 = session ? { s3Client: session.s3Client } : {};
      const document = o.merge !== undefined ? await mergeAnalysisParts({ output, ...s3 }) : (await rebuildReports({ output, ...s3 })).document;
      report(document, output, o, true);
    });

  for (const name of ['demo', 'explain', 'run', 'process']) {
    const command = program.commands.find((c) => c.name() === name);
    if (command) heatMapOptions(command);
  }
}

async function localModels(configPath: string, model: string | undefined): Promise<Record<string, LocalModel> | undefined> {
  if (model === undefined) return undefined;
  // Validated here, not just parsed: the model's name comes from it, and a config that
  // is not JSON or not an object must read as the config's fault, not the model's.
  const config = await loadAnalysisConfig({ path: configPath });
  const name = config.predictor?.model_name;
  if (name === undefined) throw new ValidationError('--model', model, 'used with a config whose predictor has a model_name');
  const { spec } = await onnxModelFile(model, undefined);
  return { [name]: spec };
}

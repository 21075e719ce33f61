/**
 * "Explaining Image Classification with SageMaker Clarify" (the amazon-sagemaker-examples
 * notebook `sagemaker-clarify/computer_vision/image_classification`), step by step in
 * TypeScript with clarify-ts.
 *
 *   npm run example:notebook            # against the local emulation (no AWS account)
 *   npm run example:notebook -- --aws   # against AWS, credentials from the usual chain
 *
 * Against the emulation it trains on tiny RecordIO stand-ins (examples/data) and explains
 * the images in examples/images. The emulated Clarify job runs the clarify-ts engine on
 * its S3 inputs (the emulation hosts no trained model, so a stand-in scorer, below, plays
 * the notebook's classifier: the console and the report say so) and writes real heat
 * maps, analysis.json and the report.
 * Against AWS pass the real Caltech-256 files
 * (`--train-rec`, `--validation-rec`, `--categories`); it starts a p2 training job and an
 * m5 Clarify job, which cost money, and deletes the model at the end.
 *
 * The imports point at the sources so the example runs from a checkout; in your own
 * project import from 'clarify-ts' and 'clarify-ts/testing'.
 */
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { STSClient } from '@aws-sdk/client-sts';
import { SingleBar } from 'cli-progress';
import sharp from 'sharp';
import {
  ClarifyResults,
  DataConfig,
  Estimator,
  ImageConfig,
  ModelConfig,
  ModelPredictedLabelConfig,
  SHAPConfig,
  SageMakerClarifyProcessor,
  Session,
  TrainingInput,
  ValidationError,
  getExecutionRole,
  imageUris,
  type TransferProgress,
} from '../src/index.js';
import type { JobContext } from '../src/testing/hooks.js';
import { checkAnalysisDocument } from '../src/report/rebuild.js';
import { renderReports, saveReports } from '../src/report/write-reports.js';
import { RESULT_KINDS, type ResultFileKind, describeResultFiles } from './result-files.js';
import { functionClassifier } from '../src/models/index.js';
import type { RasterImage } from '../src/explain/image/raster.js';
import { runProcessingJob, startLocalAws, type LocalAws, type LocalAwsOptions, type RecordedRequest } from '../src/testing/index.js';

const HERE = import.meta.dirname;

/** Options of {@link runNotebook}. */
export interface NotebookOptions {
  /** Run against AWS instead of the local emulation. @default false */
  readonly aws?: boolean;
  /** The SageMaker execution role ARN. @default the caller's role, else `arn:aws:iam::<account>:role/SageMakerRole` */
  readonly role?: string;
  /** Training data. @default examples/data/caltech-256-60-train.rec */
  readonly trainRec?: string;
  /** Validation data. @default examples/data/caltech-256-60-val.rec */
  readonly validationRec?: string;
  /** Category names, one per line, in class order. @default examples/data/categories.txt */
  readonly categories?: string;
  /** Images to explain. @default examples/images (tiny generated PNGs when it has none) */
  readonly imagesDir?: string;
  /** Where results are downloaded. @default a new temporary folder */
  readonly workDir?: string;
  /** Receives the example's output lines. @default console.log */
  readonly print?: (line: string) => void;
  /** Show progress bars for uploads. @default true on a terminal */
  readonly progressBars?: boolean;
  /** Options of the local emulation (e.g. a processing hook that writes results). @default none */
  readonly emulator?: LocalAwsOptions;
}

/**
 * What plays the notebook's trained network in the emulation, as the console and
 * the report say it: its scores, and so its labels, mean nothing about the images.
 */
export const STAND_IN_MODEL =
  "stand-in model: the emulation hosts no trained network, so the Clarify job scores each image with a fixed " +
  'softmax over its mean red, green, blue and brightness, one score per Caltech-256 category. Its labels (e.g. ' +
  "001.ak47) are not the notebook's trained network's predictions; the heat maps are real Kernel SHAP " +
  'explanations of that stand-in.';

/** What a run did. */
export interface NotebookRun {
  readonly region: string;
  readonly bucket: string;
  readonly trainingJobName: string;
  readonly modelName: string;
  readonly processingJobName: string;
  readonly results: ClarifyResults;
  /** Every request the emulation received (emulation only). */
  readonly requests?: readonly RecordedRequest[];
  /** {@link STAND_IN_MODEL} when the emulated job explained the stand-in, else absent. */
  readonly standIn?: string;
  /** Each downloaded result file and what it is (heat map, input copy, label image, ...). */
  readonly outputs: readonly { readonly path: string; readonly kind: ResultFileKind; readonly about?: string }[];
}

/** Runs the notebook's cells in order. */
export async function runNotebook(options: NotebookOptions = {}): Promise<NotebookRun> {
  const print = options.print ?? ((line: string) => console.log(line));
  const aws = options.aws
    ? undefined
    : await startLocalAws({
        // The emulated Clarify job runs our engine, with the stand-in for the trained model.
        onProcessingJob: async (job) => {
          const categories = await readCategories(options);
          await runProcessingJob(job, { model: standInClassifier(categories) });
          await noteStandInInReports(job);
        },
        ...options.emulator,
      });
  const standIn = aws !== undefined && options.emulator?.onProcessingJob === undefined ? STAND_IN_MODEL : undefined;
  // The emulation answers at once; AWS jobs take minutes, so poll as the Python SDK does there.
  const polling = aws ? { minDelay: 0.05, maxDelay: 0.2 } : {};
  const clients: Partial<ReturnType<typeof emulatedClients>> = aws ? emulatedClients(aws) : {};
  const session = await Session.create(clients);
  try {
    const run = await notebook(session, options, print, polling, aws, standIn);
    // Read after the clean-up step, so its DeleteModel is included.
    return aws ? { ...run, requests: [...aws.requests] } : run;
  } finally {
    session.destroy();
    for (const client of Object.values(clients)) client?.destroy();
    await aws?.stop();
  }
}

/** Clients pointed at the emulation (a real run lets the Session create its own from the usual chain). */
function emulatedClients(aws: LocalAws) {
  return {
    sagemakerClient: new SageMakerClient(aws.sagemakerClientConfig()),
    s3Client: new S3Client(aws.s3ClientConfig()),
    stsClient: new STSClient(aws.stsClientConfig()),
    iamClient: new IAMClient(aws.iamClientConfig()),
    cloudWatchLogsClient: new CloudWatchLogsClient(aws.cloudWatchLogsClientConfig()),
    sagemakerRuntimeClient: new SageMakerRuntimeClient(aws.sagemakerRuntimeClientConfig()),
  };
}

async function notebook(
  session: Session,
  options: NotebookOptions,
  print: (line: string) => void,
  polling: { minDelay?: number; maxDelay?: number },
  aws: LocalAws | undefined,
  standIn: string | undefined,
): Promise<NotebookRun> {
  const bars = options.progressBars ?? Boolean(process.stdout.isTTY);
  const onLog = (event: { message: string }): void => print(`  | ${event.message}`);

  print('## Set up: session, region, role, default bucket');
  const region = await session.region();
  const role = options.role ?? (await executionRole(session, print));
  const bucket = await session.defaultBucket();
  const prefix = 'ic-transfer-learning';
  print(`region ${region}, bucket ${bucket}, role ${role}`);

  print('## Upload the training and validation data (RecordIO)');
  const trainRec = options.trainRec ?? join(HERE, 'data', 'caltech-256-60-train.rec');
  const validationRec = options.validationRec ?? join(HERE, 'data', 'caltech-256-60-val.rec');
  const trainData = await upload(session, trainRec, `${prefix}/train_rec`, bars);
  const validationData = await upload(session, validationRec, `${prefix}/validation_rec`, bars);
  print(`train ${trainData}\nvalidation ${validationData}`);

  print('## Train the image-classification algorithm');
  const estimator = new Estimator({
    imageUri: imageUris.retrieve('image-classification', region, { version: 'latest' }),
    role,
    instanceCount: 1,
    instanceType: 'ml.p2.xlarge',
    volumeSize: 50,
    maxRun: 360000,
    inputMode: 'File',
    outputPath: `s3://${bucket}/${prefix}/output`,
    session,
  });
  estimator.setHyperparameters({
    num_layers: 18,
    use_pretrained_model: 1,
    image_shape: '3,224,224',
    num_classes: 257,
    num_training_samples: 15420,
    mini_batch_size: 128,
    epochs: 2,
    learning_rate: 0.01,
    precision_dtype: 'float32',
  });
  const channel = (folder: string): TrainingInput =>
    new TrainingInput(`s3://${bucket}/${prefix}/${folder}/`, { distribution: 'FullyReplicated', contentType: 'application/x-recordio', s3DataType: 'S3Prefix' });
  const trainingJob = await estimator.fit({ inputs: { train: channel('train_rec'), validation: channel('validation_rec') }, logs: true, onLog, ...polling });
  print(`training job ${trainingJob.jobName} completed`);

  print('## Create the model (Clarify hosts it on its own shadow endpoint)');
  const modelName = `DEMO-clarify-image-classification-model-${utcStamp()}`;
  const model = await estimator.createModel({ name: modelName });
  await model.create();
  print(`model ${modelName}`);

  try {
    print('## Read the category list');
    const categories = await readCategories(options);
    print(`${categories.length} categories: ${categories.slice(0, 5).join(', ')}${categories.length > 5 ? ', …' : ''}`);

    print('## Upload the test images');
    const clarifyPrefix = 'sagemaker/DEMO-sagemaker-clarify-cv';
    const images = await testImages(options.imagesDir ?? join(HERE, 'images'));
    for (const image of images) await upload(session, image, clarifyPrefix, bars);
    print(`${images.length} images: ${images.map((i) => basename(i)).join(', ')}`);

    print('## Configure Clarify');
    const s3DataInputPath = `s3://${bucket}/${clarifyPrefix}/`;
    const s3OutputPath = `s3://${bucket}/${clarifyPrefix}/cv_analysis_result`;
    const dataConfig = new DataConfig({ s3DataInputPath, s3OutputPath, datasetType: 'application/x-image' });
    const modelConfig = new ModelConfig({ modelName, instanceType: 'ml.m5.xlarge', instanceCount: 1, contentType: 'image/jpeg' });
    const predictionsConfig = new ModelPredictedLabelConfig({ labelHeaders: categories });
    const imageConfig = new ImageConfig({ modelType: 'IMAGE_CLASSIFICATION', numSegments: 20, segmentCompactness: 5 });
    const shapConfig = new SHAPConfig({ numSamples: 500, imageConfig });

    print('## Run the explainability job');
    if (standIn) print(standIn);
    const processor = new SageMakerClarifyProcessor({ role, instanceCount: 1, instanceType: 'ml.m5.xlarge', session });
    const clarifyJob = await processor.runExplainability(dataConfig, modelConfig, shapConfig, {
      modelScores: predictionsConfig, logs: true, onLog, ...polling,
    });
    print(`processing job ${clarifyJob.jobName} completed`);

    print('## Download and list the results');
    const workDir = options.workDir ?? (await mkdtemp(join(tmpdir(), 'clarify-ts-notebook-')));
    const results = await ClarifyResults.read(session, s3OutputPath, join(workDir, 'cv_analysis_result'));
    if (!results.hasResults) {
      print(aws
        ? 'The job wrote no results (the processing hook of the emulation wrote nothing).'
        : 'The job wrote no results.');
    }
    const outputs = describeResultFiles(results.images.map((i) => ({ key: i.key, localPath: i.localPath })), results.analysis, `${clarifyPrefix}/cv_analysis_result/`,
      standIn ? 'stand-in model' : 'model');
    const kinds = [...new Set(outputs.map((o) => o.kind))];
    if (kinds.length > 0) print(`result images: ${kinds.map((k) => `${RESULT_KINDS[k].plural} (${RESULT_KINDS[k].what})`).join('; ')}`);
    for (const o of outputs) print(`${o.kind} ${o.path}${o.about ? ` (${o.about})` : ''}`);
    for (const [format, file] of Object.entries(results.reports)) print(`report (${format}) ${file.localPath}`);
    if (results.analysis) print(`analysis.json sections: ${Object.keys(results.analysis).join(', ')}`);

    return {
      region,
      bucket,
      trainingJobName: trainingJob.jobName,
      modelName,
      processingJobName: clarifyJob.jobName,
      results,
      outputs,
      ...(standIn ? { standIn } : {}),
    };
  } finally {
    print('## Clean up');
    await model.deleteModel();
    print(`deleted model ${modelName}`);
  }
}

async function readCategories(options: NotebookOptions): Promise<string[]> {
  const text = await readFile(options.categories ?? join(HERE, 'data', 'categories.txt'), 'utf8');
  return text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
}

/**
 * Rebuilds the emulated job's report.html and report.pdf with {@link STAND_IN_MODEL}
 * under their title, so that whoever opens the report learns what the labels are.
 */
async function noteStandInInReports(job: JobContext): Promise<void> {
  const outputs = job.request.ProcessingOutputConfig as { Outputs: { S3Output: { S3Uri: string } }[] };
  const prefix = `${outputs.Outputs[0].S3Output.S3Uri.replace(/\/+$/, '')}/`;
  const storage = {
    read: (path: string) => job.s3.getObject(`${prefix}${path}`),
    write: async (path: string, body: Uint8Array | string) => {
      await job.s3.putObject(`${prefix}${path}`, body);
    },
  };
  const document = checkAnalysisDocument(await storage.read('analysis.json'), 'analysis.json');
  await saveReports(await renderReports(document, storage, job.signal, { note: STAND_IN_MODEL }), storage, job.signal);
}

/**
 * Plays the notebook's trained classifier in the emulation: a fixed softmax over
 * colour statistics (mean red, green, blue and brightness of the image), one score per
 * category. It is not a trained model; it makes the emulated job's heat maps real
 * computations on real images, so every step after it runs as it would on AWS.
 */
function standInClassifier(categories: readonly string[]) {
  return functionClassifier((images: readonly RasterImage[]) =>
    images.map((image) => {
      const { data, width, height } = image;
      const n = width * height;
      const mean = [0, 0, 0];
      for (let p = 0; p < n; p++) for (let c = 0; c < 3; c++) mean[c] += data[p * 3 + c] / (255 * n);
      const features = [mean[0], mean[1], mean[2], (mean[0] + mean[1] + mean[2]) / 3];
      const logits = categories.map((_, k) => features.reduce((sum, f, j) => sum + f * 4 * Math.cos(1.7 * k + 2.3 * j), 0));
      const top = Math.max(...logits);
      const exp = logits.map((l) => Math.exp(l - top));
      const total = exp.reduce((a, b) => a + b, 0);
      return Float32Array.from(exp, (e) => e / total);
    }), categories);
}

/** The notebook's role cell: the caller's role, else a role named in the account (as the notebook's fallback). */
async function executionRole(session: Session, print: (line: string) => void): Promise<string> {
  try {
    return await getExecutionRole(session);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const role = `arn:aws:iam::${await session.accountId()}:role/SageMakerRole`;
    print(`the caller is not a role; using ${role} (pass --role to choose)`);
    return role;
  }
}

async function upload(session: Session, path: string, keyPrefix: string, bars: boolean): Promise<string> {
  const bar = bars ? new SingleBar({ format: `${basename(path)} [{bar}] {percentage}% {value}/{total} bytes` }) : undefined;
  let started = false;
  const onProgress = (p: TransferProgress): void => {
    if (!bar) return;
    if (!started) bar.start(p.totalBytes, 0);
    started = true;
    bar.update(p.loadedBytes);
  };
  try {
    return await session.uploadData(path, { keyPrefix, onProgress });
  } finally {
    bar?.stop();
  }
}

/** The images to explain: JPEG and PNG files of `folder` (masks excluded), or two generated PNGs. */
async function testImages(folder: string): Promise<string[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const images = names.filter((n) => /\.(jpe?g|png)$/i.test(n) && !n.endsWith('.mask.png')).sort();
  if (images.length > 0) return images.map((n) => join(folder, n));
  const generated = await mkdtemp(join(tmpdir(), 'clarify-ts-images-'));
  const paths = [join(generated, 'red.png'), join(generated, 'blue.png')];
  for (const [i, path] of paths.entries()) {
    const background = i === 0 ? { r: 220, g: 40, b: 40 } : { r: 40, g: 60, b: 220 };
    await writeFile(path, await sharp({ create: { width: 32, height: 32, channels: 3, background } }).png().toBuffer());
  }
  return paths;
}

/** The notebook's `time.strftime("%Y-%m-%d-%H-%M-%S", time.gmtime())`. */
function utcStamp(): string {
  return new Date().toISOString().slice(0, 19).replace(/[T:]/g, '-');
}

async function main(): Promise<void> {
  // On Node 20 the AWS SDK warns that its releases after January 2027 need Node 22; the
  // versions clarify-ts pins run on Node 20, so the warning would only clutter the cells'
  // output (as in the clarify-ts CLI). Setting the variable yourself keeps your choice.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { values } = parseArgs({
    options: {
      aws: { type: 'boolean', default: false },
      role: { type: 'string' },
      'train-rec': { type: 'string' },
      'validation-rec': { type: 'string' },
      categories: { type: 'string' },
      images: { type: 'string' },
      'work-dir': { type: 'string' },
    },
  });
  await runNotebook({
    aws: values.aws,
    ...(values.role ? { role: values.role } : {}),
    ...(values['train-rec'] ? { trainRec: resolve(values['train-rec']) } : {}),
    ...(values['validation-rec'] ? { validationRec: resolve(values['validation-rec']) } : {}),
    ...(values.categories ? { categories: resolve(values.categories) } : {}),
    ...(values.images ? { imagesDir: resolve(values.images) } : {}),
    ...(values['work-dir'] ? { workDir: resolve(values['work-dir']) } : {}),
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

/**
 * Bias metrics and explanations of a loan-approval dataset and of a scoring model, with
 * clarify-ts: the same `DataConfig`, `BiasConfig`, `ModelConfig`, `SHAPConfig` and
 * `PDPConfig` run locally by `LocalClarifyProcessor` and as a SageMaker Clarify job by
 * `SageMakerClarifyProcessor`.
 *
 *   npm run example:tabular-bias            # locally, and a Clarify job in the local emulation (no AWS account)
 *   npm run example:tabular-bias -- --aws   # locally, and a real Clarify job on AWS (bias metrics only, see below)
 *
 * The example writes a synthetic loan dataset (deterministic: the same bytes on every run).
 * The "model" is a small deterministic scoring function of age, income, credit score and
 * debt ratio (it never reads `sex`), wrapped with `functionTabularModel`; the dataset's
 * `predicted_label` column holds its decisions, as a batch transform would have written them.
 * Locally, in this process, it computes:
 *   1. the pre-training metrics (is the data itself imbalanced between women and men, between
 *      applicants over and under 40?) and the post-training metrics (are the model's
 *      decisions?) from the `predicted_label` column (`runBias`, no model called);
 *   2. the same metrics with the model called for the decisions, the column left out, plus
 *      SHAP values (a computed baseline of 5 clusters) and partial dependence plots of income
 *      and credit score (`runBiasAndExplainability`, the function registered as `tabularModels`).
 * Then it uploads the dataset and runs a Clarify processing job:
 *   - in the emulation, `runBiasAndExplainability` (part 2): the job runs the clarify-ts
 *     engine, with the scoring function serving the job's `predictor.model_name`
 *     (`runProcessingJob(job, { tabularModel })`), and must give the local numbers exactly;
 *   - with `--aws`, `runBias` from the `predicted_label` column (part 1): a real Clarify job
 *     calls a real SageMaker model for SHAP, PDP and model-made decisions, and this example
 *     has none (its model is a function in this process). SageMaker Clarify runs it on an
 *     ml.m5.xlarge instance (billed, a few minutes), and the example prints how far Clarify's
 *     numbers are from the local ones.
 *
 * The imports point at the sources so the example runs from a checkout; in your own
 * project import from 'clarify-ts' and 'clarify-ts/testing'.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { STSClient } from '@aws-sdk/client-sts';
import {
  BiasConfig,
  ClarifyResults,
  DataConfig,
  LocalClarifyProcessor,
  ModelConfig,
  PDPConfig,
  SHAPConfig,
  SageMakerClarifyProcessor,
  Session,
  ValidationError,
  functionTabularModel,
  getExecutionRole,
  type BiasMetricsSection,
  type PostTrainingBiasMethod,
  type PreTrainingBiasMethod,
  type ProcessingJob,
  type TabularAnalysisDocument,
  type TabularExplanationsSection,
  type TabularModel,
} from '../src/index.js';
import { runProcessingJob, startLocalAws, type LocalAws, type LocalAwsOptions, type RecordedRequest } from '../src/testing/index.js';

/** The dataset's columns, in file order (the CSV has no header row: `headers` names them, as in the AWS notebooks). */
export const LOAN_HEADERS = ['age', 'sex', 'income', 'credit_score', 'debt_ratio', 'approved', 'predicted_label'] as const;

/** The model's features, in the order its rows give them: the columns less the label and the predicted label. */
export const LOAN_FEATURES = ['age', 'sex', 'income', 'credit_score', 'debt_ratio'] as const;

/** The name the model goes by in `ModelConfig` (a SageMaker model's name, on AWS). */
export const SCORER_NAME = 'loan-scorer';

/**
 * Pre-training metrics asked for. `'all'` would add CDDL, which needs a group variable
 * (`BiasConfig({ groupName })`) and reports an error without one.
 */
export const PRE_TRAINING_METHODS: readonly PreTrainingBiasMethod[] = ['CI', 'DPL', 'KL', 'JS', 'LP', 'TVD', 'KS'];

/**
 * Post-training metrics asked for. `'all'` would add CDDPL (it needs a group variable) and
 * FT, whose nearest-neighbour search needs every other column numeric: for the `age`
 * facet, `sex` is a string column, so FT reports an error there.
 */
export const POST_TRAINING_METHODS: readonly PostTrainingBiasMethod[] = ['DPPL', 'DI', 'DCA', 'DCR', 'RD', 'DAR', 'DRR', 'AD', 'SD', 'TE', 'GE'];

/**
 * The SHAP settings: the baseline computed from the data (5 clusters, k-prototypes since
 * `sex` is a string), and 32 samples: with 5 features, 2^5 − 2 = 30 coalitions, so every
 * coalition is evaluated and the values are exact (below 30 they are sampled from `seed`,
 * and a job given the same seed gets the same values). A record costs 30 × 5 model rows.
 */
export const SHAP_OPTIONS = { numClusters: 5, numSamples: 32, seed: 29, aggMethod: 'mean_abs' } as const;

/** The features of the partial dependence plots, and their grid. */
export const PDP_OPTIONS = { features: ['income', 'credit_score'], gridResolution: 5 } as const;

/**
 * The loan model's approval probability: a logistic score of age, income, credit score and
 * debt ratio. It does not read `sex`, yet its decisions favour men: women's incomes are
 * lower in the data, and it leans on income harder than the ground truth does.
 */
export function loanApprovalProbability(age: number, income: number, creditScore: number, debtRatio: number): number {
  const score = 0.008 * (creditScore - 640) + (income - 45000) / 15000 - 2 * (debtRatio - 0.32) + 0.01 * (age - 40);
  return 1 / (1 + Math.exp(-2 * score));
}

/**
 * The scoring function as a tabular model: one score per row (the approval probability),
 * which SHAP and PDP explain and post-training bias turns into a decision (1 above 0.5).
 * Rows come in {@link LOAN_FEATURES} order: from the dataset, and also the baseline's
 * and the PDP grid's values.
 */
export function loanScorer(): TabularModel {
  return functionTabularModel(
    (rows) => rows.map(([age, , income, creditScore, debtRatio]) => ({
      scores: [loanApprovalProbability(Number(age), Number(income), Number(creditScore), Number(debtRatio))],
    })),
    { describe: 'loan scoring function' },
  );
}

/** Options of {@link runTabularBias}. */
export interface TabularBiasOptions {
  /** Run the Clarify job on AWS instead of the local emulation (a bias job from the predicted_label column). @default false */
  readonly aws?: boolean;
  /** The SageMaker execution role ARN (for the Clarify job). @default the caller's role, else `arn:aws:iam::<account>:role/SageMakerRole` */
  readonly role?: string;
  /** Rows of the synthetic dataset. @default 3000 */
  readonly rows?: number;
  /** Where the dataset and the results go. @default a new temporary folder */
  readonly workDir?: string;
  /** Receives the example's output lines. @default console.log */
  readonly print?: (line: string) => void;
  /** Options of the local emulation (e.g. its region, or a processing hook of your own). @default none */
  readonly emulator?: LocalAwsOptions;
}

/** The sections of one run's `analysis.json` that the example reads. */
export interface TabularSections {
  readonly preTraining?: BiasMetricsSection;
  readonly postTraining?: BiasMetricsSection;
  readonly explanations?: TabularExplanationsSection;
}

/** What a run did. */
export interface TabularBiasRun {
  /** The dataset written (CSV, no header row). */
  readonly datasetFile: string;
  /** The local runs' `analysis.json` sections. */
  readonly local: {
    /** Part 1, `runBias`: the decisions read from the `predicted_label` column. */
    readonly fromColumn: { readonly preTraining: BiasMetricsSection; readonly postTraining: BiasMetricsSection };
    /** Part 2, `runBiasAndExplainability`: the decisions asked of the model, SHAP and PDP. */
    readonly withModel: { readonly preTraining: BiasMetricsSection; readonly postTraining: BiasMetricsSection; readonly explanations: TabularExplanationsSection };
  };
  /**
   * The Clarify job: which method ran it (`runBiasAndExplainability` in the emulation,
   * `runBias` on AWS), its name, where its results are, and its `analysis.json` sections
   * (absent when it wrote none).
   */
  readonly clarify: TabularSections & {
    readonly method: 'runBias' | 'runBiasAndExplainability';
    readonly processingJobName: string;
    readonly s3OutputPath: string;
  };
  /** The largest difference between a local value (metric, SHAP value, PDP value) and the Clarify job's, over those both have. */
  readonly largestDifference?: number;
  /** Every request the emulation received (emulation only). */
  readonly requests?: readonly RecordedRequest[];
}

/** Runs the example: the dataset, the local analyses, the Clarify job. */
export async function runTabularBias(options: TabularBiasOptions = {}): Promise<TabularBiasRun> {
  const print = options.print ?? ((line: string) => console.log(line));
  const workDir = options.workDir ?? (await mkdtemp(join(tmpdir(), 'clarify-ts-tabular-bias-')));

  print('## Write the loan dataset');
  const datasetFile = join(workDir, 'data', 'loans.csv');
  await mkdir(join(workDir, 'data'), { recursive: true });
  const rows = options.rows ?? 3000;
  await writeFile(datasetFile, loanDatasetCsv(rows));
  print(`${rows} applicants, columns ${LOAN_HEADERS.join(', ')}: ${datasetFile}`);
  print("predicted_label: the scoring function's decisions (approval probability > 0.5), as a batch transform would have written them");

  print('## Configure the analysis');
  // Women, and applicants over 40, are the facets' sensitive groups; `approved` = 1 is the good outcome.
  // `age` is written with a decimal point, so Clarify reads it as a number and [40] as a threshold:
  // smclarify takes an integer column with under 5% distinct values for categories, and [40] for the age 40.
  const biasConfig = new BiasConfig({
    labelValuesOrThreshold: [1],
    facetName: ['sex', 'age'],
    facetValuesOrThreshold: [['Female'], [40]],
  });
  // Two ways to give post-training bias the model's decisions: the dataset's column, or the model itself
  // (the column left out, so that it is no feature of the model's rows).
  const fromColumn = { label: 'approved', headers: [...LOAN_HEADERS], predictedLabel: 'predicted_label', datasetType: 'text/csv' } as const;
  const withModel = { label: 'approved', headers: [...LOAN_HEADERS], excludedColumns: ['predicted_label'], datasetType: 'text/csv' } as const;
  // On AWS, the SageMaker model of this name would be hosted on a shadow endpoint; here the function serves it.
  const modelConfig = new ModelConfig({ modelName: SCORER_NAME, instanceType: 'ml.m5.xlarge', instanceCount: 1, contentType: 'text/csv', acceptType: 'text/csv' });
  const explainability = [new SHAPConfig(SHAP_OPTIONS), new PDPConfig({ features: [...PDP_OPTIONS.features], gridResolution: PDP_OPTIONS.gridResolution })];
  print("facets: sex = 'Female', age > 40; label: approved = 1; the model's decisions: predicted_label, or the model");
  print(`SHAP: a baseline of ${SHAP_OPTIONS.numClusters} clusters, ${SHAP_OPTIONS.numSamples} samples, seed ${SHAP_OPTIONS.seed}; PDP: ${PDP_OPTIONS.features.join(', ')}, ${PDP_OPTIONS.gridResolution} grid values`);

  const scorer = loanScorer();
  const processor = new LocalClarifyProcessor({ tabularModels: { [SCORER_NAME]: scorer } });
  const localData = (data: typeof fromColumn | typeof withModel, name: string): DataConfig =>
    new DataConfig({ ...data, s3DataInputPath: join(workDir, 'data'), s3OutputPath: join(workDir, 'local', name) });

  print('## 1. Bias metrics from the predicted_label column, locally (LocalClarifyProcessor.runBias)');
  // No ModelConfig: the decisions are the dataset's predicted_label column; no model is called.
  const columnRun = await processor.runBias(localData(fromColumn, 'bias_from_column'), biasConfig, null, null, {
    preTrainingMethods: PRE_TRAINING_METHODS,
    postTrainingMethods: POST_TRAINING_METHODS,
  });
  const local1 = {
    preTraining: section(columnRun.document.pre_training_bias_metrics, 'pre_training_bias_metrics'),
    postTraining: section(columnRun.document.post_training_bias_metrics, 'post_training_bias_metrics'),
  };
  print('pre-training (the data):');
  printSection(local1.preTraining, print);
  print("post-training (the model's decisions):");
  printSection(local1.postTraining, print);

  print('## 2. Bias metrics and explanations with the model, locally (LocalClarifyProcessor.runBiasAndExplainability)');
  const modelRun = await processor.runBiasAndExplainability(localData(withModel, 'bias_and_explainability'), modelConfig, explainability, biasConfig, {
    preTrainingMethods: PRE_TRAINING_METHODS,
    postTrainingMethods: POST_TRAINING_METHODS,
  });
  const local2 = {
    preTraining: section(modelRun.document.pre_training_bias_metrics, 'pre_training_bias_metrics'),
    postTraining: section(modelRun.document.post_training_bias_metrics, 'post_training_bias_metrics'),
    explanations: section(modelRun.document.explanations, 'explanations'),
  };
  const columnVsModel = Math.max(largestGap(local1.preTraining, local2.preTraining), largestGap(local1.postTraining, local2.postTraining));
  print(`the bias metrics with the model's decisions and with the column's differ by at most ${columnVsModel.toExponential(2)}`);
  printExplanations(local2.explanations, print);
  print(`local SHAP values of every applicant: ${join(workDir, 'local', 'bias_and_explainability', 'explanations_shap', 'out.csv')}`);

  const emulation = options.aws
    ? undefined
    : await startLocalAws({
        // The emulated Clarify job runs the clarify-ts engine on its S3 inputs, with the
        // scoring function serving whatever predictor.model_name the job's config names.
        onProcessingJob: async (job) => {
          await runProcessingJob(job, { tabularModel: scorer });
        },
        ...options.emulator,
      });
  const clients: Partial<ReturnType<typeof emulatedClients>> = emulation ? emulatedClients(emulation) : {};
  // The emulation answers at once; AWS jobs take minutes, so poll as the Python SDK does there.
  const polling = emulation ? { minDelay: 0.05, maxDelay: 0.2 } : {};
  const session = await Session.create(clients);
  try {
    const method = emulation ? 'runBiasAndExplainability' : 'runBias';
    print(emulation
      ? '## 3. The same as a SageMaker Clarify job, in the local emulation (SageMakerClarifyProcessor.runBiasAndExplainability, run by the clarify-ts engine)'
      : '## 3. Part 1 as a SageMaker Clarify job on AWS (SageMakerClarifyProcessor.runBias)');
    if (!emulation) {
      print('On AWS the job computes the bias metrics from the predicted_label column: SHAP, PDP and decisions made by a model need a');
      print("real SageMaker model (Clarify hosts it on a shadow endpoint), and this example's model is a function in this process.");
    }
    const role = options.role ?? (await executionRole(session, print));
    const bucket = await session.defaultBucket();
    const prefix = 'sagemaker/DEMO-clarify-ts-tabular-bias';
    await session.uploadData(datasetFile, { keyPrefix: `${prefix}/data` });
    const s3OutputPath = `s3://${bucket}/${prefix}/${emulation ? 'bias_and_explainability_result' : 'bias_analysis_result'}`;
    const jobData = (data: typeof fromColumn | typeof withModel): DataConfig =>
      new DataConfig({ ...data, s3DataInputPath: `s3://${bucket}/${prefix}/data/`, s3OutputPath });
    const clarify = new SageMakerClarifyProcessor({ role, instanceCount: 1, instanceType: 'ml.m5.xlarge', session });
    const jobOptions = {
      preTrainingMethods: PRE_TRAINING_METHODS,
      postTrainingMethods: POST_TRAINING_METHODS,
      logs: true,
      onLog: (event: { message: string }) => print(`  | ${event.message}`),
      ...polling,
    };
    const job: ProcessingJob = emulation
      ? await clarify.runBiasAndExplainability(jobData(withModel), modelConfig, explainability, biasConfig, jobOptions)
      : await clarify.runBias(jobData(fromColumn), biasConfig, null, null, jobOptions);
    print(`processing job ${job.jobName} completed`);

    const results = await ClarifyResults.read(session, s3OutputPath, join(workDir, 'clarify_result'));
    const analysis = results.analysis as Partial<TabularAnalysisDocument> | undefined;
    if (analysis === undefined) print('The job wrote no analysis.json.');
    const theirs: TabularSections = {
      ...(analysis?.pre_training_bias_metrics ? { preTraining: analysis.pre_training_bias_metrics } : {}),
      ...(analysis?.post_training_bias_metrics ? { postTraining: analysis.post_training_bias_metrics } : {}),
      ...(analysis?.explanations ? { explanations: analysis.explanations } : {}),
    };
    if (theirs.explanations?.kernel_shap) {
      print("the job's global SHAP values:");
      printShap(theirs.explanations, print);
    }
    const ours: TabularSections = emulation ? local2 : local1;
    const largestDifference = largestDifferenceOf(ours, theirs, emulation !== undefined);
    if (largestDifference !== undefined) {
      print(`the job's ${emulation ? 'metrics, SHAP values and PDPs' : 'metrics'} and the local ones differ by at most ${largestDifference.toExponential(2)}`);
    }
    return {
      datasetFile,
      local: { fromColumn: local1, withModel: local2 },
      clarify: { method, processingJobName: job.jobName, s3OutputPath, ...theirs },
      ...(largestDifference !== undefined ? { largestDifference } : {}),
      ...(emulation ? { requests: [...emulation.requests] } : {}),
    };
  } finally {
    session.destroy();
    for (const client of Object.values(clients)) client?.destroy();
    await emulation?.stop();
    await scorer.dispose();
  }
}

/**
 * The synthetic loan dataset as CSV without a header row, columns {@link LOAN_HEADERS}.
 * Deterministic (a seeded generator): the same `rows` give the same bytes.
 *
 * Built-in disparities: women's incomes are drawn lower, and the ground truth `approved`
 * depends on income, so the data favours men; `predicted_label` is the scoring function's
 * decision ({@link loanApprovalProbability} > 0.5) on the values as written, and the function
 * leans harder on income than the ground truth does, so its decisions favour men more.
 */
export function loanDatasetCsv(rows: number): string {
  if (!Number.isSafeInteger(rows) || rows < 10) throw new ValidationError('rows', rows, 'an integer >= 10');
  const random = mulberry32(29);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const female = random() < 0.45;
    const age = Math.round((18 + 57 * random() ** 1.2) * 10) / 10;
    const experience = Math.min(age - 18, 30);
    const income = Math.max(12000, (36000 + 500 * experience + 9000 * normal()) * (female ? 0.82 : 1));
    const creditScore = Math.round(Math.min(850, Math.max(300, 620 + 1.2 * experience + 55 * normal())));
    const debtRatio = Math.min(0.9, Math.max(0.02, 0.32 + 0.12 * normal()));
    const merit = 0.012 * (creditScore - 640) + (income - 42000) / 25000 - 3 * (debtRatio - 0.32);
    const approved = merit + 0.6 * normal() > 0 ? 1 : 0;
    // The values as the CSV holds them, so that the column is what the model decides on reading it.
    const [ageText, incomeText, debtText] = [age.toFixed(1), income.toFixed(2), debtRatio.toFixed(3)];
    const predicted = loanApprovalProbability(Number(ageText), Number(incomeText), creditScore, Number(debtText)) > 0.5 ? 1 : 0;
    lines.push([ageText, female ? 'Female' : 'Male', incomeText, creditScore, debtText, approved, predicted].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** A small seeded generator (mulberry32): uniform in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function section<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`analysis.json has no ${name}`);
  return value;
}

/** One line per facet entry and metric: `sex = Female  DPL  0.1234  Difference in Positive Proportions in Labels (DPL)`. */
function printSection(s: BiasMetricsSection, print: (line: string) => void): void {
  print(`label ${s.label} = ${s.label_value_or_threshold}`);
  for (const [facet, entries] of Object.entries(s.facets)) {
    for (const entry of entries) {
      for (const metric of entry.metrics) {
        const value = typeof metric.value === 'number' ? metric.value.toFixed(4) : metric.value === null ? `error: ${metric.error ?? ''}` : metric.value;
        print(`  ${`${facet} = ${entry.value_or_threshold}`.padEnd(22)} ${metric.name.padEnd(5)} ${value.padStart(8)}  ${metric.description}`);
      }
    }
  }
}

/** The largest |local − Clarify| over the metrics both computed as numbers. */
function largestGap(local: BiasMetricsSection, clarify: BiasMetricsSection): number {
  let largest = 0;
  for (const [facet, entries] of Object.entries(local.facets)) {
    for (const entry of entries) {
      const other = clarify.facets[facet]?.find((e) => e.value_or_threshold === entry.value_or_threshold);
      for (const metric of entry.metrics) {
        const theirs = other?.metrics.find((m) => m.name === metric.name)?.value;
        if (typeof metric.value === 'number' && typeof theirs === 'number') largest = Math.max(largest, Math.abs(metric.value - theirs));
      }
    }
  }
  return largest;
}

/** The global SHAP values, largest first, then each PDP: grid value → mean approval probability. */
function printExplanations(explanations: TabularExplanationsSection, print: (line: string) => void): void {
  print('global SHAP values (mean |SHAP| over the applicants, of the approval probability):');
  printShap(explanations, print);
  for (const pdp of explanations.pdp ?? []) {
    if (!('model_predictions' in pdp)) {
      print(`PDP ${pdp.feature_name}: ${pdp.error}`);
      continue;
    }
    const points = pdp.feature_values.map((v, i) => `${typeof v === 'number' ? Math.round(v) : String(v)} → ${pdp.model_predictions[0]![i]!.toFixed(3)}`);
    print(`PDP ${pdp.feature_name} (mean approval probability): ${points.join(', ')}`);
  }
}

/** `  income        0.1234`, one line per feature, largest first, for each label. */
function printShap(explanations: TabularExplanationsSection, print: (line: string) => void): void {
  for (const [label, record] of Object.entries(explanations.kernel_shap ?? {})) {
    print(`  ${label} (the one score): expected value ${record.expected_value.toFixed(4)}, the mean probability over the baseline`);
    const features = Object.entries(record.global_shap_values).sort(([, a], [, b]) => b - a);
    for (const [feature, value] of features) {
      print(`  ${feature.padEnd(13)} ${value.toFixed(4)}${feature === 'sex' ? '  (the scoring function does not read sex)' : ''}`);
    }
  }
}

/**
 * The largest |local − Clarify| over the values both computed as numbers: the bias metrics,
 * and with `explanations` the global SHAP values, expected values and PDP predictions.
 * Undefined when the job wrote no bias metrics (or, with `explanations`, none).
 */
function largestDifferenceOf(local: TabularSections, clarify: TabularSections, explanations: boolean): number | undefined {
  if (!local.preTraining || !local.postTraining || !clarify.preTraining || !clarify.postTraining) return undefined;
  const bias = Math.max(largestGap(local.preTraining, clarify.preTraining), largestGap(local.postTraining, clarify.postTraining));
  if (!explanations) return bias;
  if (!local.explanations || !clarify.explanations) return undefined;
  return Math.max(bias, explanationGap(local.explanations, clarify.explanations));
}

/** The largest |local − Clarify| over the global SHAP values, expected values and PDP predictions both have. */
function explanationGap(local: TabularExplanationsSection, clarify: TabularExplanationsSection): number {
  let largest = 0;
  const note = (a: number | undefined, b: number | undefined) => {
    if (a !== undefined && b !== undefined) largest = Math.max(largest, Math.abs(a - b));
  };
  for (const [label, record] of Object.entries(local.kernel_shap ?? {})) {
    const other = clarify.kernel_shap?.[label];
    note(record.expected_value, other?.expected_value);
    for (const [feature, value] of Object.entries(record.global_shap_values)) note(value, other?.global_shap_values[feature]);
  }
  for (const pdp of local.pdp ?? []) {
    const other = clarify.pdp?.find((p) => p.feature_name === pdp.feature_name);
    if (!('model_predictions' in pdp) || other === undefined || !('model_predictions' in other)) continue;
    pdp.model_predictions.forEach((values, l) => values.forEach((v, i) => note(v, other.model_predictions[l]?.[i])));
  }
  return largest;
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

/** The caller's role, else a role named in the account (as the Clarify notebooks' fallback). */
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

async function main(): Promise<void> {
  // As in the notebook example: the AWS SDK's Node 20 notice would only clutter the output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { values } = parseArgs({
    options: {
      aws: { type: 'boolean', default: false },
      role: { type: 'string' },
      rows: { type: 'string' },
      'work-dir': { type: 'string' },
    },
  });
  await runTabularBias({
    aws: values.aws,
    ...(values.role ? { role: values.role } : {}),
    ...(values.rows ? { rows: Number(values.rows) } : {}),
    ...(values['work-dir'] ? { workDir: resolve(values['work-dir']) } : {}),
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

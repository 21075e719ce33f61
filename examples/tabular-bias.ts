/**
 * Bias metrics of a loan-approval dataset and of a model's decisions, with clarify-ts:
 * the same `DataConfig` and `BiasConfig` run locally by `LocalClarifyProcessor` and as a
 * SageMaker Clarify job by `SageMakerClarifyProcessor.runBias`.
 *
 *   npm run example:tabular-bias            # locally, and a Clarify job in the local emulation (no AWS account)
 *   npm run example:tabular-bias -- --aws   # locally, and a real Clarify job on AWS, credentials from the usual chain
 *
 * The example writes a synthetic loan dataset (deterministic: the same bytes on every
 * run) with a `predicted_label` column: the decisions of a simple scoring rule, standing
 * in for a model. It computes the pre-training metrics (is the data itself imbalanced
 * between women and men, between applicants over and under 40?) and the post-training
 * metrics (are the rule's decisions?) with `LocalClarifyProcessor`, in this process.
 * Then it uploads the dataset and runs the same analysis as a Clarify processing job:
 * in the emulation, the job runs the clarify-ts engine; with `--aws`, SageMaker Clarify
 * runs it on an ml.m5.xlarge instance (billed, a few minutes), and the example prints how
 * far Clarify's numbers are from the local ones.
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
  SageMakerClarifyProcessor,
  Session,
  ValidationError,
  getExecutionRole,
  type BiasMetricsSection,
  type PostTrainingBiasMethod,
  type PreTrainingBiasMethod,
} from '../src/index.js';
import { runProcessingJob, startLocalAws, type LocalAws, type LocalAwsOptions, type RecordedRequest } from '../src/testing/index.js';

/** The dataset's columns, in file order (the CSV has no header row: `headers` names them, as in the AWS notebooks). */
export const LOAN_HEADERS = ['age', 'sex', 'income', 'credit_score', 'debt_ratio', 'approved', 'predicted_label'] as const;

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

/** Options of {@link runTabularBias}. */
export interface TabularBiasOptions {
  /** Run the Clarify job on AWS instead of the local emulation. @default false */
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

/** What a run did. */
export interface TabularBiasRun {
  /** The dataset written (CSV, no header row). */
  readonly datasetFile: string;
  /** The local runs' `analysis.json` sections. */
  readonly local: { readonly preTraining: BiasMetricsSection; readonly postTraining: BiasMetricsSection };
  /** The Clarify job: its name, where its results are, and its `analysis.json` (absent when it wrote none). */
  readonly clarify: {
    readonly processingJobName: string;
    readonly s3OutputPath: string;
    readonly preTraining?: BiasMetricsSection;
    readonly postTraining?: BiasMetricsSection;
  };
  /** The largest difference between a local metric and the Clarify job's, when both have numbers. */
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

  print('## Configure the analysis');
  // Women, and applicants over 40, are the facets' sensitive groups; `approved` = 1 is the good outcome.
  // `age` is written with a decimal point, so Clarify reads it as a number and [40] as a threshold:
  // smclarify takes an integer column with under 5% distinct values for categories, and [40] for the age 40.
  const biasConfig = new BiasConfig({
    labelValuesOrThreshold: [1],
    facetName: ['sex', 'age'],
    facetValuesOrThreshold: [['Female'], [40]],
  });
  const dataOptions = { label: 'approved', headers: [...LOAN_HEADERS], predictedLabel: 'predicted_label', datasetType: 'text/csv' } as const;
  print("facets: sex = 'Female', age > 40; label: approved = 1; the rule's decisions: predicted_label");

  print('## Pre-training bias, locally (LocalClarifyProcessor.runPreTrainingBias)');
  const processor = new LocalClarifyProcessor();
  const localData = (name: string): DataConfig =>
    new DataConfig({ ...dataOptions, s3DataInputPath: join(workDir, 'data'), s3OutputPath: join(workDir, 'local', name) });
  const pre = await processor.runPreTrainingBias(localData('pre_training'), biasConfig, { methods: PRE_TRAINING_METHODS });
  const preTraining = section(pre.document.pre_training_bias_metrics, 'pre_training_bias_metrics');
  printSection(preTraining, print);

  print('## Post-training bias of the scoring rule, locally (LocalClarifyProcessor.runPostTrainingBias)');
  // No ModelConfig: the predictions are the dataset's predicted_label column.
  const post = await processor.runPostTrainingBias(localData('post_training'), biasConfig, null, null, { methods: POST_TRAINING_METHODS });
  const postTraining = section(post.document.post_training_bias_metrics, 'post_training_bias_metrics');
  printSection(postTraining, print);

  const aws = options.aws
    ? undefined
    : await startLocalAws({
        // The emulated Clarify job runs the clarify-ts engine on its S3 inputs.
        onProcessingJob: async (job) => {
          await runProcessingJob(job);
        },
        ...options.emulator,
      });
  const clients: Partial<ReturnType<typeof emulatedClients>> = aws ? emulatedClients(aws) : {};
  // The emulation answers at once; AWS jobs take minutes, so poll as the Python SDK does there.
  const polling = aws ? { minDelay: 0.05, maxDelay: 0.2 } : {};
  const session = await Session.create(clients);
  try {
    print(`## The same analysis as a SageMaker Clarify job (${aws ? 'in the local emulation, run by the clarify-ts engine' : 'on AWS'})`);
    const role = options.role ?? (await executionRole(session, print));
    const bucket = await session.defaultBucket();
    const prefix = 'sagemaker/DEMO-clarify-ts-tabular-bias';
    await session.uploadData(datasetFile, { keyPrefix: `${prefix}/data` });
    const s3OutputPath = `s3://${bucket}/${prefix}/bias_analysis_result`;
    const dataConfig = new DataConfig({ ...dataOptions, s3DataInputPath: `s3://${bucket}/${prefix}/data/`, s3OutputPath });
    const clarify = new SageMakerClarifyProcessor({ role, instanceCount: 1, instanceType: 'ml.m5.xlarge', session });
    const job = await clarify.runBias(dataConfig, biasConfig, null, null, {
      preTrainingMethods: PRE_TRAINING_METHODS,
      postTrainingMethods: POST_TRAINING_METHODS,
      logs: true,
      onLog: (event) => print(`  | ${event.message}`),
      ...polling,
    });
    print(`processing job ${job.jobName} completed`);

    const results = await ClarifyResults.read(session, s3OutputPath, join(workDir, 'bias_analysis_result'));
    const analysis = results.analysis as { pre_training_bias_metrics?: BiasMetricsSection; post_training_bias_metrics?: BiasMetricsSection } | undefined;
    if (analysis === undefined) print('The job wrote no analysis.json.');
    const clarifyPre = analysis?.pre_training_bias_metrics;
    const clarifyPost = analysis?.post_training_bias_metrics;
    const largestDifference = clarifyPre && clarifyPost
      ? Math.max(largestGap(preTraining, clarifyPre), largestGap(postTraining, clarifyPost))
      : undefined;
    if (largestDifference !== undefined) {
      print(`the job's metrics and the local ones differ by at most ${largestDifference.toExponential(2)}`);
    }
    return {
      datasetFile,
      local: { preTraining, postTraining },
      clarify: {
        processingJobName: job.jobName,
        s3OutputPath,
        ...(clarifyPre ? { preTraining: clarifyPre } : {}),
        ...(clarifyPost ? { postTraining: clarifyPost } : {}),
      },
      ...(largestDifference !== undefined ? { largestDifference } : {}),
      ...(aws ? { requests: [...aws.requests] } : {}),
    };
  } finally {
    session.destroy();
    for (const client of Object.values(clients)) client?.destroy();
    await aws?.stop();
  }
}

/**
 * The synthetic loan dataset as CSV without a header row, columns {@link LOAN_HEADERS}.
 * Deterministic (a seeded generator): the same `rows` give the same bytes.
 *
 * Built-in disparities: women's incomes are drawn lower, and the ground truth `approved`
 * depends on income, so the data favours men; `predicted_label` is a scoring rule that
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
    const score = 0.008 * (creditScore - 640) + (income - 45000) / 15000 - 2 * (debtRatio - 0.32);
    const predicted = score > 0 ? 1 : 0;
    lines.push([age.toFixed(1), female ? 'Female' : 'Male', income.toFixed(2), creditScore, debtRatio.toFixed(3), approved, predicted].join(','));
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

function section(value: BiasMetricsSection | undefined, name: string): BiasMetricsSection {
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

/**
 * runTabularAnalysis end to end: the shared smclarify cases from their analysis_config.json
 * and data folder (as Clarify's processing job gets them) to analysis.json on disk and on S3;
 * bad configs refused before anything is written; the processing container's routing.
 */
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runTabularAnalysis } from '../../src/engine/run-tabular-analysis.js';
import { stringifyTabularAnalysis } from '../../src/analysis/tabular-document.js';
import { parseAnalysisJson } from '../../src/report/bias/parse-analysis-json.js';
import { runProcessingContainer } from '../../src/engine/processing-container.js';
import { runAnalysis } from '../../src/engine/run-analysis.js';
import { AbortError, BiasDataError, ValidationError } from '../../src/errors.js';
import { compareSections } from '../bias/helpers/compare.js';
import { startTestAws } from '../helpers/test-aws.js';

const CASES = join(__dirname, '..', 'fixtures', 'bias');
const folders: string[] = [];

async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'clarify-ts-tabular-'));
  folders.push(folder);
  return folder;
}

afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

/** analysis.json as the acceptance check reads it: bare NaN tokens accepted. */
const readAnalysisText = (text: string) => parseAnalysisJson(text) as Record<string, unknown>;

async function caseNames(): Promise<string[]> {
  return (await readdir(CASES, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

async function caseConfig(name: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(join(CASES, name, 'analysis_config.json'), 'utf8')) as Record<string, unknown>;
}

const preTrainingConfig = {
  dataset_type: 'text/csv',
  label: 'approved',
  label_values_or_threshold: ['yes'],
  facet: [{ name_or_index: 'sex', value_or_threshold: ['Female'] }],
  methods: { pre_training_bias: { methods: ['CI', 'DPL'] } },
};
// String labels: an int label column with 5% or more distinct values would be continuous
// for smclarify, and [1] a threshold.
const smallCsv = 'sex,age,approved\nFemale,30,yes\nMale,40,no\nMale,50,yes\nFemale,20,no\nMale,35,yes\n';

describe('the shared smclarify cases through runTabularAnalysis', async () => {
  const names = await caseNames();
  it('finds the 6 cases', () => expect(names).toHaveLength(6));
  for (const name of names) {
    it(name, async () => {
      const output = await tempFolder();
      const result = await runTabularAnalysis({ config: join(CASES, name, 'analysis_config.json'), data: join(CASES, name, 'data'), output });
      const written = readAnalysisText(await readFile(join(output, 'analysis.json'), 'utf8'));
      const expected = JSON.parse(await readFile(join(CASES, name, 'expected.json'), 'utf8')) as Record<string, unknown>;
      expect(compareSections(written, expected)).toEqual([]);
      const golden = expected._golden as { rows_used: number; rows_in_file?: number };
      expect(result.document.dataset.rows).toBe(golden.rows_used);
      expect(written).toMatchObject({ version: '1.0', engine: { name: 'clarify-ts' }, dataset: { rows: golden.rows_used } });
      expect(result.files).toEqual(['analysis.json', 'report.html', 'report.pdf']);
    });
  }
});

describe('runTabularAnalysis', () => {
  it('reads a single file and computes what a hand computation gives', async () => {
    const folder = await tempFolder();
    await writeFile(join(folder, 'train.csv'), smallCsv);
    const output = join(folder, 'out');
    const { document } = await runTabularAnalysis({
      config: { ...preTrainingConfig, methods: { pre_training_bias: { methods: 'all' } } } as never,
      data: join(folder, 'train.csv'),
      output,
      now: () => new Date('2026-01-02T03:04:05Z'),
    });
    expect(document.created_at).toBe('2026-01-02T03:04:05.000Z');
    expect(document.dataset).toEqual({ dataset_type: 'text/csv', files: [join(folder, 'train.csv')], rows: 5, rows_dropped: 0 });
    const metrics = document.pre_training_bias_metrics?.facets['sex']?.[0]?.metrics ?? [];
    expect(metrics.map((m) => m.name)).toEqual(['CDDL', 'CI', 'DPL', 'JS', 'KL', 'KS', 'LP', 'TVD']);
    expect(metrics.find((m) => m.name === 'CI')?.value).toBeCloseTo(0.2, 15); // (3 − 2) / 5
    expect(metrics.find((m) => m.name === 'DPL')?.value).toBeCloseTo(2 / 3 - 1 / 2, 15); // q_a − q_d
    const text = await readFile(join(output, 'analysis.json'), 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(readAnalysisText(text)).toMatchObject({ pre_training_bias_metrics: { label: 'approved', label_value_or_threshold: 'yes' } });
  });

  it('reports the rows it left out for a missing value', async () => {
    const folder = await tempFolder();
    await writeFile(join(folder, 'train.csv'), `${smallCsv}Female,,yes\n`);
    const result = await runTabularAnalysis({ config: preTrainingConfig as never, data: join(folder, 'train.csv'), output: join(folder, 'out') });
    expect(result.document.dataset).toMatchObject({ rows: 5, rows_dropped: 1 });
    expect(result.warnings).toEqual(['1 of 6 rows have a missing value and were left out, as Clarify does']);
  });

  it('reads and writes S3', async () => {
    const test = await startTestAws();
    try {
      await test.aws.s3.putObject('s3://my-bucket/bias/data/part-1.csv', smallCsv);
      await test.aws.s3.putObject('s3://my-bucket/bias/data/part-2.csv', 'sex,age,approved\nFemale,45,yes\n');
      const result = await runTabularAnalysis({ config: preTrainingConfig as never, data: 's3://my-bucket/bias/data/', output: 's3://my-bucket/bias/out', session: test.session });
      expect(result.document.dataset.files).toEqual(['s3://my-bucket/bias/data/part-1.csv', 's3://my-bucket/bias/data/part-2.csv']);
      expect(result.document.dataset.rows).toBe(6);
      const stored = readAnalysisText(new TextDecoder().decode(await test.aws.s3.getObject('s3://my-bucket/bias/out/analysis.json')));
      expect(stored).toMatchObject({ dataset: { rows: 6 } });
    } finally {
      await test.close();
    }
  });

  describe('refuses before anything is written', () => {
    const refused = async (config: Record<string, unknown>, field: string, data?: string): Promise<ValidationError> => {
      const folder = await tempFolder();
      await writeFile(join(folder, 'train.csv'), smallCsv);
      const output = join(folder, 'out');
      const error = await runTabularAnalysis({ config: config as never, data: data ?? join(folder, 'train.csv'), output }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ field });
      await expect(readdir(output)).rejects.toMatchObject({ code: 'ENOENT' });
      return error as ValidationError;
    };

    it('SHAP and PDP without a predictor, and settings they cannot honour', async () => {
      await refused({ ...preTrainingConfig, methods: { ...preTrainingConfig.methods, shap: { num_samples: 10 } } }, '$.predictor');
      await refused({ ...preTrainingConfig, methods: { pdp: { grid_resolution: 5 } } }, '$.methods.pdp.features');
      await refused({ ...preTrainingConfig, methods: { shap: { baseline: { a: 1 } } } }, '$.methods.shap.baseline');
      await refused({ ...preTrainingConfig, methods: { shap: { text_config: { granularity: 'token', language: 'english' } } } }, '$.methods.shap.text_config');
      await refused({ ...preTrainingConfig, methods: { asymmetric_shapley_value: { direction: 'chronological', granularity: 'timewise' } } }, '$.methods.asymmetric_shapley_value');
    });

    it('a config with no bias method', async () => {
      await refused({ ...preTrainingConfig, methods: { report: { name: 'report' } } }, '$.methods');
    });

    it('post-training bias without a predicted_label column, and no model to ask', async () => {
      await refused({ ...preTrainingConfig, methods: { post_training_bias: { methods: 'all' } } }, '$.predictor');
      await refused({ ...preTrainingConfig, methods: { post_training_bias: { methods: 'all' } }, predictor: { model_name: 'm', instance_type: 'ml.m5.xlarge', initial_instance_count: 1 } }, '$.predictor.model_name');
    });

    it('dataset types the engine does not read', async () => {
      const error = await refused({ ...preTrainingConfig, dataset_type: 'application/json' }, '$.dataset_type');
      expect(error.message).toContain('text/csv');
    });

    it('a column the data does not have', async () => {
      await refused({ ...preTrainingConfig, facet: [{ name_or_index: 'gender', value_or_threshold: ['Female'] }] }, '$.facet[0].name_or_index');
    });

    it('an unknown metric', async () => {
      await refused({ ...preTrainingConfig, methods: { pre_training_bias: { methods: ['CI', 'XYZ'] } } }, '$.methods.pre_training_bias.methods[1]');
    });

    it('an output inside the data folder', async () => {
      const folder = await tempFolder();
      await writeFile(join(folder, 'train.csv'), smallCsv);
      await expect(runTabularAnalysis({ config: preTrainingConfig as never, data: folder, output: join(folder, 'out') })).rejects.toMatchObject({ field: 'output' });
      expect(await readdir(folder)).toEqual(['train.csv']);
    });

    it('a data location with nothing there', async () => {
      const folder = await tempFolder();
      await refused(preTrainingConfig, 'data', join(folder, 'nope.csv'));
    });
  });

  it('fails the whole run where smclarify does, writing nothing', async () => {
    const folder = await tempFolder();
    await writeFile(join(folder, 'train.csv'), 'income,approved\n1.5,yes\n2.5,no\n3.5,yes\n');
    const output = join(folder, 'out');
    const config = { ...preTrainingConfig, facet: [{ name_or_index: 'income' }] };
    await expect(runTabularAnalysis({ config: config as never, data: join(folder, 'train.csv'), output })).rejects.toBeInstanceOf(BiasDataError);
    await expect(readdir(output)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('stops on an aborted signal, writing nothing', async () => {
    const folder = await tempFolder();
    await writeFile(join(folder, 'train.csv'), smallCsv);
    const output = join(folder, 'out');
    const controller = new AbortController();
    controller.abort();
    await expect(runTabularAnalysis({ config: preTrainingConfig as never, data: join(folder, 'train.csv'), output, signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    expect(await readdir(output).catch(() => [])).not.toContain('analysis.json');
  });

  it('runAnalysis points a tabular config at runTabularAnalysis', async () => {
    const folder = await tempFolder();
    await expect(runAnalysis({ config: preTrainingConfig as never, data: folder, output: join(folder, 'out') })).rejects.toThrow(/runTabularAnalysis/);
  });
});

describe('the processing container with a tabular config', () => {
  async function container(hosts: string[]): Promise<{ input: string; output: string; config: string }> {
    const root = await tempFolder();
    const input = join(root, 'input');
    await mkdir(join(input, 'config'), { recursive: true });
    await cp(join(CASES, '01_pretrain_binary_sex_header_row', 'data'), join(input, 'data'), { recursive: true });
    await writeFile(join(input, 'config', 'analysis_config.json'), JSON.stringify(await caseConfig('01_pretrain_binary_sex_header_row')));
    await mkdir(join(root, 'config'));
    await writeFile(join(root, 'config', 'resourceconfig.json'), JSON.stringify({ current_host: hosts[0], hosts }));
    await mkdir(join(root, 'output'));
    return { input, output: join(root, 'output'), config: join(root, 'config') };
  }

  it('runs the bias metrics on one host', async () => {
    const paths = await container(['algo-1']);
    await runProcessingContainer({ paths });
    const expected = JSON.parse(await readFile(join(CASES, '01_pretrain_binary_sex_header_row', 'expected.json'), 'utf8')) as Record<string, unknown>;
    expect(compareSections(readAnalysisText(await readFile(join(paths.output, 'analysis.json'), 'utf8')), expected)).toEqual([]);
  });

  it('on several hosts, the first computes the bias metrics and writes its part', async () => {
    const paths = await container(['algo-1', 'algo-2']);
    const result = await runProcessingContainer({ paths });
    expect(result.analysisFile).toBe('analysis.part-algo-1.json');
    expect(await readdir(paths.output)).toEqual(['analysis.part-algo-1.json']);
    const part = readAnalysisText(await readFile(join(paths.output, 'analysis.part-algo-1.json'), 'utf8'));
    expect(part).toMatchObject({ shard: { host: 'algo-1', hosts: ['algo-1', 'algo-2'] } });
    const expected = JSON.parse(await readFile(join(CASES, '01_pretrain_binary_sex_header_row', 'expected.json'), 'utf8')) as Record<string, unknown>;
    expect(compareSections(part, expected)).toEqual([]);
  });

  it('refuses ShardedByS3Key for tabular data, before any work', async () => {
    const paths = await container(['algo-1', 'algo-2']);
    await writeFile(join(paths.config, 'processingjobconfig.json'), JSON.stringify({ ProcessingInputs: [{ InputName: 'dataset', S3Input: { S3DataDistributionType: 'ShardedByS3Key' } }] }));
    await expect(runProcessingContainer({ paths })).rejects.toMatchObject({ field: 'shard.mode' });
    expect(await readdir(paths.output)).toEqual([]);
  });
});

describe('stringifyTabularAnalysis', () => {
  it('writes NaN as a bare token and leaves strings alone', () => {
    const document = {
      version: '1.0', engine: { name: 'clarify-ts' as const, version: '0' }, created_at: 'x',
      dataset: { dataset_type: 'text/csv', files: ['NaN'], rows: 1, rows_dropped: 0 },
      pre_training_bias_metrics: { label: 'NaN', label_value_or_threshold: '1', facets: { f: [{ value_or_threshold: 'a', metrics: [{ name: 'KL', description: 'd', value: NaN }, { name: 'CI', description: 'd', value: 'Infinity' as const }] }] } },
    };
    const text = stringifyTabularAnalysis(document);
    expect(text).toContain('"value": NaN');
    expect(text).toContain('"label": "NaN"');
    expect(text).toContain('"value": "Infinity"');
    expect(readAnalysisText(text)).toMatchObject({ dataset: { files: ['NaN'] } });
  });
});

/**
 * `clarify-ts run` with a tabular config: the form the acceptance check calls (a data folder
 * or a single file), what it prints, and the image flags it refuses.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compareSections } from '../bias/helpers/compare.js';
import { cli } from '../helpers/run-cli.js';
import { parseAnalysisJson } from '../../src/report/bias/parse-analysis-json.js';

vi.setConfig({ testTimeout: 60_000 });

const CASES = join(__dirname, '..', 'fixtures', 'bias');
const folders: string[] = [];

afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

async function output(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'clarify-ts-cli-tabular-'));
  folders.push(folder);
  return join(folder, 'out');
}

const parse = (text: string) => parseAnalysisJson(text) as Record<string, unknown>;
const expected = async (name: string) => JSON.parse(await readFile(join(CASES, name, 'expected.json'), 'utf8')) as Record<string, unknown>;

describe('clarify-ts run with a tabular config', () => {
  it('takes the data folder, prints the metrics and writes analysis.json (case 02, post-training with FT)', async () => {
    const name = '02_posttrain_predicted_label_numeric_ft';
    const out = await output();
    const r = await cli(['run', '--config', join(CASES, name, 'analysis_config.json'), '--data', join(CASES, name, 'data'), '--output', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Post-training bias (label');
    expect(r.stdout).toMatch(/FT/);
    expect(r.stdout).toContain(`Analysis: ${join(out, 'analysis.json')}`);
    expect(compareSections(parse(await readFile(join(out, 'analysis.json'), 'utf8')), await expected(name))).toEqual([]);
  });

  it('takes a single data file, and prints one JSON line with --json (case 05, JSON Lines)', async () => {
    const name = '05_jsonlines_probability_threshold';
    const out = await output();
    const r = await cli(['run', '--config', join(CASES, name, 'analysis_config.json'), '--data', join(CASES, name, 'data', 'dataset.jsonl'), '--output', out, '--json']);
    expect(r.code).toBe(0);
    const line = parse(r.stdout);
    expect(line).toMatchObject({ output: out, dataset: { dataset_type: 'application/jsonlines' } });
    expect(compareSections(line, await expected(name))).toEqual([]);
  });

  it('lists each metric error under its table (case 01: CDDL without a group variable)', async () => {
    const name = '01_pretrain_binary_sex_header_row';
    const r = await cli(['run', '--config', join(CASES, name, 'analysis_config.json'), '--data', join(CASES, name, 'data'), '--output', await output()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/errors:\n {2}CDDL \(sex = Female\): Group variable is empty or not provided/);
  });

  it('refuses image flags, and a data path that does not exist, with exit status 2 and nothing written', async () => {
    const name = '01_pretrain_binary_sex_header_row';
    const config = join(CASES, name, 'analysis_config.json');
    const out = await output();
    const shared = await cli(['run', '--config', config, '--data', join(CASES, name, 'data'), '--output', out, '--shared-scale']);
    expect(shared.code).toBe(2);
    expect(shared.stderr).toContain('--shared-scale');
    const missing = await cli(['run', '--config', config, '--data', join(CASES, name, 'nope.csv'), '--output', out]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.csv does not exist');
    await expect(readdir(out)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

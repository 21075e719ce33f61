// The JSON Lines reader: features / label / predicted_label found by JMESPath, columns named
// by `headers` (features, then label, then predicted label: README A2), Python's int/float
// distinction kept, pandas' DataFrame typing (checked live in pandas-parity.test.ts on fixture 05).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDatasetConfig } from '../../src/data/dataset-config.js';
import type { Dataset } from '../../src/data/dataset.js';
import { openDataset } from '../../src/data/open-dataset.js';
import { ValidationError } from '../../src/errors.js';
import { parseLocation } from '../../src/storage/location.js';
import type { TableProfile } from '../../src/table/table.js';

const work = mkdtempSync(join(tmpdir(), 'clarify-ts-jsonl-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let counter = 0;

function file(lines: readonly string[], name = 'data.jsonl'): string {
  const dir = join(work, `d${counter++}`);
  mkdirSync(dir);
  writeFileSync(join(dir, name), lines.join('\n') + '\n');
  return dir;
}

async function open(config: Record<string, unknown>, path: string): Promise<Dataset> {
  return openDataset(checkDatasetConfig({ dataset_type: 'application/jsonlines', features: 'features', ...config }), parseLocation('data', path));
}

async function columnsOf(dataset: Dataset, profile: TableProfile): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for await (const batch of dataset.batches(profile)) {
    for (const [name, column] of batch.columns) (out[name] ??= []).push(...Array.from(column.values as ArrayLike<unknown>));
  }
  return out;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('JSON Lines', () => {
  it('names features, label and predicted label by headers, keeping ints, floats (27157.0 too), strings and booleans', async () => {
    const dir = file([
      '{"features":[55,"F",76219.25,true],"approved":1,"score":0.8406}',
      '{"features":[40,"M",27157.0,false],"approved":0,"score":1e-1}',
      '',
      '{"features":[36,"F",41783,true],"approved":1,"score":0.6398}',
    ]);
    const dataset = await open({ headers: ['age', 'sex', 'income', 'member', 'approved', 'score'], label: 'approved', predicted_label: 'score' }, dir);
    const profile = await dataset.profile();
    expect(profile.columns.map((c) => [c.name, c.dtype])).toEqual([
      ['age', 'int64'], ['sex', 'object'], ['income', 'float64'], ['member', 'bool'], ['approved', 'int64'], ['score', 'float64'],
    ]);
    expect(profile).toMatchObject({ rows: 3, rowsRead: 3 });
    expect(profile.roles).toEqual({ label: 'approved', predictedLabel: 'score', excluded: [], features: ['age', 'sex', 'income', 'member'] });
    expect(profile.columns[2]).toMatchObject({ first: 76219.25, max: 76219.25, values: [76219.25, 27157, 41783] });
    expect(await columnsOf(dataset, profile)).toEqual({
      age: [55, 40, 36], sex: ['F', 'M', 'F'], income: [76219.25, 27157, 41783], member: [1, 0, 1], approved: [1, 0, 1], score: [0.8406, 0.1, 0.6398],
    });
  });

  it('types a column of integral float literals as float64 (Python`s json keeps 1.0 a float)', async () => {
    const profile = await (await open({}, file(['{"features":[1.0, 2]}', '{"features":[2.0, 3]}']))).profile();
    expect(profile.columns.map((c) => c.dtype)).toEqual(['float64', 'int64']);
  });

  it('drops rows with null or absent values, after typing with them (int + null → float64, bool + null → object)', async () => {
    const dir = file([
      '{"features":[1, true, "a"], "y": 1}',
      '{"features":[null, false, "b"], "y": 0}',
      '{"features":[3, null, "c"], "y": 1}',
      '{"features":[4, false, "d"]}',
      '{"features":[5, true, "e"], "y": 0}',
    ]);
    const dataset = await open({ label: 'y' }, dir);
    const profile = await dataset.profile();
    expect(profile).toMatchObject({ rows: 2, rowsRead: 5 });
    expect(profile.columns.map((c) => [c.name, c.dtype])).toEqual([['column_0', 'float64'], ['column_1', 'object'], ['column_2', 'object'], ['y', 'float64']]);
    expect(profile.roles.label).toBe('y');
    expect(await columnsOf(dataset, profile)).toEqual({ column_0: [1, 5], column_1: [true, true], column_2: ['a', 'e'], y: [1, 0] });
  });

  it('finds features, label and prediction with nested paths and general JMESPath expressions', async () => {
    const dir = file([
      '{"data":{"features":{"values":[9,10]},"label":0},"out":{"scores":[0.2,0.8]}}',
      '{"data":{"features":{"values":[11,12]},"label":1},"out":{"scores":[0.9,0.1]}}',
    ]);
    const dataset = await open({ features: 'data.features.values', label: 'data.label', predicted_label: 'out.scores[1]', headers: ['f1', 'f2', 'label', 'p'] }, dir);
    const profile = await dataset.profile();
    expect(await columnsOf(dataset, profile)).toEqual({ f1: [9, 11], f2: [10, 12], label: [0, 1], p: [0.8, 0.1] });
  });

  it('checks headers against the first line`s feature count', async () => {
    const error = await rejection((await open({ headers: ['a', 'b', 'label'], label: 'y' }, file(['{"features":[1],"y":0}']))).profile());
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: '$.headers' });
    expect((error as Error).message).toMatch(/2 names: the 1 features'.*then the label's/);
  });

  it('fails on a line that is not JSON, a feature array of another length, or a nested value, naming file and line', async () => {
    const notJson = await rejection((await open({}, file(['{"features":[1]}', '{"features":[2]'], 'x.jsonl'))).profile());
    expect(notJson).toBeInstanceOf(ValidationError);
    expect((notJson as ValidationError).field).toMatch(/x\.jsonl line 2$/);
    const ragged = await rejection((await open({}, file(['{"features":[1,2]}', '', '{"features":[2]}']))).profile());
    expect((ragged as ValidationError).field).toMatch(/line 3$/);
    expect((ragged as Error).message).toMatch(/1 values.*2 values, as on the dataset's first line/);
    const nested = await rejection((await open({}, file(['{"features":[1,[2]]}']))).profile());
    expect((nested as ValidationError).field).toMatch(/line 1 column "column_1"$/);
    const noArray = await rejection((await open({}, file(['{"feature":[1]}']))).profile());
    expect((noArray as Error).message).toMatch(/a feature array found by the features expression "features"/);
  });

  it('reads the int/float distinction of lines whose strings look like numbers', async () => {
    const dataset = await open({}, file(['{"features":["v1.0", 2, 3.5]}', '{"features":["2e5", 4, 1e2]}']));
    const profile = await dataset.profile();
    expect(profile.columns.map((c) => c.dtype)).toEqual(['object', 'int64', 'float64']);
    expect(await columnsOf(dataset, profile)).toEqual({ column_0: ['v1.0', '2e5'], column_1: [2, 4], column_2: [3.5, 100] });
  });
});

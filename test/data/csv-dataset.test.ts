// The CSV reader on small files made here: layout (header row or `headers`, folders, several
// files), dtypes and dropped rows as pandas has them (each expectation observed with pandas
// 1.5.3; pandas-parity.test.ts checks the same live), batches, profiles, roles and failures.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvDataset } from '../../src/data/csv-dataset.js';
import { checkDatasetConfig } from '../../src/data/dataset-config.js';
import type { DatasetFile } from '../../src/data/dataset-files.js';
import { type Dataset, resolveDatasetOptions } from '../../src/data/dataset.js';
import { type OpenDatasetOptions, openDataset } from '../../src/data/open-dataset.js';
import { AbortError, ClarifyError, ValidationError } from '../../src/errors.js';
import { parseLocation } from '../../src/storage/location.js';
import type { TableBatch, TableProfile } from '../../src/table/table.js';

const work = mkdtempSync(join(tmpdir(), 'clarify-ts-csv-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let counter = 0;

/** Writes `files` (relative path → text or bytes) into a new folder and returns its path. */
function folder(files: Record<string, string | Uint8Array>): string {
  const dir = join(work, `d${counter++}`);
  mkdirSync(dir);
  for (const [relative, body] of Object.entries(files)) {
    mkdirSync(join(dir, relative, '..'), { recursive: true });
    writeFileSync(join(dir, relative), body);
  }
  return dir;
}

async function open(config: Record<string, unknown>, path: string, options: OpenDatasetOptions = {}): Promise<Dataset> {
  return openDataset(checkDatasetConfig({ dataset_type: 'text/csv', ...config }), parseLocation('data', path), options);
}

async function collect(dataset: Dataset, profile: TableProfile, columns?: readonly string[]): Promise<TableBatch[]> {
  const batches: TableBatch[] = [];
  for await (const batch of dataset.batches(profile, columns)) batches.push(batch);
  return batches;
}

/** Every column's values over all batches, as plain arrays. */
async function columnsOf(dataset: Dataset, profile: TableProfile, columns?: readonly string[]): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const batch of await collect(dataset, profile, columns)) {
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

describe('layout', () => {
  it('takes the first row as the header without `headers` (A1), typing columns as pandas does', async () => {
    const dir = folder({ 'train.csv': 'age,sex,income,approved\n39,Male,53454.87,0\n58,Female,30557.74,1\n41,Female,1e5,1\n' });
    const dataset = await open({ label: 'approved' }, dir);
    const profile = await dataset.profile();
    expect(profile.columns.map((c) => [c.name, c.dtype])).toEqual([['age', 'int64'], ['sex', 'object'], ['income', 'float64'], ['approved', 'int64']]);
    expect(profile).toMatchObject({ rows: 3, rowsRead: 3 });
    expect(profile.columns[1]).toEqual({ name: 'sex', dtype: 'object', distinct: 2, first: 'Male', values: ['Male', 'Female'] });
    expect(profile.columns[2]).toMatchObject({ max: 100000, first: 53454.87, distinct: 3 });
    expect(profile.roles).toEqual({ label: 'approved', excluded: [], features: ['age', 'sex', 'income'] });
    const columns = await columnsOf(dataset, profile);
    expect(columns).toEqual({ age: [39, 58, 41], sex: ['Male', 'Female', 'Female'], income: [53454.87, 30557.74, 100000], approved: [0, 1, 1] });
  });

  it('reads files without a header row when `headers` names the columns, and resolves indices', async () => {
    const dir = folder({ 'data.csv': '40,13,0,1\n41,13,1,1\n32,12,0,0\n' });
    const dataset = await open({ headers: ['age', 'education', 'label', 'pred'], label: 2, predicted_label: 'pred', joinsource_name_or_index: 0 }, dir);
    const profile = await dataset.profile();
    expect(profile.rows).toBe(3);
    expect(profile.roles).toEqual({ label: 'label', predictedLabel: 'pred', joinsource: 'age', excluded: [], features: ['education'] });
    expect((await columnsOf(dataset, profile, ['pred', 'age']))).toEqual({ age: [40, 41, 32], pred: [1, 1, 0] });
  });

  it('reads every file of a folder in sorted order (subfolders included), each with the same header', async () => {
    const dir = folder({
      'b.csv': 'x,y\n3,c\n',
      'a.csv': 'x,y\n1,a\n2,b\n',
      'sub/c.csv': 'x,y\n4,d\n',
      'empty.csv': '',
    });
    const dataset = await open({}, dir);
    expect(dataset.files.map((f) => f.relative)).toEqual(['a.csv', 'b.csv', 'empty.csv', 'sub/c.csv']);
    const profile = await dataset.profile();
    expect(profile).toMatchObject({ rows: 4, rowsRead: 4 });
    expect(await columnsOf(dataset, profile)).toEqual({ x: [1, 2, 3, 4], y: ['a', 'b', 'c', 'd'] });
  });

  it('refuses a file whose header differs from the first file`s', async () => {
    const dir = folder({ 'a.csv': 'x,y\n1,a\n', 'b.csv': 'x,z\n2,b\n' });
    const error = await rejection((await open({}, dir)).profile());
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/b\.csv header row.*"x,z".*the header row of .*a\.csv: x,y/);
  });

  it('reads a single file, and a gzipped one as pandas` compression="infer" does', async () => {
    const dir = folder({ 'one.csv': 'a\n1\n2\n', 'two.csv.gz': gzipSync('a\n3\n4\n') });
    const one = await open({}, join(dir, 'one.csv'));
    expect(one.files.map((f) => f.relative)).toEqual(['']);
    expect(await columnsOf(one, await one.profile())).toEqual({ a: [1, 2] });
    const two = await open({}, join(dir, 'two.csv.gz'));
    expect(await columnsOf(two, await two.profile())).toEqual({ a: [3, 4] });
  });

  it('fails for a location with no file', async () => {
    const error = await rejection(open({}, folder({}), { field: '--data' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: '--data', message: expect.stringMatching(/the folder holds no file/) });
    expect(await rejection(open({}, join(work, 'nowhere')))).toMatchObject({ field: 'dataset', message: expect.stringMatching(/nothing is there/) });
  });

  it('fails when every file is empty and there is no header', async () => {
    const error = await rejection((await open({}, folder({ 'a.csv': '', 'b.csv': '\n\n' }))).profile());
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/every file is empty/);
  });

  it('names the label`s missing column, and an index beyond the columns, before reading rows', async () => {
    const dir = folder({ 'a.csv': 'x,y\n1,2\n' });
    expect(await rejection((await open({ label: 'target' }, dir)).profile())).toMatchObject({ field: '$.label', value: 'target' });
    expect(await rejection((await open({ label: 5 }, dir)).profile())).toMatchObject({ field: '$.label', value: 5 });
    expect(await rejection((await open({ excluded_columns: ['y', 'w'] }, dir)).profile())).toMatchObject({ field: '$.excluded_columns[1]' });
  });

  it('keeps excluded columns in the table and out of the features', async () => {
    const dir = folder({ 'a.csv': 'id,x,y,z,label\n1,2,3,4,0\n' });
    const profile = await (await open({ label: 'label', excluded_columns: ['z', 1], joinsource_name_or_index: 'id' }, dir)).profile();
    expect(profile.roles).toEqual({ label: 'label', joinsource: 'id', excluded: ['z', 'x'], features: ['y'] });
    expect(profile.columns.map((c) => c.name)).toEqual(['id', 'x', 'y', 'z', 'label']);
  });
});

describe('rows and cells', () => {
  it('drops rows with a missing value (A3) after typing the columns with them', async () => {
    // pandas: the empty cells make `a` float64; the dropped row's "x" makes `c` object.
    const dir = folder({ 'a.csv': 'a,b,c\n1,u,1\n,v,x\n3,NA,2\n4,w,3\n' });
    const dataset = await open({}, dir);
    const profile = await dataset.profile();
    expect(profile).toMatchObject({ rows: 2, rowsRead: 4 });
    expect(profile.columns.map((c) => c.dtype)).toEqual(['float64', 'object', 'object']);
    expect(profile.columns[0]).toMatchObject({ first: 1, max: 4, values: [1, 4], distinct: 2 });
    expect(await columnsOf(dataset, profile)).toEqual({ a: [1, 4], b: ['u', 'w'], c: ['1', '3'] });
  });

  it('reads a row with fewer fields with missing cells, and fails on one with more', async () => {
    const short = folder({ 'a.csv': 'a,b,c\n1,2\n3,4,5\n' });
    const dataset = await open({}, short);
    const profile = await dataset.profile();
    expect(profile).toMatchObject({ rows: 1, rowsRead: 2 });
    expect(profile.columns.map((c) => c.dtype)).toEqual(['int64', 'int64', 'float64']);
    const long = folder({ 'a.csv': 'a,b\n1,2\n\n3,4,5\n' });
    const error = await rejection((await open({}, long)).profile());
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/a\.csv record 3.*3 fields.*at most 2 fields/);
  });

  it('skips blank lines and lines of spaces, but not a line of empty fields', async () => {
    const dataset = await open({}, folder({ 'a.csv': 'a,b\n1,2\n\n   \n\t\n,\n3,4\n' }));
    const profile = await dataset.profile();
    expect(profile).toMatchObject({ rows: 2, rowsRead: 3 });
    expect(profile.columns.map((c) => c.dtype)).toEqual(['float64', 'float64']);
  });

  it('reads quoted fields (commas, newlines, doubled quotes) through csv-parse, CRLF and CR line ends, and a BOM', async () => {
    const quoted = await open({}, folder({ 'a.csv': 'a,b\n1,plain\n2,"x, y"\n3,"multi\nline"\n4,"say ""hi"""\n5,x"y\n' }));
    expect(await columnsOf(quoted, await quoted.profile())).toEqual({ a: [1, 2, 3, 4, 5], b: ['plain', 'x, y', 'multi\nline', 'say "hi"', 'x"y'] });
    for (const body of ['\ufeffa,b\r\n1,2\r\n3,4\r\n', 'a,b\r1,2\r3,4\r', 'a,b\n1,2\n3,4']) {
      const dataset = await open({}, folder({ 'a.csv': body }));
      expect(await columnsOf(dataset, await dataset.profile()), JSON.stringify(body)).toEqual({ a: [1, 3], b: [2, 4] });
    }
  });

  it('reads files of many chunks the same, whether a quote turns csv-parse on mid-file or lines end in CRLF', async () => {
    const rows = 120_000; // ~2.5 MB: several 1 MiB chunks
    const lines = Array.from({ length: rows }, (_, i) => `${i},${i % 3 === 0 ? 'é' : 'x'}${i},${(i / 8).toString()}`);
    const quoted = [...lines];
    quoted[70_000] = '70000,"x70000",8750';
    const expected = {
      i: Array.from({ length: rows }, (_, i) => i),
      s: Array.from({ length: rows }, (_, i) => `${i % 3 === 0 ? 'é' : 'x'}${i}`),
      f: Array.from({ length: rows }, (_, i) => i / 8),
    };
    for (const [name, body] of [['lf', `i,s,f\n${lines.join('\n')}\n`], ['quote', `i,s,f\n${quoted.join('\n')}\n`],
      ['crlf', `i,s,f\r\n${lines.join('\r\n')}\r\n`]] as const) {
      const dataset = await open({}, folder({ 'a.csv': body }));
      const profile = await dataset.profile();
      expect(profile.rows, name).toBe(rows);
      expect(await columnsOf(dataset, profile), name).toEqual(expected);
    }
  });

  it('refuses an unclosed quote and bytes that are not UTF-8, naming the file', async () => {
    const unclosed = await rejection((await open({}, folder({ 'a.csv': 'a,b\n1,"open\n' }))).profile());
    expect(unclosed).toBeInstanceOf(ValidationError);
    expect((unclosed as Error).message).toMatch(/a\.csv.*Quote Not Closed/);
    const latin1 = await rejection((await open({}, folder({ 'a.csv': Uint8Array.from([0x61, 0x0a, 0xe9, 0x0a]) }))).profile());
    expect(latin1).toBeInstanceOf(ValidationError);
    expect((latin1 as Error).message).toMatch(/a\.csv.*UTF-8/);
  });

  it('reads an int64 column whose values pass 2^53 as the nearest doubles (pandas holds them exactly)', async () => {
    const dataset = await open({}, folder({ 'a.csv': 'a\n9223372036854775807\n9007199254740993\n' }));
    const profile = await dataset.profile();
    expect(profile.columns[0]!.dtype).toBe('int64');
    expect(await columnsOf(dataset, profile)).toEqual({ a: [9223372036854775807, 9007199254740992] });
  });

  it('keeps NA text in a column pandas re-reads as strings after an int64 overflow, so its rows stay', async () => {
    // pandas 1.5.3: a → object ['9223372036854775808', 'NA', '3'], nothing dropped.
    const dataset = await open({}, folder({ 'a.csv': 'a,b\n9223372036854775808,x\nNA,y\n3,z\n,w\n' }));
    const profile = await dataset.profile();
    expect(profile).toMatchObject({ rows: 4, rowsRead: 4 });
    expect(await columnsOf(dataset, profile)).toEqual({ a: ['9223372036854775808', 'NA', '3', ''], b: ['x', 'y', 'z', 'w'] });
  });

  it('refuses a column pandas would read as uint64', async () => {
    const error = await rejection((await open({}, folder({ 'a.csv': 'a\n1\n9223372036854775808\n' }))).profile());
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/column "a".*uint64/);
  });

  it('parses floats as pandas` default converter, or with round_trip', async () => {
    const dir = folder({ 'a.csv': 'a\n0.30000000000000004\n0.1\n' });
    const high = await open({}, dir);
    expect(await columnsOf(high, await high.profile())).toEqual({ a: [0.3, 0.1] });
    const exact = await open({}, dir, { floatPrecision: 'round_trip' });
    expect(await columnsOf(exact, await exact.profile())).toEqual({ a: [0.30000000000000004, 0.1] });
  });

  it('gives bools with a missing value as object booleans, and -0 of an int column with a missing value as 0.0', async () => {
    const dataset = await open({}, folder({ 'a.csv': 'a,b,c\nTrue,-0,1\n,1,2\nFALSE,2,3\ntrue,NA,4\n' }));
    const profile = await dataset.profile();
    expect(profile.columns.map((c) => c.dtype)).toEqual(['object', 'float64', 'int64']);
    const columns = await columnsOf(dataset, profile);
    expect(columns).toEqual({ a: [true, false], b: [0, 2], c: [1, 3] });
    expect(Object.is(columns['b']![0], 0)).toBe(true);
    expect(profile.columns[0]).toMatchObject({ first: true, values: [true, false] });
  });
});

describe('profiles', () => {
  it('counts distinct values up to distinctLimit, then reports them unknown', async () => {
    const dir = folder({ 'a.csv': `a,b\n${Array.from({ length: 10 }, (_, i) => `${i},${i % 3}`).join('\n')}\n` });
    const profile = await (await open({}, dir, { distinctLimit: 3 })).profile();
    expect(profile.columns[0]).toEqual({ name: 'a', dtype: 'int64', distinct: undefined, first: 0, max: 9 });
    expect(profile.columns[1]).toEqual({ name: 'b', dtype: 'int64', distinct: 3, first: 0, max: 2, values: [0, 1, 2] });
  });

  it('counts distinct values of a column by its dtype (1.0 and 1.00 are one float)', async () => {
    const profile = await (await open({}, folder({ 'a.csv': 'a,b\n1.0,True\n1.00,true\n2,TRUE\n' }))).profile();
    expect(profile.columns[0]).toMatchObject({ dtype: 'float64', distinct: 2, values: [1, 2] });
    expect(profile.columns[1]).toMatchObject({ dtype: 'bool', distinct: 1, values: [true], max: 1, first: true });
  });

  it('lists a column that mixes numbers and text by its text (a second pass counts it by text)', async () => {
    const profile = await (await open({}, folder({ 'a.csv': 'a,b\n01,1\n1,2\n1.0,3\nx,4\n01,5\n' }))).profile();
    expect(profile.columns[0]).toEqual({ name: 'a', dtype: 'object', distinct: 4, first: '01', values: ['01', '1', '1.0', 'x'] });
    expect(profile.columns[1]).toMatchObject({ dtype: 'int64', distinct: 5 });
  });

  it('lists -0.0 when it comes before 0.0, as pandas.unique does', async () => {
    const profile = await (await open({}, folder({ 'a.csv': 'a\n-0.0\n0.0\n1.5\n' }))).profile();
    expect(profile.columns[0]!.values!.map((v) => Object.is(v, -0))).toEqual([true, false]);
  });

  it('types a header-only file`s columns as object, with no rows', async () => {
    const dataset = await open({}, folder({ 'a.csv': 'a,b\n' }));
    const profile = await dataset.profile();
    expect(profile).toMatchObject({ rows: 0, rowsRead: 0 });
    expect(profile.columns).toEqual([{ name: 'a', dtype: 'object', distinct: 0, values: [] }, { name: 'b', dtype: 'object', distinct: 0, values: [] }]);
    expect(await collect(dataset, profile)).toEqual([]);
  });
});

describe('batches', () => {
  it('come in batchRows-sized typed arrays, only the columns asked for, in table order', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => `${i},${i / 2},${i % 2 === 0 ? 'True' : 'False'},s${i}`);
    const dataset = await open({}, folder({ 'a.csv': `i,f,b,s\n${rows.join('\n')}\n` }), { batchRows: 10 });
    const profile = await dataset.profile();
    const batches = await collect(dataset, profile, ['s', 'b', 'i']);
    expect(batches.map((b) => b.rows)).toEqual([10, 10, 5]);
    const last = batches[2]!;
    expect([...last.columns.keys()]).toEqual(['i', 'b', 's']);
    expect(last.columns.get('i')).toEqual({ dtype: 'int64', values: Float64Array.from([20, 21, 22, 23, 24]) });
    expect(last.columns.get('b')).toEqual({ dtype: 'bool', values: Uint8Array.from([1, 0, 1, 0, 1]) });
    expect(last.columns.get('s')).toEqual({ dtype: 'object', values: ['s20', 's21', 's22', 's23', 's24'] });
    expect(await rejection(collect(dataset, profile, ['nope']))).toMatchObject({ field: 'columns[0]', value: 'nope' });
  });

  it('accept a profile rebuilt from this dataset`s columns, and refuse one of another table', async () => {
    const dataset = await open({}, folder({ 'a.csv': 'a,b\n1,x\n2,y\n' }));
    const profile = await dataset.profile();
    const copy: TableProfile = JSON.parse(JSON.stringify(profile));
    expect(await columnsOf(dataset, copy)).toEqual({ a: [1, 2], b: ['x', 'y'] });
    const other: TableProfile = { ...copy, columns: [{ ...copy.columns[1]!, name: 'c' }] };
    expect(await rejection(collect(dataset, other))).toMatchObject({ field: 'profile' });
    const part: TableProfile = { ...copy, columns: [copy.columns[1]!] };
    expect(await columnsOf(dataset, part)).toEqual({ b: ['x', 'y'] });
  });

  it('serve the columns of a profile made for some columns only, rows dropped for any column', async () => {
    // `a` overflows int64 and has an NA: pandas reads it as text and keeps that row; `c` drops one.
    const dataset = await open({ label: 'b' }, folder({ 'a.csv': 'a,b,c\n9223372036854775808,1,x\nNA,2,y\n3,3,\n4,4,z\n' }));
    const profile = await dataset.profile(undefined, { columns: ['b', 2] });
    expect(profile.columns.map((c) => c.name)).toEqual(['b', 'c']);
    expect(profile).toMatchObject({ rows: 3, rowsRead: 4 });
    expect(profile.roles.features).toEqual(['a', 'c']);
    expect(await columnsOf(dataset, profile)).toEqual({ b: [1, 2, 4], c: ['x', 'y', 'z'] });
    expect(await rejection(collect(dataset, profile, ['a']))).toMatchObject({ field: 'columns[0]', value: 'a' });
    expect(await rejection(dataset.profile(undefined, { columns: ['nope'] }))).toMatchObject({ field: 'columns[0]', value: 'nope' });
  });

  it('fail clearly when a file changed between the two passes', async () => {
    const dir = folder({ 'a.csv': 'a\n1\n2\n' });
    const dataset = await open({}, dir);
    const profile = await dataset.profile();
    writeFileSync(join(dir, 'a.csv'), 'a\n1\nx\n');
    const error = await rejection(collect(dataset, profile));
    expect(error).toBeInstanceOf(ClarifyError);
    expect((error as Error).message).toMatch(/changed since it was profiled: column "a" now holds "x"/);
  });

  it('stream: a first batch reads only the first chunks of a large file', async () => {
    let chunksRead = 0;
    const rows = 2_000_000;
    const file: DatasetFile = {
      uri: 'generated.csv',
      relative: '',
      async *stream() {
        yield new TextEncoder().encode('a,b\n');
        for (let start = 0; start < rows; start += 10_000) {
          chunksRead++;
          let text = '';
          for (let i = start; i < start + 10_000; i++) text += `${i},${i % 7}\n`;
          yield new TextEncoder().encode(text);
        }
      },
      size: async () => 0,
      read: async () => new Uint8Array(0),
    };
    const dataset = new CsvDataset(checkDatasetConfig({ dataset_type: 'text/csv' }), [file], resolveDatasetOptions({ batchRows: 1000 }));
    const profile: TableProfile = {
      columns: [{ name: 'a', dtype: 'int64', distinct: undefined }, { name: 'b', dtype: 'int64', distinct: undefined }],
      rows, rowsRead: rows,
    };
    for await (const batch of dataset.batches(profile)) {
      expect(batch.rows).toBe(1000);
      break;
    }
    expect(chunksRead).toBeLessThanOrEqual(2);
  });

  it('stop with AbortError when the signal fires', async () => {
    const dataset = await open({}, folder({ 'a.csv': `a\n${'1\n'.repeat(5000)}` }), { batchRows: 100 });
    const profile = await dataset.profile();
    const controller = new AbortController();
    controller.abort();
    expect(await rejection(dataset.profile(controller.signal))).toBeInstanceOf(AbortError);
    const aborted = (async () => {
      for await (const _ of dataset.batches(profile, undefined, controller.signal)) { /* nothing */ }
    })();
    expect(await rejection(aborted)).toBeInstanceOf(AbortError);
  });
});

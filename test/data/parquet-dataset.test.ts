// The Parquet reader (hyparquet) on files written by parquet-writer.ts, an independent writer
// made from the format's specification: pandas/pyarrow dtypes, nulls and NaN missing, row
// groups streamed, the codecs hyparquet and Node's zlib decode, and clear refusals.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDatasetConfig } from '../../src/data/dataset-config.js';
import type { Dataset, DatasetOptions } from '../../src/data/dataset.js';
import { openDataset } from '../../src/data/open-dataset.js';
import { ValidationError } from '../../src/errors.js';
import { parseLocation } from '../../src/storage/location.js';
import type { TableBatch, TableProfile } from '../../src/table/table.js';
import { type Codec, type ParquetColumn, type ParquetFileOptions, writeParquet } from './parquet-writer.js';

const work = mkdtempSync(join(tmpdir(), 'clarify-ts-parquet-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let counter = 0;

function folder(files: Record<string, Uint8Array>): string {
  const dir = join(work, `d${counter++}`);
  mkdirSync(dir);
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  return dir;
}

async function open(config: Record<string, unknown>, path: string, options: DatasetOptions = {}): Promise<Dataset> {
  return openDataset(checkDatasetConfig({ dataset_type: 'application/x-parquet', ...config }), parseLocation('data', path), options);
}

async function batchesOf(dataset: Dataset, profile: TableProfile): Promise<TableBatch[]> {
  const out: TableBatch[] = [];
  for await (const batch of dataset.batches(profile)) out.push(batch);
  return out;
}

async function columnsOf(dataset: Dataset, profile: TableProfile): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const batch of await batchesOf(dataset, profile)) {
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

const TABLE: ParquetColumn[] = [
  { name: 'age', type: 'INT64', values: [39n, 58n, 41n, 33n, 25n] },
  { name: 'group', type: 'INT32', convertedType: 15, values: [1, 2, 1, 2, 1] },
  { name: 'sex', type: 'BYTE_ARRAY', convertedType: 0, values: ['Male', 'Female', 'Female', 'Male', 'Female'] },
  { name: 'income', type: 'DOUBLE', values: [53454.87, 30557.74, 100000, 20000.5, 1] },
  { name: 'ratio', type: 'FLOAT', values: [0.5, 0.25, 1, 2, 0.125] },
  { name: 'member', type: 'BOOLEAN', values: [true, false, true, true, false] },
  { name: 'approved', type: 'INT64', values: [0n, 1n, 1n, 0n, 1n] },
];

describe('Parquet', () => {
  it('types columns as pandas.read_parquet does and reads every value', async () => {
    const dataset = await open({ label: 'approved' }, folder({ 'part-0.parquet': writeParquet(TABLE) }));
    const profile = await dataset.profile();
    expect(profile.columns.map((c) => [c.name, c.dtype])).toEqual([
      ['age', 'int64'], ['group', 'int64'], ['sex', 'object'], ['income', 'float64'], ['ratio', 'float64'], ['member', 'bool'], ['approved', 'int64'],
    ]);
    expect(profile).toMatchObject({ rows: 5, rowsRead: 5 });
    expect(profile.roles).toEqual({ label: 'approved', excluded: [], features: ['age', 'group', 'sex', 'income', 'ratio', 'member'] });
    expect(profile.columns[3]).toMatchObject({ first: 53454.87, max: 100000, distinct: 5 });
    expect(profile.columns[5]).toMatchObject({ first: true, max: 1, values: [true, false] });
    expect(await columnsOf(dataset, profile)).toEqual({
      age: [39, 58, 41, 33, 25], group: [1, 2, 1, 2, 1], sex: ['Male', 'Female', 'Female', 'Male', 'Female'],
      income: [53454.87, 30557.74, 100000, 20000.5, 1], ratio: [0.5, 0.25, 1, 2, 0.125], member: [1, 0, 1, 1, 0], approved: [0, 1, 1, 0, 1],
    });
  });

  it('drops rows with a null or a NaN, typing int + null as float64 and bool + null as object', async () => {
    const dataset = await open({}, folder({
      'a.parquet': writeParquet([
        { name: 'i', type: 'INT64', optional: true, values: [1n, null, 3n, 4n] },
        { name: 'b', type: 'BOOLEAN', optional: true, values: [true, false, null, false] },
        { name: 'd', type: 'DOUBLE', optional: true, values: [0.5, 1.5, 2.5, Number.NaN] },
        { name: 's', type: 'BYTE_ARRAY', convertedType: 0, optional: true, values: ['a', 'b', 'c', 'd'] },
      ]),
    }));
    const profile = await dataset.profile();
    expect(profile.columns.map((c) => c.dtype)).toEqual(['float64', 'object', 'float64', 'object']);
    expect(profile).toMatchObject({ rows: 1, rowsRead: 4 });
    expect(await columnsOf(dataset, profile)).toEqual({ i: [1], b: [true], d: [0.5], s: ['a'] });
  });

  it('streams row groups across files, in sorted order, with every codec it supports', async () => {
    const files: Record<string, Uint8Array> = {};
    const codecs: Codec[] = ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'BROTLI'];
    codecs.forEach((codec, f) => {
      const values = Array.from({ length: 250 }, (_, i) => f * 1000 + i);
      files[`part-${f}.parquet`] = writeParquet([
        { name: 'x', type: 'INT64', values: values.map(BigInt) },
        { name: 'y', type: 'DOUBLE', values: values.map((v) => v / 4) },
      ], { codec, rowGroupRows: 64 });
    });
    const dataset = await open({}, folder(files), { batchRows: 100 });
    const profile = await dataset.profile();
    expect(profile).toMatchObject({ rows: 1000, rowsRead: 1000 });
    const batches = await batchesOf(dataset, profile);
    expect(batches.map((b) => b.rows)).toEqual(Array(10).fill(100));
    const x = batches.flatMap((b) => Array.from(b.columns.get('x')!.values as Float64Array));
    expect(x).toEqual(codecs.flatMap((_, f) => Array.from({ length: 250 }, (__, i) => f * 1000 + i)));
    expect(profile.columns[1]).toMatchObject({ dtype: 'float64', max: 3249 / 4 });
  });

  it('refuses codecs without a decoder before reading data, naming the file and column', async () => {
    const error = await rejection((await open({}, folder({ 'z.parquet': writeParquet(TABLE, { codec: 'ZSTD' }) }))).profile());
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toMatch(/z\.parquet column "age"$/);
    expect((error as Error).message).toMatch(/got "ZSTD".*UNCOMPRESSED, SNAPPY, GZIP or BROTLI.*hyparquet-compressors/);
  });

  it('refuses column types it cannot type as pandas does', async () => {
    for (const [column, described] of [
      [{ name: 'when', type: 'INT64', convertedType: 9, values: [1n] }, 'INT64 (TIMESTAMP_MILLIS)'],
      [{ name: 'price', type: 'INT64', convertedType: 5, values: [1n] }, 'INT64 (DECIMAL)'],
      [{ name: 'legacy', type: 'INT96', values: [0] }, 'INT96'],
    ] as const) {
      const error = await rejection((await open({}, folder({ 'a.parquet': writeParquet([column as ParquetColumn]) }))).profile());
      expect(error, described).toBeInstanceOf(ValidationError);
      expect((error as Error).message).toContain(`column "${column.name}": got "${described}"`);
    }
  });

  it('leaves out the index columns pandas stored, and renames columns by headers', async () => {
    const bytes = writeParquet([...TABLE.slice(0, 2), { name: '__index_level_0__', type: 'INT64', values: [10n, 11n, 12n, 13n, 14n] }], {
      keyValues: { pandas: JSON.stringify({ index_columns: ['__index_level_0__'], columns: [] }) },
    });
    const dir = folder({ 'a.parquet': bytes });
    const plain = await (await open({}, dir)).profile();
    expect(plain.columns.map((c) => c.name)).toEqual(['age', 'group']);
    const renamed = await open({ headers: ['years', 'g'], label: 'g' }, dir);
    const profile = await renamed.profile();
    expect(profile.columns.map((c) => c.name)).toEqual(['years', 'g']);
    expect(profile.roles.label).toBe('g');
    expect(await rejection((await open({ headers: ['one'] }, dir)).profile())).toMatchObject({ field: '$.headers' });
  });

  it('refuses files whose columns differ, and bytes that are not Parquet', async () => {
    const mixed = folder({ 'a.parquet': writeParquet(TABLE.slice(0, 2)), 'b.parquet': writeParquet([TABLE[0]!, TABLE[2]!]) });
    const error = await rejection((await open({}, mixed)).profile());
    expect((error as Error).message).toMatch(/b\.parquet.*the columns of .*a\.parquet: age: int, group: int/);
    const junk = await rejection((await open({}, folder({ 'a.parquet': new TextEncoder().encode('not parquet at all') }))).profile());
    expect(junk).toBeInstanceOf(ValidationError);
    expect((junk as Error).message).toMatch(/a Parquet file/);
  });

  it('refuses unsigned 64-bit values beyond int64', async () => {
    const options: ParquetFileOptions = {};
    const bytes = writeParquet([{ name: 'u', type: 'INT64', convertedType: 14, values: [1n, -1n] }], options);
    const error = await rejection((await open({}, folder({ 'a.parquet': bytes }))).profile());
    expect((error as Error).message).toMatch(/column "u".*uint64/);
  });
});

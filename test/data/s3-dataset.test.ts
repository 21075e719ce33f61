// Datasets under an S3 prefix (the local AWS emulator): listed recursively in sorted order,
// CSV streamed from GetObject, Parquet read by ranged GetObjects.
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDatasetConfig } from '../../src/data/dataset-config.js';
import type { Dataset } from '../../src/data/dataset.js';
import { openDataset } from '../../src/data/open-dataset.js';
import { ValidationError } from '../../src/errors.js';
import { parseLocation } from '../../src/storage/location.js';
import type { TableProfile } from '../../src/table/table.js';
import { type LocalAws, startLocalAws } from '../../src/testing/index.js';
import { writeParquet } from './parquet-writer.js';

const BUCKET = 'tabular-data';
let aws: LocalAws;
let s3: S3Client;

beforeAll(async () => {
  aws = await startLocalAws({ buckets: [BUCKET] });
  s3 = new S3Client(aws.s3ClientConfig());
  const put = (Key: string, Body: string | Uint8Array) => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
  await put('train/part-b.csv', 'x,y\n3,c\n');
  await put('train/part-a.csv', 'x,y\n1,a\n2,b\n');
  await put('train/more/part-c.csv', 'x,y\n4,\n5,e\n');
  await put('trainer/other.csv', 'q\n1\n');
  await put('table/data.parquet', writeParquet([
    { name: 'i', type: 'INT64', values: Array.from({ length: 300 }, (_, k) => BigInt(k)) },
    { name: 's', type: 'BYTE_ARRAY', convertedType: 0, values: Array.from({ length: 300 }, (_, k) => `v${k % 3}`) },
  ], { codec: 'SNAPPY', rowGroupRows: 100 }));
});

afterAll(async () => {
  s3?.destroy();
  await aws?.stop();
});

async function columnsOf(dataset: Dataset, profile: TableProfile): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for await (const batch of dataset.batches(profile)) {
    for (const [name, column] of batch.columns) (out[name] ??= []).push(...Array.from(column.values as ArrayLike<unknown>));
  }
  return out;
}

describe('datasets on S3', () => {
  it('reads every object under a prefix, recursively and in sorted order, and not a sibling prefix', async () => {
    const dataset = await openDataset(checkDatasetConfig({ dataset_type: 'text/csv' }), parseLocation('dataset_uri', `s3://${BUCKET}/train`), { s3Client: s3 });
    expect(dataset.files.map((f) => f.uri)).toEqual([
      `s3://${BUCKET}/train/more/part-c.csv`, `s3://${BUCKET}/train/part-a.csv`, `s3://${BUCKET}/train/part-b.csv`,
    ]);
    const profile = await dataset.profile();
    expect(profile).toMatchObject({ rows: 4, rowsRead: 5 });
    expect(await columnsOf(dataset, profile)).toEqual({ x: [5, 1, 2, 3], y: ['e', 'a', 'b', 'c'] });
  });

  it('reads one object named by its key, and Parquet by byte ranges', async () => {
    const one = await openDataset(checkDatasetConfig({ dataset_type: 'text/csv' }), parseLocation('d', `s3://${BUCKET}/train/part-a.csv`), { s3Client: s3 });
    expect(one.files.map((f) => f.relative)).toEqual(['']);
    expect(await columnsOf(one, await one.profile())).toEqual({ x: [1, 2], y: ['a', 'b'] });
    const table = await openDataset(checkDatasetConfig({ dataset_type: 'application/x-parquet' }), parseLocation('d', `s3://${BUCKET}/table`), { s3Client: s3 });
    const profile = await table.profile();
    expect(profile.columns[1]).toMatchObject({ dtype: 'object', values: ['v0', 'v1', 'v2'] });
    const columns = await columnsOf(table, profile);
    expect(columns['i']).toEqual(Array.from({ length: 300 }, (_, k) => k));
  });

  it('refuses an empty prefix, and S3 without a client', async () => {
    const location = parseLocation('dataset_uri', `s3://${BUCKET}/nothing-here`);
    await expect(openDataset(checkDatasetConfig({ dataset_type: 'text/csv' }), location, { s3Client: s3, field: 'dataset_uri' }))
      .rejects.toMatchObject({ field: 'dataset_uri', message: expect.stringMatching(/no object is there/) });
    await expect(openDataset(checkDatasetConfig({ dataset_type: 'text/csv' }), location)).rejects.toBeInstanceOf(ValidationError);
  });
});

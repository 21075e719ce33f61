import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { GetObjectCommand, PutObjectCommand, S3Client, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLocalAws, type LocalAws } from '../../src/testing/index.js';
import { startS3 } from '../../src/testing/local-s3.js';
import { BUCKET } from '../helpers/emulator.js';

// Whole runs of the engine (worker threads, ONNX, report), a browser or an S3 server per test.
vi.setConfig({ testTimeout: 120_000 });

describe('S3 through s3rver with real SDK clients', () => {
  let aws: LocalAws;
  let s3: S3Client;

  beforeAll(async () => {
    aws = await startLocalAws({ buckets: [BUCKET, 'second-bucket'] });
    s3 = new S3Client(aws.s3ClientConfig());
  });
  afterAll(async () => {
    s3.destroy();
    await aws.stop();
  });

  it('pages ListObjectsV2 with continuation tokens', async () => {
    const keys = Array.from({ length: 7 }, (_, i) => `images/img-${i}.jpg`);
    for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: 'second-bucket', Key: key, Body: key }));
    const pages: string[][] = [];
    for await (const page of paginateListObjectsV2({ client: s3, pageSize: 3 }, { Bucket: 'second-bucket', Prefix: 'images/' })) {
      pages.push((page.Contents ?? []).map((o) => o.Key!));
    }
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual([...keys].sort());
    expect(await aws.s3.listObjects('s3://second-bucket/images/')).toEqual([...keys].sort().map((k) => `s3://second-bucket/${k}`));
  });

  it('stores a multipart upload from @aws-sdk/lib-storage byte for byte', async () => {
    const size = 11 * 1024 * 1024 + 123;
    const body = new Uint8Array(size);
    for (let i = 0; i < size; i++) body[i] = (i * 2654435761) >>> 24;
    const upload = new Upload({ client: s3, params: { Bucket: BUCKET, Key: 'big/blob.bin', Body: body }, partSize: 5 * 1024 * 1024, queueSize: 2 });
    const parts: number[] = [];
    upload.on('httpUploadProgress', (p) => p.part !== undefined && parts.push(p.part));
    await upload.done();
    expect(new Set(parts).size).toBe(3);
    const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'big/blob.bin' }));
    const stored = await object.Body!.transformToByteArray();
    expect(stored.length).toBe(size);
    expect(Buffer.compare(Buffer.from(stored), Buffer.from(body))).toBe(0);
  });

  it('shares objects between SDK clients and the LocalS3 helper', async () => {
    await aws.s3.putObject(`s3://${BUCKET}/helper/a.txt`, 'from helper');
    const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'helper/a.txt' }));
    expect(await object.Body!.transformToString()).toBe('from helper');
    await expect(aws.s3.getObject(`s3://${BUCKET}/helper/missing.txt`)).rejects.toThrow(/NoSuchKey/);
  });

  it('removes its temporary folder on stop', async () => {
    const local = await startS3(['a-bucket']);
    expect(existsSync(local.directory)).toBe(true);
    await local.stop();
    expect(existsSync(local.directory)).toBe(false);
  });

  it('starts and pages listings with no Node flags, whatever the deprecated requireS3ListPagination says', () => {
    const script = [
      "import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';",
      "import { startLocalAws } from './src/testing/index.ts';",
      'for (const requireS3ListPagination of [undefined, true, false]) {',
      "  const aws = await startLocalAws({ buckets: ['paged'], requireS3ListPagination });",
      "  for (const k of ['a', 'b', 'c']) await aws.s3.putObject('s3://paged/' + k, k);",
      '  const s3 = new S3Client(aws.s3ClientConfig());',
      "  const first = await s3.send(new ListObjectsV2Command({ Bucket: 'paged', MaxKeys: 2 }));",
      "  const rest = await s3.send(new ListObjectsV2Command({ Bucket: 'paged', ContinuationToken: first.NextContinuationToken }));",
      "  console.log(String(requireS3ListPagination) + ': ' + [...first.Contents, ...rest.Contents].map((o) => o.Key).join(''));",
      '  s3.destroy();',
      '  await aws.stop();',
      '}',
    ].join('\n');
    const env = { ...process.env, NODE_OPTIONS: '' };
    const out = execFileSync(process.execPath, ['--no-warnings', '--import', 'tsx', '--input-type=module', '-e', script], { env, encoding: 'utf8', cwd: process.cwd() });
    expect(out).toBe('undefined: abc\ntrue: abc\nfalse: abc\n');
  });
});

import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLocalAws, type LocalAws } from '../../src/testing/index.js';
import {
  MAX_COMPONENT_BYTES,
  S3ErrorReply,
  assertKeyLength,
  componentsToKey,
  isKeyComponent,
  keyByteLength,
  keyToComponents,
} from '../../src/testing/s3-keys.js';
import type { RunningS3 } from '../../src/testing/local-s3.js';
import { rejection } from '../helpers/emulator.js';

// Whole runs of the engine (worker threads, ONNX, report), a browser or an S3 server per test.
vi.setConfig({ testTimeout: 120_000 });

const execFileAsync = promisify(execFile);
const BUCKET = 'key-safety';

/** Keys that a file store joining segments into paths gets wrong. */
const TRICKY_KEYS = [
  '..',
  '.',
  'a/../b',
  'a/./b',
  'a/b',
  'a//b',
  '/leading',
  'trailing/',
  '/',
  '.hidden',
  'x/..',
  '%2E%2E/p',
  '%',
  'dir._S3rver_object/inner',
  'dir',
  'back\\slash:colon*star?"<>|',
  'tab\there',
  'ünïcødé/日本語/😀',
];

describe('the key mapping (s3-keys)', () => {
  const samples = [
    ...TRICKY_KEYS,
    '',
    'line\nbreak\u0000nul\u007fdel',
    'images/cat-01.jpg',
    'a'.repeat(300),
    `deep/${'b'.repeat(450)}/${'.'.repeat(250)}`,
    'é'.repeat(512), // 1024 bytes in 512 characters
    '😀'.repeat(256), // 1024 bytes of 4-byte characters
    '%'.repeat(1024), // the largest expansion: every byte escaped
    `${'c'.repeat(199)}._x`, // a cut falls between "." and "_"
  ];

  it('maps ordinary keys to themselves', () => {
    expect(keyToComponents('images/cat-01.jpg')).toEqual(['images', 'cat-01.jpg']);
    expect(keyToComponents('models/job-1/output/model.tar.gz')).toEqual(['models', 'job-1', 'output', 'model.tar.gz']);
  });

  it('maps every key to safe, short components and back', () => {
    for (const key of samples) {
      const components = keyToComponents(key);
      for (const component of components) {
        expect(isKeyComponent(component), `${JSON.stringify(key)} -> ${JSON.stringify(component)}`).toBe(true);
        expect(component).not.toMatch(/[/\\\u0000]/);
        expect(['', '.', '..']).not.toContain(component);
        expect(keyByteLength(component)).toBeLessThanOrEqual(MAX_COMPONENT_BYTES);
      }
      expect(componentsToKey(components)).toBe(key);
    }
  });

  it('gives distinct keys distinct paths', () => {
    const paths = samples.map((key) => keyToComponents(key).join('/'));
    expect(new Set(paths).size).toBe(samples.length);
  });

  it("measures S3's 1024-byte limit in UTF-8 bytes", () => {
    expect(() => assertKeyLength('k'.repeat(1024))).not.toThrow();
    const error = (() => {
      try {
        assertKeyLength('é'.repeat(513)); // 513 characters, 1026 bytes
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(S3ErrorReply);
    expect(error).toMatchObject({ code: 'KeyTooLongError', status: 400, message: 'Your key is too long', detail: { Size: 1026, MaxSizeAllowed: 1024 } });
    expect((error as S3ErrorReply).toXml()).toContain('<Error><Code>KeyTooLongError</Code><Message>Your key is too long</Message><Size>1026</Size>');
  });
});

describe('S3 keys through s3rver with real SDK clients', () => {
  const token = `clarify-keys-${randomBytes(4).toString('hex')}`;
  let aws: LocalAws;
  let s3: S3Client;
  let parent: string;

  /** Entries of the emulator folder's parent that this test's keys could have created. */
  const strays = (): string[] => readdirSync(parent).filter((name) => name.includes(token));

  beforeAll(async () => {
    aws = await startLocalAws({ buckets: [BUCKET, 'key-safety-2'] });
    s3 = new S3Client(aws.s3ClientConfig());
    parent = dirname(folderOf(aws));
  });
  afterAll(async () => {
    s3.destroy();
    await aws.stop();
    // Only when confinement is broken is there anything to remove; never leave it behind.
    for (const name of readdirSync(parent).filter((n) => n.includes(token))) rmSync(join(parent, name), { recursive: true, force: true });
  });

  const put = (Key: string, Body: string | Uint8Array = Key, Bucket = BUCKET) => s3.send(new PutObjectCommand({ Bucket, Key, Body }));
  const get = async (Key: string, Bucket = BUCKET): Promise<string> =>
    (await s3.send(new GetObjectCommand({ Bucket, Key }))).Body!.transformToString();
  const listAll = async (Prefix: string, Bucket = BUCKET): Promise<string[]> => {
    const keys: string[] = [];
    for await (const page of paginateListObjectsV2({ client: s3, pageSize: 3 }, { Bucket, Prefix })) {
      keys.push(...(page.Contents ?? []).map((o) => o.Key!));
    }
    return keys;
  };

  it('stores keys with `..` segments inside its folder, and they round-trip', async () => {
    const escaping = [`a/../../../${token}-a`, `../../${token}-b`, `x/../../../${token}-dir/file`];
    const before = strays();
    for (const key of escaping) await put(key);
    expect(strays()).toEqual(before);
    for (const key of escaping) {
      expect(await get(key)).toBe(key);
      const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
      expect(head.ContentLength).toBe(Buffer.byteLength(key));
    }
    const listed = await listAll('');
    for (const key of escaping) expect(listed).toContain(key);
    expect(await aws.s3.listObjects(`s3://${BUCKET}/../`)).toEqual([`s3://${BUCKET}/../../${token}-b`]);
    // The LocalS3 helper (hooks use it) sends such keys as given too.
    await aws.s3.putObject(`s3://${BUCKET}/helper/../${token}-c`, 'from helper');
    expect(await get(`helper/../${token}-c`)).toBe('from helper');
    expect(new TextDecoder().decode(await aws.s3.getObject(`s3://${BUCKET}/helper/../${token}-c`))).toBe('from helper');
    expect(strays()).toEqual(before);
  });

  it('keeps keys distinct that a path join would fold together', async () => {
    const prefix = 'tricky/';
    for (const key of TRICKY_KEYS) await put(prefix + key);
    for (const key of TRICKY_KEYS) expect(await get(prefix + key)).toBe(prefix + key);
    const expected = TRICKY_KEYS.map((k) => prefix + k).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(await listAll(prefix)).toEqual(expected);
  });

  it('stores a 300-character segment and a 1024-byte key faithfully', async () => {
    const long = `long/${'s'.repeat(300)}/end.txt`;
    const longest = `long/${'é'.repeat(509)}x`; // 5 + 1018 + 1 = 1024 bytes
    expect(keyByteLength(longest)).toBe(1024);
    await put(long);
    await put(longest);
    expect(await get(long)).toBe(long);
    expect(await get(longest)).toBe(longest);
    expect(await listAll('long/')).toEqual([long, longest]);
    expect(await aws.s3.getObject(`s3://${BUCKET}/${long}`)).toEqual(new Uint8Array(Buffer.from(long)));
  });

  it('refuses keys over 1024 bytes with KeyTooLongError', async () => {
    const tooLong = `long/${'é'.repeat(510)}`; // 1025 bytes
    const error = await rejection(put(tooLong));
    expect(error.name).toBe('KeyTooLongError');
    expect(error.Code).toBe('KeyTooLongError');
    expect(error.message).toBe('Your key is too long');
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(error).toMatchObject({ Size: '1025', MaxSizeAllowed: '1024' });
    expect((await rejection(get(tooLong))).name).toBe('KeyTooLongError');
    const upload = new Upload({ client: s3, params: { Bucket: BUCKET, Key: tooLong, Body: new Uint8Array(6 * 1024 * 1024) }, partSize: 5 * 1024 * 1024 });
    expect((await rejection(upload.done())).name).toBe('KeyTooLongError');

    const raw = await rawRequest(aws.s3.endpoint, 'PUT', `/${BUCKET}/${'k'.repeat(1025)}`, 'x');
    expect(raw.status).toBe(400);
    expect(raw.body).toMatch(/<Error><Code>KeyTooLongError<\/Code><Message>Your key is too long<\/Message><Size>1025<\/Size><MaxSizeAllowed>1024<\/MaxSizeAllowed><\/Error>/);
    await expect(aws.s3.putObject(`s3://${BUCKET}/${'k'.repeat(1025)}`, 'x')).rejects.toThrow(/KeyTooLongError/);
  });

  it('lists original keys under prefixes and delimiters', async () => {
    const keys = ['d/../up', 'd/./here', 'd/.hidden', 'd//empty', 'd/x/y', `d/${'L'.repeat(300)}/z`, 'd/plain.txt', 'd/plain/child'];
    for (const key of keys) await put(key, 'v', 'key-safety-2');
    const list = (Prefix: string, Delimiter?: string) =>
      s3.send(new ListObjectsV2Command({ Bucket: 'key-safety-2', Prefix, ...(Delimiter ? { Delimiter } : {}) }));

    const top = await list('d/', '/');
    expect((top.Contents ?? []).map((o) => o.Key)).toEqual(['d/.hidden', 'd/plain.txt']);
    expect((top.CommonPrefixes ?? []).map((p) => p.Prefix)).toEqual(['d/../', 'd/./', 'd//', `d/${'L'.repeat(300)}/`, 'd/plain/', 'd/x/']);
    // Prefixes that end inside an escaped or a cut segment.
    expect(((await list('d/.')).Contents ?? []).map((o) => o.Key)).toEqual(['d/../up', 'd/./here', 'd/.hidden']);
    expect(((await list(`d/${'L'.repeat(250)}`)).Contents ?? []).map((o) => o.Key)).toEqual([`d/${'L'.repeat(300)}/z`]);
    expect(((await list('d/../')).Contents ?? []).map((o) => o.Key)).toEqual(['d/../up']);
    // Pages of 3 continue after the right key in S3's byte order.
    expect(await listAll('d/', 'key-safety-2')).toEqual([...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
  });

  it('copies, deletes and uploads in parts under such keys, leaving no folders behind', async () => {
    const bucket = 'key-safety-2';
    const source = `copy/../${'c'.repeat(300)}`;
    const target = `copy//./${'t'.repeat(260)}/..`;
    await put(source, 'copied', bucket);
    await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: target, CopySource: `${bucket}/${encodeURIComponent(source)}` }));
    expect(await get(target, bucket)).toBe('copied');

    const size = 5 * 1024 * 1024 + 17;
    const body = new Uint8Array(size).map((_, i) => (i * 31) & 0xff);
    const multipart = `/mp/../${'m'.repeat(300)}//x`;
    await new Upload({ client: s3, params: { Bucket: bucket, Key: multipart, Body: body }, partSize: 5 * 1024 * 1024 }).done();
    const stored = await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: multipart }))).Body!.transformToByteArray();
    expect(Buffer.compare(Buffer.from(stored), Buffer.from(body))).toBe(0);

    for (const key of await listAll('', bucket)) await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    expect(await listAll('', bucket)).toEqual([]);
    // Only s3rver's own entries (dot-names, e.g. the multipart folder) may remain in the bucket folder.
    expect(readdirSync(join(folderOf(aws), bucket)).filter((name) => !name.startsWith('.'))).toEqual([]);
  });

  it('refuses bucket names and upload ids that are no plain folder name', async () => {
    const before = strays();
    const bucket = await rawRequest(aws.s3.endpoint, 'PUT', `/%2E%2E/${token}-bucket`, 'x');
    expect(bucket.status).toBe(400);
    expect(bucket.body).toContain('<Code>InvalidBucketName</Code>');
    const part = await rawRequest(aws.s3.endpoint, 'PUT', `/${BUCKET}/k?partNumber=1&uploadId=..%2F..%2F..%2F${token}-upload`, 'x');
    expect(part.status).toBe(404);
    expect(part.body).toContain('<Code>NoSuchUpload</Code>');
    expect(strays()).toEqual(before);
  });

  it('answers an internal failure with 500 InternalError and keeps serving', async () => {
    const init = await rawRequest(aws.s3.endpoint, 'POST', `/${BUCKET}/internal?uploads`);
    const uploadId = /<UploadId>(\w+)<\/UploadId>/.exec(init.body)![1];
    // A part without an ETag makes s3rver's controller throw a TypeError.
    const broken = await rawRequest(aws.s3.endpoint, 'POST', `/${BUCKET}/internal?uploadId=${uploadId}`, '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber></Part></CompleteMultipartUpload>');
    expect(broken.status).toBe(500);
    expect(broken.body).toContain('<Code>InternalError</Code>');
    await put('after-internal-error');
    expect(await get('after-internal-error')).toBe('after-internal-error');
  });

  it('answers InvalidArgument when a key within 1024 bytes makes a path longer than the OS allows', async () => {
    // A folder about 3000 bytes deep as TMPDIR, and a key whose 1000 `%` escape to 3000 bytes.
    const base = mkdtempSync(join(tmpdir(), `${token}-deep-`));
    const deep = join(base, ...Array.from({ length: 15 }, () => 'd'.repeat(200)));
    mkdirSync(deep, { recursive: true });
    const saved = process.env.TMPDIR;
    let local: LocalAws | undefined;
    try {
      process.env.TMPDIR = deep;
      local = await startLocalAws({ buckets: [BUCKET] });
      process.env.TMPDIR = saved;
      const client = new S3Client(local.s3ClientConfig());
      const error = await rejection(client.send(new PutObjectCommand({ Bucket: BUCKET, Key: '%'.repeat(1000), Body: 'x' })));
      expect(error.name).toBe('InvalidArgument');
      expect(error.$metadata?.httpStatusCode).toBe(400);
      expect(error.message).toMatch(/ENAMETOOLONG.*1024 bytes/);
      await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'short', Body: 'x' }));
      client.destroy();
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      await local?.stop();
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('leaves nothing behind after stop()', async () => {
    const local = await startLocalAws({ buckets: [BUCKET] });
    const client = new S3Client(local.s3ClientConfig());
    try {
      await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `a/../../../${token}-stop`, Body: 'x' }));
      await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${'z'.repeat(300)}/y`, Body: 'x' }));
    } finally {
      client.destroy();
      await local.stop();
    }
    expect(existsSync(folderOf(local))).toBe(false);
    expect(strays()).toEqual([]);
  });
});

describe('requests that used to crash the process hosting the emulator', () => {
  it('are answered with S3 errors or stored, in a child process that survives', async () => {
    // A crash here would end the child, not vitest: the test then fails with its stderr.
    const script = `
      import { request } from 'node:http';
      import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
      import { startLocalAws } from './src/testing/index.ts';
      const aws = await startLocalAws({ buckets: ['crash-bucket'] });
      const s3 = new S3Client(aws.s3ClientConfig());
      const port = new URL(aws.s3.endpoint).port;
      const raw = (method, path, body, headers = {}) => new Promise((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode, text, code: /<Code>(\\w+)</.exec(text)?.[1] }));
        });
        req.on('error', reject);
        req.end(body);
      });
      const key = 'x/' + 'a'.repeat(300);
      await s3.send(new PutObjectCommand({ Bucket: 'crash-bucket', Key: key, Body: 'long' }));
      const long = await (await s3.send(new GetObjectCommand({ Bucket: 'crash-bucket', Key: key }))).Body.transformToString();
      console.log('long segment: ' + long);
      const upload = /<UploadId>(\\w+)</.exec((await raw('POST', '/crash-bucket/mp?uploads')).text)[1];
      const missing = await raw('POST', '/crash-bucket/mp?uploadId=' + upload,
        '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"x"</ETag></Part></CompleteMultipartUpload>');
      console.log('missing part: ' + missing.status + ' ' + missing.code);
      const boundary = 'b0undary';
      const form = ['key', 'x-amz-storage-class'].map((name, i) => '--' + boundary + '\\r\\nContent-Disposition: form-data; name="' + name + '"\\r\\n\\r\\n' + ['k', 'BOGUS'][i] + '\\r\\n').join('')
        + '--' + boundary + '\\r\\nContent-Disposition: form-data; name="file"; filename="f"\\r\\nContent-Type: application/octet-stream\\r\\n\\r\\nhello\\r\\n--' + boundary + '--\\r\\n';
      const posted = await raw('POST', '/crash-bucket', form, { 'content-type': 'multipart/form-data; boundary=' + boundary });
      console.log('form upload: ' + posted.status + ' ' + posted.code);
      s3.destroy();
      await aws.stop();
      console.log('survived');
    `;
    const { stdout } = await execFileAsync(process.execPath, ['--no-warnings', '--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: process.cwd(),
      env: { ...process.env, NODE_OPTIONS: '' },
      encoding: 'utf8',
    });
    expect(stdout).toContain(`long segment: long`);
    expect(stdout).toContain('missing part: 400 InvalidPart');
    expect(stdout).toContain('form upload: 400 InvalidStorageClass');
    expect(stdout).toContain('survived');
  });
});

/** The emulator's S3 folder: `LocalAws.s3` is typed as the public `LocalS3`, which does not expose it. */
function folderOf(aws: LocalAws): string {
  return (aws.s3 as RunningS3).directory;
}

function rawRequest(endpoint: string, method: string, path: string, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const { port } = new URL(endpoint);
    const req = request({ host: '127.0.0.1', port, method, path, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

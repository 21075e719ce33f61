/**
 * Session against the local emulator: region and account, the default bucket
 * (created with the right LocationConstraint, owner checked), uploads with
 * multipart and progress, listing across pages, downloads that refuse to escape
 * their folder and check sizes, execution roles.
 */
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AbortError, AwsServiceError, ValidationError } from '../../src/errors.js';
import { getExecutionRole } from '../../src/sagemaker/execution-role.js';
import { localPathFor } from '../../src/sagemaker/download-targets.js';
import { Session } from '../../src/sagemaker/session.js';
import { ACCOUNT, startTestAws, type TestAws, closeTestResources } from '../helpers/test-aws.js';

let env: TestAws | undefined;
const folders: string[] = [];
afterEach(async () => {
  env = await closeTestResources(env, folders);
});

async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'clarify-ts-session-'));
  folders.push(folder);
  return folder;
}

describe('Session region and account', () => {
  it('refuses a missing region with a ValidationError naming it', async () => {
    const saved = { AWS_REGION: process.env.AWS_REGION, AWS_DEFAULT_REGION: process.env.AWS_DEFAULT_REGION, AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE };
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    process.env.AWS_CONFIG_FILE = join(tmpdir(), 'clarify-ts-no-such-aws-config');
    try {
      await expect(Session.create()).rejects.toMatchObject({ name: 'ValidationError', field: 'region' });
    } finally {
      for (const [key, value] of Object.entries(saved)) if (value === undefined) delete process.env[key]; else process.env[key] = value;
    }
    process.env.AWS_REGION = 'eu-west-1';
    try {
      expect(await new Session().region()).toBe('eu-west-1');
    } finally {
      if (saved.AWS_REGION === undefined) delete process.env.AWS_REGION; else process.env.AWS_REGION = saved.AWS_REGION;
    }
    expect(() => new Session({ region: 'Not A Region' })).toThrow(ValidationError);
  });

  it('reads the account from STS', async () => {
    env = await startTestAws();
    expect(await env.session.accountId()).toBe(ACCOUNT);
  });
});

describe('Session.defaultBucket', () => {
  it('creates sagemaker-<region>-<account> with the region as LocationConstraint when HeadBucket says 404', async () => {
    env = await startTestAws({ buckets: [] });
    expect(await env.session.defaultBucket()).toBe(`sagemaker-us-west-2-${ACCOUNT}`);
    expect(env.inputsOf('HeadBucketCommand')).toEqual([{ Bucket: `sagemaker-us-west-2-${ACCOUNT}`, ExpectedBucketOwner: ACCOUNT }]);
    expect(env.inputsOf('CreateBucketCommand')).toEqual([{ Bucket: `sagemaker-us-west-2-${ACCOUNT}`, CreateBucketConfiguration: { LocationConstraint: 'us-west-2' } }]);
    // Resolved once per session.
    await env.session.defaultBucket();
    expect(env.inputsOf('CreateBucketCommand')).toHaveLength(1);
  });

  it('sends no LocationConstraint in us-east-1 and keeps an existing bucket', async () => {
    env = await startTestAws({ region: 'us-east-1', buckets: ['mine'] });
    const east = new Session({ region: 'us-east-1', sagemakerClient: env.session.sagemakerClient, s3Client: env.session.s3Client, stsClient: env.session.stsClient });
    expect(await east.defaultBucket()).toBe(`sagemaker-us-east-1-${ACCOUNT}`);
    expect(env.inputsOf('CreateBucketCommand')).toEqual([{ Bucket: `sagemaker-us-east-1-${ACCOUNT}` }]);
    const given = new Session({ region: 'us-east-1', defaultBucket: 'mine', s3Client: env.session.s3Client, stsClient: env.session.stsClient });
    expect(await given.defaultBucket()).toBe('mine');
    expect(env.inputsOf('CreateBucketCommand')).toHaveLength(1);
  });
});

describe('Session uploads', () => {
  it('uploads a file to <prefix>/<name> and a folder recursively, with progress summed over files', async () => {
    env = await startTestAws();
    const folder = await tempFolder();
    await mkdir(join(folder, 'data', 'nested'), { recursive: true });
    await writeFile(join(folder, 'data', 'a.rec'), 'aaaa');
    await writeFile(join(folder, 'data', 'nested', 'b.rec'), 'bbbbbb');
    expect(await env.session.uploadData(join(folder, 'data', 'a.rec'), { bucket: 'my-bucket', keyPrefix: 'one' })).toBe('s3://my-bucket/one/a.rec');
    const progress: number[] = [];
    const uri = await env.session.uploadData(join(folder, 'data'), { keyPrefix: 'many', onProgress: (p) => progress.push(p.loadedBytes) });
    const bucket = `sagemaker-us-west-2-${ACCOUNT}`;
    expect(uri).toBe(`s3://${bucket}/many`);
    expect(await env.aws.s3.listObjects(`s3://${bucket}/many/`)).toEqual([`s3://${bucket}/many/a.rec`, `s3://${bucket}/many/nested/b.rec`]);
    expect(progress[progress.length - 1]).toBe(10);
    // Writes to the session-named default bucket assert its owner.
    expect(env.inputsOf('PutObjectCommand').filter((p) => p.Bucket === bucket).every((p) => p.ExpectedBucketOwner === ACCOUNT)).toBe(true);
  });

  it('uses multipart upload for files larger than a part, with the given concurrency', async () => {
    env = await startTestAws();
    const folder = await tempFolder();
    const size = 11 * 1024 * 1024;
    const data = Buffer.alloc(size, 7);
    data.write('first', 0);
    data.write('last', size - 4);
    await writeFile(join(folder, 'big.rec'), data);
    const uri = await env.session.uploadData(join(folder, 'big.rec'), { bucket: 'my-bucket', keyPrefix: 'big', concurrency: 2 });
    expect(env.inputsOf('UploadPartCommand')).toHaveLength(3);
    expect(env.inputsOf('CompleteMultipartUploadCommand')).toHaveLength(1);
    expect(Buffer.from(await env.aws.s3.getObject(uri)).equals(data)).toBe(true);
  });

  it('refuses bad paths and options before sending anything, and stops on abort', async () => {
    env = await startTestAws();
    await expect(env.session.uploadData('/no/such/file')).rejects.toMatchObject({ field: 'localPath' });
    await expect(env.session.uploadData(import.meta.filename, { partSize: 10 })).rejects.toMatchObject({ field: 'partSize' });
    await expect(env.session.uploadString('x', 'https://example.com/x')).rejects.toMatchObject({ field: 'destination' });
    expect(env.sent).toEqual([]);
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(env.session.uploadString('x', 's3://my-bucket/x', { signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    expect(await env.aws.s3.listObjects('s3://my-bucket/')).toEqual([]);
  });
});

describe('aborting an upload', () => {
  it('aborts the multipart upload on S3 too before rejecting, leaving no object', async () => {
    env = await startTestAws();
    const folder = await tempFolder();
    await writeFile(join(folder, 'big.rec'), Buffer.alloc(16 * 1024 * 1024, 1));
    const controller = new AbortController();
    const upload = env.session.uploadData(join(folder, 'big.rec'), {
      bucket: 'my-bucket', keyPrefix: 'aborted', concurrency: 1,
      onProgress: (p) => { if (p.loadedBytes > 0) controller.abort(new Error('user cancelled')); },
      signal: controller.signal,
    });
    await expect(upload).rejects.toBeInstanceOf(AbortError);
    expect(env.inputsOf('CreateMultipartUploadCommand')).toHaveLength(1);
    // Sent before the rejection (s3rver answers it 405: it has no AbortMultipartUpload; real S3 does).
    expect(env.inputsOf('AbortMultipartUploadCommand')[0]).toMatchObject({ Bucket: 'my-bucket', Key: 'aborted/big.rec', UploadId: expect.any(String) });
    expect(env.inputsOf('CompleteMultipartUploadCommand')).toEqual([]);
    expect(await env.aws.s3.listObjects('s3://my-bucket/aborted/')).toEqual([]);
  });
});

describe('Session listing and downloads', () => {
  it('lists every page of a prefix', async () => {
    env = await startTestAws();
    for (let i = 0; i < 5; i += 1) await env.aws.s3.putObject(`s3://my-bucket/list/k${i}`, `v${i}`);
    const keys: string[] = [];
    for await (const object of env.session.listS3Files('my-bucket', 'list/', { pageSize: 2 })) keys.push(object.key);
    expect(keys).toEqual(['list/k0', 'list/k1', 'list/k2', 'list/k3', 'list/k4']);
    expect(env.inputsOf('ListObjectsV2Command')).toHaveLength(3);
  });

  it('downloads a prefix into a folder keeping relative paths, with verified sizes', async () => {
    env = await startTestAws();
    await env.aws.s3.putObject('s3://my-bucket/out/analysis.json', '{"version":"1.0"}');
    await env.aws.s3.putObject('s3://my-bucket/out/images/cat.jpeg', 'jpeg-bytes');
    const folder = await tempFolder();
    const paths = await env.session.downloadData(folder, 's3://my-bucket/out/');
    expect(paths).toEqual([join(folder, 'analysis.json'), join(folder, 'images', 'cat.jpeg')]);
    expect(await readFile(join(folder, 'images', 'cat.jpeg'), 'utf8')).toBe('jpeg-bytes');
    expect((await readdir(folder, { recursive: true })).sort()).toEqual(['analysis.json', 'images', join('images', 'cat.jpeg')]);
  });

  it('refuses keys that would escape the folder, before writing anything', async () => {
    env = await startTestAws();
    await env.aws.s3.putObject('s3://my-bucket/evil/a.txt', 'fine');
    const folder = await tempFolder();
    const root = join(folder, 'inside');
    for (const key of ['evil/../../x', 'evil/a\\..\\..\\b', 'evil/./a', 'evil/..', 'evil/C:/x', 'evil/a\0b']) {
      expect(() => localPathFor(root, 'evil/', key), key).toThrow(ValidationError);
    }
    expect(localPathFor(root, 'evil/', 'evil/sub/a.txt')).toBe(join(root, 'sub', 'a.txt'));
    expect(localPathFor(root, 'evil', 'evil/sub/a.txt')).toBe(join(root, 'sub', 'a.txt'));
    // A leading or doubled slash never makes an absolute path: it stays below the folder.
    expect(localPathFor(root, 'evil/', 'evil//etc/passwd')).toBe(join(root, 'etc', 'passwd'));
    // A listing of S3 keys stored by another client (S3 allows any key); the hostile one comes second.
    const objects = [{ bucket: 'my-bucket', key: 'evil/a.txt', uri: 's3://my-bucket/evil/a.txt', size: 4 }, { bucket: 'my-bucket', key: 'evil/../../escaped.txt', uri: 's3://my-bucket/evil/../../escaped.txt', size: 3 }];
    const { downloadObjects } = await import('../../src/sagemaker/s3-transfer.js');
    await expect(downloadObjects(env.session.s3Client, objects, 'evil/', root)).rejects.toMatchObject({ field: 'key' });
    await expect(readdir(root)).rejects.toThrow();
    expect(await readdir(folder)).toEqual([]);
  });

  it('rejects a download whose size differs from the listing', async () => {
    env = await startTestAws();
    await env.aws.s3.putObject('s3://my-bucket/sized/a.txt', 'abc');
    const folder = await tempFolder();
    const { downloadObjects } = await import('../../src/sagemaker/s3-transfer.js');
    const listed = [{ bucket: 'my-bucket', key: 'sized/a.txt', uri: 's3://my-bucket/sized/a.txt', size: 10 }];
    await expect(downloadObjects(env.session.s3Client, listed, 'sized/', folder)).rejects.toThrow(/expected 10/);
    expect(await readdir(folder)).toEqual([]);
  });
});

describe('roles', () => {
  it('expands role names with IAM and refuses a non-role caller', async () => {
    env = await startTestAws({ roles: ['SageMakerRole'] });
    expect(await env.session.expandRole('SageMakerRole')).toBe(`arn:aws:iam::${ACCOUNT}:role/SageMakerRole`);
    expect(await env.session.expandRole('arn:aws:iam::1:role/x')).toBe('arn:aws:iam::1:role/x');
    await expect(env.session.expandRole('Missing')).rejects.toMatchObject({ name: 'AwsServiceError', operation: 'iam:GetRole', code: 'NoSuchEntity' });
    // The emulator's caller is an IAM user.
    await expect(getExecutionRole(env.session)).rejects.toMatchObject({ name: 'ValidationError', field: 'callerIdentity' });
  });
});

describe('AWS failures', () => {
  it('leaves throttling to the AWS SDK retries and wraps what is left in AwsServiceError', async () => {
    env = await startTestAws({}, {}, { maxAttempts: 3 });
    env.aws.faults.failNext('sts:GetCallerIdentity', { times: 2 });
    expect(await env.session.accountId()).toBe(ACCOUNT);
    expect(env.aws.requests.filter((r) => r.operation === 'sts:GetCallerIdentity').map((r) => r.status)).toEqual([400, 400, 200]);

    env.aws.faults.failNext('iam:GetRole', { times: 3, error: 'internal' });
    const error = await env.session.expandRole('SomeRole').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsServiceError);
    expect(error).toMatchObject({ operation: 'iam:GetRole', code: 'InternalFailure', httpStatusCode: 500, attempts: 3 });
    expect((error as AwsServiceError).message).toMatch(/Hint:/);
    expect((error as AwsServiceError).requestId).toMatch(/.+/);
  });
});

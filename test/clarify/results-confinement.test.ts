/**
 * ClarifyResults.read and the downloads under it stay inside the folder they were
 * given, and refuse, before writing anything, what cannot be written there: a
 * symbolic link in the way, names or paths longer than the file system takes, and
 * keys that clash with each other or with what the folder already holds.
 * Every case lists its objects from a real S3 (s3rver on loopback).
 */
import { link, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ClarifyResults } from '../../src/clarify/results.js';
import { ValidationError } from '../../src/errors.js';
import { localPathFor } from '../../src/sagemaker/download-targets.js';
import { downloadObjects, type S3ObjectInfo } from '../../src/sagemaker/s3-transfer.js';
import { startTestAws, type TestAws, closeTestResources } from '../helpers/test-aws.js';

let env: TestAws | undefined;
const folders: string[] = [];
afterEach(async () => {
  env = await closeTestResources(env, folders);
});

/** A fresh folder holding `target/` (the download folder) and `outside/` (which must stay empty). */
async function workspace(): Promise<{ base: string; target: string; outside: string }> {
  const base = await mkdtemp(join(tmpdir(), 'clarify-ts-confine-'));
  folders.push(base);
  const target = join(base, 'target');
  const outside = join(base, 'outside');
  await mkdir(target);
  await mkdir(outside);
  return { base, target, outside };
}

/** Every path under `folder`, relative, sorted (links are listed, not followed). */
async function tree(folder: string): Promise<string[]> {
  return (await readdir(folder, { recursive: true })).sort();
}

async function rejection(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

async function put(keys: Record<string, string>): Promise<void> {
  for (const [key, body] of Object.entries(keys)) await env!.aws.s3.putObject(`s3://my-bucket/${key}`, body);
}

describe('(a) symbolic links inside the download folder', () => {
  it('refuses a key whose folder is a symbolic link out of the target, writing nothing anywhere', async () => {
    env = await startTestAws();
    await put({ 'out/analysis.json': '{"version":"1.0"}', 'out/sub/x.json': '{}' });
    const { base, target, outside } = await workspace();
    await symlink(outside, join(target, 'sub'), 'dir');

    const error = await rejection(ClarifyResults.read(env.session, 's3://my-bucket/out', target));
    expect(error.field).toBe('key');
    expect(error.value).toBe('out/sub/x.json');
    expect(error.message).toContain(`${join(target, 'sub')} is a symbolic link`);
    expect(error.message).toContain('no symbolic links');

    expect(await readdir(outside)).toEqual([]);
    expect(await tree(target)).toEqual(['sub']);
    expect(await tree(base)).toEqual(['outside', 'target', join('target', 'sub')]);
  });

  it('refuses a symbolic link at the file\'s own place and leaves what it points to alone', async () => {
    env = await startTestAws();
    await put({ 'out/analysis.json': '{"version":"1.0"}', 'out/report.html': 'report' });
    const { target, outside } = await workspace();
    await writeFile(join(outside, 'victim.txt'), 'keep me');
    await symlink(join(outside, 'victim.txt'), join(target, 'report.html'));
    // A dangling link would be created through by a plain write, too.
    await symlink(join(outside, 'new.txt'), join(target, 'analysis.json'));

    const error = await rejection(ClarifyResults.read(env.session, 's3://my-bucket/out', target));
    expect(error).toMatchObject({ field: 'key', value: 'out/analysis.json' });
    expect(error.message).toContain(`${join(target, 'analysis.json')} is a symbolic link`);

    expect(await readdir(outside)).toEqual(['victim.txt']);
    expect(await readFile(join(outside, 'victim.txt'), 'utf8')).toBe('keep me');
    expect(await tree(target)).toEqual(['analysis.json', 'report.html']);
  });

  it('follows a symbolic link that is the download folder itself: the caller chose it', async () => {
    env = await startTestAws();
    await put({ 'out/analysis.json': '{"version":"1.0"}', 'out/sub/x.json': '{}' });
    const { base, outside } = await workspace();
    const chosen = join(base, 'chosen');
    await symlink(outside, chosen, 'dir');

    const results = await ClarifyResults.read(env.session, 's3://my-bucket/out', chosen);
    expect(results.analysis).toEqual({ version: '1.0' });
    expect(await tree(outside)).toEqual(['analysis.json', 'sub', join('sub', 'x.json')]);
  });

  it('replaces an existing file by renaming over it, so a hard link to it keeps its content', async () => {
    env = await startTestAws();
    await put({ 'out/analysis.json': '{"version":"2.0"}' });
    const { target, outside } = await workspace();
    await writeFile(join(outside, 'old.json'), '{"version":"1.0"}');
    await link(join(outside, 'old.json'), join(target, 'analysis.json'));

    const results = await ClarifyResults.read(env.session, 's3://my-bucket/out', target);
    expect(results.analysis).toEqual({ version: '2.0' });
    expect(await readFile(join(outside, 'old.json'), 'utf8')).toBe('{"version":"1.0"}');
    expect(await tree(target)).toEqual(['analysis.json']);
  });
});

describe('(b) names and paths longer than the file system takes', () => {
  it('refuses a key segment over 255 bytes, counting UTF-8 bytes, in localPathFor', () => {
    const root = join(tmpdir(), 'clarify-ts-never-created');
    expect(localPathFor(root, 'out/', `out/${'n'.repeat(255)}`)).toBe(join(root, 'n'.repeat(255)));
    for (const segment of ['n'.repeat(256), 'é'.repeat(128), `${'€'.repeat(85)}x`]) {
      const key = `out/dir/${segment}/x.json`;
      let error: unknown;
      try {
        localPathFor(root, 'out/', key);
      } catch (e) {
        error = e;
      }
      expect(error, key).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ field: 'key', value: key });
      expect((error as Error).message).toMatch(/at most 255 bytes/);
      expect((error as Error).message).toMatch(/segment 2 below the prefix is 256 bytes/);
    }
  });

  it('refuses a listing holding a key segment over 255 bytes before downloading any of it', async () => {
    env = await startTestAws();
    // The emulated S3 cannot store such a key; real S3 can (keys go up to 1024 bytes), so the
    // listing is what another client's bucket would list: a real object, then the long one.
    await put({ 'long/a.json': '{}' });
    const { base, target } = await workspace();
    const longKey = `long/${'n'.repeat(300)}.json`;
    const objects: S3ObjectInfo[] = [
      { bucket: 'my-bucket', key: 'long/a.json', uri: 's3://my-bucket/long/a.json', size: 2 },
      { bucket: 'my-bucket', key: longKey, uri: `s3://my-bucket/${longKey}`, size: 2 },
    ];
    const error = await rejection(downloadObjects(env.session.s3Client, objects, 'long/', target));
    expect(error).toMatchObject({ field: 'key', value: longKey });
    expect(error.message).toMatch(/segment 1 below the prefix is 305 bytes/);
    expect(await readdir(target)).toEqual([]);
    expect(await tree(base)).toEqual(['outside', 'target']);
    expect(env.inputsOf('GetObjectCommand')).toEqual([]);
  });

  it('refuses a key whose local path would pass the longest path the system takes, before writing', async () => {
    env = await startTestAws();
    const { base } = await workspace();
    // A download folder about 3.3 kB deep, and a key of 22 folders of 45 characters below it:
    // together over Linux's 4096-byte PATH_MAX, with every name short.
    const deep = join(base, ...Array.from({ length: 16 }, (_, i) => `${i}`.padStart(200, 'd')));
    await mkdir(deep, { recursive: true });
    const longKey = `deep/${Array.from({ length: 22 }, (_, i) => `${i}`.padStart(45, 'f')).join('/')}/x.json`;
    await put({ 'deep/analysis.json': '{"version":"1.0"}', [longKey]: '{}' });

    const error = await rejection(ClarifyResults.read(env.session, 's3://my-bucket/deep', deep));
    expect(error).toMatchObject({ field: 'key', value: longKey });
    expect(error.message).toMatch(/local path .* at most \d+ bytes/);
    expect(await readdir(deep)).toEqual([]);
    expect(env.inputsOf('GetObjectCommand')).toEqual([]);
  });
});

describe('(c) keys that clash with each other or with the folder', () => {
  it('refuses a key that is a file where another key needs a folder', async () => {
    env = await startTestAws();
    await put({ 'c/0.json': '{}', 'c/a': 'file', 'c/a/b': 'below' });
    const { base, target } = await workspace();

    const error = await rejection(ClarifyResults.read(env.session, 's3://my-bucket/c', target));
    expect(error).toMatchObject({ field: 'key', value: 'c/a' });
    expect(error.message).toContain('"c/a/b" needs');
    expect(await readdir(target)).toEqual([]);
    expect(await tree(base)).toEqual(['outside', 'target']);
    expect(env.inputsOf('GetObjectCommand')).toEqual([]);
  });

  it('refuses a key that needs a folder where the target holds a file, leaving the file alone', async () => {
    env = await startTestAws();
    await put({ 'c/analysis.json': '{}', 'c/nested/dog.jpeg': 'jpeg' });
    const { target } = await workspace();
    await writeFile(join(target, 'nested'), 'mine');

    const error = await rejection(ClarifyResults.read(env.session, 's3://my-bucket/c', target));
    expect(error).toMatchObject({ field: 'key', value: 'c/nested/dog.jpeg' });
    expect(error.message).toContain(`${join(target, 'nested')} is an existing file`);
    expect(await tree(target)).toEqual(['nested']);
    expect(await readFile(join(target, 'nested'), 'utf8')).toBe('mine');
  });

  it('refuses a key whose file would go where the target holds a folder', async () => {
    env = await startTestAws();
    await put({ 'c/analysis.json': '{}', 'c/report.html': 'report' });
    const { target } = await workspace();
    await mkdir(join(target, 'report.html'));
    await writeFile(join(target, 'report.html', 'inside.txt'), 'mine');

    const error = await rejection(ClarifyResults.read(env.session, 's3://my-bucket/c', target));
    expect(error).toMatchObject({ field: 'key', value: 'c/report.html' });
    expect(error.message).toContain(`${join(target, 'report.html')} is an existing folder`);
    expect(await tree(target)).toEqual(['report.html', join('report.html', 'inside.txt')]);
  });

  it('refuses a download folder that is an existing file', async () => {
    env = await startTestAws();
    await put({ 'c/analysis.json': '{}' });
    const { base } = await workspace();
    await writeFile(join(base, 'file'), 'mine');
    const error = await rejection(ClarifyResults.read(env.session, 's3://my-bucket/c', join(base, 'file')));
    expect(error).toMatchObject({ field: 'directory' });
    await expect(ClarifyResults.read(env.session, 's3://my-bucket/c', join(base, 'file', 'below'))).rejects.toMatchObject({ field: 'directory' });
    expect(await readFile(join(base, 'file'), 'utf8')).toBe('mine');
  });
});

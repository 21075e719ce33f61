/**
 * Storage.remove on a local folder and on the emulated S3: a file that is there goes, one that
 * is not is no error, and a path that would leave the location is refused.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLocation } from '../../src/storage/location.js';
import { storageFor } from '../../src/storage/storage-for.js';
import { startTestAws } from '../helpers/test-aws.js';

describe('Storage.remove', () => {
  it('removes a local file if it is there, and refuses paths outside the folder', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'clarify-ts-remove-'));
    try {
      await writeFile(join(folder, 'a.csv'), 'x');
      const storage = storageFor(parseLocation('output', folder), undefined, 'output');
      await storage.remove('a.csv');
      await storage.remove('missing/b.csv');
      expect(await readdir(folder)).toEqual([]);
      await expect(storage.remove('../x')).rejects.toMatchObject({ name: 'ValidationError' });
      await expect(storage.remove('')).rejects.toMatchObject({ name: 'ValidationError' });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('removes an S3 object if it is there', async () => {
    const test = await startTestAws();
    try {
      await test.aws.s3.putObject('s3://my-bucket/out/explanations_shap/out.csv', 'x');
      const storage = storageFor(parseLocation('output', 's3://my-bucket/out'), test.session.s3Client, 'output');
      await storage.remove('explanations_shap/out.csv');
      await storage.remove('explanations_shap/missing.csv');
      expect(await test.aws.s3.listObjects('s3://my-bucket/out/')).toEqual([]);
    } finally {
      await test.close();
    }
  });
});

// The emulator starts and validates on a machine without Python or botocore (issue 28,
// item 1): a child process whose PATH holds only node and whose environment names no
// botocore folder. Before the package shipped its models, the emulator looked in Debian's
// and pip's botocore folders (and read Debian's December 2022 model where it found it,
// which refuses ml.c6i.xlarge) or refused to start.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SHIPPED_MODEL_PREFIX } from '../../src/testing/service-model.js';

const ROOT = resolve(import.meta.dirname, '../..');
let home: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'no-python-'));
  const bin = join(home, 'bin');
  mkdirSync(bin);
  symlinkSync(process.execPath, join(bin, 'node'));
  // Nothing inherited: no CLARIFY_TS_BOTOCORE_DATA, no PYTHONPATH, no python3 on PATH.
  env = { PATH: bin, HOME: home, TMPDIR: tmpdir() };
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

it('finds no Python on the child’s PATH', () => {
  const python = spawnSync('python3', ['--version'], { env });
  expect((python.error as NodeJS.ErrnoException | undefined)?.code).toBe('ENOENT');
});

it('starts and validates SageMaker requests with the shipped model, accepting ml.c6i.xlarge', { timeout: 60_000 }, () => {
  const child = spawnSync(
    process.execPath,
    // The S3 flag: s3rver's list paging needs DES (docs/testing.md); harmless where it does not.
    ['--import', 'tsx', 'test/testing/fixtures/start-without-python.ts'],
    { cwd: ROOT, env, encoding: 'utf8', timeout: 50_000 },
  );
  expect(child.status, child.stderr).toBe(0);
  const result = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as {
    modelPath: string;
    accepted: { arn?: string; name?: string; message?: string };
    refused: { arn?: string; name?: string; message?: string };
  };
  expect(result.modelPath).toBe(`${SHIPPED_MODEL_PREFIX}sagemaker-2017-07-24.json`);
  expect(result.accepted).toEqual({ arn: 'arn:aws:sagemaker:us-east-1:123456789012:processing-job/current-instance-type' });
  expect(result.refused.name).toBe('ValidationException');
  expect(result.refused.message).toMatch(
    /^1 validation error detected: Value 'ml.nosuch.xlarge' at 'processingResources.clusterConfig.instanceType' failed to satisfy constraint: Member must satisfy enum value set: \[.*ml\.c6i\.xlarge.*\]$/,
  );
});

/**
 * A normal run prints no warnings: no Node `Warning:` line (DEP0005's
 * `Buffer() is deprecated` appeared in every run once), and no AWS SDK notice
 * on an S3 run. Each command runs in a child process, as a user runs it; with
 * `--quiet` stderr stays empty.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ExitCode } from '../../src/cli/exit-status.js';
import { type LocalAws, startLocalAws } from '../../src/testing/index.js';
import { folderWith } from '../helpers/engine-fixtures.js';
import { type CliResult, cli, demoModel, examples } from '../helpers/run-cli.js';

// Each test runs the CLI (or tsx) in a child process; start-up alone takes seconds on a loaded two-core machine.
vi.setConfig({ testTimeout: 180_000 });

/** Lines Node (or a library through process.emitWarning) prints for a warning. */
const WARNING = /Warning|\(node:\d+\)|--trace-warnings|deprecated/i;

function expectNoWarnings(result: CliResult): void {
  expect(result.stderr.split('\n').filter((l) => WARNING.test(l)), result.stderr).toEqual([]);
}

async function smallImages(): Promise<string> {
  const dir = await folderWith({});
  await mkdir(join(dir, 'images'));
  for (const name of ['01-circle.png', '05-star.png']) await copyFile(fileURLToPath(new URL(`images/${name}`, examples)), join(dir, 'images', name));
  return dir;
}

describe('a normal run prints no warnings', () => {
  it('explain, with progress and with --quiet', async () => {
    const dir = await smallImages();
    const common = [join(dir, 'images'), '--model', demoModel, '--num-samples', '30', '--seed', '1', '--concurrency', '1'];
    const loud = await cli(['explain', ...common, '--top-k', '2', '--out', join(dir, 'out')]);
    expect(loud.code, loud.stderr).toBe(ExitCode.ok);
    expect(loud.stderr).toContain('01-circle.png');
    expectNoWarnings(loud);
    const quiet = await cli(['explain', ...common, '--quiet', '--shared-scale', '--segment-numbers', '--out', join(dir, 'quiet')]);
    expect(quiet.code).toBe(ExitCode.ok);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toBe('');
  });

  it('demo', async () => {
    const dir = await folderWith({});
    const result = await cli(['demo', '--num-samples', '30', '--concurrency', '2', '--out', join(dir, 'demo')]);
    expect(result.code, result.stderr).toBe(ExitCode.ok);
    expectNoWarnings(result);
  });

  describe('on S3 (the emulator\'s S3, reached through the usual AWS environment variables)', () => {
    let aws: LocalAws;
    let env: NodeJS.ProcessEnv;
    beforeAll(async () => {
      aws = await startLocalAws({ buckets: ['my-bucket'] });
      const credentials = aws.credentials as { accessKeyId: string; secretAccessKey: string };
      env = {
        AWS_ENDPOINT_URL_S3: aws.s3ClientConfig().endpoint as string,
        AWS_REGION: aws.region,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: undefined,
      };
      for (const name of ['01-circle.png', '05-star.png']) {
        await aws.s3.putObject(`s3://my-bucket/in/${name}`, await readFile(fileURLToPath(new URL(`images/${name}`, examples))));
      }
    });
    afterAll(async () => {
      await aws?.stop();
    });

    it('run --data s3://… --output s3://…, then report s3://…', async () => {
      const dir = await folderWith({});
      const config = join(dir, 'analysis_config.json');
      await writeFile(config, JSON.stringify({
        dataset_type: 'application/x-image',
        predictor: { model_name: 'shapes' },
        methods: { shap: { num_samples: 30, seed: 2, image_config: { model_type: 'IMAGE_CLASSIFICATION' } } },
      }));
      const run = await cli(['run', '--config', config, '--data', 's3://my-bucket/in/', '--output', 's3://my-bucket/out', '--model', demoModel, '--concurrency', '1'], env);
      expect(run.code, run.stderr).toBe(ExitCode.ok);
      expectNoWarnings(run);
      expect(await aws.s3.listObjects('s3://my-bucket/out/')).toEqual(expect.arrayContaining(['s3://my-bucket/out/analysis.json', 's3://my-bucket/out/report.pdf']));

      await aws.s3.putObject('s3://my-bucket/out/report.html', 'stale');
      const report = await cli(['report', 's3://my-bucket/out', '--quiet'], env);
      expect(report.code, report.stderr).toBe(ExitCode.ok);
      expect(report.stderr).toBe('');
      expect(new TextDecoder().decode(await aws.s3.getObject('s3://my-bucket/out/report.html'))).toMatch(/^<!doctype html>/);
    });
  });
});

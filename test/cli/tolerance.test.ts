/**
 * `--tolerance` and `--relative-tolerance` of `explain` (issue 30, items 3 and 6): the
 * run records them and each image's `converged`, and the CLI prints a warning when an
 * image stopped at `--num-samples` before its standard errors came within the tolerance;
 * a tolerance that is not a positive number is bad input.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { AnalysisDocument, SucceededImageRecord } from '../../src/analysis/document.js';
import { ExitCode } from '../../src/cli/exit-status.js';
import { folderWith } from '../helpers/engine-fixtures.js';
import { cli, demoModel, examples } from '../helpers/run-cli.js';

// Each test runs the CLI in a child process; start-up alone takes seconds on a loaded two-core machine.
vi.setConfig({ testTimeout: 180_000 });

const image = fileURLToPath(new URL('images/01-circle.png', examples));
const FAST = ['--model', demoModel, '--num-samples', '200', '--num-segments', '12', '--compactness', '10', '--seed', '2', '--concurrency', '1'];

async function explain(out: string, ...flags: string[]) {
  const result = await cli(['explain', image, ...FAST, ...flags, '--out', out]);
  expect(result.code, result.stderr).toBe(ExitCode.ok);
  const document = JSON.parse(await readFile(join(out, 'analysis.json'), 'utf8')) as AnalysisDocument;
  return { result, document, record: document.images[0] as SucceededImageRecord };
}

describe('clarify-ts explain --tolerance', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await folderWith({});
  });

  it('warns when the ceiling came first, and records the tolerance and the outcome', async () => {
    const { result, document, record } = await explain(join(dir, 'tight'), '--relative-tolerance', '1e-9');
    expect(document.settings.relative_tolerance).toBe(1e-9);
    expect(record.converged).toBe(false);
    expect(result.stderr).toMatch(/clarify-ts: warning: 1 of 1 images did not converge: .*relative_tolerance 1e-9 after num_samples 200/);
  });

  it('stops early without a warning when the tolerance is loose', async () => {
    const { result, record } = await explain(join(dir, 'loose'), '--tolerance', '10');
    expect(record.converged).toBe(true);
    expect(record.num_evaluations).toBeLessThan(202);
    expect(result.stderr).not.toMatch(/did not converge/);
  });

  it('is bad input when not a number > 0', async () => {
    const result = await cli(['explain', image, ...FAST, '--tolerance', '0', '--out', join(dir, 'bad')]);
    expect(result.code).toBe(ExitCode.usage);
    expect(result.stderr).toMatch(/--tolerance must be a number > 0, got "0"/);
  });
});

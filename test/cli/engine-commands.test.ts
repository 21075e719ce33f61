/**
 * The clarify-ts executable as a user runs it: `explain` and `report --merge`
 * in a child process, with the exit statuses of docs/cli.md (3 = some images
 * failed, 2 = bad input).
 */
import { execFile } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { folderWith } from '../helpers/engine-fixtures.js';

// Each test runs the CLI (or tsx) in a child process; start-up alone takes seconds on a loaded two-core machine.
vi.setConfig({ testTimeout: 180_000 });

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url));
const examples = new URL('../../examples/', import.meta.url);

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', TSX, BIN, ...args], { encoding: 'utf8' });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('clarify-ts explain', () => {
  it('explains files with the demo ONNX model, prints JSON, and exits 3 when some images failed', async () => {
    const dir = await folderWith({ 'bad.png': 'not a png', 'star.png': await readFile(new URL('images/05-star.png', examples)) });
    const out = join(dir, 'out');
    const result = await cli(['explain', join(dir, 'star.png'), join(dir, 'bad.png'), '--model', fileURLToPath(new URL('models/shapes-cnn.onnx', examples)),
      '--num-samples', '60', '--seed', '3', '--compactness', '10', '--out', out, '--json', '--concurrency', '1']);
    expect(result.code).toBe(3);
    const printed = JSON.parse(result.stdout);
    expect(printed.summary).toEqual({ images: 2, succeeded: 1, failed: 1 });
    expect(printed.images.find((i: { file: string }) => i.file === 'star.png').predicted_label.label).toBe('star');
    const written = JSON.parse(await readFile(join(out, 'analysis.json'), 'utf8'));
    expect(written.images).toEqual(printed.images);
  });

  it('refuses a missing model file with a one-line error and exit status 2, writing nothing', async () => {
    const dir = await folderWith({ 'a.png': await readFile(new URL('images/01-circle.png', examples)) });
    const result = await cli(['explain', join(dir, 'a.png'), '--model', join(dir, 'missing.onnx'), '--out', join(dir, 'out')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^clarify-ts: .*missing.onnx does not exist \(--model\)\n$/);
    expect(await readdir(dir)).toEqual(['a.png']);
  });

  it('report --merge fails clearly when there are no parts', async () => {
    const dir = await folderWith({ 'x.txt': '' });
    const result = await cli(['report', '--merge', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('analysis.part-<host>.json');
  });
});

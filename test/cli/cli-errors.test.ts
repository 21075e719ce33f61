/**
 * Every user error of the `clarify-ts` executable is one `clarify-ts: …` line
 * on stderr with exit status 2 (docs/cli.md, "Exit codes"): no stack trace,
 * no help text. Bugs say they are internal errors and show a stack only with
 * CLARIFY_TS_DEBUG=1.
 */
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { ExitCode, reportError } from '../../src/cli/exit-status.js';
import { ValidationError } from '../../src/errors.js';
import { folderWith } from '../helpers/engine-fixtures.js';
import { cli, demoModel, examples, lines } from '../helpers/run-cli.js';

// Each test runs the CLI (or tsx) in a child process; start-up alone takes seconds on a loaded two-core machine.
vi.setConfig({ testTimeout: 180_000 });

const star = fileURLToPath(new URL('images/05-star.png', examples));

/** Exit 2 and exactly one stderr line, which `pattern` matches. */
function expectOneLineUsageError(result: { code: number | null; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(lines(result.stderr), result.stderr).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at |SyntaxError|TypeError/);
  expect(result.stdout).toBe('');
  expect(result.code).toBe(ExitCode.usage);
}

describe('clarify-ts run --config with a config that is not a JSON object', () => {
  it.each([
    ['malformed JSON', '{"predictor": {"model_name": "m"}, oops}', /^clarify-ts: Invalid config: got ".*config\.json"; allowed: .*\(not JSON: .*\)$/m],
    ['a JSON array', '[]', /^clarify-ts: Invalid config: got ".*config\.json"; allowed: .*\(it holds array\(0\)\)$/m],
    ['JSON null', 'null', /^clarify-ts: Invalid config: got ".*config\.json"; allowed: .*\(it holds null\)$/m],
  ])('%s is one line naming the file, exit 2', async (_name, text, pattern) => {
    const dir = await folderWith({ 'config.json': text, 'images/a.png': '' });
    const result = await cli(['run', '--model', demoModel, '--config', join(dir, 'config.json'), '--data', join(dir, 'images'), '--output', join(dir, 'out')]);
    expectOneLineUsageError(result, pattern);
  });
});

describe('clarify-ts --model', () => {
  it('a file that is not ONNX is a one-line "Invalid model" with onnxruntime\'s reason, exit 2', async () => {
    const dir = await folderWith({ 'model.onnx': 'not a model', 'a.png': await readFile(star) });
    const result = await cli(['explain', join(dir, 'a.png'), '--model', join(dir, 'model.onnx'), '--out', join(dir, 'out'), '--num-samples', '20']);
    expectOneLineUsageError(result, /^clarify-ts: Invalid model: got ".*model\.onnx"; allowed: an ONNX model that onnxruntime-node can load \(.+\)$/m);
  });

  it('a model not named .onnx is not read as its own JSON sidecar', async () => {
    const dir = await folderWith({ 'text.jpg': 'hello' });
    await copyFile(star, join(dir, 'a.png'));
    const result = await cli(['explain', join(dir, 'a.png'), '--model', join(dir, 'text.jpg'), '--out', join(dir, 'out'), '--num-samples', '20']);
    // It is judged as a model (and refused as one), not parsed as JSON.
    expectOneLineUsageError(result, /^clarify-ts: Invalid model: got ".*text\.jpg"; allowed: an ONNX model/m);
  });

  it('a sidecar that is not JSON is an error naming the sidecar, not silently ignored', async () => {
    const dir = await folderWith({ 'net.json': '{ "classes": [' });
    await copyFile(demoModel, join(dir, 'net.onnx'));
    await copyFile(star, join(dir, 'a.png'));
    const result = await cli(['explain', join(dir, 'a.png'), '--model', join(dir, 'net.onnx'), '--out', join(dir, 'out')]);
    expectOneLineUsageError(result, /^clarify-ts: Invalid model sidecar: got ".*net\.json"; allowed: a JSON object .*\(not JSON: .*\)$/m);
  });

  it('a sidecar key of the wrong type names the key and the sidecar', async () => {
    const dir = await folderWith({ 'net.json': JSON.stringify({ input: { size: 64 } }) });
    await copyFile(demoModel, join(dir, 'net.onnx'));
    await copyFile(star, join(dir, 'a.png'));
    const result = await cli(['explain', join(dir, 'a.png'), '--model', join(dir, 'net.onnx'), '--out', join(dir, 'out')]);
    expectOneLineUsageError(result, /^clarify-ts: Invalid model sidecar input\.size: got 64; allowed: \[height, width\] \(in .*net\.json\)$/m);
  });
});

describe('clarify-ts explain arguments', () => {
  it('a missing image is one line saying it does not exist, exit 2', async () => {
    const dir = await folderWith({});
    const result = await cli(['explain', join(dir, 'nope.png'), '--model', demoModel, '--out', join(dir, 'out')]);
    expectOneLineUsageError(result, /^clarify-ts: \/.*\/nope\.png does not exist$/m);
  });

  it('a folder without images is one line, exit 2', async () => {
    const dir = await folderWith({ 'photos/notes.txt': 'x' });
    const result = await cli(['explain', join(dir, 'photos'), '--model', demoModel, '--out', join(dir, 'out')]);
    expectOneLineUsageError(result, /^clarify-ts: Invalid images: got ".*photos"; .*\(no \.jpg, \.jpeg or \.png image in that folder or below\)$/m);
  });
});

describe('clarify-ts segment', () => {
  it('an unreadable image is bad input: one line, exit 2', async () => {
    const dir = await folderWith({ 'bad.png': 'not a png' });
    const result = await cli(['segment', join(dir, 'bad.png'), '--out', join(dir, 'out.png')]);
    expectOneLineUsageError(result, /^clarify-ts: Invalid <image>: got ".*bad\.png"; allowed: a readable image file .*\(Cannot decode image .*\)$/m);
  });
});

describe("commander's usage errors", () => {
  it.each([
    [['explain', 'a.png'], "clarify-ts: required option '--model <file>' not specified (see clarify-ts explain --help)"],
    [['bogus'], "clarify-ts: unknown command 'bogus' (see clarify-ts --help)"],
    [['explain', 'a.png', '--model', 'm.onnx', '--num-samples', 'x'], /^clarify-ts: option '--num-samples <n>' argument 'x' is invalid\. .*\(see clarify-ts explain --help\)$/m],
  ])('%j is one line pointing at --help, exit 2', async (args, expected) => {
    const result = await cli(args);
    expectOneLineUsageError(result, typeof expected === 'string' ? new RegExp(`^${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm') : expected);
  });

  it('--help still prints the help and exits 0', async () => {
    const result = await cli(['explain', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: clarify-ts explain');
  });
});

describe('reportError', () => {
  const collect = (err: unknown, debug: boolean) => {
    const out: string[] = [];
    const code = reportError(err, (l) => out.push(l), debug);
    return { code, text: out.join('\n') };
  };

  it('calls a non-ClarifyError an internal error, with no stack unless debugging', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'x')");
    const quiet = collect(bug, false);
    expect(quiet.code).toBe(ExitCode.failed);
    expect(quiet.text).toBe("clarify-ts: internal error (a bug in clarify-ts): TypeError: Cannot read properties of undefined (reading 'x'); rerun with CLARIFY_TS_DEBUG=1 to print its stack trace");
    const debug = collect(bug, true);
    expect(debug.text.split('\n')[0]).toBe("clarify-ts: internal error (a bug in clarify-ts): TypeError: Cannot read properties of undefined (reading 'x')");
    expect(debug.text).toMatch(/\n\s+at /);
  });

  it('shows a file-system error as its message (exit 1) and a ValidationError on one line (exit 2)', async () => {
    const missing = await readFile('/nonexistent/clarify-ts').catch((e: unknown) => e);
    expect(collect(missing, false)).toEqual({ code: ExitCode.failed, text: expect.stringMatching(/^clarify-ts: ENOENT: no such file or directory, open '\/nonexistent\/clarify-ts'$/) });
    const invalid = new ValidationError('--model', 'a\nb', 'x');
    expect(collect(invalid, false)).toEqual({ code: ExitCode.usage, text: 'clarify-ts: Invalid --model: got "a\\nb"; allowed: x' });
  });
});

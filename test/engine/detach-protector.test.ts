/**
 * Decoding and encoding images must leave V8's ArrayBufferDetaching protector intact:
 * once any ArrayBuffer is detached in a thread, every typed-array access in optimised
 * code there (SLIC, masking, Kernel SHAP) carries an extra check. sharp's `toBuffer()`
 * detaches one; `toUint8Array()` does not. V8 reports the protector's invalidation
 * with `--trace-protector-invalidation`, in every thread, so the checks run the built
 * CLI in a child process (under tsx the loader itself detaches buffers). They need
 * `npm run build`, which CI runs before the tests; without a build they are skipped.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

// Each test runs the CLI (or tsx) in a child process; start-up alone takes seconds on a loaded two-core machine.
vi.setConfig({ testTimeout: 180_000 });

const INVALIDATED = 'Invalidating protector cell ArrayBufferDetaching';
const CLI = join(process.cwd(), 'bin/clarify-ts.js');
const built = existsSync(join(process.cwd(), 'dist/cli/bin.js'));
const work = mkdtempSync(join(tmpdir(), 'clarify-protector-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs node with the trace flag and returns stdout and stderr together. */
function traced(args: string[]): string {
  return execFileSync(process.execPath, ['--trace-protector-invalidation', ...args], {
    cwd: process.cwd(),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
}

describe.skipIf(!built)('the ArrayBufferDetaching protector (needs `npm run build`)', () => {
  it("is invalidated by sharp's toBuffer() (the control: the trace reports it)", () => {
    const out = traced([
      '--input-type=module',
      '-e',
      "import sharp from 'sharp'; await sharp({ create: { width: 4, height: 4, channels: 3, background: '#808080' } }).png().toBuffer(); console.log('done');",
    ]);
    expect(out).toContain('done');
    expect(out).toContain(INVALIDATED);
  });

  it('survives `clarify-ts segment` (decode, SLIC, PNG encode)', () => {
    const out = traced([CLI, 'segment', 'examples/images/01-circle.png', '--out', join(work, 'segments.png'), '--json']);
    expect(out).toContain('numSegments');
    expect(out).not.toContain(INVALIDATED);
  });

  it('survives `clarify-ts demo` in the main thread and every worker (decode, explain, heat maps, report)', () => {
    const out = traced([CLI, 'demo', '--out', join(work, 'demo'), '--num-samples', '64', '--concurrency', '2', '--json']);
    expect(out).toContain('"failed":0');
    expect(out).not.toContain(INVALIDATED);
  }, 120_000);
});

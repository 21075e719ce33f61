/**
 * Aborting runAnalysis while worker threads run the ONNX model: the run rejects
 * with AbortError and the process lives on. Terminating a worker thread inside
 * an onnxruntime-node call aborts the whole process (SIGABRT), so each attempt
 * runs in a child process (test/helpers/abort-child.ts) and the test reads how it ended.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { SeededRandom } from '../../src/explain/numeric/random.js';

// Each test runs the CLI (or tsx) in a child process; start-up alone takes seconds on a loaded two-core machine.
vi.setConfig({ testTimeout: 180_000 });

const root = fileURLToPath(new URL('../../', import.meta.url));
const child = fileURLToPath(new URL('../helpers/abort-child.ts', import.meta.url));

/**
 * Where to abort: before any image, after the first image, and at seeded delays
 * spread over worker start-up, model loading, the model probe and the first
 * images' inference (an image takes about 0.7 s on one core, a worker about
 * 0.5 s to start).
 */
function abortPoints(seed: number): string[] {
  const random = new SeededRandom(seed);
  return ['start', 'first-image', ...Array.from({ length: 5 }, () => `delay:${300 + random.nextBelow(1500)}`)];
}

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly output: string;
}

function runChild(concurrency: number, points: readonly string[]): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, String(concurrency), ...points], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    proc.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // A hang guard, not a speed check: a pool that never closes keeps the child alive forever.
    const guard = setTimeout(() => proc.kill('SIGKILL'), 100_000);
    proc.on('error', reject);
    proc.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, output });
    });
  });
}

describe('aborting runAnalysis while workers run the ONNX model', () => {
  for (const [concurrency, seed] of [[1, 11], [2, 29]] as const) {
    it(`rejects with AbortError, leaves nothing half-written and keeps the process alive (concurrency ${concurrency})`, async () => {
      const points = abortPoints(seed);
      const exit = await runChild(concurrency, points);
      expect({ code: exit.code, signal: exit.signal }, exit.output).toEqual({ code: 0, signal: null });
      const runs = exit.output.split('\n').filter((line) => line.startsWith('run '));
      expect(runs).toEqual(points.map((p) => expect.stringMatching(new RegExp(`^run ${p}: AbortError, \\d+ files written, leftovers \\[\\], broken \\[\\]$`))));
    });
  }
});

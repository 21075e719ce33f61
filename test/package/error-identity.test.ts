/**
 * The built package's entry points share one copy of each error class, in ES module
 * and CommonJS form: an error thrown through `clarify-ts/explain` or
 * `clarify-ts/testing` is `instanceof` the class imported from `clarify-ts`, and a
 * model's own ModelError is not wrapped in a second one. Each format runs in a child
 * process that loads the package by its name (fixtures/entries.mjs, entries.cjs), as
 * a consumer would, so the exports map is exercised too. It also runs an ONNX model
 * through runAnalysis, which puts it on worker threads loaded from the build's
 * engine/worker entry.
 *
 * They need `npm run build`, which CI runs before the tests; without a build they are
 * skipped.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

// Each test runs the CLI (or tsx) in a child process; start-up alone takes seconds on a loaded two-core machine.
vi.setConfig({ testTimeout: 180_000 });

interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

const repo = process.cwd();
const built = ['dist/index.js', 'dist/index.cjs', 'dist/explain/index.js', 'dist/testing/index.cjs', 'dist/engine/worker.cjs'].every((f) =>
  existsSync(join(repo, f)),
);
const work = mkdtempSync(join(tmpdir(), 'clarify-identity-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function runFixture(fixture: string): CheckResult[] {
  const options = {
    onnxModel: join(repo, 'examples/models/shapes-cnn.onnx'),
    images: join(repo, 'examples/images'),
    files: ['01-circle.png', '02-square.png'],
    output: join(work, fixture),
  };
  const out = execFileSync(process.execPath, [join(repo, 'test/package/fixtures', fixture), JSON.stringify(options)], {
    cwd: repo,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '[]') as CheckResult[];
}

describe.skipIf(!built)('error classes across the entry points of the build (needs `npm run build`)', () => {
  for (const [format, fixture] of [
    ['ES modules (import)', 'entries.mjs'],
    ['CommonJS (require)', 'entries.cjs'],
  ] as const) {
    it(`${format}: one ClarifyError, ValidationError, ModelError, AbortError and LocalAwsSetupError; ONNX on workers runs`, () => {
      const results = runFixture(fixture);
      expect(results.map((r) => r.name)).toHaveLength(9);
      // Every failing check, with what was thrown: the assertion message names the broken identity.
      expect(results.filter((r) => !r.ok)).toEqual([]);
    }, 120_000);
  }
});

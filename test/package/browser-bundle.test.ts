/**
 * The browser build of `clarify-ts/explain` (issue 31, item 1): scripts/check-browser-bundle.mjs
 * bundles the built entry for the browser with esbuild, as CI does, and reports what it
 * found as JSON. The entry's import graph (the entry and tsup's shared chunks) imports no
 * Node built-in and no package, the bundle runs without Node's globals, and importing one
 * function (`slic`, `kernelShap`) is tree-shaken to a fraction of the whole entry. A
 * fixture that imports Node built-ins shows that the check catches them.
 *
 * The checks of the build need `npm run build`, which CI runs before the tests; without a
 * build they are skipped.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

interface BundleReport {
  ok: boolean;
  problems: string[];
  runsWithoutNodeGlobals: boolean;
  budgetGzipBytes: number;
  files: string[];
  sizes: Record<'whole' | 'slic' | 'kernelShap', { minified: number; gzipped: number }>;
}

const ROOT = join(import.meta.dirname, '../..');
const SCRIPT = join(ROOT, 'scripts/check-browser-bundle.mjs');
const built = existsSync(join(ROOT, 'dist/explain/index.js'));
const work = mkdtempSync(join(tmpdir(), 'clarify-browser-bundle-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function check(...args: string[]): { status: number | null; report: BundleReport; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [SCRIPT, '--json', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const last = result.stdout.trim().split('\n').at(-1) ?? '';
  expect(last.startsWith('{'), `no JSON report:\n${result.stdout}\n${result.stderr}`).toBe(true);
  return { status: result.status, report: JSON.parse(last) as BundleReport, stdout: result.stdout, stderr: result.stderr };
}

describe.skipIf(!built)(`the browser bundle of clarify-ts/explain${built ? '' : ' (skipped: dist/ is missing; npm run build makes it)'}`, () => {
  it('imports no Node built-in or package, runs without Node globals, is tree-shakeable and within its budget', () => {
    const { status, report, stdout, stderr } = check();
    expect(report.problems, stderr).toEqual([]);
    expect(report.ok).toBe(true);
    expect(status).toBe(0);
    expect(report.runsWithoutNodeGlobals).toBe(true);
    // Only the build's own files: the entry and the chunks it shares with the other entries.
    expect(report.files).toContain('dist/explain/index.js');
    for (const file of report.files) expect(file).toMatch(/^dist\/(explain\/index|chunk-[\w-]+)\.js$/);
    // Tree shaking across tsup's chunks: one function costs a fraction of the whole entry.
    const { whole, slic, kernelShap } = report.sizes;
    for (const part of [slic, kernelShap]) {
      expect(part.gzipped).toBeLessThan(0.5 * whole.gzipped);
      expect(part.minified).toBeLessThan(0.5 * whole.minified);
    }
    expect(whole.gzipped).toBeLessThanOrEqual(report.budgetGzipBytes);
    // One line per figure, the budget beside the whole entry's gzipped size.
    expect(stdout).toMatch(/the whole entry +gzipped +[\d,]+ bytes \(budget [\d,]+/);
    expect(stdout.match(/^(the whole entry|just slic|just kernelShap) +(minified|gzipped) +[\d,]+ bytes/gm)).toHaveLength(6);
  }, 90_000);
});

describe('the check itself', () => {
  it('fails, naming them, on an entry that imports Node built-ins', () => {
    const entry = join(work, 'node-entry.mjs');
    writeFileSync(
      entry,
      [
        "import { readFileSync } from 'node:fs';",
        "import { join } from 'path';",
        'export function slic(file) { return readFileSync(join(file)); }',
        'export function kernelShap() { return 1; }',
      ].join('\n'),
    );
    const { status, report } = check('--entry', entry);
    expect(status).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual(
      expect.arrayContaining([expect.stringContaining("Node built-in 'node:fs'"), expect.stringContaining("Node built-in 'path'")]),
    );
  }, 90_000);

  it('fails on an entry that imports a package', () => {
    const entry = join(work, 'package-entry.mjs');
    writeFileSync(entry, "export { default as slic, default as kernelShap } from 'ndarray';\n");
    const { status, report } = check('--entry', entry);
    expect(status).toBe(1);
    expect(report.problems).toEqual(expect.arrayContaining([expect.stringContaining("package 'ndarray'")]));
  }, 90_000);
});

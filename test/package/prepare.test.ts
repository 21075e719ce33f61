/**
 * npm's `prepare` (scripts/prepare.mjs) builds dist/ in a clone, so that `npx clarify-ts`
 * works after `npm install` and `npm pack` packs dist/. Each case runs a copy of the
 * script in a folder laid out for it: the script works on the folder above its own.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

// Each test runs the CLI (or tsx) in a child process; start-up alone takes seconds on a loaded two-core machine.
vi.setConfig({ testTimeout: 180_000 });

const repo = process.cwd();
const work = mkdtempSync(join(tmpdir(), 'clarify-prepare-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const OUTPUTS = [
  'dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts',
  'dist/explain/index.js', 'dist/explain/index.cjs', 'dist/explain/index.d.ts', 'dist/explain/index.d.cts',
  'dist/testing/index.js', 'dist/testing/index.cjs', 'dist/testing/index.d.ts', 'dist/testing/index.d.cts',
  'dist/engine/worker.cjs', 'dist/engine/worker.js', 'dist/cli/bin.js',
];

function write(path: string, text = ''): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** A package folder holding the script and the given files (no node_modules: no tsup). */
function layout(name: string, files: string[]): string {
  const root = join(work, name);
  mkdirSync(join(root, 'scripts'), { recursive: true });
  copyFileSync(join(repo, 'scripts/prepare.mjs'), join(root, 'scripts/prepare.mjs'));
  write(join(root, 'package.json'), JSON.stringify({ name: 'clarify-ts' }));
  for (const f of files) write(join(root, f));
  return root;
}

function prepare(root: string, npmCommand = 'install'): { status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, [join(root, 'scripts/prepare.mjs')], {
    cwd: root,
    encoding: 'utf8',
    // No npm_execpath: were a build started, it would run a plain `npm`, and fail loudly.
    env: { PATH: process.env.PATH ?? '', npm_command: npmCommand },
  });
  return { status: run.status, stderr: run.stderr };
}

describe('scripts/prepare.mjs', () => {
  it('is the package\'s prepare script', () => {
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.prepare).toBe('node scripts/prepare.mjs');
  });

  it('does nothing without src/ (an installed package, a production install in a container)', () => {
    const root = layout('no-src', []);
    expect(prepare(root)).toEqual({ status: 0, stderr: '' });
  });

  it('lets `npm install --omit=dev` succeed without tsup, saying how to build', () => {
    const root = layout('no-tsup', ['src/index.ts']);
    const run = prepare(root);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('tsup (a devDependency) is not installed');
    expect(run.stderr).toContain('npm run build');
  });

  it('fails `npm pack` and `npm publish` that cannot build: the package would lack dist/', () => {
    const root = layout('pack-no-tsup', ['src/index.ts']);
    expect(prepare(root, 'pack').status).toBe(1);
    expect(prepare(root, 'publish').status).toBe(1);
  });

  it('does not rebuild a dist/ newer than every source', () => {
    const root = layout('fresh', ['src/index.ts', 'tsup.config.ts', 'tsconfig.json', ...OUTPUTS]);
    const past = new Date(Date.now() - 60_000);
    for (const input of ['src/index.ts', 'src', 'tsup.config.ts', 'tsconfig.json', 'package.json']) utimesSync(join(root, input), past, past);
    const run = prepare(root, 'pack');
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('dist/ is up to date');
  });

  it('rebuilds when a source is newer than the oldest output, or an output is missing', () => {
    const stale = layout('stale', ['src/index.ts', ...OUTPUTS]);
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(stale, 'dist/index.cjs'), past, past);
    // No tsup here, so "rebuild" shows as the missing-tsup notice (exit 1 when packing).
    expect(prepare(stale, 'pack')).toMatchObject({ status: 1 });
    const partial = layout('partial', ['src/index.ts', ...OUTPUTS.filter((f) => f !== 'dist/engine/worker.cjs')]);
    expect(prepare(partial, 'pack')).toMatchObject({ status: 1 });
  });
});

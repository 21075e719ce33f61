#!/usr/bin/env node
// npm's `prepare` script: builds dist/ (the CLI and every entry point need it) when
// `npm install`, `npm ci` or `npm pack` runs in a clone of the repository.
//
// It builds only when it can and must:
// - no src/ (the installed package, a container's production install): nothing to build;
// - no tsup (`npm install --omit=dev`): says how to build, and lets the install succeed
//   (but fails `npm pack` and `npm publish`, which would ship a package without dist/);
// - dist/ already newer than every input: nothing to do, so that `npm ci && npm pack`
//   and `npm install && npm test` cost one build, not one per npm command.
// `npm run build` always builds.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (message) => process.stderr.write(`clarify-ts prepare: ${message}\n`);

// What `npm run build` writes; the oldest of them must be newer than every input.
const OUTPUTS = [
  'dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts',
  'dist/explain/index.js', 'dist/explain/index.cjs', 'dist/explain/index.d.ts', 'dist/explain/index.d.cts',
  'dist/testing/index.js', 'dist/testing/index.cjs', 'dist/testing/index.d.ts', 'dist/testing/index.d.cts',
  'dist/engine/worker.cjs', 'dist/engine/worker.js', 'dist/cli/bin.js',
];
// Folders count with their files: a deleted or renamed source changes its folder's mtime.
// Not package-lock.json: `npm install` may rewrite it before running this script.
const INPUTS = ['src', 'tsup.config.ts', 'tsconfig.json', 'package.json'];

function newestInput() {
  let newest = 0;
  const visit = (path) => {
    const info = statSync(path, { throwIfNoEntry: false });
    if (info === undefined) return;
    newest = Math.max(newest, info.mtimeMs);
    if (info.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
  };
  for (const input of INPUTS) visit(join(root, input));
  return newest;
}

function oldestOutput() {
  let oldest = Number.POSITIVE_INFINITY;
  for (const output of OUTPUTS) {
    const info = statSync(join(root, output), { throwIfNoEntry: false });
    if (info === undefined) return undefined;
    oldest = Math.min(oldest, info.mtimeMs);
  }
  return oldest;
}

function hasTsup() {
  try {
    createRequire(join(root, 'package.json')).resolve('tsup');
    return true;
  } catch {
    return false;
  }
}

if (!existsSync(join(root, 'src'))) process.exit(0);

const oldest = oldestOutput();
if (oldest !== undefined && oldest > newestInput()) {
  say('dist/ is up to date with src/ (`npm run build` rebuilds it anyway)');
  process.exit(0);
}
if (!hasTsup()) {
  say('dist/ is missing or older than src/, and tsup (a devDependency) is not installed: ' +
    'run `npm install` with dev dependencies, then `npm run build`, before using the CLI or the package from this folder');
  const packing = ['pack', 'publish'].includes(process.env.npm_command ?? '');
  process.exit(packing ? 1 : 0);
}
say(oldest === undefined ? 'building dist/ (npm run build)' : 'dist/ is older than src/: rebuilding (npm run build)');
// npm sets npm_execpath to its own CLI script; a plain `npm` on PATH is the fallback.
// The build's output goes to stderr: `npm pack` prints the tarball's name on stdout.
const npmCli = process.env.npm_execpath;
const stdio = ['ignore', 2, 2];
const build = npmCli && npmCli.endsWith('.js')
  ? spawnSync(process.execPath, [npmCli, 'run', 'build'], { cwd: root, stdio })
  : spawnSync('npm', ['run', 'build'], { cwd: root, stdio, shell: process.platform === 'win32' });
if (build.error) throw build.error;
process.exit(build.status ?? 1);

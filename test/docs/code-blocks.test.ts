/**
 * Docs that run: every TypeScript block in README.md and docs/*.md is either run
 * here, as a user would run it against the built package (`import … from
 * 'clarify-ts'` resolves to this repository's dist/ through the package's own
 * `exports`), or marked `<!-- not-runnable: reason -->` on the line before it.
 *
 * Each block runs in its own Node process (through tsx, which strips the types),
 * from a fresh folder holding a link to examples/, so relative paths such as
 * `examples/images/01-circle.png` work and files it writes stay out of the repository.
 * A block marked `<!-- runs-with: vitest -->` is a test file: vitest runs it, with
 * `clarify-ts` and its subpaths mapped to dist/ as for a user's project.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeBlocks } from '../helpers/markdown-blocks.js';

const ROOT = join(import.meta.dirname, '../..');
const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const blocks = DOCS.flatMap((file) => codeBlocks(ROOT, file));
const built = existsSync(join(ROOT, 'dist/index.js')) && existsSync(join(ROOT, 'dist/explain/index.js')) && existsSync(join(ROOT, 'dist/testing/index.js'));
const TSX = join(ROOT, 'node_modules/tsx/dist/loader.mjs');
const VITEST = join(ROOT, 'node_modules/vitest/vitest.mjs');
const ARTIFACTS = join(ROOT, 'test-artifacts', 'doc-blocks');
rmSync(ARTIFACTS, { recursive: true, force: true });

describe('every TypeScript block of the docs is run or says why not', () => {
  it('finds the blocks', () => {
    expect(blocks.length).toBeGreaterThan(10);
  });

  it.each(blocks.filter((b) => b.notRunnable !== undefined).map((b) => [`${b.file}:${b.line}`, b] as const))('%s gives a reason', (_, block) => {
    expect(block.notRunnable, 'a not-runnable marker needs a reason').toMatch(/\w{3,}.*\w{3,}/);
  });

  const runnable = blocks.filter((b) => b.notRunnable === undefined);
  describe.skipIf(!built)(`runnable blocks${built ? '' : ' (skipped: dist/ is missing; npm install or npm run build makes it)'}`, () => {
    it.each(runnable.map((b) => [`${b.file}:${b.line}`, b] as const))('%s runs', (name, block) => {
      mkdirSync(ARTIFACTS, { recursive: true });
      // Inside the repository, so that 'clarify-ts' resolves to this package's dist/.
      const script = join(ARTIFACTS, `${name.replace(/[^\w.-]+/g, '_')}${block.vitest ? '.test.ts' : '.mts'}`);
      writeFileSync(script, `${block.code}\n`);
      const cwd = mkdtempSync(join(tmpdir(), 'clarify-ts-doc-block-'));
      symlinkSync(join(ROOT, 'examples'), join(cwd, 'examples'));
      try {
        const command = block.vitest
          ? [VITEST, 'run', '--root', ROOT, '--config', join(import.meta.dirname, 'doc-blocks.vitest.config.ts'), script]
          // No Node flags: what a user runs (the emulator's S3 needs none).
          : ['--import', TSX, script];
        const result = spawnSync(process.execPath, command, {
          cwd: block.vitest ? ROOT : cwd,
          encoding: 'utf8',
          timeout: 110_000,
          env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip', NODE_OPTIONS: '' },
        });
        expect(result.status, `${name} exited ${result.status ?? result.signal}:\n${result.stderr}`).toBe(0);
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
    }, 120_000);
  });
});

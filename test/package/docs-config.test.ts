/**
 * `npm run docs` builds the API reference of the package's entry points into docs/api/
 * only, with warnings as errors. Without typedoc.json TypeDoc wrote its default output
 * over docs/, deleting the hand-written guides. Running TypeDoc itself takes ~20 s, so
 * CI does that (scripts/check-docs.sh); this checks the configuration it runs with.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repo = process.cwd();
const packageJson = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  exports: Record<string, unknown>;
};

function typedocOptions(): Record<string, unknown> {
  // TypeDoc reads typedoc.json as TypeScript reads tsconfig.json: comments allowed.
  const parsed = ts.parseConfigFileTextToJson('typedoc.json', readFileSync(join(repo, 'typedoc.json'), 'utf8'));
  if (parsed.error) throw new Error(ts.flattenDiagnosticMessageText(parsed.error.messageText, '\n'));
  return parsed.config as Record<string, unknown>;
}

describe('typedoc.json', () => {
  it('is what `npm run docs` runs', () => {
    expect(packageJson.scripts.docs).toMatch(/^typedoc(\s|$)/);
    expect(packageJson.scripts.docs).not.toMatch(/--out\b|--entryPoints\b/);
  });

  it('writes docs/api/ and nothing else: not docs/, which holds the guides', () => {
    expect(typedocOptions().out).toBe('docs/api');
    expect(readFileSync(join(repo, '.gitignore'), 'utf8').split('\n')).toContain('docs/api/');
  });

  it('documents exactly the subpaths package.json exports', () => {
    const subpaths = Object.keys(packageJson.exports).filter((p) => p !== './package.json');
    const sources = subpaths.map((p) => (p === '.' ? 'src/index.ts' : `src/${p.slice(2)}/index.ts`)).sort();
    expect([...(typedocOptions().entryPoints as string[])].sort()).toEqual(sources);
  });

  it('treats warnings as errors', () => {
    expect(typedocOptions().treatWarningsAsErrors).toBe(true);
  });
});

/**
 * The layers of src/explain (see src/explain/index.ts): each folder imports only from
 * the folders after it in LAYERS (and from src/errors.ts), and no file imports itself
 * through a chain of imports, type-only imports included.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../src/explain');
const ERRORS = resolve(ROOT, '../errors.ts');
/** From the top (this folder's own files) down: each may import only from those after it. */
const LAYERS = ['top', 'tabular', 'shap', 'model', 'slic', 'image', 'numeric'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The files `file` imports or re-exports from, resolved (`.js` specifiers name `.ts` files). */
function importsOf(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  return source.statements.flatMap((statement) =>
    (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
    statement.moduleSpecifier !== undefined &&
    ts.isStringLiteral(statement.moduleSpecifier)
      ? [resolve(dirname(file), statement.moduleSpecifier.text).replace(/\.js$/, '.ts')]
      : [],
  );
}

const layerOf = (file: string): string => {
  const path = relative(ROOT, file);
  return path.includes('/') ? path.split('/')[0] : 'top';
};

const files = sources(ROOT);
const graph = new Map(files.map((file) => [file, importsOf(file)]));

describe('src/explain layers', () => {
  it('puts every file in a known layer', () => {
    expect(files.filter((file) => !LAYERS.includes(layerOf(file))).map((file) => relative(ROOT, file))).toEqual([]);
  });

  it('imports only from the same layer or a lower one, and from src/errors.ts outside it', () => {
    const wrong: string[] = [];
    for (const [file, imports] of graph) {
      for (const target of imports) {
        const inside = target.startsWith(ROOT + '/');
        const allowed = inside ? LAYERS.indexOf(layerOf(target)) >= LAYERS.indexOf(layerOf(file)) && graph.has(target) : target === ERRORS;
        if (!allowed) wrong.push(`${relative(ROOT, file)} -> ${relative(ROOT, target)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has no import cycle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const path: string[] = [];
    const visit = (file: string): void => {
      state.set(file, 'open');
      path.push(file);
      for (const target of graph.get(file) ?? []) {
        if (state.get(target) === 'open') cycles.push([...path.slice(path.indexOf(target)), target].map((f) => relative(ROOT, f)).join(' -> '));
        else if (!state.has(target) && graph.has(target)) visit(target);
      }
      path.pop();
      state.set(file, 'done');
    };
    for (const file of files) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });
});

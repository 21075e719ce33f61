/**
 * `clarify-ts/web` type-checks in a page (lib DOM) and in a worker (lib WebWorker) without
 * Node's types, and a real `Worker`, `MessagePort` and `DedicatedWorkerGlobalScope` are
 * what `ExplanationWorker` and `serveExplanations` take. Compiled with TypeScript's API
 * against virtual files that import src/web.
 */
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const entry = join(import.meta.dirname, '../../src/web/index.js');

const sources = {
  'page.ts': `import { ExplanationWorker, serveExplanations, type MessagePortLike } from ${JSON.stringify(entry)};
declare const worker: Worker;
declare const port: MessagePort;
new ExplanationWorker<string>(worker);
new ExplanationWorker(port);
serveExplanations(port, { createModel: () => ({ predict: async () => [] }) });
export const asPort: MessagePortLike = worker;`,
  'worker.ts': `import { serveExplanations } from ${JSON.stringify(entry)};
declare const self: DedicatedWorkerGlobalScope;
serveExplanations(self, { createModel: () => ({ predict: async () => [] }) });`,
};

function diagnostics(file: keyof typeof sources, lib: string): string[] {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', lib],
    types: [],
    strict: true,
    exactOptionalPropertyTypes: true,
    skipLibCheck: true,
    noEmit: true,
  };
  const host = ts.createCompilerHost(options);
  const virtual = join(import.meta.dirname, `__virtual__${file}`);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, version, ...rest) =>
    name === virtual ? ts.createSourceFile(name, sources[file], version) : getSourceFile.call(host, name, version, ...rest);
  host.fileExists = (name) => name === virtual || fileExists.call(host, name);
  host.readFile = (name) => (name === virtual ? sources[file] : readFile.call(host, name));
  const program = ts.createProgram([virtual], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('clarify-ts/web in browser type environments', () => {
  it('a page: Worker and MessagePort are ports, without Node types', () => {
    expect(diagnostics('page.ts', 'lib.dom.d.ts')).toEqual([]);
  });
  it("a worker: its global scope serves explanations", () => {
    expect(diagnostics('worker.ts', 'lib.webworker.d.ts')).toEqual([]);
  });
});

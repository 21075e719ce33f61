import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      'explain/index': 'src/explain/index.ts',
      // The browser engine: onnxruntime-web's classifier and the Web Worker runner.
      'web/index': 'src/web/index.ts',
      'testing/index': 'src/testing/index.ts',
      // The engine's worker-thread entry, found beside the bundles at run time.
      'engine/worker': 'src/engine/worker.ts',
    },
    format: ['esm', 'cjs'],
    dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
    sourcemap: true,
    target: 'node20',
    // Code shared by the entries goes into chunks that each entry imports, in both
    // formats: bundled apart, every entry had its own copy of src/errors.ts, so an
    // error thrown through `clarify-ts/explain` failed `instanceof` the same class
    // imported from `clarify-ts`, and code that rethrows its own errors but wraps
    // foreign ones wrapped a ModelError twice. For CommonJS tsup builds ES modules
    // and has rollup convert each output file, chunks included (treeshake below).
    splitting: true,
    treeshake: true,
    // tsup leaves dependencies and peer dependencies out of the bundle, not optional ones.
    external: ['s3rver'],
    clean: true,
  },
  {
    // The executable is ESM only (it uses top-level await) and needs no types. It stays
    // a bundle of its own: sharing the chunks above would take a second, ESM-only build
    // of the library entries. Its errors never meet the library entries' classes: the
    // CLI loads no other copy of clarify-ts (its worker threads pass errors by name).
    entry: { 'cli/bin': 'src/cli/bin.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    target: 'node20',
    clean: false,
  },
]);

import { defineConfig } from 'tsup';

const shared = {
  format: ['esm', 'cjs'] as ('esm' | 'cjs')[],
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
  sourcemap: true,
  target: 'node20',
  splitting: false,
  treeshake: true,
};

export default defineConfig([
  {
    ...shared,
    entry: {
      index: 'src/index.ts',
      'explain/index': 'src/explain/index.ts',
      'testing/index': 'src/testing/index.ts',
      // The engine's worker-thread entry, found beside the bundles at run time.
      'engine/worker': 'src/engine/worker.ts',
    },
    clean: true,
  },
  {
    // The executable is ESM only (it uses top-level await) and needs no types.
    entry: { 'cli/bin': 'src/cli/bin.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    target: 'node20',
    clean: false,
  },
]);

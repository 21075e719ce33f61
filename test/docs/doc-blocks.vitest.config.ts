/**
 * The vitest config a user's project would have for a docs example that is a test
 * file (docs/testing.md): the package's entry points resolve to this repository's
 * build.
 */
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

const ROOT = join(import.meta.dirname, '../..');

export default defineConfig({
  resolve: {
    alias: [
      { find: /^clarify-ts\/testing$/, replacement: join(ROOT, 'dist/testing/index.js') },
      { find: /^clarify-ts\/explain$/, replacement: join(ROOT, 'dist/explain/index.js') },
      { find: /^clarify-ts$/, replacement: join(ROOT, 'dist/index.js') },
    ],
  },
  test: {
    include: ['test-artifacts/doc-blocks/**/*.test.ts'],
    testTimeout: 60_000,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Fast by default; a file whose tests run child processes, whole engine runs or a
    // browser sets its own (vi.setConfig), and so does each slow describe.
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two cores on the project machines: keep one worker per core.
    maxWorkers: 2,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores on the project machines: keep one worker per core.
    maxWorkers: 2,
    // s3rver (clarify-ts/testing) encrypts S3 list continuation tokens with DES, legacy in OpenSSL 3.
    execArgv: ['--openssl-legacy-provider'],
  },
});

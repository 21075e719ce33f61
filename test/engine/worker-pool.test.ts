/**
 * Where the pool finds its worker module: next to the sources (through tsx) or
 * in the built layout (`dist/engine/worker.cjs`, else `worker.js`, beside
 * `dist/index.js` and `dist/cli/bin.js`).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { locateWorker } from '../../src/engine/worker-pool.js';
import { ClarifyError } from '../../src/errors.js';
import { folderWith } from '../helpers/engine-fixtures.js';

describe('locateWorker', () => {
  it('loads worker.ts through tsx when running from the sources', () => {
    const found = locateWorker('file:///repo/src/engine/worker-pool.ts');
    expect(found.filename).toBe('/repo/src/engine/worker.ts');
    expect(found.execArgv[0]).toBe('--import');
    expect(found.execArgv[1]).toMatch(/tsx/);
  });

  it('finds dist/engine/worker.js from the library and from the CLI bundle', async () => {
    const root = await folderWith({});
    await mkdir(join(root, 'dist/engine'), { recursive: true });
    await writeFile(join(root, 'dist/engine/worker.js'), '');
    for (const bundle of ['dist/index.js', 'dist/index.cjs', 'dist/cli/bin.js']) {
      expect(locateWorker(pathToFileURL(join(root, bundle)).href)).toEqual({ filename: join(root, 'dist/engine/worker.js'), execArgv: [] });
    }
  });

  it('prefers the CommonJS worker when the build has both', async () => {
    const root = await folderWith({});
    await mkdir(join(root, 'dist/engine'), { recursive: true });
    await writeFile(join(root, 'dist/engine/worker.js'), '');
    await writeFile(join(root, 'dist/engine/worker.cjs'), '');
    for (const bundle of ['dist/index.js', 'dist/index.cjs', 'dist/cli/bin.js']) {
      expect(locateWorker(pathToFileURL(join(root, bundle)).href)).toEqual({ filename: join(root, 'dist/engine/worker.cjs'), execArgv: [] });
    }
  });

  it('says what is missing when the build has no worker', async () => {
    const root = await folderWith({ 'dist/index.js': '' });
    expect(() => locateWorker(pathToFileURL(join(root, 'dist/index.js')).href)).toThrow(ClarifyError);
    expect(() => locateWorker(pathToFileURL(join(root, 'dist/index.js')).href)).toThrow(/engine\/worker\.cjs or engine\/worker\.js/);
  });
});

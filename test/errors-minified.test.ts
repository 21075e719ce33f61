/**
 * Error names survive minification: `ClarifyError` used to take `new.target.name`, which a
 * minified bundle renames (`'r'`). Each class spells its name out (`errorName`); this
 * bundles the errors with esbuild (minify: true, as an app's bundler does) and checks
 * every `name` in the bundle.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as errors from '../src/errors.js';

const NAMES = [
  'ClarifyError',
  'ValidationError',
  'ModelError',
  'AbortError',
  'LocalAwsSetupError',
  'ModelBackendSetupError',
  'AwsServiceError',
  'UnexpectedStatusError',
  'CapacityError',
  'WaiterTimeoutError',
  'ImageDecodeError',
  'ImageTooLargeError',
  'OutputLockedError',
  'BiasDataError',
] as const;

/** Makes one error of each class (constructor arguments per class) from a module `m`. */
const make = (m: Record<string, new (...args: never[]) => Error>, name: string): Error => {
  const C = m[name] as unknown as new (...args: unknown[]) => Error;
  switch (name) {
    case 'ValidationError':
      return new C('field', 1, 'an integer');
    case 'AwsServiceError':
      return new C('failed', { operation: 's3:GetObject', code: 'NoSuchKey' });
    case 'UnexpectedStatusError':
    case 'CapacityError':
      return new C({ resourceName: 'job', resourceType: 'Processing job', status: 'Failed', allowedStatuses: ['Completed'] });
    case 'ImageTooLargeError':
      return new C('too large', { width: 1, height: 1, maxPixels: 0 });
    case 'OutputLockedError':
      return new C('lock', 'someone', 'wait');
    default:
      return new C('message');
  }
};

describe('error names', () => {
  it('are the class names, unminified', () => {
    const m = errors as unknown as Record<string, new (...args: never[]) => Error>;
    for (const name of NAMES) expect(make(m, name).name, name).toBe(name);
    // Every error class of src/errors.ts is covered above.
    const classes = Object.entries(errors).filter(([, v]) => typeof v === 'function' && /^class /.test(String(v))).map(([k]) => k);
    expect(classes.sort()).toEqual([...NAMES].sort());
  });

  it('survive a minified bundle (esbuild, minify: true)', async () => {
    const entry = fileURLToPath(new URL('../src/errors.ts', import.meta.url));
    const out = await build({
      stdin: {
        contents: `import * as e from ${JSON.stringify(entry)};\n` +
          `export const make = (name, args) => new e[name](...args);\n` +
          `export const abortName = new e.AbortError().name;\n`,
        resolveDir: fileURLToPath(new URL('.', import.meta.url)),
        loader: 'ts',
      },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
    });
    const code = out.outputFiles[0].text;
    // The bundle really renamed the classes.
    expect(code).not.toContain('class AbortError');
    const m = (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as {
      make: (name: string, args: unknown[]) => Error;
      abortName: string;
    };
    expect(m.abortName).toBe('AbortError');
    const proxy = new Proxy({}, { get: (_, name: string) => function (...args: unknown[]) { return m.make(name, args); } });
    for (const name of NAMES) expect(make(proxy as never, name).name, name).toBe(name);
  });
});

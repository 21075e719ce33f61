/**
 * A place that holds files, as runs and reports see it: a local folder or an S3
 * prefix, addressed by `/`-separated paths relative to it. Implementations are
 * `local-storage.ts` and `s3-storage.ts`; `storage-for.ts` picks one.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../errors.js';

/** Files under a location, addressed by `/`-separated paths relative to it. */
export interface Storage {
  /** `s3://bucket/prefix` or the local path, for messages. */
  readonly description: string;
  /** Every file below the location, sorted by relative path. */
  list(signal?: AbortSignal): Promise<string[]>;
  /** Whether `path` is a file (for a local location) or an object (S3). */
  exists(path: string, signal?: AbortSignal): Promise<boolean>;
  read(path: string, signal?: AbortSignal): Promise<Uint8Array>;
  /** Writes atomically: readers see the old file or the whole new one. */
  write(path: string, body: Uint8Array | string, signal?: AbortSignal): Promise<void>;
  /** Removes the file `path` if it is there (a stale output of an earlier run). */
  remove(path: string, signal?: AbortSignal): Promise<void>;
  /** Fails early when nothing can be written here. */
  checkWritable(signal?: AbortSignal): Promise<void>;
  /**
   * Takes the lock file `name` at the location's root for this run, or throws
   * {@link OutputLockedError} naming the run that holds it. Local locks are
   * exclusive; S3 locks are a best effort (see docs/explaining-images.md).
   * @returns a function that releases the lock.
   */
  lock(name: string, signal?: AbortSignal): Promise<() => Promise<void>>;
  /** Removes what a killed run left half-written (local `*.tmp` files); returns how many. */
  removeLeftovers(signal?: AbortSignal): Promise<number>;
}

/**
 * Checks that `path` stays below its location: relative, no `.`, `..` or empty
 * segments, no NUL, and on Windows, where it separates folders, no backslash.
 * Every path from an untrusted source (a part file of a sharded run, a `files`
 * option) passes here before it is read, and every path before it is written.
 * @throws {@link ValidationError}
 */
export function checkRelativePath(path: string, field = 'path'): string {
  const segments = path.split('/');
  if (
    typeof path !== 'string' || path === '' || (process.platform === 'win32' && path.includes('\\')) || path.includes('\0') ||
    segments.some((s) => s === '' || s === '.' || s === '..') || /^[a-zA-Z]:/.test(path)
  ) {
    throw new ValidationError(field, path, 'a relative path inside the folder (no "..", ".", empty or absolute parts)');
  }
  return path;
}

/** Sorts like Python's `sorted()` on str for BMP text: by UTF-16 code units. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Where the engine reads images and writes results: a local folder, a
 * `file://` URI or an `s3://` prefix.
 *
 * @packageDocumentation
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ValidationError } from '../errors.js';

/** A local folder or file. */
export interface LocalLocation {
  readonly kind: 'local';
  /** Absolute path. */
  readonly path: string;
}

/** An S3 prefix (`key` without a trailing slash; empty for the bucket root). */
export interface S3Location {
  readonly kind: 's3';
  readonly bucket: string;
  readonly key: string;
}

/** A local path or an S3 prefix. */
export type Location = LocalLocation | S3Location;

/**
 * Parses `path`, `file:///path` or `s3://bucket/prefix`.
 * @throws {@link ValidationError} for anything else (e.g. `http://`).
 */
export function parseLocation(field: string, value: unknown): Location {
  if (typeof value !== 'string' || value === '') {
    throw new ValidationError(field, value, 'a local path, a file:// URI or an s3://bucket/prefix URI');
  }
  if (value.startsWith('s3://')) {
    const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(value);
    if (!match) throw new ValidationError(field, value, 'an s3://bucket/prefix URI with a valid bucket name');
    return { kind: 's3', bucket: match[1], key: (match[2] ?? '').replace(/\/+$/, '') };
  }
  if (value.startsWith('file://')) {
    try {
      return { kind: 'local', path: fileURLToPath(value) };
    } catch (err) {
      throw new ValidationError(field, value, 'a file:///absolute/path URI', (err as Error).message);
    }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new ValidationError(field, value, 'a local path, a file:// URI or an s3://bucket/prefix URI');
  }
  return { kind: 'local', path: resolve(value) };
}

/** `s3://bucket/key` or the local path, for messages and analysis.json. */
export function formatLocation(location: Location): string {
  return location.kind === 's3' ? `s3://${location.bucket}/${location.key}` : location.path;
}

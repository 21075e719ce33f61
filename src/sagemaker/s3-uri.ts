/** `s3://bucket/key` URIs: parsing and joining the way the Python SDK does. */
import { ValidationError } from '../errors.js';

/** A parsed `s3://bucket/key` URI. */
export interface S3Location {
  readonly bucket: string;
  /** The key or key prefix, without leading slashes (may be empty). */
  readonly key: string;
}

/**
 * Splits an `s3://bucket/key` URI (Python `parse_s3_url`): the key loses its
 * leading slashes and keeps everything else, including a trailing slash.
 *
 * @throws {@link ValidationError} naming `field` for anything but an `s3://` URI with a bucket.
 */
export function parseS3Uri(uri: unknown, field = 's3Uri'): S3Location {
  const match = typeof uri === 'string' ? /^s3:\/\/([^/]+)(\/.*)?$/.exec(uri) : null;
  if (!match) throw new ValidationError(field, uri, 'an S3 URI such as s3://bucket/prefix');
  return { bucket: match[1], key: (match[2] ?? '').replace(/^\/+/, '') };
}

/** Joins a key prefix and a name with `/`, as Python's `"/".join` (so `a/` + `b` gives `a//b`). */
export function joinKey(prefix: string, name: string): string {
  return `${prefix}/${name}`;
}

/** The `s3://` URI of a bucket and key. */
export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

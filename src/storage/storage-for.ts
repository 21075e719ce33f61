/**
 * Picks the {@link Storage} of a location.
 *
 * @packageDocumentation
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { ValidationError } from '../errors.js';
import { LocalStorage } from './local-storage.js';
import type { Location } from './location.js';
import { S3Storage } from './s3-storage.js';
import type { Storage } from './storage.js';

/** The storage of a location; S3 needs a client. */
export function storageFor(location: Location, s3Client: S3Client | undefined, field: string): Storage {
  if (location.kind === 'local') return new LocalStorage(location);
  if (s3Client === undefined) {
    throw new ValidationError(field, `s3://${location.bucket}/${location.key}`, 'a local path, or an S3 URI together with an s3Client');
  }
  return new S3Storage(location, s3Client);
}

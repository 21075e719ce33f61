/**
 * An S3 prefix as the engine's {@link Storage}. A PutObject is atomic (the
 * object appears whole or not at all), so nothing is ever half-written there.
 *
 * @packageDocumentation
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { ClarifyError, OutputLockedError, ValidationError } from '../errors.js';
import type { S3Location } from './location.js';
import { describeHolder, newHolder, parseHolder } from './lock-holder.js';
import { type Storage, checkRelativePath, compareCodeUnits } from './storage.js';

/** Objects under an S3 prefix; `''` addresses the prefix itself as one object. */
export class S3Storage implements Storage {
  readonly description: string;

  constructor(
    private readonly location: S3Location,
    private readonly client: S3Client,
  ) {
    this.description = `s3://${location.bucket}/${location.key}`;
  }

  // Keys that were listed are read as they are (S3 gives `..` no meaning); every key
  // written, and every key named by a document rather than a listing, passes
  // checkRelativePath first (see write and merge-parts).
  private key(path: string): string {
    return [this.location.key, path].filter((p) => p !== '').join('/');
  }

  async list(signal?: AbortSignal): Promise<string[]> {
    const prefix = this.location.key === '' ? '' : `${this.location.key}/`;
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.location.bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }),
        abortable(signal),
      );
      for (const object of page.Contents ?? []) if (object.Key && !object.Key.endsWith('/')) keys.push(object.Key.slice(prefix.length));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys.sort(compareCodeUnits);
  }

  async exists(path: string, signal?: AbortSignal): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.location.bucket, Key: this.key(path) }), abortable(signal));
      return true;
    } catch (err) {
      if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
      throw err;
    }
  }

  async read(path: string, signal?: AbortSignal): Promise<Uint8Array> {
    const response = await this.client.send(new GetObjectCommand({ Bucket: this.location.bucket, Key: this.key(path) }), abortable(signal));
    if (!response.Body) throw new ClarifyError(`s3://${this.location.bucket}/${this.key(path)} has no body`);
    return response.Body.transformToByteArray();
  }

  async write(path: string, body: Uint8Array | string, signal?: AbortSignal): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.location.bucket, Key: this.key(checkRelativePath(path)), Body: body }), abortable(signal));
  }

  async remove(path: string, signal?: AbortSignal): Promise<void> {
    // DeleteObject of a missing key succeeds, as "remove if it is there" wants.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.location.bucket, Key: this.key(checkRelativePath(path)) }), abortable(signal));
  }

  async checkWritable(signal?: AbortSignal): Promise<void> {
    // Listing proves the bucket exists and is reachable; S3 has no cheap write-permission probe.
    await this.client.send(new ListObjectsV2Command({ Bucket: this.location.bucket, Prefix: this.location.key, MaxKeys: 1 }), abortable(signal)).catch((err: unknown) => {
      throw new ValidationError('output', this.description, 'a reachable S3 bucket and prefix', (err as Error).message);
    });
  }

  async lock(name: string, signal?: AbortSignal): Promise<() => Promise<void>> {
    const Key = this.key(checkRelativePath(name));
    const uri = `s3://${this.location.bucket}/${Key}`;
    const locked = async (): Promise<never> => {
      const text = await this.read(name, signal).then((b) => new TextDecoder().decode(b), () => '');
      const other = parseHolder(text);
      throw new OutputLockedError(uri, other ? describeHolder(other) : 'a run that left no details',
        'Wait for it to finish, or delete the lock object if that run is gone (S3 cannot tell whether it is).');
    };
    // S3 answers 412 to a conditional create of an existing key; a server without
    // conditional writes is still caught by the existence check, short of an exact race.
    if (await this.exists(name, signal)) await locked();
    const holder = newHolder();
    try {
      await this.client.send(
        new PutObjectCommand({ Bucket: this.location.bucket, Key, Body: JSON.stringify(holder), IfNoneMatch: '*' }),
        abortable(signal),
      );
    } catch (err) {
      if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 412) await locked();
      throw err;
    }
    return async () => {
      const text = await this.read(name).then((b) => new TextDecoder().decode(b), () => '');
      if (parseHolder(text)?.id === holder.id) await this.client.send(new DeleteObjectCommand({ Bucket: this.location.bucket, Key }));
    };
  }

  async removeLeftovers(): Promise<number> {
    // Nothing to clean: a PutObject never leaves a partial object behind.
    return 0;
  }
}

// The AWS SDK's per-call options take no explicit `undefined`.
function abortable(signal: AbortSignal | undefined): { abortSignal?: AbortSignal } {
  return signal === undefined ? {} : { abortSignal: signal };
}

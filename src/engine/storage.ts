/**
 * Reading inputs and writing outputs in a local folder or under an S3 prefix,
 * behind one small interface. Local writes are atomic (temporary file, then
 * rename), so an interrupted run never leaves a half-written file.
 *
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import { access, constants, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ClarifyError, ValidationError } from '../errors.js';
import type { LocalLocation, Location, S3Location } from './location.js';

/** Files under a location, addressed by `/`-separated paths relative to it. */
export interface Storage {
  /** Every file below the location, sorted by relative path. */
  list(signal?: AbortSignal): Promise<string[]>;
  read(path: string, signal?: AbortSignal): Promise<Uint8Array>;
  /** Writes atomically: readers see the old file or the whole new one. */
  write(path: string, body: Uint8Array | string, signal?: AbortSignal): Promise<void>;
  /** Fails early when nothing can be written here. */
  checkWritable(signal?: AbortSignal): Promise<void>;
}

/** The storage of a location; S3 needs a client. */
export function storageFor(location: Location, s3Client: S3Client | undefined, field: string): Storage {
  if (location.kind === 'local') return new LocalStorage(location);
  if (s3Client === undefined) {
    throw new ValidationError(field, `s3://${location.bucket}/${location.key}`, 'a local path, or an S3 URI together with an s3Client');
  }
  return new S3Storage(location, s3Client);
}

class LocalStorage implements Storage {
  constructor(private readonly location: LocalLocation) {}

  async list(): Promise<string[]> {
    const root = this.location.path;
    const info = await stat(root).catch(() => undefined);
    if (info === undefined) return [];
    if (info.isFile()) return [''];
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'))
      .sort(compareCodeUnits);
  }

  read(path: string): Promise<Uint8Array> {
    return readFile(path === '' ? this.location.path : join(this.location.path, path));
  }

  async write(path: string, body: Uint8Array | string): Promise<void> {
    const target = join(this.location.path, path);
    await mkdir(dirname(target), { recursive: true });
    const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temporary, body);
      await rename(temporary, target);
    } catch (err) {
      await rm(temporary, { force: true });
      throw err;
    }
  }

  async checkWritable(): Promise<void> {
    let folder = this.location.path;
    // The output folder may not exist yet: check the nearest existing ancestor.
    for (;;) {
      const info = await stat(folder).catch(() => undefined);
      if (info !== undefined) {
        if (!info.isDirectory()) throw new ValidationError('output', this.location.path, 'a writable folder', `${folder} is a file`);
        break;
      }
      const parent = dirname(folder);
      if (parent === folder) break;
      folder = parent;
    }
    try {
      await access(folder, constants.W_OK);
    } catch {
      throw new ValidationError('output', this.location.path, 'a writable folder', `${folder} is not writable`);
    }
  }
}

class S3Storage implements Storage {
  constructor(
    private readonly location: S3Location,
    private readonly client: S3Client,
  ) {}

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
        { abortSignal: signal },
      );
      for (const object of page.Contents ?? []) if (object.Key && !object.Key.endsWith('/')) keys.push(object.Key.slice(prefix.length));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys.sort(compareCodeUnits);
  }

  async read(path: string, signal?: AbortSignal): Promise<Uint8Array> {
    const response = await this.client.send(new GetObjectCommand({ Bucket: this.location.bucket, Key: this.key(path) }), { abortSignal: signal });
    if (!response.Body) throw new ClarifyError(`s3://${this.location.bucket}/${this.key(path)} has no body`);
    return response.Body.transformToByteArray();
  }

  async write(path: string, body: Uint8Array | string, signal?: AbortSignal): Promise<void> {
    // A PutObject is atomic: the object appears whole or not at all.
    await this.client.send(new PutObjectCommand({ Bucket: this.location.bucket, Key: this.key(path), Body: body }), { abortSignal: signal });
  }

  async checkWritable(signal?: AbortSignal): Promise<void> {
    // Listing proves the bucket exists and is reachable; S3 has no cheap write-permission probe.
    await this.client.send(new ListObjectsV2Command({ Bucket: this.location.bucket, Prefix: this.location.key, MaxKeys: 1 }), { abortSignal: signal }).catch((err: unknown) => {
      throw new ValidationError('output', `s3://${this.location.bucket}/${this.location.key}`, 'a reachable S3 bucket and prefix', (err as Error).message);
    });
  }
}

/** Sorts like Python's `sorted()` on str for BMP text: by UTF-16 code units. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

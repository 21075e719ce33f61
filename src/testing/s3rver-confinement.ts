/**
 * Makes an s3rver 3.7.1 instance keep every key inside its folder and never
 * take its host process down.
 *
 * s3rver joins a key's `/`-separated segments into a file path, so `..`
 * segments climb out of its folder and long segments fail with
 * `ENAMETOOLONG`; several of its streams have no `error` listener, so such a
 * failure (or a missing multipart part) is an uncaught exception in whatever
 * process hosts it. This module swaps s3rver's store for a subclass that lays
 * keys out through {@link keyToComponents} and streams with error handling,
 * puts a middleware in front of s3rver's own that answers refusals as S3 XML
 * errors, and two just before its router so that keys with empty segments
 * (`/a`, `a//b`) reach it at all and URL-encoded copy sources are read whole.
 * It is the only file that knows s3rver's internals; the key mapping itself
 * lives in `s3-keys.ts`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, type Dirent } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join, sep } from 'node:path';
import { Readable, Transform, finished } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { LocalAwsSetupError } from '../errors.js';
import {
  S3ErrorReply,
  compareKeys,
  componentsToKey,
  isKeyComponent,
  isStorableBucketName,
  keyToComponents,
} from './s3-keys.js';

/** s3rver names a key's files `<last component>._S3rver_<resource>`. */
const RESOURCE_SEPARATOR = '._S3rver_';
const OBJECT_SUFFIX = `${RESOURCE_SEPARATOR}object`;
const MAX_PART_NUMBER = 10_000;

type Metadata = Record<string, string | number>;

/** What s3rver hands its store to write (an `S3Object`, or the same shape). */
interface StoredObject {
  bucket: string;
  key: string;
  content: Readable | Buffer;
  metadata: Metadata;
}

/** The part of s3rver's `FilesystemStore` that the confined store calls. */
interface FilesystemStore {
  readonly rootDirectory: string;
  getBucket(bucket: string): Promise<object | null>;
  getMetadata(bucket: string, key: string): Promise<Metadata>;
  putMetadata(bucket: string, key: string, metadata: Metadata, md5?: string): Promise<void>;
  initiateUpload(bucket: string, key: string, uploadId: string, metadata: Metadata): Promise<void>;
}

type FilesystemStoreClass = new (rootDirectory: string) => FilesystemStore;

interface KoaContext {
  path: string;
  req: IncomingMessage;
  res: ServerResponse;
  status: number;
  type: string;
  body: unknown;
}

type KoaMiddleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

/** The s3rver (Koa application) internals this module relies on. */
interface S3rverInternals {
  store: FilesystemStore;
  context: { store: FilesystemStore };
  middleware: KoaMiddleware[];
}

/** What s3rver's bucket listing reads of each listed object. */
class ListedObject {
  constructor(
    readonly bucket: string,
    readonly key: string,
    readonly metadata: Metadata,
  ) {}

  get size(): number {
    return Number(this.metadata['content-length']);
  }

  get lastModifiedDate(): Date {
    return new Date(String(this.metadata['last-modified']));
  }
}

/**
 * Confines a constructed, not yet running s3rver to `directory`: replaces its
 * store, puts the error-answering middleware first and the request-reading
 * fixes just before the router.
 *
 * @throws {@link LocalAwsSetupError} when the s3rver in use lacks the internals
 *   of s3rver 3.7.1 (a store object, a Koa context, a middleware array ending
 *   with its router).
 */
export function confineS3rver(server: object, directory: string): void {
  const internals = server as Partial<S3rverInternals>;
  const store = internals.store;
  if (
    typeof store !== 'object' ||
    store === null ||
    typeof (store as { getResourcePath?: unknown }).getResourcePath !== 'function' ||
    typeof internals.context !== 'object' ||
    !Array.isArray(internals.middleware) ||
    internals.middleware.at(-1)?.name !== 'dispatch' // @koa/router's routes()
  ) {
    throw new LocalAwsSetupError(
      'clarify-ts/testing supports s3rver 3.7.1: this s3rver has no FilesystemStore or Koa middleware to confine keys with (npm i -D -E s3rver@3.7.1)',
    );
  }
  const Confined = confinedStoreClass(store.constructor as FilesystemStoreClass);
  const confined = new Confined(directory);
  internals.store = confined;
  internals.context.store = confined;
  // Koa composes its middleware array when the server starts. Errors travel
  // outwards, so first in the array is the one place that sees every failure;
  // the path is final (virtual-host buckets folded in) only just before the router.
  internals.middleware.splice(-1, 0, keepEmptySegments, readWholeCopySource);
  internals.middleware.unshift(answerErrors);
}

/**
 * s3rver's route `/:bucket/:key+` matches only non-empty segments, so a key
 * such as `/a` or `a//b` would get a bare 404. With its slashes escaped the key
 * is one route segment, which the router decodes back to the exact key.
 */
const keepEmptySegments: KoaMiddleware = (ctx, next) => {
  const match = /^(\/[^/]+\/)([\s\S]+)$/.exec(ctx.path);
  if (match && (match[2].startsWith('/') || match[2].includes('//'))) ctx.path = match[1] + match[2].replaceAll('/', '%2F');
  return next();
};

/**
 * Answers refusals ({@link S3ErrorReply}) as S3 XML errors and lets anything
 * else reach s3rver's own handler, which answers 500 InternalError.
 */
const answerErrors: KoaMiddleware = async (ctx, next) => {
  guardPipes(ctx.req);
  try {
    await next();
  } catch (error) {
    const reply = error instanceof S3ErrorReply ? error : isNameTooLong(error) ? pathTooLong() : undefined;
    if (!reply || ctx.res.headersSent) throw error;
    for (const name of ctx.res.getHeaderNames()) {
      if (!/^(access-control-|vary$|x-amz-)/i.test(name)) ctx.res.removeHeader(name);
    }
    ctx.status = reply.status;
    ctx.type = 'application/xml';
    ctx.body = reply.toXml();
  }
};

/**
 * s3rver parses form uploads by piping the request into busboy, whose event
 * handlers can throw (an invalid storage class); a throw there would unwind
 * through the request's `data` event and kill the process. Turning it into the
 * destination's `error` lets s3rver's own error path answer instead.
 */
function guardPipes(source: IncomingMessage): void {
  const pipe = source.pipe;
  source.pipe = function guardedPipe<T extends NodeJS.WritableStream>(this: IncomingMessage, destination: T, options?: { end?: boolean }): T {
    const write = destination.write as (...args: unknown[]) => boolean;
    destination.write = function guardedWrite(this: T, ...args: unknown[]): boolean {
      try {
        return write.apply(this, args);
      } catch (error) {
        const writable = destination as unknown as { destroy?: (error: unknown) => void };
        if (typeof writable.destroy === 'function') writable.destroy(error);
        else destination.emit('error', error);
        return false;
      }
    } as T['write'];
    return pipe.call(this, destination, options) as T;
  } as typeof source.pipe;
}

/**
 * S3 expects `x-amz-copy-source` URL-encoded (`encodeURIComponent` per key or
 * whole), but s3rver reads it with `decodeURI`, which keeps `%2F`, `%3F` and
 * the other reserved escapes, so it would look for a key that does not exist.
 * Re-encoding the decoded value with `encodeURI` makes s3rver's `decodeURI`
 * give back exactly the decoded source.
 */
const readWholeCopySource: KoaMiddleware = (ctx, next) => {
  const source = ctx.req.headers['x-amz-copy-source'];
  if (typeof source === 'string') {
    try {
      const decoded = decodeURIComponent(source);
      if (decoded !== decodeURI(source)) ctx.req.headers['x-amz-copy-source'] = encodeURI(decoded);
    } catch {
      // Not valid percent-encoding: left for s3rver to refuse as it always has.
    }
  }
  return next();
};

function isNameTooLong(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENAMETOOLONG';
}

/** Keys within S3's 1024 bytes can still exceed a short PATH_MAX (macOS: 1024 bytes with the folder). */
function pathTooLong(): S3ErrorReply {
  return new S3ErrorReply(
    'InvalidArgument',
    400,
    "clarify-ts/testing cannot store this key: its path in the emulator's folder is longer than this file system allows (ENAMETOOLONG). Real S3 accepts keys of up to 1024 bytes; use a shorter TMPDIR or a shorter key.",
    { ArgumentName: 'key' },
  );
}

function confinedStoreClass(Base: FilesystemStoreClass): new (rootDirectory: string) => FilesystemStore {
  return class ConfinedStore extends Base {
    /** The folder of a bucket; refuses names that are not a single plain folder name. */
    getBucketPath(bucket: string): string {
      if (!isStorableBucketName(bucket)) {
        throw new S3ErrorReply('InvalidBucketName', 400, 'The specified bucket is not valid.', { BucketName: bucket });
      }
      return join(this.rootDirectory, bucket);
    }

    override async getBucket(bucket: string): Promise<object | null> {
      return isStorableBucketName(bucket) ? super.getBucket(bucket) : null;
    }

    /** The file of one of a key's resources (object, md5, metadata, tags); key `''` is the bucket itself. */
    getResourcePath(bucket: string, key = '', resource = ''): string {
      const bucketPath = this.getBucketPath(bucket);
      if (key === '') return join(bucketPath, `${RESOURCE_SEPARATOR}${resource}`);
      const components = keyToComponents(key);
      const last = components.pop()!;
      const path = join(bucketPath, ...components, `${last}${RESOURCE_SEPARATOR}${resource}`);
      // keyToComponents never yields `..`; this is the last line of defence if it ever did.
      if (!path.startsWith(bucketPath + sep)) throw new Error(`clarify-ts/testing bug: key ${JSON.stringify(key)} maps outside its bucket`);
      return path;
    }

    async putObject(object: StoredObject): Promise<{ size: number; md5: string }> {
      const objectPath = this.getResourcePath(object.bucket, object.key, 'object');
      await mkdir(dirname(objectPath), { recursive: true });
      const source = Buffer.isBuffer(object.content) ? Readable.from([object.content]) : object.content;
      const { size, md5 } = await receive(source, objectPath);
      await this.putMetadata(object.bucket, object.key, object.metadata, md5);
      return { size, md5 };
    }

    async listObjects(
      bucket: string,
      options: { delimiter?: string; startAfter?: string; prefix?: string; maxKeys?: number },
    ): Promise<{ objects: ListedObject[]; commonPrefixes: string[]; isTruncated: boolean }> {
      const delimiter = options.delimiter ?? '';
      const startAfter = options.startAfter ?? '';
      const prefix = options.prefix ?? '';
      const maxKeys = options.maxKeys ?? Infinity;
      const all: string[] = [];
      for await (const key of walkKeys(this.getBucketPath(bucket), [], prefix)) all.push(key);
      all.sort(compareKeys);

      // The same selection as s3rver's own listing, over decoded keys in S3's byte order.
      const keys: string[] = [];
      const commonPrefixes = new Set<string>();
      let isTruncated = false;
      for (const key of all) {
        if (compareKeys(key, startAfter) <= 0 || !key.startsWith(prefix)) continue;
        if (delimiter) {
          const at = key.indexOf(delimiter, prefix.length);
          if (at !== -1) {
            commonPrefixes.add(key.slice(0, at + delimiter.length));
            continue;
          }
        }
        if (keys.length >= maxKeys) {
          isTruncated = true;
          break;
        }
        keys.push(key);
      }
      const metadata = await Promise.all(keys.map((key) => this.getMetadata(bucket, key).catch(ignoreMissing)));
      return {
        objects: keys.flatMap((key, i) => (metadata[i] ? [new ListedObject(bucket, key, metadata[i])] : [])),
        commonPrefixes: [...commonPrefixes].sort(compareKeys),
        isTruncated,
      };
    }

    async deleteObject(bucket: string, key: string): Promise<void> {
      const files = ['object', 'object.md5', 'metadata.json', 'tagging.xml'].map((resource) => this.getResourcePath(bucket, key, resource));
      await Promise.all(files.map((file) => unlink(file).catch(ignoreMissing)));
      const bucketPath = this.getBucketPath(bucket);
      // Remove the folders the key leaves empty, up to (not including) its bucket.
      for (let dir = dirname(files[0]); dir.startsWith(bucketPath + sep); dir = dirname(dir)) {
        try {
          await rmdir(dir);
        } catch {
          break; // not empty (or already gone): its parents are not empty either
        }
      }
    }

    override async initiateUpload(bucket: string, key: string, uploadId: string, metadata: Metadata): Promise<void> {
      keyToComponents(key); // refuses an over-long key now rather than at completion
      await super.initiateUpload(bucket, key, uploadId, metadata);
    }

    async putPart(bucket: string, uploadId: unknown, partNumber: unknown, content: Readable): Promise<{ size: number; md5: string }> {
      const uploadDir = await this.uploadDir(bucket, uploadId);
      const number = typeof partNumber === 'string' && /^\d{1,5}$/.test(partNumber) ? Number(partNumber) : NaN;
      if (!(number >= 1 && number <= MAX_PART_NUMBER)) {
        throw new S3ErrorReply('InvalidArgument', 400, `Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive`, {
          ArgumentName: 'partNumber',
          ArgumentValue: String(partNumber),
        });
      }
      const partPath = join(uploadDir, String(number));
      const { size, md5 } = await receive(content, partPath);
      await writeFile(`${partPath}.md5`, md5);
      return { size, md5 };
    }

    async putObjectMultipart(
      bucket: string,
      uploadId: unknown,
      parts: readonly { number: number; etag: string }[],
    ): Promise<{ size: number; md5: string }> {
      const uploadDir = await this.uploadDir(bucket, uploadId);
      const sorted = [...parts].sort((a, b) => a.number - b.number);
      for (const part of sorted) {
        const valid = Number.isInteger(part.number) && part.number >= 1 && part.number <= MAX_PART_NUMBER;
        const md5 = valid ? await readFile(join(uploadDir, `${part.number}.md5`), 'utf8').catch(ignoreMissing) : undefined;
        if (md5 === undefined || md5 !== part.etag) {
          throw new S3ErrorReply(
            'InvalidPart',
            400,
            "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
            { UploadId: String(uploadId), PartNumber: String(part.number), ETag: String(part.etag) },
          );
        }
      }
      const [key, metadata] = await Promise.all([
        readFile(join(uploadDir, 'key'), 'utf8'),
        readFile(join(uploadDir, 'metadata'), 'utf8').then((text) => JSON.parse(text) as Metadata),
      ]);
      const content = Readable.from(concatFiles(sorted.map((part) => join(uploadDir, String(part.number)))));
      const result = await this.putObject({ bucket, key, content, metadata });
      await rm(uploadDir, { recursive: true, force: true });
      return result;
    }

    /** The folder of a multipart upload that exists; the id comes from the query string, so it is checked. */
    async uploadDir(bucket: string, uploadId: unknown): Promise<string> {
      const noSuchUpload = new S3ErrorReply(
        'NoSuchUpload',
        404,
        'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
        { UploadId: String(uploadId) },
      );
      // s3rver's ids are hex; any id that is not a plain folder name cannot be one.
      if (typeof uploadId !== 'string' || !/^[\w-]{1,128}$/.test(uploadId)) throw noSuchUpload;
      const dir = join(this.getResourcePath(bucket, '', 'uploads'), uploadId);
      const found = await stat(dir).catch(ignoreMissing);
      if (!found?.isDirectory()) throw noSuchUpload;
      return dir;
    }
  };
}

/**
 * Streams `source` into a new file at `path`, answering its size and MD5. The
 * file appears under its name only once complete, so a failed or aborted
 * upload leaves no partial object behind.
 */
async function receive(source: Readable, path: string): Promise<{ size: number; md5: string }> {
  const hash = createHash('md5');
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  // Not pipeline(source, …): on a write error it would destroy the request and
  // its connection, and the client would see a reset instead of the S3 error.
  const stopWatching = finished(source, (error) => {
    if (error) counter.destroy(error);
  });
  const partial = `${path}.${randomBytes(6).toString('hex')}.partial`;
  source.pipe(counter);
  try {
    await pipeline(counter, createWriteStream(partial));
    await rename(partial, path);
  } catch (error) {
    source.unpipe(counter);
    source.resume(); // drain the rest of the body so that the error answer gets through
    await unlink(partial).catch(() => undefined);
    throw error;
  } finally {
    stopWatching();
  }
  return { size, md5: hash.digest('hex') };
}

/** The files' bytes one after the other, opening one file at a time. */
async function* concatFiles(paths: readonly string[]): AsyncGenerator<Buffer> {
  for (const path of paths) {
    for await (const chunk of createReadStream(path)) yield chunk as Buffer;
  }
}

/** Every key stored below `dir`, skipping folders that cannot hold a key under `prefix`. */
async function* walkKeys(dir: string, components: readonly string[], prefix: string): AsyncGenerator<string> {
  const entries: Dirent[] | undefined = await readdir(dir, { withFileTypes: true }).catch(ignoreMissing);
  for (const entry of entries ?? []) {
    if (entry.isDirectory()) {
      // Folders that are no key component are the store's own (multipart uploads).
      if (!isKeyComponent(entry.name)) continue;
      const below = [...components, entry.name];
      const keyStart = componentsToKey(below);
      if (keyStart.startsWith(prefix) || prefix.startsWith(keyStart)) yield* walkKeys(join(dir, entry.name), below, prefix);
    } else if (entry.name.endsWith(OBJECT_SUFFIX)) {
      const last = entry.name.slice(0, -OBJECT_SUFFIX.length);
      if (isKeyComponent(last)) yield componentsToKey([...components, last]);
    }
  }
}

function ignoreMissing(error: unknown): undefined {
  if (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT') return undefined;
  throw error;
}

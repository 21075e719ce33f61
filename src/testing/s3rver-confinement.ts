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
 * The store also decodes `aws-chunked` bodies, checks and keeps their checksums
 * (`s3-bodies.ts`) and gives multipart objects S3's ETag; the operations s3rver
 * lacks or gets wrong (listing, AbortMultipartUpload, ListParts, checksum
 * headers) are answered just before its router (`s3rver-operations.ts`).
 * This file and `s3rver-operations.ts` are the only ones that know s3rver's
 * internals; the key mapping itself lives in `s3-keys.ts`.
 */
import { createHash } from 'node:crypto';
import { createReadStream, type Dirent } from 'node:fs';
import { mkdir, readdir, readFile, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { IncomingMessage } from 'node:http';
import { dirname, join, sep } from 'node:path';
import { Readable } from 'node:stream';
import { LocalAwsSetupError } from '../errors.js';
import { digestFile, planBody, receive, storedContentEncoding, type BodyPlan } from './s3-bodies.js';
import {
  checksumHeader,
  compositeChecksum,
  parseChecksumAlgorithm,
  type ChecksumAlgorithm,
  type ChecksumType,
  type StoredChecksum,
} from './s3-checksums.js';
import {
  S3ErrorReply,
  compareKeys,
  componentsToKey,
  isKeyComponent,
  isStorableBucketName,
  keyToComponents,
} from './s3-keys.js';
import {
  answerOwnOperations,
  receivedChecksums,
  storedChecksum,
  type AdapterStore,
  type KoaMiddleware,
  type Listing,
  type ListingOptions,
  type UploadInfo,
} from './s3rver-operations.js';

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
  initiateUpload(bucket: string, key: string, uploadId: string, metadata: Metadata): Promise<void>;
  copyObject(srcBucket: string, srcKey: string, destBucket: string, destKey: string, replacementMetadata: Metadata | null): Promise<Metadata>;
}

type FilesystemStoreClass = new (rootDirectory: string) => FilesystemStore;

/** The metadata s3rver keeps of an object (its `S3Object.ALLOWED_METADATA`), besides `x-amz-meta-*`. */
const STORED_METADATA = [
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'content-type',
  'expires',
  'x-amz-storage-class',
  'x-amz-website-redirect-location',
];

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
 * store, puts the error-answering middleware first, and the request-reading
 * fixes and the adapter's own operations just before the router.
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
  internals.middleware.splice(-1, 0, keepEmptySegments, readWholeCopySource, answerOwnOperations(confined));
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

function confinedStoreClass(Base: FilesystemStoreClass): new (rootDirectory: string) => FilesystemStore & AdapterStore {
  return class ConfinedStore extends Base implements AdapterStore {
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

    /**
     * Writes an object's stored metadata: s3rver's (content headers, storage
     * class, `x-amz-meta-*`), without the `aws-chunked` transfer coding, and
     * the object's checksum.
     */
    async putMetadata(bucket: string, key: string, metadata: Metadata, md5?: string, checksum?: StoredChecksum): Promise<void> {
      const json: Metadata = {};
      for (const name of STORED_METADATA) if (metadata[name] !== undefined) json[name] = metadata[name];
      const encoding = storedContentEncoding(json['content-encoding']);
      if (encoding === undefined) delete json['content-encoding'];
      else json['content-encoding'] = encoding;
      for (const [name, value] of Object.entries(metadata)) if (name.startsWith('x-amz-meta-')) json[name] = value;
      if (checksum) {
        json[checksumHeader(checksum.algorithm)] = checksum.value;
        json['x-amz-checksum-type'] = checksum.type;
      }
      if (md5) await writeFile(this.getResourcePath(bucket, key, 'object.md5'), md5);
      await writeFile(this.getResourcePath(bucket, key, 'metadata.json'), JSON.stringify(json, null, 2));
    }

    /**
     * PutObject (s3rver passes the request itself as the content), a POST form
     * upload, or a completed multipart upload's bytes.
     */
    async putObject(object: StoredObject): Promise<{ size: number; md5: string }> {
      const request = object.content instanceof IncomingMessage ? object.content : undefined;
      // Without a checksum from the client S3 computes a full-object CRC64NVME.
      const plan: BodyPlan = request ? planBody(request.headers, 'CRC64NVME') : { chunked: false, record: 'CRC64NVME', clientChecksum: false };
      const objectPath = this.getResourcePath(object.bucket, object.key, 'object');
      await mkdir(dirname(objectPath), { recursive: true });
      const source = Buffer.isBuffer(object.content) ? Readable.from([object.content]) : object.content;
      const { size, md5, checksum } = await receive(source, objectPath, plan);
      const stored: StoredChecksum = { algorithm: checksum!.algorithm, value: checksum!.value, type: 'FULL_OBJECT' };
      await this.putMetadata(object.bucket, object.key, object.metadata, md5, stored);
      if (request) receivedChecksums.set(request, { checksum: stored, echo: plan.clientChecksum });
      return { size, md5 };
    }

    /**
     * s3rver copies the object's files; a copy is a new single-part object, so
     * its ETag is its MD5, and with replaced metadata (or a COMPOSITE source
     * checksum) its full-object checksum is computed again, as S3 does.
     */
    override async copyObject(
      srcBucket: string,
      srcKey: string,
      destBucket: string,
      destKey: string,
      replacementMetadata: Metadata | null,
    ): Promise<Metadata> {
      const metadata = await super.copyObject(srcBucket, srcKey, destBucket, destKey, replacementMetadata);
      const existing = storedChecksum(metadata);
      if (!replacementMetadata && existing?.type === 'FULL_OBJECT' && !String(metadata.etag).includes('-')) return metadata;
      const algorithm = existing?.algorithm ?? 'CRC64NVME';
      const { md5, checksum } = await digestFile(this.getResourcePath(destBucket, destKey, 'object'), algorithm);
      await this.putMetadata(destBucket, destKey, metadata, md5, { algorithm, value: checksum, type: 'FULL_OBJECT' });
      return this.getMetadata(destBucket, destKey);
    }

    /**
     * One page of keys and common prefixes, as S3 lists them: in UTF-8 byte
     * order, `maxKeys` entries of either kind, and a common prefix at or before
     * `startAfter` left out (the previous page ended with it).
     */
    async listObjects(bucket: string, options: ListingOptions): Promise<Listing & { objects: ListedObject[] }> {
      const delimiter = options.delimiter ?? '';
      const startAfter = options.startAfter ?? '';
      const prefix = options.prefix ?? '';
      const maxKeys = options.maxKeys ?? Infinity;
      const all: string[] = [];
      for await (const key of walkKeys(this.getBucketPath(bucket), [], prefix)) all.push(key);
      all.sort(compareKeys);

      const keys: string[] = [];
      const commonPrefixes: string[] = [];
      let last: string | undefined;
      let isTruncated = false;
      for (const key of all) {
        if (compareKeys(key, startAfter) <= 0 || !key.startsWith(prefix)) continue;
        const at = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
        const rolledUp = at === -1 ? undefined : key.slice(0, at + delimiter.length);
        // The keys under one common prefix are adjacent in byte order.
        if (rolledUp !== undefined && (rolledUp === last || compareKeys(rolledUp, startAfter) <= 0)) continue;
        if (keys.length + commonPrefixes.length >= maxKeys) {
          isTruncated = true;
          break;
        }
        if (rolledUp !== undefined) commonPrefixes.push(rolledUp);
        else keys.push(key);
        last = rolledUp ?? key;
      }
      const metadata = await Promise.all(keys.map((key) => this.getMetadata(bucket, key).catch(ignoreMissing)));
      return {
        objects: keys.flatMap((key, i) => (metadata[i] ? [new ListedObject(bucket, key, metadata[i])] : [])),
        commonPrefixes,
        isTruncated,
        ...(last !== undefined ? { nextMarker: last } : {}),
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
      const algorithm = metadata['x-amz-checksum-algorithm'];
      if (algorithm !== undefined && !parseChecksumAlgorithm(String(algorithm))) {
        throw new S3ErrorReply(
          'InvalidRequest',
          400,
          'Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]',
        );
      }
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
      const upload = await readUpload(uploadDir);
      const request = content instanceof IncomingMessage ? content : undefined;
      // A part of an upload created with a checksum algorithm gets that checksum, whatever the
      // client sent (which is checked all the same); other parts keep the one sent, if any.
      const sent: BodyPlan = request ? planBody(request.headers) : { chunked: false, clientChecksum: false };
      const plan: BodyPlan = upload.checksumAlgorithm ? { ...sent, record: upload.checksumAlgorithm } : sent;
      const partPath = join(uploadDir, String(number));
      const { size, md5, checksum } = await receive(content, partPath, plan);
      await writeFile(`${partPath}.md5`, md5);
      const checksumPath = `${partPath}.checksum`;
      if (checksum && checksum.algorithm === upload.checksumAlgorithm) await writeFile(checksumPath, checksum.value);
      else await unlink(checksumPath).catch(ignoreMissing);
      if (request && checksum && (plan.clientChecksum || upload.checksumAlgorithm)) {
        receivedChecksums.set(request, { checksum: { ...checksum, type: 'FULL_OBJECT' }, echo: true });
      }
      return { size, md5 };
    }

    /**
     * CompleteMultipartUpload: the parts' bytes become the object, whose ETag is
     * S3's `<MD5 of the parts' binary MD5s>-<number of parts>`; its checksum is
     * COMPOSITE (the checksum of the parts' checksums) for an upload created
     * with CRC32, CRC32C, SHA1 or SHA256, otherwise a full-object checksum
     * (CRC64NVME when the upload named no algorithm).
     */
    async putObjectMultipart(
      bucket: string,
      uploadId: unknown,
      parts: readonly { number: number; etag: string }[],
    ): Promise<{ size: number; md5: string }> {
      const uploadDir = await this.uploadDir(bucket, uploadId);
      const sorted = [...parts].sort((a, b) => a.number - b.number);
      const md5s: string[] = [];
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
        md5s.push(md5);
      }
      const upload = await readUpload(uploadDir);
      const etag = `${createHash('md5')
        .update(Buffer.concat(md5s.map((md5) => Buffer.from(md5, 'hex'))))
        .digest('hex')}-${sorted.length}`;
      let checksum: StoredChecksum | undefined;
      const { checksumAlgorithm: algorithm, checksumType: type } = upload;
      if (algorithm && type === 'COMPOSITE') {
        const values = await Promise.all(sorted.map((part) => readFile(join(uploadDir, `${part.number}.checksum`), 'utf8').catch(ignoreMissing)));
        if (values.every((value) => value !== undefined)) {
          checksum = { algorithm, value: compositeChecksum(algorithm, values as string[]), type: 'COMPOSITE' };
        }
      }
      const record: ChecksumAlgorithm | undefined = checksum ? undefined : (algorithm ?? 'CRC64NVME');
      const objectPath = this.getResourcePath(bucket, upload.key, 'object');
      await mkdir(dirname(objectPath), { recursive: true });
      const content = Readable.from(concatFiles(sorted.map((part) => join(uploadDir, String(part.number)))));
      const received = await receive(content, objectPath, { chunked: false, clientChecksum: false, ...(record ? { record } : {}) });
      checksum ??= { algorithm: record!, value: received.checksum!.value, type: 'FULL_OBJECT' };
      await this.putMetadata(bucket, upload.key, upload.metadata, etag, checksum);
      await rm(uploadDir, { recursive: true, force: true });
      return { size: received.size, md5: etag };
    }

    async describeUpload(bucket: string, uploadId: unknown, key: string): Promise<UploadInfo> {
      const uploadDir = await this.uploadDir(bucket, uploadId);
      const upload = await readUpload(uploadDir);
      if (upload.key !== key) throw noSuchUpload(uploadId);
      const numbers = (await readdir(uploadDir))
        .filter((name) => /^\d{1,5}$/.test(name))
        .map(Number)
        .sort((a, b) => a - b);
      const parts = await Promise.all(
        numbers.map(async (number) => {
          const path = join(uploadDir, String(number));
          const [found, etag, checksum] = await Promise.all([
            stat(path).catch(ignoreMissing),
            readFile(`${path}.md5`, 'utf8').catch(ignoreMissing),
            readFile(`${path}.checksum`, 'utf8').catch(ignoreMissing),
          ]);
          // A part still being written (or replaced) has no MD5 yet: not listed.
          if (!found || etag === undefined) return undefined;
          return { number, size: found.size, etag, lastModified: found.mtime, ...(checksum !== undefined ? { checksum } : {}) };
        }),
      );
      return {
        key: upload.key,
        ...(upload.checksumAlgorithm ? { checksumAlgorithm: upload.checksumAlgorithm } : {}),
        ...(upload.checksumType ? { checksumType: upload.checksumType } : {}),
        parts: parts.filter((part) => part !== undefined),
      };
    }

    async abortUpload(bucket: string, uploadId: unknown, key: string): Promise<void> {
      const uploadDir = await this.uploadDir(bucket, uploadId);
      if ((await readUpload(uploadDir)).key !== key) throw noSuchUpload(uploadId);
      await rm(uploadDir, { recursive: true, force: true });
    }

    /** The folder of a multipart upload that exists; the id comes from the query string, so it is checked. */
    async uploadDir(bucket: string, uploadId: unknown): Promise<string> {
      // s3rver's ids are hex; any id that is not a plain folder name cannot be one.
      if (typeof uploadId !== 'string' || !/^[\w-]{1,128}$/.test(uploadId)) throw noSuchUpload(uploadId);
      const dir = join(this.getResourcePath(bucket, '', 'uploads'), uploadId);
      const found = await stat(dir).catch(ignoreMissing);
      if (!found?.isDirectory()) throw noSuchUpload(uploadId);
      return dir;
    }
  };
}

function noSuchUpload(uploadId: unknown): S3ErrorReply {
  return new S3ErrorReply(
    'NoSuchUpload',
    404,
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    { UploadId: String(uploadId) },
  );
}

/** A multipart upload's key, the headers it was created with, and its checksum algorithm and type. */
async function readUpload(uploadDir: string): Promise<{ key: string; metadata: Metadata; checksumAlgorithm?: ChecksumAlgorithm; checksumType?: ChecksumType }> {
  const [key, metadata] = await Promise.all([
    readFile(join(uploadDir, 'key'), 'utf8'),
    readFile(join(uploadDir, 'metadata'), 'utf8').then((text) => JSON.parse(text) as Metadata),
  ]);
  const algorithm = parseChecksumAlgorithm(metadata['x-amz-checksum-algorithm'] === undefined ? undefined : String(metadata['x-amz-checksum-algorithm']));
  if (!algorithm) return { key, metadata };
  // CRC64NVME is always FULL_OBJECT and the SHAs always COMPOSITE; the CRC32s are COMPOSITE unless asked.
  const asked = String(metadata['x-amz-checksum-type'] ?? '').toUpperCase();
  const type: ChecksumType =
    algorithm === 'CRC64NVME' ? 'FULL_OBJECT' : algorithm.startsWith('SHA') ? 'COMPOSITE' : asked === 'FULL_OBJECT' ? 'FULL_OBJECT' : 'COMPOSITE';
  return { key, metadata, checksumAlgorithm: algorithm, checksumType: type };
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

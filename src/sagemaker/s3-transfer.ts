/**
 * Moving files between this machine and S3: multipart uploads with progress and
 * abort (lib-storage), listing every page of a prefix, and downloads that check
 * every key and the target folder before writing (`download-targets.ts`), never
 * follow a link out of that folder, and check each file's size.
 */
import { mkdir, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AbortMultipartUploadCommand, GetObjectCommand, paginateListObjectsV2, type S3Client, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { AbortError, ClarifyError, ValidationError, throwIfAborted } from '../errors.js';
import { awsCall, isAwsError, toClarifyError, sendOptions } from './aws-call.js';
import { checkDownloadTargets, makeFolders, partialName } from './download-targets.js';
import { s3Uri } from './s3-uri.js';

/** Progress of a transfer, summed over all its files. */
export interface TransferProgress {
  /** Bytes moved so far. */
  readonly loadedBytes: number;
  /** Bytes to move in all. */
  readonly totalBytes: number;
  /** The object being moved when this event fired. */
  readonly key: string;
}

/** Extra S3 request parameters of an upload (Python `extra_args`). */
export type UploadExtraArgs = Partial<
  Pick<PutObjectCommandInput, 'ServerSideEncryption' | 'SSEKMSKeyId' | 'ExpectedBucketOwner' | 'ContentType' | 'ACL' | 'StorageClass' | 'Metadata'>
>;

/** Options shared by uploads. */
export interface UploadOptions {
  /**
   * Parts uploaded at the same time per file.
   * @default 4
   */
  readonly concurrency?: number;
  /**
   * Size of each multipart part in bytes (S3's minimum is 5 MiB); files up to this size are one PutObject.
   * @default 5242880
   */
  readonly partSize?: number;
  /** Extra S3 parameters, e.g. `{ ServerSideEncryption: 'aws:kms', SSEKMSKeyId }`. @default none */
  readonly extraArgs?: UploadExtraArgs;
  /** Called as bytes are sent. @default none */
  readonly onProgress?: (progress: TransferProgress) => void;
  /** Aborts the transfer; a multipart upload in flight is aborted on S3 too, leaving no parts behind. @default none */
  readonly signal?: AbortSignal;
}

/** One S3 object, as listed. */
export interface S3ObjectInfo {
  readonly bucket: string;
  readonly key: string;
  /** `s3://bucket/key`. */
  readonly uri: string;
  /** Size in bytes. */
  readonly size: number;
  readonly lastModified?: Date;
}

const MIN_PART_SIZE = 5 * 1024 * 1024;

/** Checks upload options before any byte moves. */
export function checkUploadOptions(options: UploadOptions): void {
  if (options.concurrency !== undefined && (!Number.isInteger(options.concurrency) || options.concurrency < 1)) {
    throw new ValidationError('concurrency', options.concurrency, 'an integer >= 1');
  }
  if (options.partSize !== undefined && (!Number.isInteger(options.partSize) || options.partSize < MIN_PART_SIZE)) {
    throw new ValidationError('partSize', options.partSize, `an integer number of bytes >= ${MIN_PART_SIZE} (S3's minimum part size)`);
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new ValidationError('onProgress', options.onProgress, 'a function');
  }
}

/**
 * Uploads one body to `bucket/key` (one PutObject when small, else multipart).
 * `progressBase` offsets progress events when this is one file of several.
 */
export async function uploadBody(
  client: S3Client,
  bucket: string,
  key: string,
  body: NonNullable<PutObjectCommandInput['Body']>,
  options: UploadOptions & { progressBase?: number; progressTotal?: number },
): Promise<string> {
  throwIfAborted(options.signal);
  const controller = new AbortController();
  const upload = new Upload({
    client,
    params: { Bucket: bucket, Key: key, Body: body, ...options.extraArgs },
    queueSize: options.concurrency ?? 4,
    partSize: options.partSize ?? MIN_PART_SIZE,
    // On failure, abort the multipart upload so no orphaned parts stay billed.
    leavePartsOnError: false,
    abortController: controller,
  });
  const onAbort = (): void => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.onProgress) {
    const report = options.onProgress;
    upload.on('httpUploadProgress', (p) => {
      const base = options.progressBase ?? 0;
      report({ loadedBytes: base + (p.loaded ?? 0), totalBytes: options.progressTotal ?? p.total ?? 0, key });
    });
  }
  try {
    await upload.done();
  } catch (error) {
    if (options.signal?.aborted) {
      // lib-storage rejects at once on abort and aborts the multipart upload later in the
      // background; abort it here too, so no parts are left behind once this rejects.
      const cleanup = upload.uploadId ? await abortMultipartUpload(client, bucket, key, upload.uploadId) : undefined;
      if (cleanup) {
        throw new AbortError(`Upload of s3://${bucket}/${key} was aborted, but aborting its multipart upload ${upload.uploadId} failed: ${cleanup.message}`,
          { cause: cleanup });
      }
      throw new AbortError(`Upload of s3://${bucket}/${key} was aborted`, { cause: options.signal.reason });
    }
    throw toClarifyError('s3:PutObject', error);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  return s3Uri(bucket, key);
}

/** Aborts a multipart upload; returns the error when that failed (an upload already gone is success). */
async function abortMultipartUpload(client: S3Client, bucket: string, key: string, uploadId: string): Promise<Error | undefined> {
  try {
    await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
    return undefined;
  } catch (error) {
    // Already aborted by lib-storage's own clean-up: the state we want.
    return isAwsError(error, 'NoSuchUpload', 404) ? undefined : toClarifyError('s3:AbortMultipartUpload', error);
  }
}

/** Every file under `directory`, as paths relative to it with `/` separators, sorted. */
export async function listLocalFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(directory, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

/**
 * Every object under `bucket/prefix`, over all pages of ListObjectsV2.
 */
export async function* listObjects(
  client: S3Client,
  bucket: string,
  prefix: string,
  signal?: AbortSignal,
  pageSize?: number,
): AsyncGenerator<S3ObjectInfo> {
  const pages = paginateListObjectsV2({ client, ...(pageSize !== undefined ? { pageSize } : {}) }, { Bucket: bucket, Prefix: prefix });
  const iterator = pages[Symbol.asyncIterator]();
  for (;;) {
    throwIfAborted(signal);
    const next = await awsCall('s3:ListObjectsV2', () => iterator.next(), signal);
    if (next.done) return;
    for (const object of next.value.Contents ?? []) {
      if (object.Key === undefined) continue;
      yield {
        bucket,
        key: object.Key,
        uri: s3Uri(bucket, object.Key),
        size: object.Size ?? 0,
        ...(object.LastModified ? { lastModified: object.LastModified } : {}),
      };
    }
  }
}

/** Options of a download. */
export interface DownloadOptions {
  /** Called as bytes arrive. @default none */
  readonly onProgress?: (progress: TransferProgress) => void;
  /** Aborts the download; the file being written is removed. @default none */
  readonly signal?: AbortSignal;
}

/**
 * Downloads `objects` (all under `prefix`) into `directory`, checking every key and
 * the folder's existing state (see {@link checkDownloadTargets}) before writing
 * anything, and every file's size after. An existing regular file at a key's place
 * is replaced. A failure while transferring (network, size, abort) removes the file
 * being written and keeps the files completed before it.
 * @returns the local paths, in the order of `objects`.
 * @throws {@link ValidationError} before anything is written, for a key or folder that cannot be written safely.
 */
export async function downloadObjects(
  client: S3Client,
  objects: readonly S3ObjectInfo[],
  prefix: string,
  directory: string,
  options: DownloadOptions = {},
): Promise<string[]> {
  const targets = await checkDownloadTargets(objects.map((o) => o.key), prefix, directory);
  if (objects.length === 0) return targets;
  const root = resolve(directory);
  throwIfAborted(options.signal);
  // The root may be a link the caller chose (see checkRoot), so it alone is made recursively.
  await mkdir(root, { recursive: true });
  const made = new Set<string>([root]);
  const totalBytes = objects.reduce((sum, o) => sum + o.size, 0);
  let loadedBytes = 0;
  for (const [i, object] of objects.entries()) {
    throwIfAborted(options.signal);
    const target = targets[i];
    await makeFolders(root, dirname(target), made);
    const partial = join(dirname(target), partialName());
    // 'wx' creates the file or fails: it never opens a link or a file someone else put there,
    // and only a file opened here is removed on failure.
    let handle: FileHandle | undefined;
    try {
      handle = await open(partial, 'wx');
      const response = await awsCall('s3:GetObject', () =>
        client.send(new GetObjectCommand({ Bucket: object.bucket, Key: object.key }), sendOptions(options.signal)), options.signal);
      if (!(response.Body instanceof Readable)) throw new ClarifyError(`s3:GetObject returned no stream for ${object.uri}`);
      const body = response.Body;
      body.on('data', (chunk: Buffer) => {
        loadedBytes += chunk.length;
        options.onProgress?.({ loadedBytes, totalBytes, key: object.key });
      });
      await pipeline(body, handle.createWriteStream(), options.signal ? { signal: options.signal } : {});
      const written = (await stat(partial)).size;
      if (written !== object.size) {
        throw new ClarifyError(`Downloaded ${written} bytes of ${object.uri}, expected ${object.size}: the object changed or the transfer was cut`);
      }
      // rename replaces whatever is at the target (a link included) instead of writing through it.
      await rename(partial, target);
    } catch (error) {
      if (handle !== undefined) {
        await handle.close().catch(() => undefined);
        await rm(partial, { force: true });
      }
      if (options.signal?.aborted) throw new AbortError(`Download of ${object.uri} was aborted`, { cause: options.signal.reason });
      throw error;
    }
  }
  return targets;
}

/** The file name part of a local path (for upload keys). */
export function fileName(path: string): string {
  return basename(path);
}

/**
 * The S3 operations the emulator answers itself, in front of s3rver 3.7.1's
 * router, where s3rver's own answer is missing or not S3's:
 *
 * - **Listing** (ListObjects and ListObjectsV2): s3rver encrypts ListObjectsV2
 *   continuation tokens with DES, which Node 17+ only has behind
 *   `--openssl-legacy-provider`, and cannot decode a token whose key holds a
 *   line break. Here a token is the base64 of the bucket and the last entry
 *   listed, and `max-keys` counts keys and common prefixes together, as S3 does.
 * - **AbortMultipartUpload** and **ListParts** (`DELETE`/`GET ?uploadId=`),
 *   which s3rver answers `MethodNotAllowed`.
 * - **Checksum headers**: an upload's checksum is echoed on PutObject and
 *   UploadPart, and GetObject/HeadObject answer the stored checksum only when
 *   asked (`x-amz-checksum-mode: ENABLED`) and for the whole object, as S3 does.
 *
 * The answers are plain objects that s3rver's XML middleware (further out)
 * renders, so they look like the rest of s3rver's.
 *
 * @packageDocumentation
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { algorithmOfHeader, checksumHeader, type ChecksumAlgorithm, type ChecksumType, type StoredChecksum } from './s3-checksums.js';
import { S3ErrorReply, isStorableBucketName } from './s3-keys.js';

/** The part of a Koa context the adapter uses. */
export interface KoaContext {
  path: string;
  readonly method: string;
  readonly query: Record<string, string | string[] | undefined>;
  readonly state: Record<string, unknown>;
  req: IncomingMessage;
  res: ServerResponse;
  status: number;
  type: string;
  body: unknown;
  set(field: string, value: string): void;
  remove(field: string): void;
}

/** A Koa middleware. */
export type KoaMiddleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

/** What a listing asks the store for. */
export interface ListingOptions {
  delimiter?: string;
  startAfter?: string;
  prefix?: string;
  maxKeys?: number;
}

/** One page of a bucket listing. */
export interface Listing {
  readonly objects: readonly { readonly key: string; readonly size: number; readonly lastModifiedDate: Date; readonly metadata: Readonly<Record<string, string | number>> }[];
  readonly commonPrefixes: readonly string[];
  readonly isTruncated: boolean;
  /** The last key or common prefix of this page: where the next one starts (after it). */
  readonly nextMarker?: string;
}

/** A multipart upload in progress. */
export interface UploadInfo {
  readonly key: string;
  readonly checksumAlgorithm?: ChecksumAlgorithm;
  readonly checksumType?: ChecksumType;
  /** Its parts, by ascending part number. */
  readonly parts: readonly {
    readonly number: number;
    readonly size: number;
    /** The part's MD5 in hex. */
    readonly etag: string;
    readonly lastModified: Date;
    readonly checksum?: string;
  }[];
}

/** What the adapter needs of the confined store. */
export interface AdapterStore {
  getBucket(bucket: string): Promise<object | null>;
  getMetadata(bucket: string, key: string): Promise<Record<string, string | number>>;
  listObjects(bucket: string, options: ListingOptions): Promise<Listing>;
  /** @throws {@link S3ErrorReply} `NoSuchUpload` unless `uploadId` is an upload of `key` in progress. */
  describeUpload(bucket: string, uploadId: unknown, key: string): Promise<UploadInfo>;
  /** Removes the upload and its parts. @throws {@link S3ErrorReply} `NoSuchUpload` as {@link describeUpload}. */
  abortUpload(bucket: string, uploadId: unknown, key: string): Promise<void>;
}

/**
 * The checksum each upload request's body was stored with, set by the store
 * while it receives the body, for the answer to echo. `echo` is false when the
 * client asked for no checksum (S3 then computes one but does not answer it).
 */
export const receivedChecksums = new WeakMap<IncomingMessage, { readonly checksum: StoredChecksum; readonly echo: boolean }>();

const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';
/** s3rver's account, the owner of everything it stores. */
const OWNER = { ID: '123456789000', DisplayName: 'S3rver' };
const MAX_KEYS = 1000;
const MAX_PARTS = 1000;

/** Query parameters of a listing; any other (`?uploads`, `?cors`, …) names another operation. */
const LISTING_PARAMETERS = new Set([
  'list-type',
  'prefix',
  'delimiter',
  'max-keys',
  'marker',
  'start-after',
  'continuation-token',
  'fetch-owner',
  'encoding-type',
  'x-id',
  'AWSAccessKeyId',
  'Signature',
  'Expires',
]);

/**
 * The middleware that answers listing, AbortMultipartUpload and ListParts and
 * sets the checksum headers; it goes just before s3rver's router (the path is
 * final there: virtual-host buckets folded in, empty key segments escaped).
 */
export function answerOwnOperations(store: AdapterStore): KoaMiddleware {
  return async (ctx, next) => {
    // s3rver's static website hosting (a `<bucket>.s3-website…` host name) is left to s3rver.
    const target = ctx.state.service === 's3-website' ? undefined : parseTarget(ctx.path);
    if (target && ctx.method === 'GET' && target.key === undefined && Object.keys(ctx.query).every(isListingParameter)) {
      await listBucket(ctx, store, target.bucket);
      return;
    }
    if (target?.key !== undefined && 'uploadId' in ctx.query && (ctx.method === 'DELETE' || ctx.method === 'GET')) {
      await checkBucket(store, target.bucket);
      if (ctx.method === 'DELETE') {
        await store.abortUpload(target.bucket, ctx.query.uploadId, target.key);
        ctx.status = 204;
        ctx.body = null;
      } else {
        await listParts(ctx, store, target.bucket, target.key);
      }
      return;
    }
    await next();
    if (target?.key !== undefined && ctx.status >= 200 && ctx.status < 300) await answerChecksums(ctx, store, target.bucket, target.key);
  };
}

function isListingParameter(name: string): boolean {
  return LISTING_PARAMETERS.has(name) || /^x-amz-/i.test(name);
}

/** `/bucket` → the bucket; `/bucket/key…` → both (the key percent-decoded as s3rver's router does). */
function parseTarget(path: string): { bucket: string; key?: string } | undefined {
  const match = /^\/([^/]+)(?:\/([\s\S]*))?$/.exec(path);
  if (!match) return undefined;
  const bucket = safeDecode(match[1]);
  return match[2] ? { bucket, key: safeDecode(match[2]) } : { bucket };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

async function checkBucket(store: AdapterStore, bucket: string): Promise<void> {
  if (!isStorableBucketName(bucket)) {
    throw new S3ErrorReply('InvalidBucketName', 400, 'The specified bucket is not valid.', { BucketName: bucket });
  }
  if (!(await store.getBucket(bucket))) {
    throw new S3ErrorReply('NoSuchBucket', 404, 'The specified bucket does not exist', { BucketName: bucket });
  }
}

/** A query parameter's value (the first, if repeated). */
function param(ctx: KoaContext, name: string): string | undefined {
  const value = ctx.query[name];
  return Array.isArray(value) ? value[0] : value;
}

/** An integer query parameter between 0 and 2^31 - 1, as S3 checks `max-keys` and `max-parts`. */
function countParam(ctx: KoaContext, name: string, argumentName: string, max: number): number {
  const text = param(ctx, name);
  if (text === undefined || text === '') return max;
  if (!/^-?\d+$/.test(text)) {
    throw new S3ErrorReply('InvalidArgument', 400, `Provided ${name} not an integer or within integer range`, { ArgumentName: name, ArgumentValue: text });
  }
  const value = Number(text);
  if (value < 0 || value > 2147483647) {
    throw new S3ErrorReply('InvalidArgument', 400, `Argument ${argumentName} must be an integer between 0 and 2147483647`, {
      ArgumentName: argumentName,
      ArgumentValue: text,
    });
  }
  return Math.min(max, value);
}

/** A continuation token: the bucket and the entry to list after, in base64. */
export function encodeContinuationToken(bucket: string, after: string): string {
  return Buffer.from(JSON.stringify([bucket, after]), 'utf8').toString('base64');
}

/** The entry a token lists after, or undefined when it is no token of this bucket. */
export function decodeContinuationToken(token: string, bucket: string): string | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value[0] === bucket && typeof value[1] === 'string') return value[1];
  } catch {
    // not base64 JSON: not one of ours
  }
  return undefined;
}

async function listBucket(ctx: KoaContext, store: AdapterStore, bucket: string): Promise<void> {
  await checkBucket(store, bucket);
  const v2 = param(ctx, 'list-type') === '2';
  const maxKeys = countParam(ctx, 'max-keys', 'maxKeys', MAX_KEYS);
  let startAfter: string | undefined;
  const token = param(ctx, 'continuation-token');
  if (v2) {
    if ('marker' in ctx.query) throw new S3ErrorReply('InvalidArgument', 400, 'Marker unsupported with REST.GET.BUCKET in list-type=2', { ArgumentName: 'marker' });
    if (token !== undefined) {
      startAfter = decodeContinuationToken(token, bucket);
      if (startAfter === undefined) {
        throw new S3ErrorReply('InvalidArgument', 400, 'The continuation token provided is incorrect', { ArgumentName: 'continuation-token' });
      }
    } else {
      startAfter = param(ctx, 'start-after');
    }
  } else {
    if ('continuation-token' in ctx.query) {
      throw new S3ErrorReply('InvalidArgument', 400, 'continuation-token only supported in REST.GET.BUCKET with list-type=2', { ArgumentName: 'continuation-token' });
    }
    if ('start-after' in ctx.query) {
      throw new S3ErrorReply('InvalidArgument', 400, 'startAfter only supported in REST.GET.BUCKET with list-type=2', { ArgumentName: 'start-after' });
    }
    startAfter = param(ctx, 'marker');
  }
  const prefix = param(ctx, 'prefix') ?? '';
  const delimiter = param(ctx, 'delimiter') || undefined;
  const result: Listing =
    maxKeys === 0
      ? { objects: [], commonPrefixes: [], isTruncated: false }
      : await store.listObjects(bucket, {
          prefix,
          maxKeys,
          ...(delimiter !== undefined ? { delimiter } : {}),
          ...(startAfter !== undefined ? { startAfter } : {}),
        });
  const owner = v2 ? param(ctx, 'fetch-owner') === 'true' : true;
  const next = result.isTruncated ? result.nextMarker : undefined;
  ctx.body = {
    ListBucketResult: {
      '@': { xmlns: XMLNS },
      Name: bucket,
      Prefix: prefix,
      ...(v2
        ? {
            ...(token === undefined && startAfter !== undefined ? { StartAfter: startAfter } : {}),
            ...(token !== undefined ? { ContinuationToken: token } : {}),
            ...(next !== undefined ? { NextContinuationToken: encodeContinuationToken(bucket, next) } : {}),
            KeyCount: result.objects.length + result.commonPrefixes.length,
          }
        : {
            Marker: startAfter ?? '',
            // S3 answers NextMarker only with a delimiter; without one the last key is the marker.
            ...(delimiter !== undefined && next !== undefined ? { NextMarker: next } : {}),
          }),
      MaxKeys: param(ctx, 'max-keys') || MAX_KEYS,
      ...(delimiter !== undefined ? { Delimiter: delimiter } : {}),
      IsTruncated: result.isTruncated,
      Contents: result.objects.map((object) => ({
        Key: object.key,
        LastModified: object.lastModifiedDate.toISOString(),
        ETag: object.metadata.etag,
        Size: object.size,
        ...(owner ? { Owner: OWNER } : {}),
        StorageClass: 'STANDARD',
      })),
      CommonPrefixes: result.commonPrefixes.map((prefix) => ({ Prefix: prefix })),
    },
  };
}

async function listParts(ctx: KoaContext, store: AdapterStore, bucket: string, key: string): Promise<void> {
  const upload = await store.describeUpload(bucket, ctx.query.uploadId, key);
  const maxParts = countParam(ctx, 'max-parts', 'max-parts', MAX_PARTS);
  const markerText = param(ctx, 'part-number-marker') ?? '0';
  const marker = /^\d+$/.test(markerText) ? Number(markerText) : 0;
  const after = upload.parts.filter((part) => part.number > marker);
  const page = after.slice(0, maxParts);
  const algorithm = upload.checksumAlgorithm;
  ctx.body = {
    ListPartsResult: {
      '@': { xmlns: XMLNS },
      Bucket: bucket,
      Key: key,
      UploadId: String(ctx.query.uploadId),
      Initiator: OWNER,
      Owner: OWNER,
      StorageClass: 'STANDARD',
      PartNumberMarker: marker,
      ...(page.length ? { NextPartNumberMarker: page[page.length - 1].number } : {}),
      MaxParts: maxParts,
      IsTruncated: after.length > page.length,
      Part: page.map((part) => ({
        PartNumber: part.number,
        LastModified: part.lastModified.toISOString(),
        ETag: JSON.stringify(part.etag),
        Size: part.size,
        ...(algorithm && part.checksum ? { [`Checksum${algorithm}`]: part.checksum } : {}),
      })),
      ...(algorithm ? { ChecksumAlgorithm: algorithm } : {}),
      ...(upload.checksumType ? { ChecksumType: upload.checksumType } : {}),
    },
  };
}

/** The checksum headers (and CompleteMultipartUpload elements) of a successful object request. */
async function answerChecksums(ctx: KoaContext, store: AdapterStore, bucket: string, key: string): Promise<void> {
  const method = ctx.method;
  if (method === 'GET' || method === 'HEAD') {
    const wanted = /^enabled$/i.test(String(ctx.req.headers['x-amz-checksum-mode'] ?? '')) && ctx.status === 200 && ctx.req.headers.range === undefined;
    const etag = ctx.res.getHeader('etag');
    // Not for subresources (`?tagging`, `?acl`) or a part (`?partNumber=`): the whole object only.
    const whole = Object.keys(ctx.query).every((name) => name === 'x-id' || /^(x-amz-|response-)/i.test(name));
    if (!wanted || etag === undefined || !whole) return;
    const metadata = await store.getMetadata(bucket, key).catch(() => undefined);
    const checksum = metadata && storedChecksum(metadata);
    // Only if the object is still the one answered (same ETag): else the SDK would find a mismatch.
    if (checksum && metadata.etag === etag) {
      ctx.set(checksumHeader(checksum.algorithm), checksum.value);
      ctx.set('x-amz-checksum-type', checksum.type);
    }
    return;
  }
  if (method === 'PUT') {
    const received = receivedChecksums.get(ctx.req);
    if (!received?.echo) return;
    ctx.set(checksumHeader(received.checksum.algorithm), received.checksum.value);
    if (!('uploadId' in ctx.query)) ctx.set('x-amz-checksum-type', received.checksum.type);
    return;
  }
  const result = (ctx.body as { CompleteMultipartUploadResult?: Record<string, unknown> } | null)?.CompleteMultipartUploadResult;
  if (method === 'POST' && 'uploadId' in ctx.query && result) {
    const checksum = storedChecksum(await store.getMetadata(bucket, key));
    if (checksum) {
      result[`Checksum${checksum.algorithm}`] = checksum.value;
      result.ChecksumType = checksum.type;
    }
  }
}

/** The checksum kept in an object's metadata (`x-amz-checksum-<algorithm>` and `x-amz-checksum-type`), if any. */
export function storedChecksum(metadata: Readonly<Record<string, string | number>>): StoredChecksum | undefined {
  for (const [name, value] of Object.entries(metadata)) {
    const algorithm = algorithmOfHeader(name);
    if (algorithm) return { algorithm, value: String(value), type: metadata['x-amz-checksum-type'] === 'COMPOSITE' ? 'COMPOSITE' : 'FULL_OBJECT' };
  }
  return undefined;
}

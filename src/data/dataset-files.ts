/**
 * The files of a dataset: one local file, every file under a local folder, or every object
 * under an S3 prefix (recursively, as Clarify collects them), in sorted order. Each can be
 * streamed from its start (CSV, JSON Lines; a name ending in `.gz` is gunzipped, as pandas'
 * `compression="infer"` does) or read by byte ranges (Parquet's footer and column chunks).
 *
 * @packageDocumentation
 */
import { open, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { AbortError, ClarifyError, ValidationError, throwIfAborted } from '../errors.js';
import { type Location, formatLocation } from '../storage/location.js';
import { LocalStorage } from '../storage/local-storage.js';
import { S3Storage } from '../storage/s3-storage.js';

/** One file of a dataset. */
export interface DatasetFile {
  /** The local path or `s3://` URI, for messages. */
  readonly uri: string;
  /** Its path relative to the dataset location (`''` when the location is the file itself). */
  readonly relative: string;
  /** The bytes from the start, decompressed when the name ends in `.gz`. */
  stream(signal?: AbortSignal): AsyncIterable<Uint8Array>;
  /** The file's size in bytes (as stored). */
  size(signal?: AbortSignal): Promise<number>;
  /** Bytes `[start, end)` as stored. */
  read(start: number, end: number, signal?: AbortSignal): Promise<Uint8Array>;
}

/** Chunk size of local streams: large enough that per-chunk work is amortised. */
const CHUNK_BYTES = 1 << 20;

/**
 * Lists the files of the dataset at `location`, sorted by relative path (UTF-16 code
 * units, as Python sorts `str`).
 *
 * @param field - the config key or option that named the location, for errors.
 * @throws {@link ValidationError} when the location holds no file, or is on S3 without a client.
 */
export async function listDatasetFiles(
  location: Location,
  s3Client: S3Client | undefined,
  field: string,
  signal?: AbortSignal,
): Promise<DatasetFile[]> {
  throwIfAborted(signal);
  if (location.kind === 'local') {
    const relatives = await new LocalStorage(location).list();
    if (relatives.length === 0) {
      const info = await stat(location.path).catch(() => undefined);
      throw new ValidationError(field, location.path, 'a dataset file or a folder of dataset files',
        info === undefined ? 'nothing is there' : 'the folder holds no file');
    }
    return relatives.map((relative) => localFile(relative === '' ? location.path : `${location.path}/${relative}`, relative));
  }
  if (s3Client === undefined) {
    throw new ValidationError(field, formatLocation(location), 'a local path, or an S3 URI together with an s3Client');
  }
  const relatives = await new S3Storage(location, s3Client).list(signal);
  const keys = relatives.length > 0
    ? relatives.map((relative) => ({ key: [location.key, relative].filter((p) => p !== '').join('/'), relative }))
    // The URI may name one object rather than a prefix.
    : (await s3Exists(s3Client, location.bucket, location.key, signal)) ? [{ key: location.key, relative: '' }] : [];
  if (keys.length === 0) {
    throw new ValidationError(field, formatLocation(location), 'an S3 object or a prefix holding dataset objects', 'no object is there');
  }
  return keys.map(({ key, relative }) => s3File(s3Client, location.bucket, key, relative));
}

function localFile(path: string, relative: string): DatasetFile {
  const gzip = path.endsWith('.gz');
  return {
    uri: path,
    relative,
    stream(signal) {
      const raw = createReadStream(path, { highWaterMark: CHUNK_BYTES, ...(signal ? { signal } : {}) });
      return abortable(gzip ? gunzipped(raw) : raw, signal, path);
    },
    async size() {
      return (await stat(path)).size;
    },
    async read(start, end) {
      const handle = await open(path, 'r');
      try {
        const buffer = Buffer.alloc(Math.max(0, end - start));
        let done = 0;
        while (done < buffer.length) {
          const { bytesRead } = await handle.read(buffer, done, buffer.length - done, start + done);
          if (bytesRead === 0) break;
          done += bytesRead;
        }
        return buffer.subarray(0, done);
      } finally {
        await handle.close();
      }
    },
  };
}

function s3File(client: S3Client, bucket: string, key: string, relative: string): DatasetFile {
  const uri = `s3://${bucket}/${key}`;
  const get = async (signal: AbortSignal | undefined, range?: string) => {
    const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...(range ? { Range: range } : {}) }),
      signal ? { abortSignal: signal } : {});
    if (!(response.Body instanceof Readable)) throw new ClarifyError(`s3:GetObject returned no stream for ${uri}`);
    return response.Body;
  };
  return {
    uri,
    relative,
    stream(signal) {
      const gzip = key.endsWith('.gz');
      return (async function* () {
        const body = await get(signal);
        yield* abortable(gzip ? gunzipped(body) : body, signal, uri);
      })();
    },
    async size(signal) {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), signal ? { abortSignal: signal } : {});
      return head.ContentLength ?? 0;
    },
    async read(start, end, signal) {
      if (end <= start) return new Uint8Array(0);
      const body = await get(signal, `bytes=${start}-${end - 1}`);
      const parts: Buffer[] = [];
      for await (const part of body) parts.push(part as Buffer);
      return Buffer.concat(parts);
    },
  };
}

async function s3Exists(client: S3Client, bucket: string, key: string, signal: AbortSignal | undefined): Promise<boolean> {
  if (key === '') return false;
  try {
    await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), signal ? { abortSignal: signal } : {});
    return true;
  } catch (err) {
    if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw err;
  }
}

/** `raw` gunzipped; an error of either stream ends the result, and destroying it destroys `raw`. */
function gunzipped(raw: Readable): Readable {
  const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
  pipeline(raw, gunzip, () => {});
  return gunzip;
}

/** A Node stream as an async iterable whose errors name the file, and that stops with {@link AbortError}. */
async function* abortable(stream: Readable, signal: AbortSignal | undefined, uri: string): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of stream) {
      throwIfAborted(signal);
      yield chunk as Uint8Array;
    }
    throwIfAborted(signal);
  } catch (err) {
    if (signal?.aborted) throw new AbortError('The operation was aborted', { cause: signal.reason });
    if (err instanceof ClarifyError) throw err;
    throw new ClarifyError(`Could not read ${uri}: ${(err as Error).message}`, { cause: err });
  } finally {
    stream.destroy();
  }
}

/**
 * How the emulator's S3 receives an upload's body: what the request's headers
 * say about it (aws-chunked framing, a checksum in a header or a trailer,
 * Content-MD5), and streaming it into a file while decoding and checking it.
 * A body that fails a check never replaces the stored object.
 *
 * @packageDocumentation
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { Transform, finished, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AwsChunkedDecoder } from './aws-chunked.js';
import {
  algorithmOfHeader,
  assertChecksumValue,
  badDigest,
  checksumHeader,
  createChecksum,
  parseChecksumAlgorithm,
  type Checksum,
  type ChecksumAlgorithm,
} from './s3-checksums.js';
import { S3ErrorReply } from './s3-keys.js';

/** What to do with an upload's body. */
export interface BodyPlan {
  /** Strip `aws-chunked` framing (and read its trailers). */
  readonly chunked: boolean;
  /** `x-amz-decoded-content-length`: the payload's size without the framing. */
  readonly decodedLength?: number;
  /** A checksum the client sent: its algorithm and the value (from a header) or the trailer that carries it. */
  readonly verify?: { readonly algorithm: ChecksumAlgorithm; readonly value?: string; readonly trailer?: string };
  /** The algorithm of the checksum to store with the bytes. */
  readonly record?: ChecksumAlgorithm;
  /** Whether the client asked for a checksum (so the answer echoes it). */
  readonly clientChecksum: boolean;
  /** A `Content-MD5` (base64) to check the bytes against. */
  readonly contentMd5?: string;
}

/** What {@link receive} stored. */
export interface Received {
  readonly size: number;
  /** The MD5 of the stored bytes, in hex (their ETag). */
  readonly md5: string;
  /** The checksum of {@link BodyPlan.record}, in base64. */
  readonly checksum?: { readonly algorithm: ChecksumAlgorithm; readonly value: string };
}

/** Headers named `x-amz-checksum-…` that carry no checksum value. */
const NOT_A_VALUE = new Set(['x-amz-checksum-mode', 'x-amz-checksum-type', 'x-amz-checksum-algorithm']);

/**
 * Reads an upload request's headers into a {@link BodyPlan}.
 *
 * @param recordDefault the checksum to store when the client sends none (S3
 *   computes CRC64NVME for a PutObject; a part gets its upload's algorithm).
 * @throws {@link S3ErrorReply} for two checksum values, a value that is no
 *   digest of its algorithm, or a malformed Content-MD5.
 */
export function planBody(headers: IncomingHttpHeaders, recordDefault?: ChecksumAlgorithm): BodyPlan {
  const text = (name: string): string | undefined => {
    const value = headers[name];
    return typeof value === 'string' ? value : Array.isArray(value) ? value.join(',') : undefined;
  };
  const chunked = /(^|,)\s*aws-chunked\s*(,|$)/i.test(text('content-encoding') ?? '') || /^STREAMING-/.test(text('x-amz-content-sha256') ?? '');

  const values: { algorithm: ChecksumAlgorithm; value: string }[] = [];
  for (const name of Object.keys(headers)) {
    if (!name.startsWith('x-amz-checksum-') || NOT_A_VALUE.has(name)) continue;
    const algorithm = algorithmOfHeader(name);
    if (algorithm) values.push({ algorithm, value: text(name) ?? '' });
  }
  const trailerName = text('x-amz-trailer')?.trim().toLowerCase();
  const trailerAlgorithm = chunked && trailerName ? algorithmOfHeader(trailerName) : undefined;
  if (values.length + (trailerAlgorithm ? 1 : 0) > 1) {
    throw new S3ErrorReply('InvalidRequest', 400, 'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
  }
  for (const { algorithm, value } of values) assertChecksumValue(algorithm, value);
  const verify = values[0] ?? (trailerAlgorithm ? { algorithm: trailerAlgorithm, trailer: trailerName! } : undefined);
  const sdkAlgorithm = parseChecksumAlgorithm(text('x-amz-sdk-checksum-algorithm'));

  const contentMd5 = text('content-md5');
  if (contentMd5 !== undefined && Buffer.from(contentMd5, 'base64').length !== 16) {
    throw new S3ErrorReply('InvalidDigest', 400, 'The Content-MD5 you specified was invalid.', { 'Content-MD5': contentMd5 });
  }
  const decoded = text('x-amz-decoded-content-length');
  const record = verify?.algorithm ?? sdkAlgorithm ?? recordDefault;
  return {
    chunked,
    ...(chunked && decoded !== undefined && /^\d+$/.test(decoded) ? { decodedLength: Number(decoded) } : {}),
    ...(verify ? { verify } : {}),
    ...(record ? { record } : {}),
    clientChecksum: verify !== undefined || sdkAlgorithm !== undefined,
    ...(contentMd5 !== undefined ? { contentMd5 } : {}),
  };
}

/** `content-encoding` without `aws-chunked` (undefined when nothing is left), as S3 stores it. */
export function storedContentEncoding(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const rest = value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '' && part.toLowerCase() !== 'aws-chunked');
  return rest.length ? rest.join(',') : undefined;
}

/**
 * Streams `source` into a new file at `path` as `plan` says, answering its size,
 * MD5 and checksum. The file appears under its name only once complete and
 * checked, so a failed, aborted or corrupted upload leaves the previous object
 * (or nothing) behind.
 *
 * @throws {@link S3ErrorReply} `BadDigest`, `IncompleteBody` or `InvalidRequest`
 *   when the body does not match what its headers promised.
 */
export async function receive(source: Readable, path: string, plan: BodyPlan): Promise<Received> {
  const md5 = createHash('md5');
  const decoder = plan.chunked ? new AwsChunkedDecoder() : undefined;
  const checksums = new Map<ChecksumAlgorithm, Checksum>();
  for (const algorithm of [plan.verify?.algorithm, plan.record]) {
    if (algorithm && !checksums.has(algorithm)) checksums.set(algorithm, createChecksum(algorithm));
  }
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        for (const piece of decoder ? decoder.write(chunk) : [chunk]) {
          md5.update(piece);
          for (const checksum of checksums.values()) checksum.update(piece);
          size += piece.length;
          this.push(piece);
        }
        done();
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done) {
      try {
        decoder?.end();
        done();
      } catch (error) {
        done(error as Error);
      }
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
    const md5Bytes = md5.digest();
    const digests = new Map([...checksums].map(([algorithm, checksum]) => [algorithm, checksum.digest().toString('base64')]));
    check(plan, size, md5Bytes.toString('base64'), digests, decoder);
    await rename(partial, path);
    const recorded = plan.record ? { algorithm: plan.record, value: digests.get(plan.record)! } : undefined;
    return { size, md5: md5Bytes.toString('hex'), ...(recorded ? { checksum: recorded } : {}) };
  } catch (error) {
    source.unpipe(counter);
    source.resume(); // drain the rest of the body so that the error answer gets through
    await unlink(partial).catch(() => undefined);
    throw error;
  } finally {
    stopWatching();
  }
}

/** The checks S3 makes once the whole body is in. */
function check(plan: BodyPlan, size: number, md5: string, digests: ReadonlyMap<ChecksumAlgorithm, string>, decoder?: AwsChunkedDecoder): void {
  if (plan.decodedLength !== undefined && plan.decodedLength !== size) {
    throw new S3ErrorReply('IncompleteBody', 400, 'You did not provide the number of bytes specified by the Content-Length HTTP header.');
  }
  if (plan.contentMd5 !== undefined && plan.contentMd5 !== md5) {
    throw new S3ErrorReply('BadDigest', 400, 'The Content-MD5 you specified did not match what we received.', {
      ExpectedDigest: plan.contentMd5,
      CalculatedDigest: md5,
    });
  }
  if (plan.verify) {
    const { algorithm, trailer } = plan.verify;
    const value = plan.verify.value ?? (trailer ? decoder?.trailers.get(trailer) : undefined);
    if (value === undefined) {
      throw new S3ErrorReply('InvalidRequest', 400, `The request declared the trailer ${checksumHeader(algorithm)} but did not send it.`);
    }
    assertChecksumValue(algorithm, value);
    if (value !== digests.get(algorithm)) throw badDigest(algorithm);
  }
}

/** The MD5 (hex) and `algorithm`'s checksum (base64) of a stored file. */
export async function digestFile(path: string, algorithm: ChecksumAlgorithm): Promise<{ md5: string; checksum: string }> {
  const md5 = createHash('md5');
  const checksum = createChecksum(algorithm);
  for await (const chunk of createReadStream(path)) {
    md5.update(chunk as Buffer);
    checksum.update(chunk as Buffer);
  }
  return { md5: md5.digest('hex'), checksum: checksum.digest().toString('base64') };
}

/**
 * S3's additional checksums (CRC32, CRC32C, CRC64NVME, SHA1, SHA256), as the
 * emulator's S3 computes, verifies and answers them.
 *
 * The AWS SDK sends one of them with every upload by default (CRC32, in an
 * `x-amz-checksum-crc32` header or in the trailer of an `aws-chunked` body) and
 * checks the one GetObject answers. Real S3 keeps the checksum an object was
 * uploaded with, and computes a full-object CRC64NVME for an object uploaded
 * without one; a multipart upload created with an algorithm gets a COMPOSITE
 * checksum (`<checksum of the concatenated part checksums>-<parts>`), which the
 * SDK does not validate.
 *
 * CRC32 uses `zlib.crc32` where Node has it (20.15+, 22.2+); the others, and
 * CRC32 on older Node 20 releases, are plain table-driven JavaScript: fast
 * enough for test data (100-400 MB/s) on every Node version.
 *
 * @packageDocumentation
 */
import { createHash, type Hash } from 'node:crypto';
import * as zlib from 'node:zlib';
import { S3ErrorReply } from './s3-keys.js';

/** The checksum algorithms S3 accepts, by the name its API uses. */
export const CHECKSUM_ALGORITHMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const;

/** One of {@link CHECKSUM_ALGORITHMS}. */
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

/** How an object's checksum covers it: the whole object, or (multipart) a checksum of part checksums. */
export type ChecksumType = 'FULL_OBJECT' | 'COMPOSITE';

/** A checksum as S3 stores and answers it. */
export interface StoredChecksum {
  readonly algorithm: ChecksumAlgorithm;
  /** Base64 of the digest; a COMPOSITE one ends with `-<parts>`. */
  readonly value: string;
  readonly type: ChecksumType;
}

/** A running checksum. */
export interface Checksum {
  update(chunk: Uint8Array): void;
  /** The digest's bytes (call once). */
  digest(): Buffer;
}

/** The header that carries `algorithm`'s value: `x-amz-checksum-crc32`, … */
export function checksumHeader(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}

/** The algorithm named `name` (any case), or undefined. */
export function parseChecksumAlgorithm(name: string | undefined): ChecksumAlgorithm | undefined {
  const upper = name?.toUpperCase();
  return CHECKSUM_ALGORITHMS.find((algorithm) => algorithm === upper);
}

/** The algorithm whose value header is `header` (`x-amz-checksum-crc32` → CRC32), or undefined. */
export function algorithmOfHeader(header: string): ChecksumAlgorithm | undefined {
  const match = /^x-amz-checksum-([a-z0-9]+)$/i.exec(header.trim());
  return match ? parseChecksumAlgorithm(match[1]) : undefined;
}

/** A new running checksum of `algorithm`. */
export function createChecksum(algorithm: ChecksumAlgorithm): Checksum {
  switch (algorithm) {
    case 'CRC32':
      return typeof zlib.crc32 === 'function' ? new ZlibCrc32() : new Crc32(CRC32_TABLE);
    case 'CRC32C':
      return new Crc32(CRC32C_TABLE);
    case 'CRC64NVME':
      return new Crc64Nvme();
    case 'SHA1':
      return hashChecksum(createHash('sha1'));
    case 'SHA256':
      return hashChecksum(createHash('sha256'));
  }
}

/** The base64 checksum of `data`. */
export function checksumOf(algorithm: ChecksumAlgorithm, data: Uint8Array): string {
  const checksum = createChecksum(algorithm);
  checksum.update(data);
  return checksum.digest().toString('base64');
}

/** How many bytes `algorithm`'s digest has. */
export function digestLength(algorithm: ChecksumAlgorithm): number {
  return { CRC32: 4, CRC32C: 4, CRC64NVME: 8, SHA1: 20, SHA256: 32 }[algorithm];
}

/**
 * The COMPOSITE checksum of a multipart upload: the checksum of the parts'
 * binary checksums, one after the other, then `-<number of parts>`.
 */
export function compositeChecksum(algorithm: ChecksumAlgorithm, partValues: readonly string[]): string {
  const checksum = createChecksum(algorithm);
  for (const value of partValues) checksum.update(Buffer.from(value, 'base64'));
  return `${checksum.digest().toString('base64')}-${partValues.length}`;
}

/**
 * Refuses a checksum value that cannot be one of `algorithm`'s: S3 answers
 * `InvalidRequest` for a value that is no base64 digest of the right length.
 */
export function assertChecksumValue(algorithm: ChecksumAlgorithm, value: string): void {
  const bytes = /^[A-Za-z0-9+/]*={0,2}$/.test(value) ? Buffer.from(value, 'base64') : undefined;
  if (bytes?.length !== digestLength(algorithm) || bytes.toString('base64') !== value) {
    throw new S3ErrorReply('InvalidRequest', 400, `Value for ${checksumHeader(algorithm)} header is invalid.`);
  }
}

/** S3's answer when a checksum the client sent differs from the one of the bytes received. */
export function badDigest(algorithm: ChecksumAlgorithm): S3ErrorReply {
  const name = algorithm.startsWith('SHA') ? algorithm.toLowerCase() : algorithm;
  return new S3ErrorReply('BadDigest', 400, `The ${name} you specified did not match the calculated checksum.`);
}

function hashChecksum(hash: Hash): Checksum {
  return { update: (chunk) => hash.update(chunk), digest: () => hash.digest() };
}

/** The table of a reflected 32-bit CRC with polynomial `poly` (reversed form). */
function crc32Table(poly: number): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? poly ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

const CRC32_TABLE = crc32Table(0xedb88320);
const CRC32C_TABLE = crc32Table(0x82f63b78);

class Crc32 implements Checksum {
  private crc = 0xffffffff;
  constructor(private readonly table: Uint32Array) {}

  update(chunk: Uint8Array): void {
    const table = this.table;
    let crc = this.crc;
    for (let i = 0; i < chunk.length; i++) crc = table[(crc ^ chunk[i]) & 0xff] ^ (crc >>> 8);
    this.crc = crc;
  }

  digest(): Buffer {
    const out = Buffer.alloc(4);
    out.writeUInt32BE((this.crc ^ 0xffffffff) >>> 0);
    return out;
  }
}

/** CRC32 by zlib (Node 20.15+, 22.2+): native speed for the SDK's default algorithm. */
class ZlibCrc32 implements Checksum {
  private crc = 0;

  update(chunk: Uint8Array): void {
    this.crc = zlib.crc32(chunk, this.crc);
  }

  digest(): Buffer {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(this.crc >>> 0);
    return out;
  }
}

/**
 * CRC-64/NVME (reflected, polynomial 0xAD93D23594C93659, reversed 0x9A6C9329AC4BC9B5,
 * initial and final XOR all ones), with the 64-bit state in two 32-bit halves.
 */
// Slicing by 8: table k advances the CRC over a byte followed by k zero bytes; HI/LO hold
// the 64-bit entries' halves, table k at [256 k, 256 k + 255].
const CRC64_HI = new Uint32Array(8 * 256);
const CRC64_LO = new Uint32Array(8 * 256);
{
  const polyHi = 0x9a6c9329;
  const polyLo = 0xac4bc9b5;
  for (let n = 0; n < 256; n++) {
    let hi = 0;
    let lo = n;
    for (let k = 0; k < 8; k++) {
      const carry = lo & 1;
      lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
      hi = hi >>> 1;
      if (carry) {
        hi = (hi ^ polyHi) >>> 0;
        lo = (lo ^ polyLo) >>> 0;
      }
    }
    CRC64_HI[n] = hi;
    CRC64_LO[n] = lo;
  }
  for (let t = 1; t < 8; t++) {
    for (let n = 0; n < 256; n++) {
      const hi = CRC64_HI[(t - 1) * 256 + n];
      const lo = CRC64_LO[(t - 1) * 256 + n];
      const index = lo & 0xff;
      CRC64_LO[t * 256 + n] = (((lo >>> 8) | (hi << 24)) ^ CRC64_LO[index]) >>> 0;
      CRC64_HI[t * 256 + n] = ((hi >>> 8) ^ CRC64_HI[index]) >>> 0;
    }
  }
}

class Crc64Nvme implements Checksum {
  private hi = 0xffffffff;
  private lo = 0xffffffff;

  update(chunk: Uint8Array): void {
    const H = CRC64_HI;
    const L = CRC64_LO;
    let hi = this.hi;
    let lo = this.lo;
    let i = 0;
    for (const end = chunk.length - 7; i < end; i += 8) {
      const a = (lo ^ (chunk[i] | (chunk[i + 1] << 8) | (chunk[i + 2] << 16) | (chunk[i + 3] << 24))) >>> 0;
      const b = (hi ^ (chunk[i + 4] | (chunk[i + 5] << 8) | (chunk[i + 6] << 16) | (chunk[i + 7] << 24))) >>> 0;
      const i7 = 1792 + (a & 0xff);
      const i6 = 1536 + ((a >>> 8) & 0xff);
      const i5 = 1280 + ((a >>> 16) & 0xff);
      const i4 = 1024 + (a >>> 24);
      const i3 = 768 + (b & 0xff);
      const i2 = 512 + ((b >>> 8) & 0xff);
      const i1 = 256 + ((b >>> 16) & 0xff);
      const i0 = b >>> 24;
      lo = (L[i7] ^ L[i6] ^ L[i5] ^ L[i4] ^ L[i3] ^ L[i2] ^ L[i1] ^ L[i0]) >>> 0;
      hi = (H[i7] ^ H[i6] ^ H[i5] ^ H[i4] ^ H[i3] ^ H[i2] ^ H[i1] ^ H[i0]) >>> 0;
    }
    for (; i < chunk.length; i++) {
      const index = (lo ^ chunk[i]) & 0xff;
      lo = (((lo >>> 8) | (hi << 24)) ^ L[index]) >>> 0;
      hi = ((hi >>> 8) ^ H[index]) >>> 0;
    }
    this.hi = hi;
    this.lo = lo;
  }

  digest(): Buffer {
    const out = Buffer.alloc(8);
    out.writeUInt32BE((this.hi ^ 0xffffffff) >>> 0, 0);
    out.writeUInt32BE((this.lo ^ 0xffffffff) >>> 0, 4);
    return out;
  }
}

import { describe, expect, it } from 'vitest';
import { AwsChunkedDecoder } from '../../src/testing/aws-chunked.js';
import { checksumOf, compositeChecksum, createChecksum } from '../../src/testing/s3-checksums.js';
import { S3ErrorReply } from '../../src/testing/s3-keys.js';

/** Feeds `body` in pieces of `step` bytes; answers the payload and the trailers. */
function decode(body: Buffer, step = body.length): { payload: Buffer; trailers: Map<string, string> } {
  const decoder = new AwsChunkedDecoder();
  const out: Buffer[] = [];
  for (let at = 0; at < body.length; at += step) out.push(...decoder.write(body.subarray(at, at + step)));
  decoder.end();
  return { payload: Buffer.concat(out), trailers: decoder.trailers };
}

function failure(body: Buffer): S3ErrorReply {
  try {
    decode(body);
  } catch (error) {
    if (error instanceof S3ErrorReply) return error;
    throw error;
  }
  throw new Error('expected the body to be refused');
}

const data = Buffer.from('hello, aws-chunked world: '.repeat(40));
const crc = checksumOf('CRC32', data);

describe('aws-chunked decoding', () => {
  it('decodes unsigned chunks with a checksum trailer, whatever the pieces the body arrives in', () => {
    const body = Buffer.concat([
      Buffer.from(`200\r\n`),
      data.subarray(0, 0x200),
      Buffer.from(`\r\n${(data.length - 0x200).toString(16)}\r\n`),
      data.subarray(0x200),
      Buffer.from(`\r\n0\r\nx-amz-checksum-crc32:${crc}\r\n\r\n`),
    ]);
    for (const step of [1, 2, 3, 7, 64, body.length]) {
      const { payload, trailers } = decode(body, step);
      expect(payload.equals(data), `pieces of ${step}`).toBe(true);
      expect(trailers.get('x-amz-checksum-crc32')).toBe(crc);
    }
  });

  it('decodes signed chunks and a signed trailer (STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER)', () => {
    const signature = 'a'.repeat(64);
    const body = Buffer.concat([
      Buffer.from(`${data.length.toString(16)};chunk-signature=${signature}\r\n`),
      data,
      Buffer.from(`\r\n0;chunk-signature=${signature}\r\nx-amz-checksum-crc32:${crc}\r\nx-amz-trailer-signature:${signature}\r\n\r\n`),
    ]);
    const { payload, trailers } = decode(body, 5);
    expect(payload.equals(data)).toBe(true);
    expect(trailers.get('x-amz-checksum-crc32')).toBe(crc);
    // Without trailers, and without the last empty line.
    expect(decode(Buffer.from('3\r\nabc\r\n0\r\n\r\n')).payload.toString()).toBe('abc');
    expect(decode(Buffer.from('3\r\nabc\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n')).trailers.size).toBe(1);
  });

  it('refuses a body that stops early or breaks the framing', () => {
    expect(failure(Buffer.from('a\r\nabc')).code).toBe('IncompleteBody');
    expect(failure(Buffer.from('3\r\nabc\r\n')).code).toBe('IncompleteBody');
    expect(failure(Buffer.from('3\r\nabcd\r\n0\r\n\r\n')).code).toBe('InvalidRequest');
    expect(failure(Buffer.from('zz\r\nabc\r\n0\r\n\r\n')).code).toBe('InvalidRequest');
    expect(failure(Buffer.from('3\nabc\r\n0\r\n\r\n')).code).toBe('InvalidRequest');
    expect(failure(Buffer.from(`${'1'.repeat(5000)}\r\n`)).code).toBe('InvalidRequest');
    expect(failure(Buffer.from('0\r\n\r\nmore')).code).toBe('InvalidRequest');
  });
});

describe('S3 checksums', () => {
  it('match the published check values of each CRC', () => {
    const check = Buffer.from('123456789');
    const hex = (algorithm: 'CRC32' | 'CRC32C' | 'CRC64NVME') => Buffer.from(checksumOf(algorithm, check), 'base64').toString('hex');
    expect(hex('CRC32')).toBe('cbf43926');
    expect(hex('CRC32C')).toBe('e3069283');
    expect(hex('CRC64NVME')).toBe('ae8b14860a799888');
    expect(checksumOf('SHA256', check)).toBe('FeKw08M4keuw8e9gnsQZQgwg4yDOlMZfvIwzEkSOsiU=');
  });

  it('are the same computed in one piece or in many', () => {
    for (const algorithm of ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const) {
      const running = createChecksum(algorithm);
      for (let at = 0; at < data.length; at += 13) running.update(data.subarray(at, at + 13));
      expect(running.digest().toString('base64'), algorithm).toBe(checksumOf(algorithm, data));
    }
  });

  it('compose a multipart checksum from the parts', () => {
    const parts = ['a', 'b'].map((text) => checksumOf('CRC32', Buffer.from(text)));
    const joined = Buffer.concat(parts.map((value) => Buffer.from(value, 'base64')));
    expect(compositeChecksum('CRC32', parts)).toBe(`${checksumOf('CRC32', joined)}-2`);
  });
});

/**
 * A minimal ustar + gzip writer, enough to write the `model.tar.gz` a training
 * job leaves in S3 so that code unpacking it sees a real archive.
 */
import { gzipSync } from 'node:zlib';

/** Packs `files` (name → content) into a gzip-compressed tar archive. */
export function tarGz(files: Record<string, Uint8Array | string>): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const [name, content] of Object.entries(files)) {
    const data = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    blocks.push(header(name, data.length), data, new Uint8Array((512 - (data.length % 512)) % 512));
  }
  blocks.push(new Uint8Array(1024)); // two zero blocks end the archive
  return new Uint8Array(gzipSync(Buffer.concat(blocks)));
}

function header(name: string, size: number): Uint8Array {
  if (Buffer.byteLength(name) > 100) throw new RangeError(`tar entry name longer than 100 bytes: ${name}`);
  const block = Buffer.alloc(512);
  block.write(name, 0, 'utf8');
  block.write('0000644\0', 100); // mode
  block.write('0000000\0', 108); // uid
  block.write('0000000\0', 116); // gid
  block.write(size.toString(8).padStart(11, '0') + '\0', 124);
  block.write(Math.floor(Date.now() / 1000).toString(8).padStart(11, '0') + '\0', 136);
  block.write('        ', 148); // checksum is computed with this field as spaces
  block.write('0', 156); // regular file
  block.write('ustar\x0000', 257);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return block;
}

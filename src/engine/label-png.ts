/**
 * Segment label maps as 16-bit grayscale PNGs: one sample per pixel holding the
 * segment index, lossless for up to 65 535 segments and readable by any PNG
 * library (`skimage.io.imread`, `PIL.Image.open`, sharp).
 *
 * Written by hand because the encoder only needs one fixed format, and this keeps
 * the bytes independent of libvips' version.
 *
 * @packageDocumentation
 */
import { deflateSync } from 'node:zlib';
import { ValidationError } from '../errors.js';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * Encodes `labels` (row-major, one per pixel) as a 16-bit grayscale PNG.
 * @throws {@link ValidationError} for a label outside 0..65535 or a size mismatch.
 */
export function encodeLabelPng(labels: ArrayLike<number>, width: number, height: number): Uint8Array {
  if (labels.length !== width * height) throw new ValidationError('labels', labels, `${width * height} labels (width × height)`);
  const raw = new Uint8Array(height * (1 + 2 * width));
  for (let y = 0, o = 0; y < height; y++) {
    raw[o++] = 0; // filter type None
    for (let x = 0; x < width; x++) {
      const v = labels[y * width + x];
      if (!Number.isInteger(v) || v < 0 || v > 0xffff) throw new ValidationError(`labels[${y * width + x}]`, v, 'an integer 0..65535');
      raw[o++] = v >>> 8;
      raw[o++] = v & 0xff;
    }
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header[8] = 16; // bit depth
  header[9] = 0; // colour type: grayscale
  const signature = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
  const parts = [signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

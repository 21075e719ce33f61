/**
 * Writes the tiny RecordIO stand-ins of the notebook's Caltech-256 `.rec` files
 * (`caltech-256-60-train.rec`, `caltech-256-60-val.rec`), so that the example
 * uploads and "trains" on real RecordIO bytes without a 1 GB download.
 *
 *   node --import tsx examples/data/make-rec-stand-ins.ts
 *
 * Format (MXNet RecordIO, what SageMaker's image-classification algorithm reads):
 * each record is the magic 0xced7230a, a uint32 length (upper 3 bits: continuation
 * flag, 0 here), the payload, and zero padding to 4 bytes; the payload is MXNet's
 * IRHeader (uint32 flag, float32 label, uint64 id, uint64 id2) followed by the image
 * bytes. All integers little-endian.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';

const MAGIC = 0xced7230a;

async function png(label: number): Promise<Buffer> {
  // One flat colour per class: 8×8 keeps each record ~100 bytes.
  const hue = [[200, 30, 30], [30, 160, 40], [30, 60, 200], [220, 200, 40], [120, 40, 160]][label % 5];
  return sharp({ create: { width: 8, height: 8, channels: 3, background: { r: hue[0], g: hue[1], b: hue[2] } } }).png().toBuffer();
}

function record(label: number, id: number, image: Buffer): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0, 0);
  header.writeFloatLE(label, 4);
  header.writeBigUInt64LE(BigInt(id), 8);
  header.writeBigUInt64LE(0n, 16);
  const payload = Buffer.concat([header, image]);
  const prefix = Buffer.alloc(8);
  prefix.writeUInt32LE(MAGIC, 0);
  prefix.writeUInt32LE(payload.length, 4);
  const padding = Buffer.alloc((4 - (payload.length % 4)) % 4);
  return Buffer.concat([prefix, payload, padding]);
}

async function recFile(path: string, labels: number[]): Promise<void> {
  const records = await Promise.all(labels.map(async (label, id) => record(label, id, await png(label))));
  await writeFile(path, Buffer.concat(records));
}

const here = import.meta.dirname;
await recFile(join(here, 'caltech-256-60-train.rec'), [0, 1, 2, 3, 4, 0, 1, 2, 3, 4]);
await recFile(join(here, 'caltech-256-60-val.rec'), [0, 1, 2, 3, 4]);

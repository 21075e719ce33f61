/**
 * A minimal Parquet writer for the reader's tests, written from the format's specification
 * (parquet-format's Thrift definitions, compact protocol, v1 data pages, PLAIN values,
 * RLE definition levels), independent of hyparquet. Flat schemas only: each column is
 * REQUIRED or OPTIONAL, of a physical type with an optional converted type.
 */
import { brotliCompressSync, gzipSync } from 'node:zlib';

export type PhysicalType = 'BOOLEAN' | 'INT32' | 'INT64' | 'INT96' | 'FLOAT' | 'DOUBLE' | 'BYTE_ARRAY';
export type Codec = 'UNCOMPRESSED' | 'SNAPPY' | 'GZIP' | 'BROTLI' | 'ZSTD';

export interface ParquetColumn {
  readonly name: string;
  readonly type: PhysicalType;
  /** Thrift ConvertedType number: UTF8 = 0, DECIMAL = 5, DATE = 6, TIMESTAMP_MILLIS = 9, INT_8 = 15, UINT_64 = 14. */
  readonly convertedType?: number;
  readonly optional?: boolean;
  /** One value per row; `null` for a null (OPTIONAL columns). */
  readonly values: readonly (number | bigint | boolean | string | null)[];
}

export interface ParquetFileOptions {
  readonly codec?: Codec;
  /** Rows per row group. @default all rows */
  readonly rowGroupRows?: number;
  readonly keyValues?: Readonly<Record<string, string>>;
}

const TYPE_IDS: Record<PhysicalType, number> = { BOOLEAN: 0, INT32: 1, INT64: 2, INT96: 3, FLOAT: 4, DOUBLE: 5, BYTE_ARRAY: 6 };
const CODEC_IDS: Record<Codec, number> = { UNCOMPRESSED: 0, SNAPPY: 1, GZIP: 2, BROTLI: 4, ZSTD: 6 };

/** The bytes of a Parquet file holding `columns`. */
export function writeParquet(columns: readonly ParquetColumn[], options: ParquetFileOptions = {}): Uint8Array {
  const codec = options.codec ?? 'UNCOMPRESSED';
  const rows = columns[0]?.values.length ?? 0;
  const groupRows = Math.max(1, options.rowGroupRows ?? rows);
  const parts: Uint8Array[] = [ascii('PAR1')];
  let offset = 4;
  const groups: Thrift[] = [];
  for (let start = 0; start < rows || (rows === 0 && start === 0); start += groupRows) {
    const end = Math.min(rows, start + groupRows);
    const chunks: Thrift[] = [];
    let groupBytes = 0;
    for (const column of columns) {
      const values = column.values.slice(start, end);
      const page = pageData(column, values);
      const compressed = compress(page, codec);
      const header = encodeStruct([
        [1, 'i32', 0],
        [2, 'i32', page.length],
        [3, 'i32', compressed.length],
        [5, 'struct', [
          [1, 'i32', values.length],
          [2, 'i32', 0],
          [3, 'i32', 3],
          [4, 'i32', 3],
        ]],
      ]);
      const chunkOffset = offset;
      parts.push(header, compressed);
      offset += header.length + compressed.length;
      groupBytes += header.length + page.length;
      chunks.push([
        [2, 'i64', chunkOffset],
        [3, 'struct', [
          [1, 'i32', TYPE_IDS[column.type]],
          [2, 'list', ['i32', [0, 3]]],
          [3, 'list', ['binary', [column.name]]],
          [4, 'i32', CODEC_IDS[codec]],
          [5, 'i64', values.length],
          [6, 'i64', header.length + page.length],
          [7, 'i64', header.length + compressed.length],
          [9, 'i64', chunkOffset],
        ]],
      ]);
    }
    groups.push([
      [1, 'list', ['struct', chunks]],
      [2, 'i64', groupBytes],
      [3, 'i64', end - start],
    ]);
    if (rows === 0) break;
  }
  const schema: Thrift[] = [[[4, 'binary', 'schema'], [5, 'i32', columns.length]]];
  for (const column of columns) {
    schema.push([
      [1, 'i32', TYPE_IDS[column.type]],
      ...(column.type === 'INT96' ? [[2, 'i32', 12] as Field] : []),
      [3, 'i32', column.optional ? 1 : 0],
      [4, 'binary', column.name],
      ...(column.convertedType !== undefined ? [[6, 'i32', column.convertedType] as Field] : []),
      ...(column.convertedType === 5 ? [[7, 'i32', 2] as Field, [8, 'i32', 9] as Field] : []),
    ]);
  }
  const keyValues = Object.entries(options.keyValues ?? {}).map(([key, value]): Thrift => [[1, 'binary', key], [2, 'binary', value]]);
  const footer = encodeStruct([
    [1, 'i32', 1],
    [2, 'list', ['struct', schema]],
    [3, 'i64', rows],
    [4, 'list', ['struct', groups]],
    ...(keyValues.length > 0 ? [[5, 'list', ['struct', keyValues]] as Field] : []),
    [6, 'binary', 'clarify-ts test writer'],
  ]);
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, footer.length, true);
  parts.push(footer, length, ascii('PAR1'));
  return concat(parts);
}

function pageData(column: ParquetColumn, values: readonly (number | bigint | boolean | string | null)[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const present = values.filter((v) => v !== null);
  if (column.optional) {
    const levels = rleLevels(values.map((v) => (v === null ? 0 : 1)));
    const length = new Uint8Array(4);
    new DataView(length.buffer).setUint32(0, levels.length, true);
    parts.push(length, levels);
  } else if (present.length !== values.length) {
    throw new Error(`column ${column.name} is REQUIRED but has nulls`);
  }
  parts.push(plain(column.type, present as (number | bigint | boolean | string)[]));
  return concat(parts);
}

/** RLE runs of the hybrid encoding, bit width 1. */
function rleLevels(levels: number[]): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < levels.length;) {
    let j = i;
    while (j < levels.length && levels[j] === levels[i]) j++;
    bytes.push(...varint((j - i) << 1), levels[i]!);
    i = j;
  }
  return Uint8Array.from(bytes);
}

function plain(type: PhysicalType, values: (number | bigint | boolean | string)[]): Uint8Array {
  switch (type) {
    case 'BOOLEAN': {
      const out = new Uint8Array(Math.ceil(values.length / 8));
      values.forEach((v, i) => { if (v) out[i >> 3]! |= 1 << (i & 7); });
      return out;
    }
    case 'INT32': {
      const view = new DataView(new ArrayBuffer(values.length * 4));
      values.forEach((v, i) => view.setInt32(i * 4, Number(v), true));
      return new Uint8Array(view.buffer);
    }
    case 'INT64': {
      const view = new DataView(new ArrayBuffer(values.length * 8));
      values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v as number | bigint), true));
      return new Uint8Array(view.buffer);
    }
    case 'INT96':
      return new Uint8Array(values.length * 12);
    case 'FLOAT': {
      const view = new DataView(new ArrayBuffer(values.length * 4));
      values.forEach((v, i) => view.setFloat32(i * 4, Number(v), true));
      return new Uint8Array(view.buffer);
    }
    case 'DOUBLE': {
      const view = new DataView(new ArrayBuffer(values.length * 8));
      values.forEach((v, i) => view.setFloat64(i * 8, Number(v), true));
      return new Uint8Array(view.buffer);
    }
    case 'BYTE_ARRAY': {
      const parts = values.map((v) => {
        const text = new TextEncoder().encode(String(v));
        const out = new Uint8Array(4 + text.length);
        new DataView(out.buffer).setUint32(0, text.length, true);
        out.set(text, 4);
        return out;
      });
      return concat(parts);
    }
  }
}

function compress(data: Uint8Array, codec: Codec): Uint8Array {
  switch (codec) {
    case 'UNCOMPRESSED':
      return data;
    case 'GZIP':
      return gzipSync(data);
    case 'BROTLI':
      return brotliCompressSync(data);
    case 'SNAPPY': {
      // A valid Snappy stream of literals only: the length, then literal elements of <= 65536 bytes.
      const parts: Uint8Array[] = [Uint8Array.from(varint(data.length))];
      for (let i = 0; i < data.length; i += 65536) {
        const piece = data.subarray(i, Math.min(data.length, i + 65536));
        const n = piece.length - 1;
        parts.push(Uint8Array.from([61 << 2, n & 0xff, n >> 8]), piece);
      }
      return concat(parts);
    }
    case 'ZSTD':
      return data; // only its codec id matters: the reader must refuse it before decoding
  }
}

// Thrift compact protocol: just what the footer and page headers need.
type Field = [number, 'i32' | 'i64' | 'binary' | 'struct' | 'list', unknown];
type Thrift = Field[];
const COMPACT: Record<string, number> = { i32: 5, i64: 6, binary: 8, list: 9, struct: 12 };

function encodeStruct(fields: Thrift): Uint8Array {
  const out: number[] = [];
  writeStruct(out, fields);
  return Uint8Array.from(out);
}

function writeStruct(out: number[], fields: Thrift): void {
  let last = 0;
  for (const [id, type, value] of fields) {
    const delta = id - last;
    if (delta > 0 && delta <= 15) out.push((delta << 4) | COMPACT[type]!);
    else out.push(COMPACT[type]!, ...varint(zigzag(id)));
    last = id;
    writeValue(out, type, value);
  }
  out.push(0);
}

function writeValue(out: number[], type: string, value: unknown): void {
  switch (type) {
    case 'i32':
    case 'i64':
      out.push(...varintBig(zigzagBig(BigInt(value as number))));
      return;
    case 'binary': {
      const bytes = new TextEncoder().encode(value as string);
      out.push(...varint(bytes.length), ...bytes);
      return;
    }
    case 'struct':
      writeStruct(out, value as Thrift);
      return;
    case 'list': {
      const [elementType, items] = value as [string, unknown[]];
      if (items.length < 15) out.push((items.length << 4) | COMPACT[elementType]!);
      else out.push(0xf0 | COMPACT[elementType]!, ...varint(items.length));
      for (const item of items) writeValue(out, elementType, item);
      return;
    }
  }
}

function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

function zigzagBig(n: bigint): bigint {
  return n >= 0n ? n * 2n : -n * 2n - 1n;
}

function varint(n: number): number[] {
  return varintBig(BigInt(n));
}

function varintBig(n: bigint): number[] {
  const out: number[] = [];
  do {
    let byte = Number(n & 0x7fn);
    n >>= 7n;
    if (n > 0n) byte |= 0x80;
    out.push(byte);
  } while (n > 0n);
  return out;
}

function ascii(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

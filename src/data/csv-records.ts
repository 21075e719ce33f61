/**
 * CSV text to records, streamed, as pandas' C tokenizer splits it (`,` separated, `"`
 * quoted with `""` inside quotes, `\n`, `\r\n` or `\r` line ends, a UTF-8 BOM dropped,
 * empty lines and lines of only spaces and tabs skipped).
 *
 * Records come in blocks that address each field as a span of one text, so that numbers are
 * parsed where they lie, without a string per cell. Two paths give the same records:
 * - text without a `"` or a lone `\r` is scanned for commas and line ends directly, which is
 *   exact for unquoted CSV and several times faster than a general parser (1,000,000 rows ×
 *   20 columns: ~1.5 s against ~20 s for csv-parse);
 * - from the line of the first `"` (or lone `\r`) on, the rest of the file goes through
 *   csv-parse (`relax_quotes`: a quote inside an unquoted field is a character, as in pandas).
 *
 * Known differences from pandas' tokenizer, all on malformed quoting: a field that continues
 * after its closing quote (`"x"y`) keeps its quotes (pandas reads `xy`), and a quoted field of
 * only spaces alone on its line (`" "`) is skipped like a blank line.
 *
 * @packageDocumentation
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { AbortError, ValidationError, throwIfAborted } from '../errors.js';

/**
 * Records of one stretch of a file. Record `r` has the fields
 * `text.slice(starts[f], ends[f])` for `f` from `offsets[r]` to `offsets[r + 1]`.
 * The arrays may be reused for the next block: use a block before asking for the next one.
 */
export interface CsvBlock {
  readonly text: string;
  readonly records: number;
  /** `records + 1` entries. */
  readonly offsets: Int32Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** 1-based number, in the file, of the block's first record (blank lines not counted). */
  readonly firstRecord: number;
}

/** Records per block on the csv-parse path. */
const PARSER_BATCH = 4096;

/** Growable field and record arrays, reused from block to block. */
class BlockBuilder {
  offsets: Int32Array = new Int32Array(1 << 12);
  starts: Int32Array = new Int32Array(1 << 16);
  ends: Int32Array = new Int32Array(1 << 16);
  records = 0;
  fields = 0;

  reset(): void {
    this.records = 0;
    this.fields = 0;
    this.offsets[0] = 0;
  }

  field(start: number, end: number): void {
    if (this.fields === this.starts.length) {
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
    }
    this.starts[this.fields] = start;
    this.ends[this.fields] = end;
    this.fields++;
  }

  /** Ends the current record; drops it when it is one blank field (a blank line). */
  endRecord(text: string): void {
    const first = this.offsets[this.records]!;
    if (this.fields - first === 1 && isBlank(text, this.starts[first]!, this.ends[first]!)) {
      this.fields = first;
      return;
    }
    if (this.records + 2 > this.offsets.length) this.offsets = grow(this.offsets);
    this.records++;
    this.offsets[this.records] = this.fields;
  }

  block(text: string, firstRecord: number): CsvBlock {
    return { text, records: this.records, offsets: this.offsets, starts: this.starts, ends: this.ends, firstRecord };
  }
}

function grow(array: Int32Array): Int32Array {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

/** Only spaces and tabs (or nothing). */
function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code !== 32 && code !== 9) return false;
  }
  return true;
}

/**
 * The records of CSV bytes, in blocks.
 *
 * @param uri - the file, for errors.
 * @throws {@link ValidationError} for text that is not UTF-8 or CSV (an unclosed quote).
 */
export async function* csvBlocks(bytes: AsyncIterable<Uint8Array>, uri: string, signal?: AbortSignal): AsyncGenerator<CsvBlock> {
  const chunks = decodeUtf8(bytes, uri)[Symbol.asyncIterator]();
  const builder = new BlockBuilder();
  let rest = '';
  let count = 0;
  for (;;) {
    throwIfAborted(signal);
    const next = await chunks.next();
    if (next.done) {
      builder.reset();
      scanLines(builder, rest, rest.length, true);
      if (builder.records > 0) yield builder.block(rest, count + 1);
      return;
    }
    const text = rest + next.value;
    const special = firstSpecial(text);
    builder.reset();
    if (special < 0) {
      const end = text.lastIndexOf('\n') + 1;
      scanLines(builder, text, end, false);
      rest = text.slice(end);
      if (builder.records > 0) {
        yield builder.block(text, count + 1);
        count += builder.records;
      }
      continue;
    }
    // From the start of the line holding the first quote (or lone CR), csv-parse takes over.
    const lineStart = text.lastIndexOf('\n', special) + 1;
    scanLines(builder, text, lineStart, false);
    if (builder.records > 0) {
      yield builder.block(text, count + 1);
      count += builder.records;
    }
    yield* parseRest(text.slice(lineStart), chunks, uri, count, builder, signal);
    return;
  }
}

/** Index of the first `"` or of a `\r` not followed by `\n` (a CR-only line end), or -1. */
function firstSpecial(text: string): number {
  const quote = text.indexOf('"');
  let cr = text.indexOf('\r');
  while (cr >= 0 && (quote < 0 || cr < quote)) {
    // A CR at the very end may be the first half of a CRLF split across chunks.
    if (cr + 1 < text.length && text.charCodeAt(cr + 1) !== 10) return cr;
    cr = text.indexOf('\r', cr + 1);
  }
  return quote;
}

/** The records of the complete lines in `text[0, end)` (and of an unterminated last one when `final`). */
function scanLines(builder: BlockBuilder, text: string, end: number, final: boolean): void {
  let lineStart = 0;
  // indexOf scans far faster than a loop over characters; a comma found past the line end
  // belongs to a later line and is found again there.
  let comma = text.indexOf(',');
  while (lineStart < end) {
    let newline = text.indexOf('\n', lineStart);
    if (newline < 0 || newline >= end) {
      if (!final) return;
      newline = end;
    }
    const lineEnd = newline > lineStart && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
    let fieldStart = lineStart;
    while (comma >= 0 && comma < lineStart) comma = text.indexOf(',', lineStart);
    while (comma >= 0 && comma < lineEnd) {
      builder.field(fieldStart, comma);
      fieldStart = comma + 1;
      comma = text.indexOf(',', fieldStart);
    }
    builder.field(fieldStart, lineEnd);
    builder.endRecord(text);
    lineStart = newline + 1;
  }
}

async function* parseRest(
  head: string,
  chunks: AsyncIterator<string>,
  uri: string,
  before: number,
  builder: BlockBuilder,
  signal: AbortSignal | undefined,
): AsyncGenerator<CsvBlock> {
  const source = Readable.from((async function* () {
    yield head;
    for (;;) {
      const next = await chunks.next();
      if (next.done) return;
      yield next.value;
    }
  })(), { objectMode: false });
  const parser = parse({ relax_quotes: true, relax_column_count: true, skip_empty_lines: true });
  source.on('error', (err) => parser.destroy(err));
  source.pipe(parser);
  let batch: string[][] = [];
  let count = before;
  // The records of a batch as one text of their fields, end to end.
  const flush = (): CsvBlock => {
    builder.reset();
    const text = batch.map((record) => record.join('')).join('');
    let at = 0;
    for (const record of batch) {
      for (const field of record) {
        builder.field(at, at + field.length);
        at += field.length;
      }
      builder.endRecord(text);
    }
    const block = builder.block(text, count + 1);
    count += builder.records;
    batch = [];
    return block;
  };
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      batch.push(record);
      if (batch.length >= PARSER_BATCH) {
        throwIfAborted(signal);
        const block = flush();
        if (block.records > 0) yield block;
      }
    }
  } catch (err) {
    if (err instanceof AbortError || err instanceof ValidationError) throw err;
    const code = (err as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('CSV_')) {
      throw new ValidationError(uri, `record ${count + batch.length + 1}`, 'CSV text (comma-separated, fields quoted with ")',
        (err as Error).message);
    }
    throw err;
  } finally {
    source.destroy();
  }
  if (batch.length > 0) {
    const block = flush();
    if (block.records > 0) yield block;
  }
}

/** UTF-8 text in chunks; a BOM at the start is dropped, invalid bytes fail the file. */
async function* decodeUtf8(bytes: AsyncIterable<Uint8Array>, uri: string): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of bytes) {
      const text = decoder.decode(chunk, { stream: true });
      if (text.length > 0) yield text;
    }
    const tail = decoder.decode();
    if (tail.length > 0) yield tail;
  } catch (err) {
    if (err instanceof TypeError) throw new ValidationError(uri, '(its bytes)', 'UTF-8 text', err.message);
    throw err;
  }
}

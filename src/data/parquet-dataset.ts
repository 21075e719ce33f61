/**
 * An `application/x-parquet` dataset, read with hyparquet (pure JavaScript, no dependencies)
 * one row group at a time: memory holds one row group's columns, whatever the row count.
 *
 * Columns are typed as `pandas.read_parquet` (pyarrow) types them:
 * - BOOLEAN → bool (object when it has a null);
 * - INT32 / INT64 (plain or an INTEGER / INT_n / UINT_n annotation) → int64 (float64 when it
 *   has a null; a UINT64 value above 2^63 − 1 fails, pandas' uint64 has no place in the table);
 * - FLOAT / DOUBLE → float64 (FLOAT, pandas' float32, widened exactly); NaN is missing;
 * - BYTE_ARRAY (STRING, ENUM or no annotation, decoded as UTF-8) → object strings.
 *
 * Other types (DECIMAL, dates, times, timestamps, INT96, fixed-length bytes, nested and
 * repeated columns) fail with a {@link ValidationError} naming the column. Columns that the
 * file's pandas metadata lists as its index are the index, not data, and are left out.
 * `headers` in the config renames the columns in order. Compression: uncompressed and
 * SNAPPY (hyparquet's own), GZIP and BROTLI (Node's zlib); ZSTD, LZ4, LZ4_RAW and LZO
 * fail before any data is read (hyparquet needs the hyparquet-compressors package for them).
 *
 * @packageDocumentation
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import {
  type AsyncBuffer,
  type Compressors,
  type FileMetaData,
  type SchemaElement,
  parquetMetadataAsync,
  parquetScan,
  parquetSchema,
} from 'hyparquet';
import { ValidationError, throwIfAborted } from '../errors.js';
import type { TableBatch, TableProfile } from '../table/table.js';
import { type CellReading, TypedColumnProfiler, dtypeOf } from './column-profiler.js';
import type { DatasetSettings } from './dataset-config.js';
import { listNames } from './dataset-config.js';
import type { DatasetFile } from './dataset-files.js';
import {
  BatchBuilder,
  type Dataset,
  type DatasetProfile,
  type ProfileOptions,
  type ReadingState,
  type ResolvedDatasetOptions,
  changedSinceProfile,
  profiledColumns,
  readingsFor,
  selectColumns,
} from './dataset.js';
import { tableRoles } from './roles.js';

/** How a Parquet column's values become cells. */
type ParquetKind = 'int' | 'float' | 'bool' | 'string';

/** One file's layout. */
interface ParquetLayout {
  readonly file: DatasetFile;
  readonly buffer: AsyncBuffer;
  readonly metadata: FileMetaData;
  /** Stored names of the data columns, in schema order. */
  readonly stored: readonly string[];
  readonly kinds: readonly ParquetKind[];
}

/** One row group's columns, with the file they come from. */
interface RowGroupColumns {
  readonly layout: ParquetLayout;
  readonly rows: number;
  readonly columns: readonly ArrayLike<unknown>[];
}

const COMPRESSORS: Compressors = {
  GZIP: (input) => gunzipSync(input),
  BROTLI: (input) => brotliDecompressSync(input),
};
const SUPPORTED_CODECS = new Set(['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'BROTLI']);
const INT64_LIMIT = 2 ** 63;

/** A Parquet dataset (see the module's description). */
export class ParquetDataset implements Dataset {
  private readonly states = new WeakMap<TableProfile, ReadingState>();
  private layouts: Promise<ParquetLayout[]> | undefined;

  constructor(
    readonly settings: DatasetSettings,
    readonly files: readonly DatasetFile[],
    private readonly options: ResolvedDatasetOptions,
  ) {}

  async profile(signal?: AbortSignal, options?: ProfileOptions): Promise<DatasetProfile> {
    const layouts = await this.layout(signal);
    const names = this.names(layouts[0]!);
    const roles = tableRoles(this.settings, names);
    const profiled = profiledColumns(names, options);
    const kinds = layouts[0]!.kinds;
    const profilers = names.map((name, i) => new TypedColumnProfiler(name, this.options.distinctLimit, kinds[i] === 'float'));
    const n = names.length;
    let rows = 0;
    let rowsRead = 0;
    const cells: unknown[] = new Array(n);
    for await (const group of this.rowGroups(layouts, signal)) {
      for (let r = 0; r < group.rows; r++) {
        rowsRead++;
        let kept = true;
        for (let c = 0; c < n; c++) {
          const cell = cellOf(group.columns[c]![r], kinds[c]!, group.layout, names[c]!);
          cells[c] = cell;
          if (cell === null) kept = false;
        }
        if (kept) rows++;
        for (let c = 0; c < n; c++) {
          const cell = cells[c] as number | string | boolean | null;
          if (cell === null) profilers[c]!.missingCell();
          else profilers[c]!.cell(cell, kept);
        }
      }
    }
    const results = profilers.map((p) => p.result());
    const profile: DatasetProfile = { columns: results.flatMap((r, i) => (profiled.has(i) ? [r.profile] : [])), rows, rowsRead, roles };
    this.states.set(profile, { names, readings: results.map((r, i) => (profiled.has(i) ? r.reading : undefined)) });
    return profile;
  }

  async *batches(profile: TableProfile, columns?: readonly string[], signal?: AbortSignal): AsyncGenerator<TableBatch> {
    const layouts = await this.layout(signal);
    const names = this.names(layouts[0]!);
    const readings = readingsFor(this.states.get(profile), profile, names);
    const wanted = selectColumns(names, columns, readings);
    const wantedNames = wanted.map((i) => names[i]!);
    const dtypes = wanted.map((i) => dtypeOf(readings[i]!));
    const kinds = layouts[0]!.kinds;
    const n = names.length;
    const cells: unknown[] = new Array(n);
    let builder = new BatchBuilder(wantedNames, dtypes, this.options.batchRows);
    for await (const group of this.rowGroups(layouts, signal)) {
      for (let r = 0; r < group.rows; r++) {
        let kept = true;
        for (let c = 0; c < n; c++) {
          const cell = cellOf(group.columns[c]![r], kinds[c]!, group.layout, names[c]!);
          cells[c] = cell;
          if (cell === null) {
            kept = false;
            break;
          }
        }
        if (!kept) continue;
        for (let k = 0; k < wanted.length; k++) {
          const column = wanted[k]!;
          setCell(builder, k, readings[column]!, cells[column] as number | string | boolean, group.layout.file, wantedNames[k]!);
        }
        builder.rows++;
        if (builder.full) {
          yield builder.build();
          builder = new BatchBuilder(wantedNames, dtypes, this.options.batchRows);
        }
      }
    }
    if (builder.rows > 0) yield builder.build();
  }

  /** The table's column names: `headers` when given, else the stored names. */
  private names(layout: ParquetLayout): readonly string[] {
    const { headers } = this.settings;
    if (headers === undefined) return layout.stored;
    if (headers.length !== layout.stored.length) {
      throw new ValidationError('$.headers', headers, `${layout.stored.length} names, one per column of ${layout.file.uri}: ${listNames(layout.stored)}`);
    }
    return headers;
  }

  /** Every file's metadata and column kinds, checked: same columns everywhere, supported types and codecs. */
  private layout(signal: AbortSignal | undefined): Promise<ParquetLayout[]> {
    this.layouts ??= (async () => {
      const layouts: ParquetLayout[] = [];
      for (const file of this.files) {
        throwIfAborted(signal);
        const layout = await readLayout(file, signal);
        const first = layouts[0];
        if (first !== undefined && (layout.stored.length !== first.stored.length
          || layout.stored.some((name, i) => name !== first.stored[i] || layout.kinds[i] !== first.kinds[i]))) {
          throw new ValidationError(file.uri, describeLayout(layout), `the columns of ${first.file.uri}: ${describeLayout(first)}`,
            'every file of a dataset has the same columns');
        }
        layouts.push(layout);
      }
      return layouts;
    })();
    this.layouts.catch(() => {
      this.layouts = undefined;
    });
    return this.layouts;
  }

  private async *rowGroups(layouts: readonly ParquetLayout[], signal: AbortSignal | undefined): AsyncGenerator<RowGroupColumns> {
    for (const layout of layouts) {
      const scan = await parquetScan({ file: layout.buffer, metadata: layout.metadata, columns: [...layout.stored], compressors: COMPRESSORS });
      for (const range of scan.ranges) {
        throwIfAborted(signal);
        const columns: ArrayLike<unknown>[] = [];
        for (const column of layout.stored) columns.push(await scan.readColumn({ column, ...range }));
        yield { layout, rows: range.rowEnd - range.rowStart, columns };
      }
    }
  }
}

async function readLayout(file: DatasetFile, signal: AbortSignal | undefined): Promise<ParquetLayout> {
  const byteLength = await file.size(signal);
  const buffer: AsyncBuffer = {
    byteLength,
    async slice(start, end) {
      const bytes = await file.read(start, end ?? byteLength, signal);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    },
  };
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(buffer);
  } catch (err) {
    throw new ValidationError(file.uri, '(its bytes)', 'a Parquet file', (err as Error).message);
  }
  const index = pandasIndexColumns(metadata);
  const stored: string[] = [];
  const kinds: ParquetKind[] = [];
  for (const child of parquetSchema(metadata).children) {
    const { element } = child;
    if (index.has(element.name)) continue;
    const kind = child.children.length > 0 ? undefined : kindOf(element);
    if (kind === undefined) {
      throw new ValidationError(`${file.uri} column ${JSON.stringify(element.name)}`, describeType(element),
        'a boolean, integer, float, double or string column');
    }
    stored.push(element.name);
    kinds.push(kind);
  }
  for (const group of metadata.row_groups) {
    for (const chunk of group.columns) {
      const codec = chunk.meta_data?.codec;
      if (codec !== undefined && !SUPPORTED_CODECS.has(codec)) {
        throw new ValidationError(`${file.uri} column ${JSON.stringify(chunk.meta_data?.path_in_schema.join('.'))}`, codec,
          'UNCOMPRESSED, SNAPPY, GZIP or BROTLI compression', 'hyparquet decodes ZSTD, LZ4 and LZO only with the hyparquet-compressors package, which the engine does not bundle');
      }
    }
  }
  return { file, buffer, metadata, stored, kinds };
}

/** Columns that pandas' metadata names as the stored index (pandas restores them as the index, not as data). */
function pandasIndexColumns(metadata: FileMetaData): Set<string> {
  const pandas = metadata.key_value_metadata?.find((kv) => kv.key === 'pandas')?.value;
  if (pandas === undefined) return new Set();
  try {
    const index = (JSON.parse(pandas) as { index_columns?: unknown[] }).index_columns ?? [];
    return new Set(index.filter((name): name is string => typeof name === 'string'));
  } catch {
    return new Set();
  }
}

function kindOf(element: SchemaElement): ParquetKind | undefined {
  if (element.repetition_type === 'REPEATED') return undefined;
  const converted = element.converted_type;
  const logical = element.logical_type?.type;
  switch (element.type) {
    case 'BOOLEAN':
      return converted === undefined && logical === undefined ? 'bool' : undefined;
    case 'INT32':
    case 'INT64':
      if ((converted === undefined || /^U?INT_(8|16|32|64)$/.test(converted)) && (logical === undefined || logical === 'INTEGER')) return 'int';
      return undefined;
    case 'FLOAT':
    case 'DOUBLE':
      return converted === undefined && logical === undefined ? 'float' : undefined;
    case 'BYTE_ARRAY':
      if ((converted === undefined || converted === 'UTF8' || converted === 'ENUM')
        && (logical === undefined || logical === 'STRING' || logical === 'ENUM')) return 'string';
      return undefined;
    default:
      return undefined;
  }
}

function describeType(element: SchemaElement): string {
  const annotation = element.logical_type?.type ?? element.converted_type;
  const repeated = element.repetition_type === 'REPEATED' ? 'repeated ' : '';
  return `${repeated}${element.type ?? 'group'}${annotation !== undefined ? ` (${annotation})` : ''}`;
}

function describeLayout(layout: ParquetLayout): string {
  return layout.stored.map((name, i) => `${name}: ${layout.kinds[i]}`).join(', ');
}

/** A stored value as a cell: `null` for a null or a NaN (pandas' missing values). */
function cellOf(value: unknown, kind: ParquetKind, layout: ParquetLayout, column: string): number | string | boolean | null {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'int': {
      if (typeof value === 'bigint') {
        if (value >= INT64_LIMIT || value < -INT64_LIMIT) {
          throw new ValidationError(`${layout.file.uri} column ${JSON.stringify(column)}`, value,
            'integers within the int64 range', 'pandas reads this column as uint64, which the engine does not support');
        }
        return Number(value);
      }
      return value as number;
    }
    case 'float': {
      const number = value as number;
      return number !== number ? null : number;
    }
    default:
      return value as string | boolean;
  }
}

function setCell(builder: BatchBuilder, k: number, reading: CellReading, cell: number | string | boolean, file: DatasetFile, name: string): void {
  switch (reading) {
    case 'int':
    case 'int-as-float':
    case 'float':
      if (typeof cell !== 'number') throw changedSinceProfile(file.uri, name, cell);
      builder.setNumber(k, cell);
      return;
    case 'bool':
      if (typeof cell !== 'boolean') throw changedSinceProfile(file.uri, name, cell);
      builder.setBool(k, cell);
      return;
    default:
      builder.setObject(k, cell);
  }
}

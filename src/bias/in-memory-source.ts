/**
 * A {@link TableSource} over values already in memory: for tests, for small datasets, and
 * for a browser page that parsed its own file. Types columns as pandas' `read_csv` would
 * type the same values, drops rows with a missing value, and profiles exactly.
 *
 * @packageDocumentation
 */
import { AbortError, ValidationError } from '../errors.js';
import type { ColumnDtype, ColumnProfile, ColumnValues, TableBatch, TableProfile, TableSource } from '../table/table.js';

/** A cell: a value, or missing (`null`, `undefined`, `NaN`). */
export type InMemoryCell = string | number | boolean | null | undefined;

/** Options of {@link InMemoryTableSource}. */
export interface InMemoryTableOptions {
  /**
   * Rows per batch.
   * @default 65536
   */
  readonly batchRows?: number;
  /**
   * Dtypes by column, where inference would guess otherwise (JavaScript cannot tell `1.0`
   * from `1`: pass `float64` for a float column whose values happen to be integral).
   * @default inferred: booleans → `bool`; integral numbers → `int64`; numbers → `float64`
   *   (also integral ones with a missing cell, as pandas does); anything else → `object`
   *   (booleans with a missing cell too)
   */
  readonly dtypes?: Readonly<Record<string, ColumnDtype>>;
}

function isMissing(v: InMemoryCell): v is null | undefined {
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
}

function inferDtype(values: readonly InMemoryCell[]): ColumnDtype {
  let missing = false;
  let bools = 0;
  let numbers = 0;
  let integral = true;
  let present = 0;
  for (const v of values) {
    if (isMissing(v)) {
      missing = true;
      continue;
    }
    present++;
    if (typeof v === 'boolean') bools++;
    else if (typeof v === 'number') {
      numbers++;
      if (!Number.isInteger(v)) integral = false;
    }
  }
  if (present === 0) return missing ? 'float64' : 'object';
  if (bools === present) return missing ? 'object' : 'bool';
  if (numbers === present) return integral && !missing ? 'int64' : 'float64';
  return 'object';
}

/** Typed columns held in memory, served in batches. */
export class InMemoryTableSource implements TableSource {
  readonly #names: readonly string[];
  readonly #columns: readonly ColumnValues[];
  readonly #rows: number;
  readonly #rowsRead: number;
  readonly #batchRows: number;

  private constructor(columns: ReadonlyMap<string, readonly InMemoryCell[]>, options: InMemoryTableOptions) {
    const batchRows = options.batchRows ?? 65536;
    if (!Number.isInteger(batchRows) || batchRows < 1) throw new ValidationError('batchRows', batchRows, 'an integer >= 1');
    this.#batchRows = batchRows;
    const names = [...columns.keys()];
    const lengths = new Set([...columns.values()].map((v) => v.length));
    if (lengths.size > 1) throw new ValidationError('columns', [...lengths], 'columns of one length');
    const rowsRead = lengths.size === 0 ? 0 : ([...lengths][0] as number);
    const dtypes = names.map((name) => {
      const given = options.dtypes?.[name];
      return given ?? inferDtype(columns.get(name) as readonly InMemoryCell[]);
    });
    const keep: number[] = [];
    for (let r = 0; r < rowsRead; r++) if (names.every((name) => !isMissing((columns.get(name) as readonly InMemoryCell[])[r]))) keep.push(r);
    this.#columns = names.map((name, j) => {
      const source = columns.get(name) as readonly InMemoryCell[];
      const dtype = dtypes[j] as ColumnDtype;
      if (dtype === 'object') return { dtype, values: keep.map((r) => source[r] as string | number | boolean) };
      if (dtype === 'bool') return { dtype, values: Uint8Array.from(keep, (r) => (source[r] === true || source[r] === 1 ? 1 : 0)) };
      return {
        dtype,
        values: Float64Array.from(keep, (r) => {
          const v = source[r];
          const x = typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : Number(v);
          if (Number.isNaN(x)) throw new ValidationError(`columns.${name}[${r}]`, v, `a ${dtype} value`);
          return x;
        }),
      };
    });
    this.#names = names;
    this.#rows = keep.length;
    this.#rowsRead = rowsRead;
  }

  /**
   * A table from columns of values (a `Map` keeps the column order of its entries; an
   * object keeps its keys' order).
   *
   * @example
   * ```ts
   * const source = InMemoryTableSource.fromColumns({ sex: ['F', 'M', 'M'], approved: [1, 0, 1] });
   * ```
   */
  static fromColumns(
    columns: Readonly<Record<string, readonly InMemoryCell[]>> | ReadonlyMap<string, readonly InMemoryCell[]>,
    options: InMemoryTableOptions = {},
  ): InMemoryTableSource {
    const map = columns instanceof Map ? columns : new Map(Object.entries(columns as Record<string, readonly InMemoryCell[]>));
    return new InMemoryTableSource(map as ReadonlyMap<string, readonly InMemoryCell[]>, options);
  }

  /**
   * A table from row objects; columns in order of first appearance of their keys (a key a
   * row lacks is a missing cell).
   *
   * @example
   * ```ts
   * const source = InMemoryTableSource.fromRows([{ sex: 'F', approved: 1 }, { sex: 'M', approved: 0 }]);
   * ```
   */
  static fromRows(rows: readonly Readonly<Record<string, InMemoryCell>>[], options: InMemoryTableOptions = {}): InMemoryTableSource {
    const names: string[] = [];
    for (const row of rows) for (const key of Object.keys(row)) if (!names.includes(key)) names.push(key);
    return new InMemoryTableSource(new Map(names.map((name) => [name, rows.map((row) => row[name])])), options);
  }

  /** Profiles every column exactly (distinct values are never capped). */
  profile(signal?: AbortSignal): Promise<TableProfile> {
    if (signal?.aborted === true) return Promise.reject(new AbortError());
    const columns = this.#names.map((name, j): ColumnProfile => {
      const column = this.#columns[j] as ColumnValues;
      const seen = new Map<string, string | number | boolean>();
      let max = -Infinity;
      for (let i = 0; i < this.#rows; i++) {
        const raw = column.values[i] as string | number | boolean;
        const value: string | number | boolean = column.dtype === 'bool' ? raw === 1 : raw;
        const key = typeof value === 'string' ? `s${value}` : `n${String(Number(value))}`;
        if (!seen.has(key)) seen.set(key, value);
        if (column.dtype !== 'object' && Number(raw) > max) max = Number(raw);
      }
      const values = [...seen.values()];
      return {
        name,
        dtype: column.dtype,
        distinct: values.length,
        ...(column.dtype !== 'object' && this.#rows > 0 ? { max } : {}),
        ...(values[0] !== undefined && this.#rows > 0 ? { first: column.dtype === 'bool' ? column.values[0] === 1 : (column.values[0] as string | number | boolean) } : {}),
        values,
      };
    });
    return Promise.resolve({ columns, rows: this.#rows, rowsRead: this.#rowsRead });
  }

  /** The rows in batches of `batchRows`, only `columns` when given. */
  async *batches(_profile: TableProfile, columns?: readonly string[], signal?: AbortSignal): AsyncIterable<TableBatch> {
    for (const name of columns ?? []) if (!this.#names.includes(name)) throw new ValidationError('columns', name, `a column of the table (${this.#names.join(', ')})`);
    const wanted = columns === undefined ? this.#names : this.#names.filter((name) => columns.includes(name));
    for (let start = 0; start < this.#rows; start += this.#batchRows) {
      if (signal?.aborted === true) throw new AbortError();
      const end = Math.min(this.#rows, start + this.#batchRows);
      const out = new Map<string, ColumnValues>();
      for (const name of wanted) {
        const column = this.#columns[this.#names.indexOf(name)] as ColumnValues;
        out.set(
          name,
          column.dtype === 'object'
            ? { dtype: 'object', values: column.values.slice(start, end) }
            : column.dtype === 'bool'
              ? { dtype: 'bool', values: column.values.subarray(start, end) }
              : { dtype: column.dtype, values: column.values.subarray(start, end) },
        );
      }
      yield { rows: end - start, columns: out };
    }
  }
}

/**
 * What the dataset readers share: the {@link Dataset} they return, their options, and the
 * building of {@link TableBatch}es.
 *
 * @packageDocumentation
 */
import { ClarifyError, ValidationError } from '../errors.js';
import type { ColumnDtype, ColumnValues, TableBatch, TableProfile, TableRoles, TableSource } from '../table/table.js';
import type { CellReading, FloatPrecision } from './column-profiler.js';
import type { ColumnRef, DatasetSettings } from './dataset-config.js';
import { listNames } from './dataset-config.js';
import { resolveColumn } from './roles.js';
import type { DatasetFile } from './dataset-files.js';

/** A dataset's profile: the table's, with the parts of its columns always set. */
export interface DatasetProfile extends TableProfile {
  readonly roles: TableRoles;
}

/** A dataset of an analysis config, read as a {@link TableSource}. */
export interface Dataset extends TableSource {
  /** The dataset keys it was opened with. */
  readonly settings: DatasetSettings;
  /** Its files, in the order they are read. */
  readonly files: readonly DatasetFile[];
  /**
   * Reads the whole dataset once and profiles its columns (all of them, or `options.columns`).
   * Rows with a missing value in any column are dropped either way.
   */
  profile(signal?: AbortSignal, options?: ProfileOptions): Promise<DatasetProfile>;
  /**
   * The rows in batches of at most `batchRows`, typed by `profile`'s dtypes, rows with a
   * missing value dropped. Each batch's arrays are new: a consumer may keep them.
   *
   * @param profile - this dataset's profile, as `profile()` returned it.
   * @param columns - only these columns (all when absent); a batch lists them in table order.
   * @throws {@link ValidationError} for a profile of another dataset or an unknown column.
   */
  batches(profile: TableProfile, columns?: readonly string[], signal?: AbortSignal): AsyncIterable<TableBatch>;
}

/** Options of {@link Dataset.profile}. */
export interface ProfileOptions {
  /**
   * Profile only these columns (names or zero-based indices, e.g. the facets, label and group
   * variable of a pre-training bias run): the others are read only to drop rows with a
   * missing value, which for CSV saves most of the parsing. The profile then lists only
   * these columns, and `batches` serves only them.
   * @default every column
   */
  readonly columns?: readonly ColumnRef[];
}

/** Options of the dataset readers. */
export interface DatasetOptions {
  /**
   * Distinct values a column's profile keeps (in order of first appearance) before it
   * gives up and reports `distinct: undefined`. smclarify's 5% rule needs a column's
   * distinct count up to 5% of the rows: the default decides it for up to 1,310,720 rows.
   * Memory: at most this many values per column, while a column is under it.
   * @default 65536
   */
  readonly distinctLimit?: number;
  /**
   * Rows per batch.
   * @default 65536
   */
  readonly batchRows?: number;
  /**
   * How CSV float cells become numbers: `'high'` is pandas' default parser (not correctly
   * rounded past 15 significant digits: `0.30000000000000004` reads as `0.3`), which Clarify's
   * `read_csv` uses; `'round_trip'` is `float_precision="round_trip"` (Python's `float()`).
   * @default 'high'
   */
  readonly floatPrecision?: FloatPrecision;
}

/** The options with their defaults filled in. */
export interface ResolvedDatasetOptions {
  readonly distinctLimit: number;
  readonly batchRows: number;
  readonly floatPrecision: FloatPrecision;
}

/** Fills in the defaults, refusing nonsense. */
export function resolveDatasetOptions(options: DatasetOptions): ResolvedDatasetOptions {
  const integer = (field: string, value: number | undefined, fallback: number, min: number) => {
    if (value === undefined) return fallback;
    if (!Number.isSafeInteger(value) || value < min) throw new ValidationError(field, value, `an integer >= ${min}`);
    return value;
  };
  const floatPrecision = options.floatPrecision ?? 'high';
  if (floatPrecision !== 'high' && floatPrecision !== 'round_trip') {
    throw new ValidationError('floatPrecision', floatPrecision, "'high' or 'round_trip'");
  }
  return {
    distinctLimit: integer('distinctLimit', options.distinctLimit, 65536, 0),
    batchRows: integer('batchRows', options.batchRows, 65536, 1),
    floatPrecision,
  };
}

/** The indices of the columns `options.columns` names (all when absent). */
export function profiledColumns(names: readonly string[], options: ProfileOptions | undefined): ReadonlySet<number> {
  if (options?.columns === undefined) return new Set(names.keys());
  return new Set(options.columns.map((ref, i) => names.indexOf(resolveColumn(names, ref, `columns[${i}]`))));
}

/**
 * The columns a batch holds (indices into the table's columns, ascending) for a `columns`
 * argument, checked against the table and the profile (`readings[i]` undefined: not profiled).
 */
export function selectColumns(
  names: readonly string[],
  columns: readonly string[] | undefined,
  readings: readonly (CellReading | undefined)[],
): number[] {
  if (columns === undefined) return names.flatMap((_, i) => (readings[i] === undefined ? [] : [i]));
  const wanted = new Set<number>();
  columns.forEach((name, i) => {
    const index = names.indexOf(name);
    if (index < 0) throw new ValidationError(`columns[${i}]`, name, `a column of the table: ${listNames(names)}`);
    if (readings[index] === undefined) {
      throw new ValidationError(`columns[${i}]`, name, 'a column the profile covers (the profile was made for other columns)');
    }
    wanted.add(index);
  });
  return [...wanted].sort((a, b) => a - b);
}

/** How a dataset read its columns, remembered with the profile it returned (`undefined`: not profiled). */
export interface ReadingState {
  readonly names: readonly string[];
  readonly readings: readonly (CellReading | undefined)[];
}

/**
 * The reading of each column for `profile`: what the pass recorded when `profile` is one
 * this dataset returned, else derived from its dtypes (an object column whose first value
 * is a boolean holds booleans). Columns the profile does not list are `undefined`.
 */
export function readingsFor(state: ReadingState | undefined, profile: TableProfile, names: readonly string[]): readonly (CellReading | undefined)[] {
  if (state !== undefined) return state.readings;
  const byName = new Map(profile.columns.map((column) => [column.name, column]));
  if (byName.size !== profile.columns.length || profile.columns.some((column) => !names.includes(column.name))) {
    throw new ValidationError('profile', profile.columns.map((c) => c.name), `a profile of this dataset, whose columns are ${listNames(names)}`);
  }
  return names.map((name): CellReading | undefined => {
    const column = byName.get(name);
    switch (column?.dtype) {
      case undefined:
        return undefined;
      case 'int64':
        return 'int';
      case 'float64':
        return 'float';
      case 'bool':
        return 'bool';
      default:
        return typeof column?.first === 'boolean' ? 'bool-as-object' : 'string';
    }
  });
}

/** Fills the columns of one batch, row by row. */
export class BatchBuilder {
  private readonly numbers: (Float64Array | undefined)[];
  private readonly bools: (Uint8Array | undefined)[];
  private readonly objects: ((string | number | boolean)[] | undefined)[];
  /** Rows filled so far. */
  rows = 0;

  constructor(
    private readonly names: readonly string[],
    private readonly dtypes: readonly ColumnDtype[],
    private readonly capacity: number,
  ) {
    this.numbers = dtypes.map((d) => (d === 'int64' || d === 'float64' ? new Float64Array(capacity) : undefined));
    this.bools = dtypes.map((d) => (d === 'bool' ? new Uint8Array(capacity) : undefined));
    this.objects = dtypes.map((d) => (d === 'object' ? new Array<string | number | boolean>(capacity) : undefined));
  }

  get full(): boolean {
    return this.rows >= this.capacity;
  }

  setNumber(column: number, value: number): void {
    this.numbers[column]![this.rows] = value;
  }

  setBool(column: number, value: boolean): void {
    this.bools[column]![this.rows] = value ? 1 : 0;
  }

  setObject(column: number, value: string | number | boolean): void {
    this.objects[column]![this.rows] = value;
  }

  /** The batch of the rows filled. */
  build(): TableBatch {
    const rows = this.rows;
    const columns = new Map<string, ColumnValues>();
    this.names.forEach((name, i) => {
      const dtype = this.dtypes[i]!;
      if (dtype === 'int64' || dtype === 'float64') {
        const values = this.numbers[i]!;
        columns.set(name, { dtype, values: rows === values.length ? values : values.slice(0, rows) });
      } else if (dtype === 'bool') {
        const values = this.bools[i]!;
        columns.set(name, { dtype, values: rows === values.length ? values : values.slice(0, rows) });
      } else {
        const values = this.objects[i]!;
        if (values.length !== rows) values.length = rows;
        columns.set(name, { dtype, values });
      }
    });
    return { rows, columns };
  }
}

/** The error for a cell that the profile pass accepted and the batch pass does not: the file changed. */
export function changedSinceProfile(uri: string, column: string, cell: unknown): ClarifyError {
  return new ClarifyError(`${uri} changed since it was profiled: column ${JSON.stringify(column)} now holds ${JSON.stringify(cell)}`);
}

/**
 * One column's pass over the whole dataset: its pandas dtype and the profile an analysis
 * needs ({@link ColumnProfile}), in memory that does not grow with the number of rows.
 *
 * The dtype is decided by every cell of the column, including cells of rows that are
 * dropped later for a missing value elsewhere (pandas types the columns before `dropna()`);
 * the profile's counts, first value, maximum and distinct values come from the kept rows
 * only (what smclarify sees). Distinct values are kept in order of first appearance up to
 * `distinctLimit`; past it the set is dropped and `distinct` is `undefined`.
 *
 * @packageDocumentation
 */
import { PyFloat } from '../python/float.js';
import type { ColumnDtype, ColumnProfile } from '../table/table.js';
import {
  INT_OVERFLOW,
  Uint64Cell,
  parseBool,
  parseBoolSpan,
  parseFloat64,
  parseFloat64RoundTrip,
  parseFloat64Span,
  parseInt64,
  parseInt64Span,
  uint64Cell,
} from './pandas-text.js';

/**
 * How a column's cells become values, once its dtype is known:
 * - `int`: int64; `int-as-float`: integers with a missing cell, float64 via int64 (pandas'
 *   upcast: `-0` is `0.0`); `float`: float64 by pandas' float parser;
 * - `bool`; `bool-as-object`: booleans with a missing cell (object dtype, Python bools);
 * - `string`: object dtype, the text as it is (typed sources: the JSON values as they are);
 * - `string-keep-na`: object dtype read with missing-value detection off. pandas does this
 *   to a column whose integers overflow int64 (and whose uint64 reading fails): `NA` and
 *   empty cells are then strings, and its rows are never dropped for them.
 */
export type CellReading = 'int' | 'int-as-float' | 'float' | 'bool' | 'bool-as-object' | 'string' | 'string-keep-na';

/** The pandas dtype of a reading. */
export function dtypeOf(reading: CellReading): ColumnDtype {
  switch (reading) {
    case 'int':
      return 'int64';
    case 'int-as-float':
    case 'float':
      return 'float64';
    case 'bool':
      return 'bool';
    default:
      return 'object';
  }
}

/** pandas' float parser to use for float64 cells of text sources. */
export type FloatPrecision = 'high' | 'round_trip';

/** A text cell's value under `reading` (text the pass accepted for that reading). */
export function textValue(cell: string, reading: CellReading, precision: FloatPrecision): string | number | boolean {
  switch (reading) {
    case 'int':
    case 'int-as-float':
      return parseInt64(cell);
    case 'float':
      return precision === 'high' ? parseFloat64(cell) : parseFloat64RoundTrip(cell);
    case 'bool':
    case 'bool-as-object':
      return parseBool(cell) === 1;
    default:
      return cell;
  }
}

/** What a text column's pass ended with, beside its profile. */
export interface TextColumnResult {
  readonly profile: ColumnProfile;
  readonly reading: CellReading;
  /** Cells that counted as missing (for a `string-keep-na` column: cells that pandas keeps as text). */
  readonly missingCells: number;
  /** Set when pandas would read the column as uint64, which the table cannot hold: a sample value. */
  readonly uint64?: string;
  /**
   * The column mixes numbers and text, and its distinct values were counted by number before
   * the text came: its profile needs a pass that counts them by text (`byText`).
   */
  readonly textLost?: true;
}

/**
 * The pass over one CSV column (text cells), following pandas' C parser: int64 first, in row
 * order (the first cell that is not an int64 decides between its float path and, for an
 * overflow, its uint64 path), then float64, then bool, else strings.
 */
export class TextColumnProfiler {
  private intState = 0; // 0: every cell so far is an int64; 1: a cell is not an integer; 2: one overflowed
  private uintState = 0; // after an int64 overflow: 0 no uint64 error yet; 1 not an integer; 2 beyond uint64
  private floatOk = true;
  private boolOk = true;
  private negative = false;
  private cells = 0;
  private missing = 0;
  private uintSample: string | undefined;
  // Kept rows only. Distinct values are keyed by number while the column reads as numbers (cheaper
  // to hash than a new string each row, and 1.0 / 1.00 are one value), by text otherwise.
  // (A Map, not a Set: a Set stores -0 as 0, and the first of 0.0 / -0.0 is the one pandas lists.)
  private numbers: Map<number, number> | undefined = new Map();
  private strings: Set<string> | undefined = new Set();
  // A column with few values (a category, a 0/1 label) meets them again on every row: comparing
  // with the few seen is cheaper than hashing the cell.
  private few: string[] | undefined = [];
  private overLimit = false;
  /** Kept numeric cells were counted by value, then the column turned out to be text: their text is lost. */
  private textLost = false;
  private first: string | undefined;
  private maxValue = Number.NEGATIVE_INFINITY;
  private maxCell: string | undefined;
  private anyTrue = false;

  constructor(
    readonly name: string,
    private readonly distinctLimit: number,
    private readonly precision: FloatPrecision = 'high',
    /** Count distinct values by their text from the start (a second pass over a column that mixes numbers and text). */
    private readonly byText = false,
    /**
     * Follow only what decides whether pandas detects missing values in the column (its int64
     * and uint64 passes): for a column outside the profile, read only to drop rows.
     */
    private readonly lite = false,
  ) {}

  /** A missing cell (always in a dropped row). */
  missingCell(): void {
    this.missing++;
  }

  /** A non-missing cell; `kept` when its row survives `dropna()`. */
  cell(cell: string, kept: boolean): void {
    this.span(cell, 0, cell.length, kept);
  }

  /** A non-missing cell, `text.slice(start, end)`; `kept` when its row survives `dropna()`. */
  span(text: string, start: number, end: number, kept: boolean): void {
    this.cells++;
    if (this.lite && (this.intState === 1 || this.uintState !== 0)) return;
    let numeric = Number.NaN;
    if (this.intState === 0) {
      const value = parseInt64Span(text, start, end);
      if (value !== value) this.intState = 1;
      else if (value === INT_OVERFLOW) {
        this.intState = 2;
        this.uintSample = text.slice(start, end);
      } else {
        numeric = value;
        if (value < 0 || (value === 0 && text.slice(start, end).includes('-'))) this.negative = true;
      }
    }
    if (this.intState === 2 && this.uintState === 0) {
      const status = uint64Cell(text, start, end);
      if (status === Uint64Cell.Negative) this.negative = true;
      else if (status === Uint64Cell.Invalid) this.uintState = 1;
      else if (status === Uint64Cell.Overflow) this.uintState = 2;
    }
    if (this.lite) return;
    if (this.intState !== 0 && this.floatOk) {
      numeric = parseFloat64Span(text, start, end);
      if (numeric !== numeric) this.floatOk = false;
      else if (this.precision === 'round_trip') numeric = parseFloat64RoundTrip(text, start, end);
    }
    if (this.boolOk) {
      const bool = parseBoolSpan(text, start, end);
      if (bool < 0) this.boolOk = false;
      else if (kept && bool === 1) this.anyTrue = true;
    }
    if (!kept) return;
    if (this.first === undefined) this.first = flat(text.slice(start, end));
    if (!this.overLimit) {
      if (numeric === numeric && !this.byText && this.numbers !== undefined) this.addNumber(numeric);
      else this.addText(text, start, end);
    }
    if (numeric === numeric && (this.maxCell === undefined || numeric > this.maxValue)) {
      this.maxValue = numeric;
      this.maxCell = flat(text.slice(start, end));
    }
  }

  private addNumber(value: number): void {
    const numbers = this.numbers!;
    // Small non-negative integers (codes, ages, 0/1 labels) are looked up in a bitmap.
    const small = value >= 0 && value < SMALL && (value | 0) === value;
    if (small) {
      const seen = (this.smallSeen ??= new Uint8Array(SMALL));
      if (seen[value] === 1) return;
    } else if (numbers.has(value)) return;
    if (numbers.size + this.strings!.size >= this.distinctLimit) this.dropDistinct();
    else {
      numbers.set(value, value);
      if (small) this.smallSeen![value] = 1;
    }
  }

  private smallSeen: Uint8Array | undefined;

  private addText(text: string, start: number, end: number): void {
    if (this.numbers !== undefined && !this.byText) {
      // The column no longer reads as numbers: values counted by number have lost their text.
      if (this.numbers.size > 0) this.textLost = true;
      this.numbers = undefined;
    }
    const few = this.few;
    if (few !== undefined) {
      // Compare in place: no string is made for a value already seen.
      const length = end - start;
      for (let i = 0; i < few.length; i++) {
        const known = few[i]!;
        if (known.length === length && text.startsWith(known, start)) return;
      }
      const cell = text.slice(start, end);
      if (few.length < FEW && few.length < this.distinctLimit) {
        const copy = flat(cell);
        few.push(copy);
        this.strings!.add(copy);
        return;
      }
      this.few = undefined;
      this.addString(cell);
      return;
    }
    this.addString(text.slice(start, end));
  }

  private addString(cell: string): void {
    const strings = this.strings!;
    if (strings.has(cell)) return;
    if (strings.size + (this.numbers?.size ?? 0) >= this.distinctLimit) this.dropDistinct();
    else strings.add(flat(cell));
  }

  private dropDistinct(): void {
    this.overLimit = true;
    this.smallSeen = undefined;
    this.numbers = undefined;
    this.strings = undefined;
    this.few = undefined;
  }

  /** How pandas reads the column, from every cell seen (`uint64`: a reading the table cannot hold). */
  reading(forceKeepNa = false): CellReading | 'uint64' {
    if (forceKeepNa) return 'string-keep-na';
    if (this.cells === 0 && this.missing === 0) return 'string'; // no rows: pandas' object column
    if (this.intState === 0) return this.missing > 0 ? 'int-as-float' : 'int';
    if (this.intState === 2 && this.uintState !== 1) {
      // pandas' uint64 pass: an overflow beyond uint64, a negative value or a missing cell make
      // it give up, and the column is re-read as strings without missing-value detection.
      if (this.uintState === 2 || this.negative || this.missing > 0) return 'string-keep-na';
      return 'uint64';
    }
    if (this.floatOk) return 'float';
    if (this.boolOk) return this.missing > 0 ? 'bool-as-object' : 'bool';
    return 'string';
  }

  /** The profile of the kept rows, with values typed by the column's reading. */
  result(forceKeepNa = false): TextColumnResult {
    const raw = this.reading(forceKeepNa);
    const reading: CellReading = raw === 'uint64' ? 'string-keep-na' : raw;
    const dtype = dtypeOf(reading);
    const typed = (cell: string) => textValue(cell, reading, this.precision);
    const numeric = dtype === 'int64' || dtype === 'float64';
    // Text lost to counting by number matters only when the column reads as text after all.
    const textNeeded = !numeric && !this.byText && !this.overLimit && (this.textLost || (this.numbers?.size ?? 0) > 0);
    let values: (string | number | boolean)[] | undefined;
    if (!this.overLimit && !textNeeded) {
      const texts = [...this.strings!].map(typed);
      values = numeric && !this.byText ? [...(this.numbers?.values() ?? [])] : uniqueValues(texts);
    }
    const profile = buildProfile(this.name, dtype, values, this.first === undefined ? undefined : typed(this.first),
      reading === 'bool' ? (this.first === undefined ? undefined : this.anyTrue ? 1 : 0)
        : this.maxCell !== undefined && numeric ? (typed(this.maxCell) as number) : undefined);
    return {
      profile,
      reading,
      missingCells: this.missing,
      ...(textNeeded ? { textLost: true } : {}),
      ...(raw === 'uint64' && this.uintSample !== undefined ? { uint64: this.uintSample } : {}),
    };
  }
}

/** `text` as a string of its own: a substring of a read chunk would keep the whole chunk in memory. */
export function flat(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}

/** Distinct values below which a column's values are looked up by comparison rather than hashing. */
const FEW = 8;
/** Integers in [0, SMALL) are counted in a bitmap. */
const SMALL = 1 << 16;

/** A value of a typed source (JSON Lines, Parquet): a float is a non-integral number or a {@link PyFloat}. */
export type TypedCell = number | string | boolean | PyFloat;

/** What a typed column's pass ended with. */
export interface TypedColumnResult {
  readonly profile: ColumnProfile;
  readonly reading: CellReading;
}

/**
 * The pass over one column of Python-typed values, typed as pandas' DataFrame constructor
 * types a column of Python objects: ints → int64; ints and floats, or ints with a missing
 * value → float64; bools → bool (object with a missing value); anything mixed with a string,
 * or bools mixed with numbers → object, each value keeping its type.
 */
export class TypedColumnProfiler {
  private ints = false;
  private floats = false;
  private bools = false;
  private strings = false;
  private missing = 0;
  // Key → first value (a Set would store -0 as 0).
  private distinct: Map<string | number | boolean, string | number | boolean> | undefined = new Map();
  private first: string | number | boolean | undefined;
  private maxValue = Number.NEGATIVE_INFINITY;
  private anyNumber = false;
  private anyTrue = false;

  constructor(
    readonly name: string,
    private readonly distinctLimit: number,
    /** Numbers of this column are floats even when integral (a Parquet DOUBLE column). */
    private readonly floatColumn = false,
  ) {}

  missingCell(): void {
    this.missing++;
  }

  cell(cell: TypedCell, kept: boolean): void {
    let value: string | number | boolean;
    if (typeof cell === 'number') {
      if (this.floatColumn || !Number.isInteger(cell)) {
        this.floats = true;
        value = cell;
      } else {
        this.ints = true;
        value = cell + 0; // a Python int has no -0
      }
    } else if (typeof cell === 'string') {
      this.strings = true;
      value = cell;
    } else if (typeof cell === 'boolean') {
      this.bools = true;
      value = cell;
    } else {
      this.floats = true;
      value = cell.value;
    }
    if (!kept) return;
    if (this.first === undefined) this.first = value;
    const distinct = this.distinct;
    if (distinct !== undefined && !distinct.has(value)) {
      if (distinct.size >= this.distinctLimit) this.distinct = undefined;
      else distinct.set(value, value);
    }
    if (typeof value === 'number') {
      if (!this.anyNumber || value > this.maxValue) this.maxValue = value;
      this.anyNumber = true;
    } else if (value === true) this.anyTrue = true;
  }

  reading(): CellReading {
    if (this.strings || (this.bools && (this.ints || this.floats))) return 'string';
    if (this.bools) return this.missing > 0 ? 'bool-as-object' : 'bool';
    if (this.floats || this.floatColumn) return 'float';
    if (this.ints) return this.missing > 0 ? 'int-as-float' : 'int';
    return 'string';
  }

  result(): TypedColumnResult {
    const reading = this.reading();
    const dtype = dtypeOf(reading);
    const values = this.distinct === undefined ? undefined : [...this.distinct.values()];
    const max = dtype === 'bool' ? (this.first === undefined ? undefined : this.anyTrue ? 1 : 0)
      : (dtype === 'int64' || dtype === 'float64') && this.anyNumber ? this.maxValue : undefined;
    return { profile: buildProfile(this.name, dtype, values, this.first, max), reading };
  }
}

/** Drops repeats that typing made equal (`1.0` and `1.00` in a float column), keeping first appearances. */
function uniqueValues(values: (string | number | boolean)[]): (string | number | boolean)[] {
  const seen = new Set<string | number | boolean>();
  const unique: (string | number | boolean)[] = [];
  for (const value of values) {
    if (seen.has(value)) continue;
    seen.add(value);
    unique.push(value);
  }
  return unique;
}

function buildProfile(
  name: string,
  dtype: ColumnDtype,
  values: (string | number | boolean)[] | undefined,
  first: string | number | boolean | undefined,
  max: number | undefined,
): ColumnProfile {
  return {
    name,
    dtype,
    distinct: values?.length,
    ...(max !== undefined ? { max } : {}),
    ...(first !== undefined ? { first } : {}),
    ...(values !== undefined ? { values } : {}),
  };
}

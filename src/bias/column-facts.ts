/**
 * What the bias analysis must know of a column before it can count rows: how many distinct
 * values it has (smclarify's 5% rule), which values (a facet without configured values gets
 * one entry per value), its first value (`series[0]`, the type configured values convert
 * to), its largest value (the end of a threshold's interval), whether configured values
 * match any row, and for a string column whether every value casts to an int.
 *
 * Facts come from the `TableProfile` when it lists the column's distinct values, or
 * from one pass over the columns that need them. They merge exactly across shards.
 *
 * @packageDocumentation
 */
import type { ColumnDtype, ColumnProfile, ColumnValues } from '../table/table.js';
import { categoryKey, parsePythonInt, pyKey, pyValueOf, type PyValue } from './python-values.js';

/** A column as an analysis role reads it: a table column, or a score column turned into 0/1 labels. */
export interface RoleColumn {
  /** The table column. */
  readonly name: string;
  /** The dtype the analysis sees (`int64` for thresholded scores). */
  readonly dtype: ColumnDtype;
  /** Scores above this become 1, others 0 (`probability_threshold`). */
  readonly threshold?: number;
}

/** The values of `role` in one batch's column, thresholded when the role says so. */
export function roleValues(role: RoleColumn, column: ColumnValues): ColumnValues {
  if (role.threshold === undefined) return column;
  const t = role.threshold;
  const out = new Float64Array(column.values.length);
  for (let i = 0; i < out.length; i++) out[i] = Number(column.values[i]) > t ? 1 : 0;
  return { dtype: 'int64', values: out };
}

/** A column's facts. See the module comment. */
export interface ColumnFacts {
  readonly dtype: ColumnDtype;
  /** Rows seen (missing rows already dropped). */
  readonly rows: number;
  /** Distinct values (Python's `nunique`), or `undefined`: more than the cap they were counted to. */
  readonly distinct: number | undefined;
  /** The distinct values in order of first appearance, while `distinct` is known. */
  readonly values: readonly PyValue[] | undefined;
  /** The first row's value; `undefined` for an empty column. */
  readonly first: PyValue | undefined;
  /** The largest value of a numeric or bool column, or of an object column that casts to int. */
  readonly max: number | undefined;
  /** Object columns: every value casts to int64 (`astype('int64')` succeeds). */
  readonly castsToInt: boolean;
  /** Object columns that cast: `pd.to_numeric` gives ints (no float among the values). */
  readonly numericIsInt: boolean;
  /** Per probe (a list of configured values): whether some row equals one of them. */
  readonly matches: readonly boolean[];
}

/** An object cell's number for `pd.to_numeric`, or `undefined` when `astype('int64')` fails on it. */
function objectNumber(raw: string | number | boolean): { value: number; isInt: boolean } | undefined {
  if (typeof raw === 'boolean') return { value: raw ? 1 : 0, isInt: true };
  if (typeof raw === 'number') return Number.isFinite(raw) ? { value: raw, isInt: Number.isInteger(raw) } : undefined;
  const parsed = parsePythonInt(raw);
  return parsed === undefined ? undefined : { value: parsed, isInt: true };
}

/** Accumulates one column's facts over batches. */
export class ColumnFactsBuilder {
  readonly #dtype: ColumnDtype;
  readonly #cap: number;
  /** Per probe: the configured values as numbers and as strings a row can equal. */
  readonly #probeNumbers: readonly Set<number>[];
  readonly #probeStrings: readonly Set<string>[];
  #rows = 0;
  /**
   * Distinct values seen, in order of first appearance, keyed by number (numbers and bools,
   * as Python's `==` equates them) or by string; `undefined` past the cap.
   */
  #seen: Map<number | string, PyValue> | undefined = new Map();
  #first: PyValue | undefined;
  #max = -Infinity;
  #castsToInt = true;
  #numericIsInt = true;
  readonly #matches: boolean[];

  /**
   * @param dtype - the column's dtype as the analysis reads it.
   * @param cap - distinct values kept at most; beyond it `distinct` is `undefined`.
   * @param probes - configured value lists whose matching the facts must tell.
   */
  constructor(dtype: ColumnDtype, cap: number, probes: readonly (readonly PyValue[])[]) {
    this.#dtype = dtype;
    this.#cap = cap;
    const keys = probes.map((values) => values.flatMap((v) => categoryKey(dtype, v) ?? []));
    this.#probeNumbers = keys.map((k) => new Set(k.filter((key) => key.startsWith('n')).map((key) => Number(key.slice(1)))));
    this.#probeStrings = keys.map((k) => new Set(k.filter((key) => key.startsWith('s')).map((key) => key.slice(1))));
    this.#matches = probes.map(() => false);
  }

  #remember(key: number | string, raw: string | number | boolean): void {
    const seen = this.#seen;
    if (seen === undefined || seen.has(key)) return;
    if (seen.size >= this.#cap) this.#seen = undefined;
    else seen.set(key, pyValueOf(this.#dtype, raw));
  }

  /** Folds one batch's values of the column. */
  add(column: ColumnValues): void {
    const n = column.values.length;
    if (n === 0) return;
    const dtype = this.#dtype;
    if (this.#first === undefined) this.#first = pyValueOf(dtype, column.values[0] as string | number | boolean);
    this.#rows += n;
    const probes = this.#matches.length;
    if (column.dtype !== 'object') {
      const values = column.values;
      let max = this.#max;
      for (let i = 0; i < n; i++) {
        const x = values[i] as number;
        if (x > max) max = x;
        if (this.#seen !== undefined) this.#remember(x, column.dtype === 'bool' ? x === 1 : x);
        for (let p = 0; p < probes; p++) if (!this.#matches[p] && this.#probeNumbers[p]!.has(x)) this.#matches[p] = true;
      }
      this.#max = max;
      return;
    }
    for (let i = 0; i < n; i++) {
      const raw = column.values[i] as string | number | boolean;
      if (this.#castsToInt) {
        const num = objectNumber(raw);
        if (num === undefined) this.#castsToInt = false;
        else {
          if (num.value > this.#max) this.#max = num.value;
          if (!num.isInt) this.#numericIsInt = false;
        }
      }
      const key = typeof raw === 'string' ? raw : Number(raw);
      if (this.#seen !== undefined) this.#remember(key, raw);
      for (let p = 0; p < probes; p++) {
        if (this.#matches[p]) continue;
        if (typeof key === 'string' ? this.#probeStrings[p]!.has(key) : this.#probeNumbers[p]!.has(key)) this.#matches[p] = true;
      }
    }
  }

  /** The facts so far. */
  facts(): ColumnFacts {
    const values = this.#seen === undefined ? undefined : [...this.#seen.values()];
    const objectMax = this.#dtype === 'object' && !this.#castsToInt;
    return {
      dtype: this.#dtype,
      rows: this.#rows,
      distinct: values?.length,
      values,
      first: this.#first,
      max: this.#rows === 0 || objectMax ? undefined : this.#max,
      castsToInt: this.#dtype === 'object' ? this.#castsToInt && this.#rows > 0 : false,
      numericIsInt: this.#numericIsInt,
      matches: [...this.#matches],
    };
  }
}
/**
 * Facts from a profile that lists the column's distinct values (the profile's `first`,
 * its values in order of first appearance), or `undefined` when it does not.
 */
export function factsFromProfile(
  role: RoleColumn,
  profile: ColumnProfile,
  rows: number,
  probes: readonly (readonly PyValue[])[],
  cap = Infinity,
): ColumnFacts | undefined {
  if (profile.values === undefined || profile.distinct === undefined) return undefined;
  const builder = new ColumnFactsBuilder(role.dtype, cap, probes);
  const raw = profile.first !== undefined ? [profile.first, ...profile.values] : profile.values;
  const column: ColumnValues =
    profile.dtype === 'object'
      ? { dtype: 'object', values: raw }
      : profile.dtype === 'bool'
        ? { dtype: 'bool', values: Uint8Array.from(raw, (v) => (v === true || v === 1 ? 1 : 0)) }
        : { dtype: profile.dtype, values: Float64Array.from(raw, Number) };
  builder.add(roleValues(role, column));
  return { ...builder.facts(), rows };
}

/**
 * Facts of a column from its profile's `max` and `first` alone, enough where neither the
 * distinct values nor any match is needed (a float column with one threshold).
 */
export function factsFromProfileBounds(role: RoleColumn, profile: ColumnProfile, rows: number): ColumnFacts | undefined {
  if (role.threshold !== undefined || profile.max === undefined || profile.first === undefined) return undefined;
  if (profile.dtype === 'object') return undefined;
  return {
    dtype: profile.dtype,
    rows,
    distinct: profile.distinct,
    values: undefined,
    first: pyValueOf(profile.dtype, profile.first),
    max: profile.max,
    castsToInt: false,
    numericIsInt: true,
    matches: [],
  };
}

/**
 * Merges two shards' facts of one column, `a`'s rows before `b`'s: exact (distinct values
 * are unioned while both are known; `cap` bounds the union as it bounded each shard).
 */
export function mergeColumnFacts(a: ColumnFacts, b: ColumnFacts, cap = Infinity): ColumnFacts {
  if (a.rows === 0) return b;
  if (b.rows === 0) return a;
  let values: PyValue[] | undefined;
  if (a.values !== undefined && b.values !== undefined) {
    const byKey = new Map<string, PyValue>();
    for (const v of [...a.values, ...b.values]) if (!byKey.has(pyKey(v))) byKey.set(pyKey(v), v);
    values = byKey.size > cap ? undefined : [...byKey.values()];
  }
  const castsToInt = a.castsToInt && b.castsToInt;
  return {
    dtype: a.dtype,
    rows: a.rows + b.rows,
    distinct: values?.length,
    values,
    first: a.first,
    max: a.max === undefined || b.max === undefined ? undefined : Math.max(a.max, b.max),
    castsToInt,
    numericIsInt: a.numericIsInt && b.numericIsInt,
    matches: a.matches.map((m, i) => m || (b.matches[i] ?? false)),
  };
}

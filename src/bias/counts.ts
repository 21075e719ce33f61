/**
 * The counting pass: every batch folds into counts per (group of the group variable,
 * facet, facet code, label outcome, predicted outcome). Memory is the size of those
 * counts, whatever the number of rows; counts of shards merge by addition, exactly.
 *
 * The flip test (FT), when requested, also keeps its feature columns' values per row
 * ({@link FlipTestRows}): a k-NN needs the rows themselves.
 *
 * @packageDocumentation
 */
import type { ColumnValues, TableBatch } from '../table/table.js';
import { roleValues } from './column-facts.js';
import type { BiasPlan } from './plan.js';
import { pyKey, pyValueOf, type PyValue } from './python-values.js';
import { applySelector } from './selectors.js';

/** One group's counts. */
export interface GroupCounts {
  /** The group variable's value (`null` without a group variable). */
  readonly value: PyValue | null;
  /** Per facet of the plan: `codes × 4` counts, index `code * 4 + label * 2 + predicted`. */
  readonly cells: readonly (readonly number[])[];
}

/**
 * The counting pass's result: plain JSON (numbers, strings), so that a shard can send it
 * and {@link mergeBiasCounts} can add it to another's.
 */
export interface BiasCounts {
  readonly rows: number;
  /** Groups in order of first appearance. */
  readonly groups: readonly GroupCounts[];
}

/** The rows FT keeps: features of every candidate column, each facet's codes, the predictions. */
export interface FlipTestRows {
  readonly rows: number;
  /** `rows × stride`, row-major, in the plan's `flipTest.columns` order. */
  readonly features: Float64Array;
  readonly stride: number;
  /** Per facet of the plan: each row's code. */
  readonly codes: readonly Int32Array[];
  /** Each row's predicted outcome (1 positive). */
  readonly predicted: Uint8Array;
}

function growFloat(a: Float64Array, need: number): Float64Array {
  if (need <= a.length) return a;
  const b = new Float64Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}
function growInt(a: Int32Array, need: number): Int32Array {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}
function growBytes(a: Uint8Array, need: number): Uint8Array {
  if (need <= a.length) return a;
  const b = new Uint8Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/** Folds batches into {@link BiasCounts} (and {@link FlipTestRows} when the plan has FT). */
export class BiasAccumulator {
  readonly #plan: BiasPlan;
  #rows = 0;
  readonly #groupValues: (PyValue | null)[] = [];
  /** Per group, per facet: the counts. */
  readonly #tables: Float64Array[][] = [];
  readonly #groupByNumber = new Map<number, number>();
  readonly #groupByString = new Map<string, number>();
  // Scratch per batch.
  #label = new Int32Array(0);
  #predicted = new Int32Array(0);
  #group = new Int32Array(0);
  #codes: Int32Array[] = [];
  // Flip test rows.
  readonly #ft: boolean;
  readonly #stride: number;
  #features: Float64Array = new Float64Array(0);
  #ftCodes: Int32Array[];
  #ftPredicted: Uint8Array = new Uint8Array(0);

  constructor(plan: BiasPlan) {
    this.#plan = plan;
    this.#ft = plan.flipTest !== undefined && plan.flipTest.columns.length > 0;
    this.#stride = plan.flipTest?.columns.length ?? 0;
    this.#ftCodes = plan.facets.map(() => new Int32Array(0));
    this.#codes = plan.facets.map(() => new Int32Array(0));
    if (plan.group === undefined) this.#addGroup(null);
  }

  #addGroup(value: PyValue | null): number {
    this.#groupValues.push(value);
    this.#tables.push(this.#plan.facets.map((f) => new Float64Array(f.codes * 4)));
    return this.#groupValues.length - 1;
  }

  #column(batch: TableBatch, name: string): ColumnValues {
    const column = batch.columns.get(name);
    if (column === undefined) throw new Error(`bias: the batch lacks column ${name}`);
    return column;
  }

  #groupCodes(column: ColumnValues, n: number): void {
    const out = this.#group;
    const dtype = this.#plan.group?.dtype ?? 'object';
    const values = column.values;
    for (let i = 0; i < n; i++) {
      const raw = values[i] as string | number | boolean;
      let g: number | undefined;
      if (typeof raw === 'string') {
        g = this.#groupByString.get(raw);
        if (g === undefined) this.#groupByString.set(raw, (g = this.#addGroup(pyValueOf(dtype, raw))));
      } else {
        const x = Number(raw);
        g = this.#groupByNumber.get(x);
        if (g === undefined) this.#groupByNumber.set(x, (g = this.#addGroup(pyValueOf(dtype, raw))));
      }
      out[i] = g;
    }
  }

  /** Folds one batch. */
  add(batch: TableBatch): void {
    const n = batch.rows;
    if (n === 0) return;
    const plan = this.#plan;
    if (this.#label.length < n) {
      this.#label = new Int32Array(n);
      this.#predicted = new Int32Array(n);
      this.#group = new Int32Array(n);
      this.#codes = plan.facets.map(() => new Int32Array(n));
    }
    applySelector(plan.label.selector, this.#column(batch, plan.label.role.name), this.#label);
    if (plan.predicted !== undefined) {
      const role = plan.predicted.role;
      applySelector(plan.predicted.selector, roleValues(role, this.#column(batch, role.name)), this.#predicted);
    } else this.#predicted.fill(0);
    if (plan.group !== undefined) this.#groupCodes(this.#column(batch, plan.group.column), n);
    else this.#group.fill(0);
    const label = this.#label;
    const predicted = this.#predicted;
    const group = this.#group;
    const tables = this.#tables;
    plan.facets.forEach((facet, f) => {
      const codes = this.#codes[f] as Int32Array;
      applySelector(facet.selector, this.#column(batch, facet.column), codes);
      for (let i = 0; i < n; i++) {
        const cells = (tables[group[i] as number] as Float64Array[])[f] as Float64Array;
        cells[(codes[i] as number) * 4 + (label[i] as number) * 2 + (predicted[i] as number)]++;
      }
    });
    if (this.#ft) this.#keepFlipTestRows(batch, n);
    this.#rows += n;
  }

  #keepFlipTestRows(batch: TableBatch, n: number): void {
    const stride = this.#stride;
    const start = this.#rows;
    this.#features = growFloat(this.#features, (start + n) * stride);
    this.#ftPredicted = growBytes(this.#ftPredicted, start + n);
    const features = this.#features;
    (this.#plan.flipTest?.columns ?? []).forEach((name, j) => {
      const values = this.#column(batch, name).values;
      for (let i = 0; i < n; i++) features[(start + i) * stride + j] = Number(values[i]);
    });
    for (let i = 0; i < n; i++) this.#ftPredicted[start + i] = this.#predicted[i] as number;
    this.#ftCodes = this.#ftCodes.map((codes, f) => {
      const grown = growInt(codes, start + n);
      grown.set((this.#codes[f] as Int32Array).subarray(0, n), start);
      return grown;
    });
  }

  /** The counts so far. */
  counts(): BiasCounts {
    return {
      rows: this.#rows,
      groups: this.#groupValues.map((value, g) => ({ value, cells: (this.#tables[g] as Float64Array[]).map((t) => Array.from(t)) })),
    };
  }

  /** The flip test's rows, when the plan has FT with feature columns. */
  flipTestRows(): FlipTestRows | undefined {
    if (!this.#ft) return undefined;
    const rows = this.#rows;
    return {
      rows,
      features: this.#features.subarray(0, rows * this.#stride),
      stride: this.#stride,
      codes: this.#ftCodes.map((c) => c.subarray(0, rows)),
      predicted: this.#ftPredicted.subarray(0, rows),
    };
  }
}

/**
 * Adds two shards' counts (made with the same plan): exact, since counts are integers.
 * Groups keep `a`'s order of first appearance, then `b`'s new ones.
 */
export function mergeBiasCounts(a: BiasCounts, b: BiasCounts): BiasCounts {
  const key = (v: PyValue | null): string => (v === null ? '' : pyKey(v));
  const groups = new Map<string, { value: PyValue | null; cells: number[][] }>();
  for (const g of [...a.groups, ...b.groups]) {
    const existing = groups.get(key(g.value));
    if (existing === undefined) groups.set(key(g.value), { value: g.value, cells: g.cells.map((c) => [...c]) });
    else existing.cells.forEach((cells, f) => cells.forEach((_, i) => (cells[i] = (cells[i] as number) + ((g.cells[f] as number[])[i] as number))));
  }
  return { rows: a.rows + b.rows, groups: [...groups.values()] };
}

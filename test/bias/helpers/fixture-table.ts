/**
 * A test-only reader for the shared bias cases: CSV typed as `pandas.read_csv` types it by
 * default (assumption A2: empty cell missing; all-int column int64; a decimal point or a
 * missing cell float64; True/False (any case) bool, or an object column of bools when a
 * cell is missing; anything else a string column) and JSON Lines
 * with a `features` array named by `headers`, into an {@link InMemoryTableSource}.
 * The project's readers live in src/data/; this one only feeds the bias tests.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ColumnDtype } from '../../../src/table/table.js';
import { InMemoryTableSource, type InMemoryCell } from '../../../src/bias/in-memory-source.js';

const INT = /^[+-]?\d+$/;
const BOOL = /^(?:true|false)$/i;

/** pandas' dtype of a CSV column of cells ('' = missing). */
export function csvDtype(cells: readonly string[]): ColumnDtype {
  const present = cells.filter((c) => c !== '');
  const missing = present.length < cells.length;
  if (present.length === 0) return 'float64';
  if (present.every((c) => BOOL.test(c))) return missing ? 'object' : 'bool';
  if (present.every((c) => INT.test(c))) return missing ? 'float64' : 'int64';
  if (present.every((c) => c.trim() !== '' && !Number.isNaN(Number(c)))) return 'float64';
  return 'object';
}

const present = (cells: readonly string[]): string[] => cells.filter((c) => c !== '');

/** A CSV text as a table (no quoting: the fixtures have none). */
export function csvTable(text: string, headers?: readonly string[], batchRows?: number): InMemoryTableSource {
  const lines = text.split(/\r?\n/).filter((l) => l !== '');
  const rows = lines.map((l) => l.split(','));
  const names = headers ?? (rows.shift() as string[]);
  const columns = new Map<string, InMemoryCell[]>();
  const dtypes: Record<string, ColumnDtype> = {};
  names.forEach((name, j) => {
    const cells = rows.map((r) => r[j] ?? '');
    const dtype = csvDtype(cells);
    dtypes[name] = dtype;
    columns.set(
      name,
      cells.map((c) => {
        if (c === '') return null;
        // pandas reads True/False as bools, also in an object column (one with missing cells).
        if (dtype === 'bool' || (dtype === 'object' && present(cells).every((x) => BOOL.test(x)))) return c.toLowerCase() === 'true';
        return dtype === 'object' ? c : Number(c);
      }),
    );
  });
  return InMemoryTableSource.fromColumns(columns, { dtypes, ...(batchRows !== undefined ? { batchRows } : {}) });
}

/** JSON Lines with `features` (a top-level key) then the other keys, named by `headers` (assumption A2). */
export function jsonLinesTable(text: string, featuresKey: string, headers: readonly string[], batchRows?: number): InMemoryTableSource {
  const records = text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  // Which numbers were written with a decimal point: JSON.parse cannot tell 1.0 from 1.
  const floatColumns = new Set<number>();
  text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .forEach((line) => {
      const features = /"features"\s*:\s*\[([^\]]*)\]/.exec(line)?.[1]?.split(',') ?? [];
      features.forEach((cell, j) => {
        if (/[.eE]/.test(cell)) floatColumns.add(j);
      });
    });
  const columns = new Map<string, InMemoryCell[]>();
  const dtypes: Record<string, ColumnDtype> = {};
  const first = records[0] ?? {};
  const features = (first[featuresKey] as unknown[] | undefined) ?? [];
  const otherKeys = Object.keys(first).filter((k) => k !== featuresKey);
  features.forEach((_, j) => {
    const name = headers[j] as string;
    columns.set(name, records.map((r) => (r[featuresKey] as InMemoryCell[])[j]));
    if (floatColumns.has(j)) dtypes[name] = 'float64';
  });
  otherKeys.forEach((key, i) => {
    const name = headers[features.length + i] as string;
    columns.set(name, records.map((r) => r[key] as InMemoryCell));
  });
  return InMemoryTableSource.fromColumns(columns, { dtypes, ...(batchRows !== undefined ? { batchRows } : {}) });
}

/** A shared case: its config, its table, its expected sections. */
export interface BiasCase {
  readonly name: string;
  readonly config: Record<string, unknown>;
  readonly table: InMemoryTableSource;
  readonly expected: Record<string, unknown>;
}

/** The folder of the shared bias cases. */
export const SHARED_BIAS_CASES = join(import.meta.dirname, '..', '..', 'fixtures', 'bias');

/** Every case folder under `root`, read. */
export function readBiasCases(root = SHARED_BIAS_CASES, batchRows?: number): BiasCase[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const dir = join(root, name);
      const config = JSON.parse(readFileSync(join(dir, 'analysis_config.json'), 'utf8')) as Record<string, unknown>;
      const file = readdirSync(join(dir, 'data'))[0] as string;
      const text = readFileSync(join(dir, 'data', file), 'utf8');
      const headers = config.headers as string[] | undefined;
      const table =
        config.dataset_type === 'application/jsonlines'
          ? jsonLinesTable(text, config.features as string, headers as string[], batchRows)
          : csvTable(text, headers, batchRows);
      const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, unknown>;
      return { name, config, table, expected };
    });
}

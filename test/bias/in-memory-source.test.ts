/** InMemoryTableSource: pandas-like dtypes, dropped rows, the profile, batches. */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { InMemoryTableSource } from '../../src/bias/in-memory-source.js';

describe('InMemoryTableSource', () => {
  it('types columns as pandas would and drops rows with a missing cell', async () => {
    const source = InMemoryTableSource.fromColumns({
      i: [1, 2, 3, 4],
      f: [1.5, 2, 3, 4],
      g: [1, null, 3, 4], // an int column with a missing cell is float64
      b: [true, false, true, true],
      s: ['a', 'b', 'a', undefined],
    });
    const profile = await source.profile();
    expect(profile.columns.map((c) => c.dtype)).toEqual(['int64', 'float64', 'float64', 'bool', 'object']);
    expect(profile.rows).toBe(2);
    expect(profile.rowsRead).toBe(4);
    expect(profile.columns[0]).toEqual({ name: 'i', dtype: 'int64', distinct: 2, max: 3, first: 1, values: [1, 3] });
    expect(profile.columns[3]).toMatchObject({ dtype: 'bool', first: true, values: [true], max: 1 });
  });

  it('serves only the wanted columns, in table order, in batches of batchRows', async () => {
    const source = InMemoryTableSource.fromRows(
      Array.from({ length: 5 }, (_, i) => ({ a: i, b: `x${i}`, c: i / 2 })),
      { batchRows: 2 },
    );
    const profile = await source.profile();
    const batches = [];
    for await (const batch of source.batches(profile, ['c', 'a'])) batches.push(batch);
    expect(batches.map((b) => b.rows)).toEqual([2, 2, 1]);
    expect([...(batches[0]?.columns.keys() ?? [])]).toEqual(['a', 'c']);
    expect(Array.from(batches[2]?.columns.get('c')?.values as Float64Array)).toEqual([2]);
  });

  it('honours given dtypes and refuses bad input', async () => {
    const source = InMemoryTableSource.fromColumns({ x: [1, 2] }, { dtypes: { x: 'float64' } });
    expect((await source.profile()).columns[0]?.dtype).toBe('float64');
    expect(() => InMemoryTableSource.fromColumns({ a: [1], b: [1, 2] })).toThrow(ValidationError);
    expect(() => InMemoryTableSource.fromColumns({ a: [1] }, { batchRows: 0 })).toThrow(ValidationError);
    expect(() => InMemoryTableSource.fromColumns({ a: ['x'] }, { dtypes: { a: 'int64' } })).toThrow(ValidationError);
  });
});
